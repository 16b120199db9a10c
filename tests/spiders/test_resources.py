"""End to end: `scrapy crawl resources` on the fixture web, asserting on database rows and export output."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace

import pytest

from mentionfinder.domains import url_domain
from mentionfinder.store import Store, integrity_ok
from tests.conftest import make_crawl

CLINIC = "http://links.fixture-clinic.co.uk:{{PORT}}/resources/"
BLOG_POST = "http://blog.test:{{PORT}}/post/"
BLOG_LINKS = "http://blog.test:{{PORT}}/links/"
BLOG_DEEPER = "http://blog.test:{{PORT}}/links/deeper/"
HOME = "http://home.test:{{PORT}}/"
HOME_RESOURCES = "http://home.test:{{PORT}}/health-resources/"

EXPECTED_BROKEN = {
    (CLINIC, "http://alive.test:{{PORT}}/missing-page", "http_404"),
    (CLINIC, "http://gone.test:{{PORT}}/old", "http_410"),
    (CLINIC, "http://vanished-site.invalid/page", "dns_nxdomain"),
    (CLINIC, "http://refused.test:{{CLOSED_PORT}}/", "connection_refused"),
    (CLINIC, "http://alive.test:{{PORT}}/redirect-to-missing", "http_404"),
    (CLINIC, "http://loop.test:{{PORT}}/a", "redirect_loop"),
    (CLINIC, "http://soft404.test:{{PORT}}/old-article", "soft_404"),
    (CLINIC, "http://homeanswer.test:{{PORT}}/2014/guide-to-sleep", "soft_404"),
    (CLINIC, "http://parked.test:{{PORT}}/resources/old", "parked_domain"),
    (CLINIC, "http://rootredirect.test:{{PORT}}/programs/diabetes/support-groups.html", "redirect_to_root"),
    (BLOG_POST, "http://alive.test:{{PORT}}/blog-missing", "http_404"),
    (BLOG_LINKS, "http://gone.test:{{PORT}}/old", "http_410"),
    (BLOG_DEEPER, "http://alive.test:{{PORT}}/deep-missing", "http_404"),
    (HOME_RESOURCES, "http://gone.test:{{PORT}}/old", "http_410"),
}
# A brand mention in text with no link to the brand: the clinic's paragraph, and anchor text of a link elsewhere.
EXPECTED_UNLINKED = {CLINIC, BLOG_LINKS}

EXPECTED_CHECKS = {
    "http://alive.test:{{PORT}}/": ("alive", "ok"),
    "http://alive.test:{{PORT}}/moved": ("alive", "redirected"),
    "http://alive.test:{{PORT}}/report.pdf": ("alive", "ok"),
    "http://headless.test:{{PORT}}/manual.pdf": ("alive", "ok"),  # HEAD 405, GET 200
    "http://headless.test:{{PORT}}/archive.zip": ("alive", "ok"),  # HEAD 404, GET 200
    "http://shop.vitalishealth.test:{{PORT}}/guides/": ("alive", "ok"),
    "http://walled.test:{{PORT}}/": ("blocked", "bot_challenge"),  # 403 + cf-mitigated: challenge
    "http://homeanswer.test:{{PORT}}/": ("alive", "ok"),  # a home page is never a soft 404
    "http://spa.test:{{PORT}}/app/sleep-diary": ("unverified", "transient"),  # app shell: cannot tell
    "http://realpages.test:{{PORT}}/guides/sleep.html": ("alive", "ok"),
    "http://recover.test:{{PORT}}/busy": ("alive", "ok"),  # 503 + Retry-After, then 200
    "http://recover.test:{{PORT}}/limited": ("alive", "ok"),  # 429 + Retry-After, then 200
    "http://recover.test:{{PORT}}/too-long": ("blocked", "http_429"),  # Retry-After beyond the bound
    "http://slowok.test:{{PORT}}/": ("alive", "ok"),
    "http://walled.test:{{PORT}}/profile": ("blocked", "http_999"),
    "http://walled.test:{{PORT}}/rate-limited": ("blocked", "http_429"),
    "http://walled.test:{{PORT}}/members": ("blocked", "http_401"),
    "http://flaky.test:{{PORT}}/": ("unverified", "transient"),
    "http://slow.test:{{PORT}}/": ("unverified", "transient"),
    "http://127.0.0.2:{{PORT}}/": ("skipped", "private_address"),
    "http://alive.test:{{PORT}}/to-private": ("skipped", "private_address"),
    **{target: ("dead", reason) for _, target, reason in EXPECTED_BROKEN},
}


@pytest.fixture(scope="module")
def crawled(web, tmp_path_factory):
    crawl = make_crawl(web, tmp_path_factory.mktemp("e2e"))
    before = len(web.requests)
    crawl.result = crawl.run()
    crawl.requests = web.requests[before:]
    return crawl


def fill(web, items):
    return {web.fill(i) if isinstance(i, str) else tuple(web.fill(x) for x in i) for i in items}


def export(crawl, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", "export", "--db", str(crawl.db), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pages_crawled_follow_footprints_depth_and_robots(crawled, web):
    pages = {
        url: (error, yields) for url, error, yields in crawled.rows("SELECT url, error, yields_findings FROM pages")
    }
    fetched = {url for url, (error, _) in pages.items() if not error}
    assert fetched == fill(web, {CLINIC, BLOG_POST, BLOG_LINKS, BLOG_DEEPER, HOME, HOME_RESOURCES})
    # /private/ is disallowed by robots.txt: recorded as not fetched, and never requested.
    assert pages[web.fill("http://blog.test:{{PORT}}/private/links.html")][0].startswith("robots_txt")
    requested = {(host, path) for _, host, path in crawled.requests}
    assert ("blog.test", "/private/links.html") not in requested
    # No footprint in URL or anchor ("Contact"): not crawled for findings (fetched once, as the contact page).
    assert [m for m, h, p in crawled.requests if (h, p) == ("home.test", "/contact/")] == ["GET"]
    # One hop past max_depth: not followed.
    assert ("blog.test", "/links/deeper/deepest-links/") not in requested


def test_every_outbound_link_gets_the_expected_verdict(crawled, web):
    checks = {
        url: (verdict, reason) for url, verdict, reason in crawled.rows("SELECT url, verdict, reason FROM checks")
    }
    expected = {web.fill(url): verdict for url, verdict in EXPECTED_CHECKS.items()}
    assert checks == expected


def test_internal_links_are_never_checked_or_stored(crawled):
    targets = {url for (url,) in crawled.rows("SELECT target_url FROM links")}
    # Same host, a co.uk sibling (www. vs links.), and the ftp link on the clinic's own domain.
    assert not [t for t in targets if "fixture-clinic.co.uk" in t or "blog.test" in t or "home.test" in t]
    assert not [u for (u,) in crawled.rows("SELECT url FROM checks") if "fixture-clinic" in u]


def test_link_rows_name_their_target_domain(crawled):
    rows = crawled.rows("SELECT target_url, target_domain FROM links")
    assert rows and all(domain and domain == url_domain(url) for url, domain in rows)
    clinic = crawled.rows("SELECT page_url FROM links WHERE target_domain = 'vanished-site.invalid'")
    assert clinic == [(crawled.web.fill(CLINIC),)]


def test_each_unique_url_is_checked_once_per_run(crawled):
    gone = Counter(method for method, host, path in crawled.requests if (host, path) == ("gone.test", "/old"))
    # Linked from three pages; a page, so one GET (its body is needed anyway).
    assert gone == {"GET": 1}
    alive = Counter(method for method, host, path in crawled.requests if (host, path) == ("alive.test", "/"))
    assert alive == {"GET": 1}
    pdf = Counter(method for method, host, path in crawled.requests if (host, path) == ("alive.test", "/report.pdf"))
    assert pdf == {"HEAD": 1}  # a file: the HEAD is enough
    hostile = Counter(
        method for method, host, path in crawled.requests if (host, path) == ("headless.test", "/manual.pdf")
    )
    assert hostile == {"HEAD": 1, "GET": 1}  # HEAD 405: the GET decides


def test_nothing_is_requested_from_a_private_address(crawled):
    # 127.0.0.2 is loopback but not pinned: refused before any connection, also as a redirect target.
    assert not [r for r in crawled.requests if r[1].startswith("127.")]


def test_findings_are_exactly_the_dead_links_and_unlinked_mentions(crawled, web):
    records = [json.loads(line) for line in export(crawled, "--format", "jsonl").splitlines()]
    broken = {(r["page_url"], r["target_url"], r["reason"]) for r in records if r["type"] == "broken_link"}
    unlinked = {r["page_url"] for r in records if r["type"] == "unlinked_mention"}
    assert broken == fill(web, EXPECTED_BROKEN)
    assert unlinked == fill(web, EXPECTED_UNLINKED)
    mention = next(r for r in records if r["type"] == "unlinked_mention" and r["page_url"] == web.fill(CLINIC))
    assert mention["mention_text"] == "Vitalis Health"
    assert "sleep guides from Vitalis Health" in mention["context"]


def test_link_occurrence_details_are_kept(crawled, web):
    records = [json.loads(line) for line in export(crawled, "--format", "jsonl", "--type", "broken_link").splitlines()]
    by_key = {(r["page_url"], r["target_url"]): r for r in records}
    gone = by_key[(web.fill(CLINIC), web.fill("http://gone.test:{{PORT}}/old"))]
    assert (gone["anchor_text"], gone["rel"], gone["placement"], gone["http_status"]) == (
        "Old vaccine schedule",
        "noopener sponsored",
        "content",
        410,
    )
    assert gone["page_title"] == "Patient resources | Fixture Clinic"
    assert gone["page_domain"] == "fixture-clinic.co.uk"
    assert gone["niche"] == "fixture"
    sidebar = by_key[(web.fill(HOME_RESOURCES), web.fill("http://gone.test:{{PORT}}/old"))]
    assert sidebar["placement"] == "sidebar"


def test_export_formats_carry_the_same_records(crawled):
    jsonl = [json.loads(line) for line in export(crawled, "--format", "jsonl").splitlines()]
    as_json = json.loads(export(crawled, "--format", "json"))
    as_csv = list(csv.DictReader(io.StringIO(export(crawled, "--format", "csv"))))
    assert len(jsonl) == len(as_json) == len(as_csv) == len(EXPECTED_BROKEN) + len(EXPECTED_UNLINKED)
    assert (
        [r["opportunity_id"] for r in jsonl]
        == [r["opportunity_id"] for r in as_json]
        == [r["opportunity_id"] for r in as_csv]
    )
    # The export contract's fields, written out here on purpose (not read from the code).
    contract = """opportunity_id type niche page_url page_title page_domain target_url anchor_text rel placement reason
        http_status mention_text context replacement_url replacement_title match_score contact_emails contact_url
        first_seen last_checked linked_via mention_kind""".split()
    for field in contract:
        assert field in as_csv[0] and field in jsonl[0]


def test_export_filters_by_type_and_niche(crawled):
    only_mentions = [
        json.loads(x) for x in export(crawled, "--format", "jsonl", "--type", "unlinked_mention").splitlines()
    ]
    assert {r["type"] for r in only_mentions} == {"unlinked_mention"}
    assert export(crawled, "--format", "jsonl", "--niche", "no-such-niche") == ""
    blocked = [json.loads(x) for x in export(crawled, "--format", "jsonl", "--include-blocked").splitlines()]
    assert {r["reason"] for r in blocked if r.get("verdict") == "blocked"} == {
        "http_401",
        "bot_challenge",
        "http_429",
        "http_999",
    }


def test_export_to_file(crawled, tmp_path):
    out = tmp_path / "opps.csv"
    done = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", "export", "--db", str(crawled.db), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    count = len(EXPECTED_BROKEN) + len(EXPECTED_UNLINKED)
    assert len(list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))) == count
    assert done.stderr == f"wrote {count} opportunities to {out}\n"  # as the README shows it
    grouped = subprocess.run(
        [
            sys.executable,
            "-m",
            "mentionfinder.cli",
            "export",
            "--db",
            str(crawled.db),
            "--group",
            "page",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    pages = len({page for page, _, _ in EXPECTED_BROKEN} | EXPECTED_UNLINKED)
    assert grouped.stderr == f"wrote {pages} rows ({count} opportunities) to {out}\n"


def test_visible_text_is_kept_for_recomputing_mentions(crawled, web):
    store = Store(crawled.db)
    try:
        # As `mentionfinder mentions --recompute` reads it back.
        [text] = [p["text_blocks"] for batch in store.mention_pages() for p in batch if p["url"] == web.fill(HOME)]
    finally:
        store.close()
    assert "We are not affiliated with Vitalis Healthcare or Vitalis Healthworks." in text
    assert not [block for block in text if "document.write" in block]  # scripts are not visible text


def test_mentions_recompute_over_the_crawled_text(crawled, web, tmp_path):
    copy = replace(crawled, db=tmp_path / "copy.db")  # the module's crawl stays as it is for the other tests
    source, target = sqlite3.connect(crawled.db), sqlite3.connect(copy.db)
    source.backup(target)
    source.close()
    target.close()

    def recompute(config) -> str:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mentionfinder.cli",
                "mentions",
                "--recompute",
                "--db",
                str(copy.db),
                "--config",
                config,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def mentions() -> set[tuple]:
        return set(copy.rows("SELECT id, page_url, mention_text, first_seen, last_seen, run_id FROM mentions"))

    before = mentions()
    # The crawl's own config again: the very rows the crawl wrote (same keys, same pages linked or not).
    assert f"{len(before)} → {len(before)} mentions" in recompute(str(crawled.config))
    assert mentions() == before
    alias = tmp_path / "alias.toml"
    alias.write_text(crawled.config.read_text("utf-8").replace('["VitalisHealth"]', '["VitalisHealth", "Vitalis"]'))
    # "Vitalis" finds the home page's "Vitalis Healthcare or Vitalis Healthworks" (one row: same words, same
    # snippet), and that page links to no brand page.
    assert f"{len(before)} → {len(before) + 1} mentions" in recompute(str(alias))
    assert before < mentions()
    records = [json.loads(line) for line in export(copy, "--format", "jsonl").splitlines()]
    assert {r["page_url"] for r in records if r["type"] == "unlinked_mention"} == fill(web, {*EXPECTED_UNLINKED, HOME})


def test_summary_names_the_database_and_next_command(crawled):
    err = crawled.result.stderr
    assert "broken_link" in err and str(crawled.db) in err
    assert "next: mentionfinder export" in err


def test_rerun_updates_rows_without_duplicating_them(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "rerun")
    crawl.run("-s", "MENTIONFINDER_CHECK_MAX_AGE=0")  # re-check everything: no fresh check is reused
    first = {r[0]: r[1:] for r in crawl.rows("SELECT id, first_seen, last_seen FROM links")}
    first_checks = {r[0]: r[1:] for r in crawl.rows("SELECT url, first_checked, last_checked FROM checks")}
    time.sleep(1.1)  # timestamps have one-second resolution
    crawl.run("-s", "MENTIONFINDER_CHECK_MAX_AGE=0")
    second = {r[0]: r[1:] for r in crawl.rows("SELECT id, first_seen, last_seen FROM links")}
    assert second.keys() == first.keys()
    assert all(second[k][0] == first[k][0] and second[k][1] > first[k][1] for k in first)
    second_checks = {r[0]: r[1:] for r in crawl.rows("SELECT url, first_checked, last_checked FROM checks")}
    assert second_checks.keys() == first_checks.keys()
    assert all(
        second_checks[k][0] == first_checks[k][0] and second_checks[k][1] > first_checks[k][1] for k in first_checks
    )
    assert crawl.rows("SELECT count(*), count(DISTINCT page_url) FROM mentions")[0][0] >= 2
    assert [s for (s,) in crawl.rows("SELECT status FROM runs")] == ["finished", "finished"]
    assert integrity_ok(crawl.db)


def test_max_pages_caps_the_crawl(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "capped")
    crawl.run("-a", "max_pages=2")
    assert crawl.rows("SELECT count(*) FROM pages")[0][0] == 2


def test_max_depth_zero_crawls_only_seeds(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "shallow")
    crawl.run("-a", "max_depth=0")
    urls = {u for (u,) in crawl.rows("SELECT url FROM pages")}
    assert urls == fill(web, {CLINIC, BLOG_POST, HOME})


def test_robots_txt_holds_for_every_request_that_waits_for_it(web, tmp_path):
    # Three seeds on one host reach the robots.txt middleware together, before robots.txt is read: each
    # must be judged by it (Scrapy 2.19's middleware let all waiters but the first through).
    private = "http://blog.test:{{PORT}}/private/links.html"
    crawl = make_crawl(
        web,
        tmp_path / "together",
        seeds=(
            "http://blog.test:{{PORT}}/post/",
            "http://blog.test:{{PORT}}/links/",
            private,
            "http://blog.test:{{PORT}}/private/other.html",
        ),
    )
    before = len(web.requests)
    crawl.run()
    requested = {(host, path) for _, host, path in web.requests[before:]}
    assert ("blog.test", "/robots.txt") in requested
    assert not {path for host, path in requested if host == "blog.test" and path.startswith("/private/")}
    errors = dict(crawl.rows("SELECT url, error FROM pages"))
    assert errors[web.fill(private)].startswith("robots_txt")
