"""mentionfinder.store on a real SQLite file: what the write path fills in, and migrations of older files."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from mentionfinder.crawl.items import PageItem
from mentionfinder.scaleout.ingest import write_items
from mentionfinder.scaleout.state import encode_item
from mentionfinder.store import Store
from mentionfinder.store.schema import migrations

TARGETS = {
    "http://a.b.example.co.uk/guide": "example.co.uk",
    "https://Shop.Vitalis.TEST:8080/x": "vitalis.test",
    "http://user.blogspot.com/post": "user.blogspot.com",  # a private suffix: one blog is one site
    "http://127.0.0.1:8080/": "127.0.0.1",
    "ftp://files.example.org/a.pdf": "example.org",
}


def page_item(url: str = "http://links.site.test/resources/") -> dict:
    """A page as the spider yields it: its links carry no target_domain."""
    links = [{"target_url": target, "anchor_text": "a link", "placement": "content"} for target in TARGETS]
    item = PageItem(url=url, niche="n", domain="site.test", seed=url, depth=0, status=200, yields_findings=True)
    item.links = links
    return vars(item)


def target_domains(path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT target_url, target_domain FROM links"))


def test_single_process_writes_fill_the_target_domain(tmp_path):
    store = Store(tmp_path / "crawl.db")
    try:
        store.write([page_item()], [], "run")  # what StorePipeline.flush does with a batch
    finally:
        store.close()
    assert target_domains(tmp_path / "crawl.db") == TARGETS


def test_scale_out_ingest_fills_the_target_domain(tmp_path):
    store = Store(tmp_path / "ingest.db")
    try:
        write_items(store, [encode_item("PageItem", page_item()).encode()], "ingest-1")
    finally:
        store.close()
    assert target_domains(tmp_path / "ingest.db") == TARGETS


def test_migration_fills_the_target_domain_of_older_rows(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m004_link_target_domain")  # a database as the last release left it
    db["links"].insert_all(
        [
            {"id": f"l{n}", "page_url": "http://links.site.test/", "target_url": t, "target_domain": ""}
            for n, t in enumerate(TARGETS)
        ]
    )
    db["links"].insert({"id": "null", "page_url": "http://links.site.test/", "target_url": "http://x.example.com/"})
    db.close()
    Store(path).close()
    assert target_domains(path) == {**TARGETS, "http://x.example.com/": "example.com"}
