"""`mentionfinder mentions --recompute`: brand mentions found again over the stored page text, no re-crawl."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentionfinder.config import load_brand
from mentionfinder.crawl.items import PageItem
from mentionfinder.domains import url_domain
from mentionfinder.page.mentions import links_to, page_mentions
from mentionfinder.page.recompute import page_again, recompute_mentions
from mentionfinder.store import Store

PROSPECT = "http://links.prospect.test/resources/"
LINKED = "http://blog.test/post/"
OWN = "http://www.vitalishealth.test/about/"
DEEP = "http://links.prospect.test/archive/"  # crawled on the way, yields no findings

BRAND = """\
[brand]
name = "Vitalis Health"
aliases = [{aliases}]
domains = [{domains}]
"""


def brand_file(tmp_path: Path, name: str, aliases=("VitalisHealth",), domains=("vitalishealth.test",)) -> Path:
    path = tmp_path / name
    quoted = lambda values: ", ".join(f'"{v}"' for v in values)  # noqa: E731
    path.write_text(BRAND.format(aliases=quoted(aliases), domains=quoted(domains)), "utf-8")
    return path


def page(url: str, blocks: list[str], links: list[str], brand, *, yields_findings: bool = True) -> dict:
    """A page item as the spider hands it to the pipeline (mentions by the same function, this brand)."""
    domain = url_domain(url)
    mentions = page_mentions(domain, blocks, brand.names, brand.domains) if yields_findings else ()
    item = PageItem(
        url=url,
        niche="fixture",
        domain=domain,
        seed=url,
        depth=0 if yields_findings else 1,
        status=200,
        title="Useful links",
        yields_findings=yields_findings,
        text_blocks=blocks,
        links_to_brand=links_to(links, brand.domains),
        links=[{"target_url": t, "anchor_text": "a link", "placement": "content"} for t in links]
        if yields_findings
        else [],
        mentions=[{"mention_text": m.mention_text, "context": m.context} for m in mentions],
    )
    return vars(item)


@pytest.fixture
def db(tmp_path) -> Path:
    """A database as a crawl leaves it, written through the store like the pipeline does."""
    brand = load_brand(brand_file(tmp_path, "old.toml"))
    path = tmp_path / "crawl.db"
    store = Store(path)
    try:
        store.write(
            [
                page(
                    PROSPECT,
                    ["Useful links", "We like Vitalis Health a lot.", "Ask Vitalis about sleep."],
                    ["http://other.test/guide"],
                    brand,
                ),
                page(LINKED, ["The VitalisHealth guide is good."], ["http://shop.vitalishealth.test/"], brand),
                page(OWN, ["About Vitalis Health, and Vitalis."], [], brand),
                page(DEEP, ["Vitalis in the archive."], [], brand, yields_findings=False),
            ],
            [],
            "run-1",
        )
    finally:
        store.close()
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", *args], capture_output=True, text=True, timeout=120
    )


def mention_rows(db: Path) -> dict[str, tuple]:
    store = Store(db)
    try:
        return {
            row["id"]: (row["page_url"], row["mention_text"], row["first_seen"], row["run_id"])
            for row in store.db.query("SELECT * FROM mentions")
        }
    finally:
        store.close()


def unlinked(db: Path) -> dict[str, dict]:
    export = cli("export", "--db", str(db), "--type", "unlinked_mention", "--format", "jsonl")
    assert export.returncode == 0, export.stderr
    return {r["page_url"]: r for r in map(json.loads, export.stdout.splitlines())}


def test_a_new_alias_finds_new_mentions_and_keeps_the_rest(db, tmp_path):
    before = mention_rows(db)
    assert sorted((p, t) for p, t, _, _ in before.values()) == [(LINKED, "VitalisHealth"), (PROSPECT, "Vitalis Health")]
    prospect = unlinked(db)[PROSPECT]
    assert cli("status", prospect["opportunity_id"], "contacted", "--db", str(db)).returncode == 0

    config = brand_file(tmp_path, "new.toml", aliases=("VitalisHealth", "Vitalis"))
    done = cli("mentions", "--recompute", "--db", str(db), "--config", str(config))
    assert done.returncode == 0, done.stderr
    # Three pages yield findings (the archive page does not); the brand's own page never counts.
    assert done.stdout.startswith("read 3 pages: 2 → 3 mentions; ")
    assert len(done.stdout.splitlines()) == 1

    after = mention_rows(db)
    assert before.items() <= after.items()  # unchanged mentions keep their key, first_seen and run
    (new,) = [row for key, row in after.items() if key not in before]
    assert new[:2] == (PROSPECT, "Vitalis") and new[3] == "run-1"
    again = unlinked(db)
    assert set(again) == {PROSPECT}
    assert again[PROSPECT]["status"] == "contacted" and again[PROSPECT]["mention_count"] == 2
    assert again[PROSPECT]["mention_text"] == "Vitalis Health"  # the first seen stays the headline


def test_recompute_with_the_same_config_changes_nothing(db, tmp_path):
    before = mention_rows(db)
    store = Store(db)
    try:
        assert recompute_mentions(store, load_brand(brand_file(tmp_path, "same.toml")), batch=1) == (3, 2, 2)
    finally:
        store.close()
    assert mention_rows(db) == before


def test_a_dropped_alias_drops_its_mentions(db, tmp_path):
    config = brand_file(tmp_path, "fewer.toml", aliases=())
    done = cli("mentions", "--recompute", "--db", str(db), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("read 3 pages: 2 → 1 mentions; ")
    assert [t for _, t, _, _ in mention_rows(db).values()] == ["Vitalis Health"]


def test_a_new_brand_domain_makes_a_page_linked(db, tmp_path):
    # The prospect links to other.test: once that is one of the brand's domains, its mention is linked.
    config = brand_file(tmp_path, "domains.toml", domains=("vitalishealth.test", "other.test"))
    assert cli("mentions", "--recompute", "--db", str(db), "--config", str(config)).returncode == 0
    assert unlinked(db) == {}
    with sqlite3.connect(db) as conn:  # and it says how: a plain link (a wrapper would say "wrapper")
        assert conn.execute("SELECT linked_via FROM pages WHERE url = ?", [PROSPECT]).fetchone() == ("direct",)
    listed = cli("mentions", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["page_url", "mention_text", "linked", "context"]
    assert any(line.startswith(PROSPECT) and " yes " in line for line in lines)
    assert lines[-1].startswith("2 mentions on 2 pages")


def test_page_again_uses_the_crawls_rules(tmp_path):
    brand = load_brand(brand_file(tmp_path, "b.toml"))
    stored = {"url": OWN, "domain": "vitalishealth.test", "text_blocks": ["Vitalis Health"], "link_urls": []}
    assert page_again(stored, brand)["mentions"] == []  # the brand's own site names it everywhere
    assert page_again(stored, brand)["links_to_brand"] is True
    other = {**stored, "url": PROSPECT, "domain": "prospect.test", "link_urls": ["http://a.b.vitalishealth.test/x"]}
    assert page_again(other, brand)["mentions"] == [
        {"mention_text": "Vitalis Health", "context": "Vitalis Health", "mention_kind": "name"}
    ]
    written = {**other, "text_blocks": ["See www.vitalishealth.test for more."]}
    assert [m["mention_kind"] for m in page_again(written, brand)["mentions"]] == ["domain"]
    assert page_again(other, brand)["links_to_brand"] is True
    assert page_again({**other, "link_urls": ["http://vitalishealth.example/"]}, brand)["links_to_brand"] is False


def test_mention_mistakes_are_one_line(db, tmp_path):
    missing = cli("mentions", "--recompute", "--db", str(db), "--config", str(tmp_path / "none.toml"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert [line for line in missing.stderr.splitlines() if line] == [missing.stderr.strip()]
    assert "brand config not found" in missing.stderr and "--config" in missing.stderr
    nodb = cli("mentions", "--db", str(tmp_path / "none.db"))
    assert nodb.returncode != 0 and "no database" in nodb.stderr
