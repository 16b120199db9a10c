"""mentionfinder.crawl.items: what an item holds when the spider sets only what it knows."""

from __future__ import annotations

from mentionfinder.crawl.items import CheckItem, ContactItem, OwnPageItem, PageItem


def test_defaults_are_empty_and_never_shared():
    first, second = (PageItem(url="u", niche="n", domain="d", seed="s", depth=0) for _ in "12")
    first.links.append({"target_url": "x"})
    assert second.links == [] and (second.status, second.is_resource, second.mentions) == (None, False, [])
    check = CheckItem(url="u", verdict="dead", reason="http_404", signal="HTTP 404")
    assert (check.attempts, check.probe, check.held_reason, check.redirect_chain) == ([], None, "", [])
    assert ContactItem(domain="d", url="u").emails == []
    assert vars(OwnPageItem(url="u")) == {
        "url": "u",
        "sitemap": "",
        "lastmod": "",
        "fetched": False,
        "status": None,
        "title": "",
        "h1": "",
        "description": "",
    }
