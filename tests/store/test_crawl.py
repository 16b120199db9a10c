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


def mentioning_page(url: str, target: str, linked_via: str = "") -> dict:
    item = PageItem(
        url=url,
        niche="n",
        domain="blog.test",
        seed=url,
        depth=0,
        status=200,
        yields_findings=True,
        links_to_brand=bool(linked_via),
        linked_via=linked_via,
    )
    item.links = [{"target_url": target, "anchor_text": "our friends", "placement": "content"}]
    item.mentions = [{"mention_text": "Vitalis Health", "context": "We like Vitalis Health."}]
    item.text_blocks = ["We like Vitalis Health."]
    return vars(item)


def check(url: str, final_url: str) -> dict:
    return {
        "url": url,
        "verdict": "alive",
        "reason": "redirected",
        "signal": "",
        "http_status": 200,
        "final_url": final_url,
        "redirect_chain": [url, final_url],
        "error": "",
        "attempts": [],
        "probe": None,
        "failure_kind": "",
        "held_reason": "",
    }


def test_a_link_that_lands_on_the_brand_after_redirects_makes_the_page_linked(tmp_path):
    pages = [
        mentioning_page("http://blog.test/a", "https://bit.test/x1"),  # a shortener that lands on the brand
        mentioning_page("http://blog.test/b", "https://bit.test/x2"),  # one that lands elsewhere
        mentioning_page("http://blog.test/c", "https://www.vitalis.test/", linked_via="direct"),
    ]
    checks = [
        check("https://bit.test/x1", "https://shop.vitalis.test/guide"),
        check("https://bit.test/x2", "https://other.test/"),
        check("https://www.vitalis.test/", "https://www.vitalis.test/"),
    ]
    store = Store(tmp_path / "crawl.db")
    try:
        store.write(pages, checks, "run")
        assert store.mark_linked_by_redirect(frozenset({"vitalis.test"})) == 1
        unlinked = {r["page_url"] for r in store.opportunities(kind="unlinked_mention")}
    finally:
        store.close()
    assert unlinked == {"http://blog.test/b"}
    with sqlite3.connect(tmp_path / "crawl.db") as conn:
        via = dict(conn.execute("SELECT url, linked_via FROM pages"))
    assert via == {"http://blog.test/a": "redirect", "http://blog.test/b": "", "http://blog.test/c": "direct"}
