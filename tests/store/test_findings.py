"""mentionfinder.store.findings on a real SQLite file: a dead link on a resource page is an opportunity."""

from __future__ import annotations

from mentionfinder.crawl.items import CheckItem
from mentionfinder.store import Store
from tests.store.test_crawl import page_item

DEAD = "http://a.b.example.co.uk/guide"
ALIVE = "ftp://files.example.org/a.pdf"


def test_dead_links_are_findings_alive_ones_are_not(tmp_path):
    store = Store(tmp_path / "f.db")
    try:
        checks = [vars(CheckItem(url=DEAD, verdict="dead", reason="http_404", signal="HTTP 404", http_status=404))]
        checks.append(vars(CheckItem(url=ALIVE, verdict="alive", reason="ok", signal="HTTP 200")))
        store.write([page_item()], checks, "run-1")
        [opportunity] = store.opportunities()
        assert (opportunity["type"], opportunity["target_url"], opportunity["reason"]) == (
            "broken_link",
            DEAD,
            "http_404",
        )
        assert store.known_opportunity(opportunity["opportunity_id"]) and not store.known_opportunity("0" * 16)
        assert (
            list(store.opportunities(kind="unlinked_mention")) == [] and list(store.opportunities(niche="other")) == []
        )
        counts = store.counts("run-1")
        assert (counts["pages"], counts["links"], counts["checks"], counts["findings"]["broken_link"]) == (1, 5, 2, 1)
        assert store.check(DEAD)["verdict"] == "dead" and store.check("http://never.test/") is None
    finally:
        store.close()
