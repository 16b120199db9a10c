"""Spider side of confirming network failures (check/outage.py has the rules): failures wait, then a round
retries them together with control URLs that answered earlier, and the controls decide (Scrapy glue).

A round travels as one local `data:` request whose meta carries its failures, so a paused crawl (JOBDIR)
keeps it and, in a scale-out crawl, any worker may run it (with its own network: the controls test the
network of whoever retries). Its callback fetches the retries and controls itself, all at once, through the
downloader (middlewares and politeness included, the scheduler skipped), and then hands on verdicts.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import DontCloseSpider

from mentionfinder.check import outage
from mentionfinder.check.outage import ConfirmPolicy, HeldPage, PendingFailure, RoundControls
from mentionfinder.check.verdicts import Attempt
from mentionfinder.crawl import checkrequests
from mentionfinder.netguard import ip_literal
from mentionfinder.scaleout.leases import acked

ROUND_KEY = "mf_round"
PAGE_KEY = "mf_page_round"  # on a page fetched again by a round: {"confirmed", "final_rounds", "rounds"}
TRACE_KEY = "mf_trace"  # a retry's list of the requests it became (redirect hops share the list)
ROUND_PRIORITY = 1  # ahead of pages and checks: failures should not wait long while the crawl goes on


def policy_from_settings(settings) -> ConfirmPolicy:
    return ConfirmPolicy(
        controls=max(1, settings.getint("MENTIONFINDER_OUTAGE_CONTROLS")),
        every=settings.getfloat("MENTIONFINDER_OUTAGE_EVERY"),
        rounds=max(1, settings.getint("MENTIONFINDER_OUTAGE_ROUNDS")),
        wait=max(0.0, settings.getfloat("MENTIONFINDER_OUTAGE_WAIT")),
    )


class ConfirmMixin:
    """Mixed into the spider with LinkCheckMixin. Expects on the spider: crawler, memory, controls
    (ControlPool), confirm_policy, resolver (crawl.handlers.GuardedResolver), dns_timeout, check_timeout,
    record_answer(), record_outcome(), _next(), _finish(), page_request(), page_error()."""

    @property
    def pending(self) -> list[PendingFailure]:
        """Failures waiting for a round; in spider.state with the rest of the crawl's memory (JOBDIR)."""
        return self.memory.setdefault("pending", [])

    def hold(self, url: str, attempts: list[Attempt], final_rounds: int = 0, rounds: int = 0) -> None:
        self.pending.append(PendingFailure(url, attempts, time.time(), final_rounds, rounds))
        self.crawler.stats.inc_value("mentionfinder/checks/network_failures_held")

    def hold_page(self, request: Request, kind: str, detail: str) -> bool:
        """A page whose fetch failed at the network level waits for a round too: lost to a blip of ours, its
        links and mentions would be lost with it. False when the failure stands: not a network failure, a
        round's controls answered when it was fetched again, or it has had its rounds."""
        state = request.meta.get(PAGE_KEY, {})
        if kind not in outage.CONFIRMED_ERRORS or state.get("confirmed"):
            return False
        final_rounds = state.get("final_rounds", 0)
        if final_rounds >= self.confirm_policy.rounds:
            return False
        page = HeldPage(request.meta["mf_depth"], request.meta["mf_seed"], kind, detail)
        self.pending.append(PendingFailure(request.url, [], time.time(), final_rounds, state.get("rounds", 0), page))
        self.crawler.stats.inc_value("mentionfinder/pages/network_failures_held")
        return True

    def rounds_due(self):
        """During the crawl: the round requests to make now (none until enough failures or time)."""
        if outage.due(self.pending, time.time(), self.confirm_policy):
            yield from self._round_requests(final=False)

    def _round_requests(self, final: bool) -> list[Request]:
        failures, self.pending[:] = list(self.pending), []
        return [
            Request(
                f"data:,confirmation-round-{secrets.token_hex(4)}",
                callback=self.confirm_round,
                dont_filter=True,
                priority=ROUND_PRIORITY,
                meta={ROUND_KEY: {"failures": chunk, "final": final}, "allow_offsite": True},
            )
            for chunk in outage.chunks(failures, self.confirm_policy)
        ]

    def confirm_idle(self, spider):
        """spider_idle: the crawl is done but failures wait: their rounds come now, before it may close."""
        if not self.pending:
            return
        for request in self._round_requests(final=True):
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    @acked
    async def confirm_round(self, response):
        state = response.meta[ROUND_KEY]
        failures: list[PendingFailure] = state["failures"]
        final: bool = state["final"]
        policy = self.confirm_policy
        if final and any(f.final_rounds for f in failures):
            await asyncio.sleep(policy.wait)  # the controls did not answer last time: let an outage end
        stats = self.crawler.stats
        stats.inc_value("mentionfinder/checks/confirmation_rounds")
        failing_hosts = {urlsplit(f.url).hostname or "" for f in failures}
        control_urls = self.controls.pick(policy.controls, exclude=failing_hosts)
        pages = [f for f in failures if f.page is not None]
        failures = [f for f in failures if f.page is None]
        outcomes = await asyncio.gather(
            *(self._control(url) for url in control_urls), *(self._retry(f) for f in failures)
        )
        controls = RoundControls(
            answered=tuple(answered for answered, _, _ in outcomes[: len(control_urls)]),
            lookups=tuple(ok for _, ok, _ in outcomes[: len(control_urls)] if ok is not None),
            detail=tuple(detail for _, _, detail in outcomes[: len(control_urls)]),
        )
        self.logger.info("confirmation round of %d failures: %s", len(failures), "; ".join(controls.detail))
        for failure, (attempt, signals) in zip(failures, outcomes[len(control_urls) :]):
            attempts = [*failure.attempts, attempt]
            if not outage.needs_confirmation(attempt):
                # It answered this time (or failed otherwise): the check goes on as if nothing had happened.
                stats.inc_value("mentionfinder/checks/answered_on_retry")
                for output in self._next(failure.url, attempts, signals):
                    yield output
                continue
            rounds = failure.final_rounds + int(final)
            item = self._finish(failure.url, attempts, controls=controls, give_up=final and rounds >= policy.rounds)
            if item is None:
                self.hold(failure.url, failure.attempts, rounds, failure.rounds + 1)
            else:
                yield item
        for held in pages:
            for output in self._page_round(held, controls if control_urls else None, final):
                yield output
        for request in self.rounds_due():
            yield request

    def _page_round(self, held: PendingFailure, controls: RoundControls | None, final: bool):
        page = held.page
        rounds = held.final_rounds + int(final)
        step = outage.page_step(controls, page.error, final and rounds >= self.confirm_policy.rounds)
        if step == "wait":
            self.pending.append(PendingFailure(held.url, [], time.time(), rounds, held.rounds + 1, page))
        elif step == "give_up":
            self.crawler.stats.inc_value("mentionfinder/pages/not_crawled_network_outage")
            self.logger.warning(
                "page not crawled: %s (%s; %s: our network, not their site)", held.url, page.detail, controls.summary()
            )
            yield self.page_error(
                held.url, page.depth, page.seed, f"{page.error}: {page.detail}; not confirmed: {controls.summary()}"
            )
        else:
            request = self.page_request(held.url, page.depth, page.seed, again=True)
            request.meta[PAGE_KEY] = {
                "confirmed": step == "confirmed",
                "final_rounds": rounds,
                "rounds": held.rounds + 1,
            }
            request.priority = ROUND_PRIORITY
            yield request

    async def _control(self, url: str) -> tuple[bool, bool | None, str]:
        """(answered at all, its name resolved afresh or None when it has no name to resolve, detail)."""
        request = Request(
            url,
            method="HEAD",
            headers=checkrequests.CHECK_HEADERS,
            dont_filter=True,
            meta={
                "allow_offsite": True,
                "dont_obey_robotstxt": True,
                "dont_redirect": True,
                "dont_retry": True,
                "max_retry_times": 0,  # no backoff either: any answer will do
                "download_timeout": self.check_timeout,
                "handle_httpstatus_all": True,
            },
        )
        host = urlsplit(url).hostname or ""
        lookup = self.lookup(host) if ip_literal(host) is None else _none()
        fetched, resolved = await asyncio.gather(self._download(request), lookup)
        if isinstance(fetched, BaseException):
            kind, _ = checkrequests.error_kind(fetched)
            self.record_outcome(url, kind)
            detail = f"{url}: {kind}"
        else:
            detail = f"{url}: HTTP {fetched.status}"
        if resolved is not None:
            detail += ", name resolved" if resolved else ", name did not resolve"
        return not isinstance(fetched, BaseException), resolved, detail

    async def _retry(self, failure: PendingFailure):
        """One more attempt of the failed check, as the failed one was made (its method)."""
        method = failure.attempts[-1].method
        request = checkrequests.check_request(failure.url, method, [], None, None, self.check_timeout)
        request.meta["max_retry_times"] = 0
        request.meta[TRACE_KEY] = trace = []
        fetched = await self._download(request)
        if isinstance(fetched, BaseException):
            # The failure is that of the last hop: its meta holds the redirect chain that led there.
            attempt = checkrequests.attempt_from_error(fetched, trace[-1] if trace else request, failure.url)
            self.record_outcome(failure.url, attempt.error)
            return attempt, None
        self.record_answer(fetched)
        return checkrequests.attempt_from_response(fetched, failure.url)

    async def lookup(self, host: str) -> bool | None:
        """A fresh lookup of a control's name (no cache: a cached name proves nothing about DNS now); None for
        a name pinned with RESOLVE, which never asks DNS."""
        if not host or self.resolver.pinned(host):
            return None
        try:
            await asyncio.wait_for(self.resolver.resolve(host), self.dns_timeout)
        except (OSError, TimeoutError):
            return False
        return True

    def trace_request(self, request, spider=None):
        """request_reached_downloader: note each hop of a retry (a redirect copies meta, sharing the list)."""
        trace = request.meta.get(TRACE_KEY)
        if trace is not None:
            trace.append(request)

    async def _download(self, request: Request):
        try:
            return await self.crawler.engine.download_async(request)
        except Exception as exc:
            return exc


async def _none() -> None:
    return None
