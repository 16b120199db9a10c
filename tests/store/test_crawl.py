"""mentionfinder.store.crawl (CrawlRecords) on a real SQLite file: what the write path fills in."""

from __future__ import annotations

import sqlite3

from mentionfinder.crawl.items import PageItem
from mentionfinder.store import Store

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
