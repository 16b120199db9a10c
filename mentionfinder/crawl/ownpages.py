"""Spider side of the user's own site: sitemaps (index, gzip, robots.txt lines) → own pages → what each is about."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy

from mentionfinder.crawl import checkrequests
from mentionfinder.crawl.items import OwnPageItem
from mentionfinder.ownsite.sitemaps import SitemapLimits, parse_sitemap, robots_sitemaps
from mentionfinder.page.extract import parse_page
from mentionfinder.scaleout.leases import acked

SITEMAP_KEY = "mf_sitemap"
OWN_PAGE_KEY = "mf_own_page"


class OwnSiteMixin:
    """Mixed into the spider. Expects: brand, logger, crawler, gated(), own_plan (an OwnSitePlan)."""

    sitemap_limits = SitemapLimits()

    @property
    def sitemaps_seen(self) -> set[str]:
        return self.__dict__.setdefault("_sitemaps_seen", set())

    @property
    def own_seen(self) -> set[str]:
        return self.__dict__.setdefault("_own_seen", set())

    def own_site_requests(self):
        """At the start of a crawl: re-read the sitemaps when the listing is stale, fetch stale own pages."""
        plan = self.own_plan
        self.own_seen.update(plan.fresh)
        if plan.read_sitemaps:
            for url in self._sitemap_entry_points():
                yield from self._sitemap_request(url, depth=0)
        for url in plan.to_fetch:
            yield from self._own_page_request(url)

    def _sitemap_entry_points(self) -> list[str]:
        if self.brand.sitemaps:
            return list(self.brand.sitemaps)
        # No sitemap configured: ask each brand domain's robots.txt for its Sitemap: lines.
        return [f"https://{domain}/robots.txt" for domain in sorted(self.brand.domains)]

    def _sitemap_request(self, url: str, depth: int):
        if url in self.sitemaps_seen or len(self.sitemaps_seen) >= self.sitemap_limits.max_files:
            return
        self.sitemaps_seen.add(url)
        # robots.txt itself is fetched without first asking robots.txt for permission.
        meta = {SITEMAP_KEY: depth, "allow_offsite": True, "dont_obey_robotstxt": url.endswith("/robots.txt")}
        yield scrapy.Request(
            url, callback=self.sitemap_done, errback=self.sitemap_failed, dont_filter=True, meta=meta, priority=5
        )

    @acked
    def sitemap_done(self, response):
        depth = response.meta[SITEMAP_KEY]
        if response.status != 200:
            self.logger.warning("own sitemap %s: HTTP %s", response.url, response.status)
            return
        if urlsplit(response.url).path.endswith("robots.txt"):
            for url in robots_sitemaps(response.body, response.url):
                yield from self._sitemap_request(url, depth)
            return
        content = parse_sitemap(response.body, response.url, self.sitemap_limits)
        for warning in content.warnings:
            self.logger.warning("own sitemap %s: %s", response.url, warning)
        if content.kind == "sitemapindex":
            if depth >= self.sitemap_limits.max_depth:
                self.logger.warning(
                    "own sitemap %s: index nested deeper than %d, not followed",
                    response.url,
                    self.sitemap_limits.max_depth,
                )
                return
            for url in content.urls:
                yield from self._sitemap_request(url, depth + 1)
            return
        self.crawler.stats.inc_value("mentionfinder/own_pages/listed", len(content.urls))
        for url in content.urls:
            yield OwnPageItem(url=url, sitemap=response.url, lastmod=content.lastmod.get(url, ""))
            yield from self._own_page_request(url)

    @acked
    def sitemap_failed(self, failure):
        kind, detail = checkrequests.error_kind(failure.value)
        self.logger.warning("own sitemap %s not read: %s", failure.request.url, detail)

    def _own_page_request(self, url: str):
        if url in self.own_seen or len(self.own_seen) >= self.own_plan.limit:
            return
        self.own_seen.add(url)
        request = scrapy.Request(
            url,
            callback=self.own_page_done,
            errback=self.own_page_failed,
            meta={OWN_PAGE_KEY: True, "allow_offsite": True},
            priority=4,
        )
        yield self.gated(request, "own_pages", url)

    @acked
    def own_page_done(self, response):
        item = OwnPageItem(
            url=response.url if response.status == 200 else response.request.url, fetched=True, status=response.status
        )
        if response.status == 200 and checkrequests.is_html(response):
            page = parse_page(response.body, response.url, max_links=0)
            item.title, item.h1, item.description = page.title, (page.h1 or ("",))[0], page.description
        self.crawler.stats.inc_value("mentionfinder/own_pages/fetched")
        yield item

    @acked
    def own_page_failed(self, failure):
        # Not fetched this time: the page still matches by its URL; try again on a later crawl.
        self.crawler.stats.inc_value("mentionfinder/own_pages/failed")
