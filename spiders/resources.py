"""The `resources` spider: seeds → resource pages → outbound links checked, brand mentions found."""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse

from mentionfinder import checks
from mentionfinder.config import ConfigError, load_brand, load_niche, parse_count
from mentionfinder.domains import url_domain
from mentionfinder.analyse import analyse
from mentionfinder.footprints import worth_following
from mentionfinder.items import CheckItem, PageItem
from mentionfinder.outage import OutageGuard
from mentionfinder.pagesignals import similarity
from mentionfinder.store import Store, utcnow
from mentionfinder.verdicts import (
    DEAD, ERR_DNS, ERR_PRIVATE, ERR_REFUSED, ERR_SCHEME, ERR_TIMEOUT, NETWORK_ERRORS, UNVERIFIED, Attempt, Policy,
    Verdict, classify, is_deep,
)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class ResourcesSpider(scrapy.Spider):
    name = "resources"

    def __init__(self, niche: str | None = None, max_pages=None, max_depth=None, **kwargs):
        super().__init__(**kwargs)
        if not niche:
            raise ConfigError("no niche given — run: scrapy crawl resources -a niche=NAME (e.g. health)")
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
        spider.policy = Policy(confirm_runs=settings.getint("MENTIONFINDER_CONFIRM_RUNS"),
                               confirm_hours=settings.getfloat("MENTIONFINDER_CONFIRM_HOURS"))
        spider.guard = OutageGuard()
        spider.probes = {}
        # What earlier runs knew: recent checks that need no re-confirmation, and failure streaks.
        store = Store(settings.get("MENTIONFINDER_DB"))
        try:
            spider.fresh = store.fresh_checks(settings.getfloat("MENTIONFINDER_CHECK_MAX_AGE"))
            spider.streaks = store.failure_streaks()
        finally:
            store.close()
        return spider

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
        return scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                              meta={"mf_depth": depth, "mf_seed": seed})

    def parse_page(self, response):
        depth, seed = response.meta["mf_depth"], response.meta["mf_seed"]
        self.guard.record(urlsplit(response.url).hostname or "", answered=True)
        item = PageItem(url=response.url, niche=self.pack.name, domain=url_domain(response.url) or "",
                        seed=seed, depth=depth, status=response.status)
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

        seen = analyse(response.text, response.url, brand_names=self.brand.names,
                       brand_domains=self.brand.domains, footprints=self.pack.footprints)
        page = seen.page
        item.title, item.h1 = page.title, " | ".join(page.h1)
        item.is_resource = seen.is_resource
        item.yields_findings = depth == 0 or seen.is_resource
        item.links_seen = page.links_seen
        item.text_blocks = list(page.text_blocks)
        item.links_to_brand = seen.links_to_brand
        self.crawler.stats.inc_value("mentionfinder/pages/crawled")
        if item.yields_findings:
            item.links = [{"target_url": link.url, "anchor_text": link.anchor_text, "rel": " ".join(link.rel),
                           "placement": link.placement, "context": link.context, "image": link.image}
                          for link in seen.outbound]
            item.mentions = [{"mention_text": m.mention_text, "context": m.context} for m in seen.mentions]
            self.crawler.stats.inc_value("mentionfinder/pages/resource")
        yield item

        if item.yields_findings:
            for link in seen.outbound:
                yield from self._check(link.url)
        if depth < self.max_depth:
            for link in seen.internal:
                if (urlsplit(link.url).scheme in ("http", "https")
                        and worth_following(link.url, link.anchor_text, self.pack.footprints)):
                    request = self._page_request(link.url, depth + 1, seed)
                    if request is not None:
                        yield request

    def page_failed(self, failure):
        request = failure.request
        kind, detail = checks.failure_kind_of(failure)
        self._record_failure(request.url, kind)
        self.crawler.stats.inc_value(f"mentionfinder/pages/failed/{kind}")
        self.logger.warning("page not crawled: %s (%s)", request.url, detail)
        yield PageItem(url=request.url, niche=self.pack.name, domain=url_domain(request.url) or "",
                       seed=request.meta["mf_seed"], depth=request.meta["mf_depth"], error=f"{kind}: {detail}")

    # --- link checks -------------------------------------------------------------------------
    def _check(self, url: str):
        """Each unique outbound URL is checked once per run; every page linking to it shares the result."""
        done = self.memory["checks"]
        if url in done:
            return
        done.add(url)
        if url in self.fresh:
            # Checked recently with a verdict that needs no re-confirmation (alive, blocked, skipped).
            self.crawler.stats.inc_value("mentionfinder/checks/reused")
            return
        self.crawler.stats.inc_value("mentionfinder/checks/scheduled")
        if urlsplit(url).scheme not in ("http", "https"):
            yield self._finish(url, [Attempt(method="-", url=url, error=ERR_SCHEME)])
            return
        yield self._check_request(url, "HEAD", [])

    def _check_request(self, url: str, method: str, attempts: list[Attempt]):
        return checks.check_request(url, method, attempts, self.check_done, self.check_failed, self.check_timeout)

    def check_done(self, response):
        state = checks.check_state(response.request)
        url = state["url"]
        attempt, signals = checks.attempt_from_response(response, url)
        attempts = [*state["attempts"], attempt]
        self.guard.record(urlsplit(response.url).hostname or "", answered=True)
        if response.request.method == "HEAD":
            ok = 200 <= response.status < 400
            # Not 2xx/3xx: many servers answer HEAD wrongly (405, 404, 403): the GET is what a reader gets.
            # 2xx HTML: only the body tells a real page from a soft 404 or a parked domain.
            if not ok or checks.is_html(response):
                yield self._check_request(url, "GET", attempts)
                return
        elif (200 <= response.status < 300 and is_deep(url) and signals is not None
              and not (attempt.error_phrase or attempt.parked_marker or attempt.challenge_marker)):
            yield from self._after_probe(url, attempts, signals)
            return
        yield self._finish(url, attempts)

    def check_failed(self, failure):
        state = checks.check_state(failure.request)
        attempt = checks.attempt_from_failure(failure, state["url"])
        attempts = [*state["attempts"], attempt]
        self._record_failure(failure.request.url, attempt.error)
        if failure.request.method == "HEAD" and attempt.error not in (ERR_DNS, ERR_PRIVATE):
            yield self._check_request(state["url"], "GET", attempts)
            return
        yield self._finish(state["url"], attempts)

    def _record_failure(self, url: str, error: str | None) -> None:
        host = urlsplit(url).hostname or ""
        if error in (ERR_DNS, ERR_REFUSED, ERR_TIMEOUT):
            self.guard.record(host, answered=False)
        elif error not in (ERR_PRIVATE, ERR_SCHEME):
            self.guard.record(host, answered=True)

    # --- probes: how does this site answer a page that surely does not exist? ----------------------
    def _after_probe(self, url: str, attempts: list[Attempt], signals):
        site = checks.site_of(url)
        probe = self.probes.get(site)
        if probe is None:
            self.probes[site] = {"done": False, "attempt": None, "signals": None, "waiting": [(url, attempts, signals)]}
            yield checks.probe_request(site, self.probe_done, self.probe_failed, self.check_timeout)
        elif not probe["done"]:
            probe["waiting"].append((url, attempts, signals))
        else:
            yield self._finish(url, attempts, probe["attempt"], similarity(signals, probe["signals"])
                               if probe["signals"] else None)

    def probe_done(self, response):
        attempt, signals = checks.attempt_from_response(response, response.request.url)
        yield from self._probe_finished(response.meta[checks.PROBE_KEY], attempt, signals)

    def probe_failed(self, failure):
        attempt = checks.attempt_from_failure(failure, failure.request.url)
        yield from self._probe_finished(failure.request.meta[checks.PROBE_KEY], attempt, None)

    def _probe_finished(self, site: str, attempt: Attempt, signals):
        probe = self.probes[site]
        probe.update(done=True, attempt=attempt, signals=signals)
        waiting, probe["waiting"] = probe["waiting"], []
        for url, attempts, target_signals in waiting:
            yield self._finish(url, attempts, attempt, similarity(target_signals, signals) if signals else None)

    # --- verdict ----------------------------------------------------------------------------------
    def _finish(self, url: str, attempts: list[Attempt], probe: Attempt | None = None,
                probe_similarity: float | None = None) -> CheckItem:
        verdict = classify(attempts, probe=probe, probe_similarity=probe_similarity, streak=self.streaks.get(url),
                           now=utcnow(), policy=self.policy)
        held_reason = ""
        if verdict.verdict == DEAD and attempts[-1].error in NETWORK_ERRORS and not self.guard.healthy:
            # A failure to connect is only believed while other hosts answer: with no network, every
            # link would look dead. Held ones are released at the end if the network was fine throughout.
            if self.guard.outage_seen:
                signal = f"{verdict.signal}; most hosts were failing at the time: network outage suspected"
            else:
                held_reason = verdict.reason
                signal = f"{verdict.signal}; held until enough other hosts have answered"
            verdict = Verdict(UNVERIFIED, "network_outage", signal, verdict.http_status)
        last = attempts[-1]
        self.crawler.stats.inc_value(f"mentionfinder/checks/{verdict.verdict}")
        return CheckItem(
            url=url, verdict=verdict.verdict, reason=verdict.reason, signal=verdict.signal,
            http_status=verdict.http_status if verdict.http_status is not None else last.status,
            final_url=last.final_url, redirect_chain=[*last.redirects, last.final_url] if last.redirects else [],
            error=last.error or "", attempts=[checks.attempt_dict(a) for a in attempts],
            probe=checks.attempt_dict(probe) if probe else None, failure_kind=verdict.failure_kind,
            held_reason=held_reason,
        )
