"""mentionfinder.crawl.ownpages.OwnSiteMixin on a real spider: which sitemaps and own pages a crawl requests."""

from __future__ import annotations

from mentionfinder.crawl.ownpages import SITEMAP_KEY
from mentionfinder.ownsite.plan import OwnSitePlan
from tests.helpers import make_spider


def test_a_stale_listing_reads_the_configured_sitemaps_once(crawl, web):
    spider = make_spider(crawl)
    [robots] = spider.own_site_requests()
    assert robots.url == web.url("vitalishealth.test", "/robots.txt")
    assert (
        robots.meta[SITEMAP_KEY] == 0 and robots.meta["dont_obey_robotstxt"] and robots.callback == spider.sitemap_done
    )
    assert list(spider._sitemap_request(robots.url, depth=0)) == []  # each sitemap once


def test_a_fresh_listing_fetches_only_the_stale_pages(crawl):
    spider = make_spider(crawl)
    spider.own_plan = OwnSitePlan(
        read_sitemaps=False, to_fetch=("http://own.test/a",), fresh=frozenset({"http://own.test/b"})
    )
    requests = list(spider.own_site_requests())
    assert [r.url for r in requests] == ["http://own.test/a"]
    assert "http://own.test/b" in spider.own_seen


def test_without_configured_sitemaps_each_domain_robots_txt_is_asked(crawl):
    spider = make_spider(crawl)
    spider.brand = type(spider.brand)(**{**vars(spider.brand), "sitemaps": ()})
    assert spider._sitemap_entry_points() == ["https://vitalishealth.test/robots.txt"]
