"""Spider side of link checking: sends what the check flow asks for (HEAD, GET, a probe) and hands the
finished check on as a CheckItem (Scrapy glue; every decision is in check/flow.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from mentionfinder.check import flow
from mentionfinder.check.outage import RoundControls
from mentionfinder.check.verdicts import Attempt
from mentionfinder.crawl import checkrequests
from mentionfinder.crawl.items import CheckItem
from mentionfinder.scaleout.leases import acked
from mentionfinder.store import utcnow


class LinkCheckMixin:
    """Mixed into the spider: its methods are request callbacks, so JOBDIR can persist the requests.

    Expects on the spider: crawler, memory, fresh, streaks, policy, controls, probes, check_timeout, head_first,
    gated(), and ConfirmMixin's hold() and rounds_due() (network failures wait for a confirmation round).
    """

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
        step = flow.start(url, self.head_first)
        if isinstance(step, flow.Finish):
            yield self._finish(url, [step.attempt])  # not an HTTP URL: never a network failure
            return
        yield self.gated(self._check_request(url, step.method, []), "checks", url)

    def _check_request(self, url: str, method: str, attempts: list[Attempt]):
        return checkrequests.check_request(
            url, method, attempts, self.check_done, self.check_failed, self.check_timeout
        )

    @acked
    def check_done(self, response):
        state = checkrequests.check_state(response.request)
        attempt, signals = checkrequests.attempt_from_response(response, state["url"])
        self.record_answer(response)
        yield from self._next(state["url"], [*state["attempts"], attempt], signals)

    @acked
    def check_failed(self, failure):
        state = checkrequests.check_state(failure.request)
        attempt = checkrequests.attempt_from_failure(failure, state["url"])
        self.record_outcome(failure.request.url, attempt.error)
        yield from self._next(state["url"], [*state["attempts"], attempt], None)

    def _next(self, url: str, attempts: list[Attempt], signals):
        step = flow.after(url, attempts[-1])
        if isinstance(step, flow.Send):
            yield self._check_request(url, step.method, attempts)
        elif isinstance(step, flow.Probe):
            yield from self._probe(step.site, url, attempts, signals)
        else:
            item = self._finish(url, attempts)
            if item is not None:
                yield item
            yield from self.rounds_due()

    def record_answer(self, response) -> None:
        """A response came back: its host answers. Only a plain answer (2xx, 3xx) makes the URL a control of
        confirmation rounds: a host that rate-limits or fails would only slow a round down."""
        self.controls.answered(urlsplit(response.url).hostname or "", response.url, control=response.status < 400)

    def record_outcome(self, url: str, error: str | None) -> None:
        """Tell the control pool what a failed request says about its host."""
        answered = flow.host_answered(error)
        if answered is False:
            self.controls.failed(urlsplit(url).hostname or "")

    # --- probes: how does this site answer a page that surely does not exist? ----------------------
    def _probe(self, site: str, url: str, attempts: list[Attempt], signals):
        known = self.probes.get(site)
        if known is not None:
            yield self._finish(url, attempts, known[0], flow.probe_similarity(signals, known[0], known[1]))
            return
        self.crawler.stats.inc_value("mentionfinder/checks/probes")
        # The waiting check travels in the probe's meta, not in memory: a paused (JOBDIR) or killed
        # (Redis) crawl resumes it. Probes made at the same time for one site are rare and harmless.
        yield checkrequests.probe_request(
            site, self.probe_done, self.probe_failed, self.check_timeout, waiting=(url, attempts, signals)
        )

    @acked
    def probe_done(self, response):
        attempt, signals = checkrequests.attempt_from_response(response, response.request.url)
        yield self._probe_finished(response.request, attempt, signals)

    @acked
    def probe_failed(self, failure):
        attempt = checkrequests.attempt_from_failure(failure, failure.request.url)
        yield self._probe_finished(failure.request, attempt, None)

    def _probe_finished(self, request, attempt: Attempt, signals):
        # Only a probe answered 2xx is ever compared: keep no page text for the others (most sites).
        answered = attempt.error is None and 200 <= (attempt.status or 0) < 300
        self.probes[request.meta[checkrequests.PROBE_KEY]] = (attempt, signals if answered else None)
        url, attempts, target_signals = request.meta["mf_waiting"]
        return self._finish(url, attempts, attempt, flow.probe_similarity(target_signals, attempt, signals))

    # --- verdict ----------------------------------------------------------------------------------
    def _finish(
        self,
        url: str,
        attempts: list[Attempt],
        probe: Attempt | None = None,
        probe_similarity: float | None = None,
        *,
        controls: RoundControls | None = None,
        give_up: bool = False,
    ) -> CheckItem | None:
        """The check's item, or None when its network failure waits for a confirmation round (held)."""
        conclusion = flow.conclude(
            attempts,
            probe=probe,
            probe_similarity=probe_similarity,
            streak=self.streaks.get(url),
            now=utcnow(),
            policy=self.policy,
            controls=controls,
            give_up=give_up,
        )
        if conclusion.pending:
            if controls is None:
                self.hold(url, attempts)
            return None
        verdict = conclusion.verdict
        self.crawler.stats.inc_value(f"mentionfinder/checks/{verdict.verdict}")
        return checkrequests.check_item(url, verdict, attempts, probe, conclusion.held_reason)
