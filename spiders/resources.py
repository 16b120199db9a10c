"""The `resources` spider: seeds → resource pages → outbound links checked, brand mentions found."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import TextResponse

from mentionfinder.check.outage import ControlPool
from mentionfinder.check.verdicts import Policy
from mentionfinder.config import NO_NICHE, ConfigError, load_brand, load_niche, parse_count
from mentionfinder.crawl import checkrequests, confirm
from mentionfinder.crawl.checker import LinkCheckMixin
from mentionfinder.crawl.confirm import ConfirmMixin
from mentionfinder.crawl.handlers import GuardedResolver
from mentionfinder.crawl.items import ContactItem, PageItem
from mentionfinder.crawl.ownpages import OwnSiteMixin
from mentionfinder.domains import url_domain
from mentionfinder.ownsite.plan import OwnSitePlan
from mentionfinder.page.analysis import analyse
from mentionfinder.page.contacts import contact_candidates
from mentionfinder.page.emails import find_emails
from mentionfinder.page.footprints import worth_following
from mentionfinder.scaleout.leases import GATE_META, acked
from mentionfinder.store import Store

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class ResourcesSpider(LinkCheckMixin, ConfirmMixin, OwnSiteMixin, scrapy.Spider):
    name = "resources"

    def __init__(self, niche: str | None = None, max_pages=None, max_depth=None, **kwargs):
        super().__init__(**kwargs)
        if not niche:
            raise ConfigError(NO_NICHE)
        self.niche_arg = niche
        self.max_pages = parse_count("max_pages", max_pages, None)
        self.max_depth = parse_count("max_depth", max_depth, 2)
        self.pack = load_niche(niche)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.brand = load_brand(crawler.settings.get("MENTIONFINDER_CONFIG"))
        settings = crawler.settings
        spider.check_timeout = settings.getfloat("MENTIONFINDER_CHECK_TIMEOUT")
        spider.head_first = settings.get("MENTIONFINDER_HEAD_FIRST")
        spider.policy = Policy(
            confirm_runs=settings.getint("MENTIONFINDER_CONFIRM_RUNS"),
            confirm_hours=settings.getfloat("MENTIONFINDER_CONFIRM_HOURS"),
        )
        spider.controls = ControlPool()
        spider.confirm_policy = confirm.policy_from_settings(settings)
        spider.resolver = GuardedResolver.from_settings(settings)
        spider.dns_timeout = settings.getfloat("DNS_TIMEOUT")
        crawler.signals.connect(spider.confirm_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.trace_request, signal=signals.request_reached_downloader)
        spider.probes = {}
        spider.contact_sites = set()
        spider.shared = None
        own_limit = settings.getint("MENTIONFINDER_OWN_PAGES_LIMIT")
        if settings.get("MENTIONFINDER_REDIS_URL"):
            # A scale-out worker: the frontier and the "already taken" sets live in Redis, and it never
            # touches SQLite (`mentionfinder ingest` is the one writer; `mentionfinder seed` starts the crawl).
            from mentionfinder.scaleout.probes import SharedProbes
            from mentionfinder.scaleout.state import connect

            spider.shared = connect(settings.get("MENTIONFINDER_REDIS_URL"))
            spider.probes = SharedProbes(spider.shared, spider.pack.name)
            spider.fresh, spider.streaks = set(), {}
            # The seed queued the sitemaps; whichever worker reads one fetches the pages it lists (each
            # page by one worker: gated), so ingest can match findings against their titles.
            spider.own_plan = OwnSitePlan.whole_site(own_limit)
            return spider
        # What earlier runs knew: recent checks that need no re-confirmation, and failure streaks.
        store = Store(settings.get("MENTIONFINDER_DB"))
        try:
            spider.fresh = store.fresh_checks(settings.getfloat("MENTIONFINDER_CHECK_MAX_AGE"))
            spider.streaks = store.failure_streaks()
            spider.own_plan = OwnSitePlan.from_store(
                store, settings.getfloat("MENTIONFINDER_OWN_PAGES_MAX_AGE"), own_limit
            )
        finally:
            store.close()
        return spider

    def gated(self, request, kind: str, key: str):
        """Scale-out: let only the first worker that queues this URL or site queue the request."""
        if self.shared is not None:
            request.meta[GATE_META] = (kind, key)
        return request

    @property
    def memory(self) -> dict:
        """URLs already scheduled this run; kept in spider.state so JOBDIR resume remembers them."""
        store = getattr(self, "state", None)
        if store is None:
            store = self.__dict__.setdefault("_memory", {})
        store.setdefault("pages", set())
        store.setdefault("checks", set())
        return store

    async def start(self):
        if self.shared is not None:
            return  # seeds and own-site requests are put on the shared queue by `mentionfinder seed`
        for request in self.own_site_requests():
            yield request
        for seed in self.pack.seeds:
            request = self._page_request(seed, depth=0, seed=seed)
            if request is not None:
                yield request

    # --- pages -----------------------------------------------------------------------------
    def _page_request(self, url: str, depth: int, seed: str) -> scrapy.Request | None:
        pages = self.memory["pages"]
        if url in pages or (self.max_pages is not None and len(pages) >= self.max_pages):
            return None
        pages.add(url)
        return self.page_request(url, depth, seed)

    def page_request(self, url: str, depth: int, seed: str, again: bool = False) -> scrapy.Request:
        """The request of a page to crawl; `again` from a confirmation round (past the duplicate filter)."""
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            dont_filter=again,
            meta={"mf_depth": depth, "mf_seed": seed},
        )

    @acked
    def parse_page(self, response):
        depth, seed = response.meta["mf_depth"], response.meta["mf_seed"]
        self.record_answer(response)
        item = PageItem(
            url=response.url,
            niche=self.pack.name,
            domain=url_domain(response.url) or "",
            seed=seed,
            depth=depth,
            status=response.status,
        )
        content_type = response.headers.get("Content-Type", b"").lower()
        if response.status != 200:
            item.error = f"HTTP {response.status}"
            self.crawler.stats.inc_value("mentionfinder/pages/http_error")
            yield item
            return
        if not isinstance(response, TextResponse) or not content_type.startswith(HTML_TYPES):
            item.error = f"not HTML ({content_type.decode('latin-1') or 'no content type'})"
            yield item
            return

        seen = analyse(
            response.text,
            response.url,
            brand_names=self.brand.names,
            case_sensitive=self.brand.case_sensitive,
            exclude=self.brand.exclude,
            brand_domains=self.brand.domains,
            footprints=self.pack.footprints,
        )
        page = seen.page
        item.title, item.h1 = page.title, " | ".join(page.h1)
        item.is_resource = seen.is_resource
        item.yields_findings = depth == 0 or seen.is_resource
        item.links_seen = page.links_seen
        item.text_blocks = list(page.text_blocks)
        item.links_to_brand = seen.links_to_brand
        item.linked_via = seen.linked_via
        self.crawler.stats.inc_value("mentionfinder/pages/crawled")
        if item.yields_findings:
            item.links = [
                {
                    "target_url": link.url,
                    "anchor_text": link.anchor_text,
                    "rel": " ".join(link.rel),
                    "placement": link.placement,
                    "context": link.context,
                    "image": link.image,
                }
                for link in seen.outbound
            ]
            item.mentions = [
                {"mention_text": m.mention_text, "context": m.context, "mention_kind": m.kind} for m in seen.mentions
            ]
            item.emails = find_emails(response.body, response.url)
            self.crawler.stats.inc_value("mentionfinder/pages/resource")
        yield item
        if item.yields_findings and item.domain not in self.contact_sites:
            # One contact page per site, the best-ranked one (contact > write for us > about).
            self.contact_sites.add(item.domain)
            candidates = contact_candidates(page, response.url, limit=1)
            if candidates:
                yield self.gated(
                    scrapy.Request(
                        candidates[0],
                        callback=self.contact_done,
                        errback=self.contact_failed,
                        meta={"mf_contact": item.domain},
                        priority=1,
                    ),
                    "contacts",
                    item.domain,
                )

        if item.yields_findings:
            for link in seen.outbound:
                yield from self._check(link.url)
        if depth < self.max_depth:
            for link in seen.internal:
                if urlsplit(link.url).scheme in ("http", "https") and worth_following(
                    link.url, link.anchor_text, self.pack.footprints
                ):
                    request = self._page_request(link.url, depth + 1, seed)
                    if request is not None:
                        yield request

    @acked
    def contact_done(self, response):
        emails = find_emails(response.body, response.url) if response.status == 200 else []
        yield ContactItem(domain=response.meta["mf_contact"], url=response.url, emails=emails)

    @acked
    def contact_failed(self, failure):
        yield ContactItem(domain=failure.request.meta["mf_contact"], url=failure.request.url)

    @acked
    def page_failed(self, failure):
        request = failure.request
        kind, detail = checkrequests.error_kind(failure.value)
        self.record_outcome(request.url, kind)
        if self.hold_page(request, kind, detail):
            return  # our network or theirs? A confirmation round fetches it again
        self.crawler.stats.inc_value(f"mentionfinder/pages/failed/{kind}")
        self.logger.warning("page not crawled: %s (%s)", request.url, detail)
        yield self.page_error(request.url, request.meta["mf_depth"], request.meta["mf_seed"], f"{kind}: {detail}")

    def page_error(self, url: str, depth: int, seed: str, error: str) -> PageItem:
        return PageItem(
            url=url, niche=self.pack.name, domain=url_domain(url) or "", seed=seed, depth=depth, error=error
        )
