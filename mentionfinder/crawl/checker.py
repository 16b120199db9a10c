"""Spider side of link checking: HEAD, GET, random-path probes, verdicts, the outage guard (Scrapy glue)."""

from __future__ import annotations

from urllib.parse import urlsplit

from mentionfinder.check.clues import similarity
from mentionfinder.check.verdicts import (
    DEAD,
    ERR_DNS,
    ERR_PRIVATE,
    ERR_REFUSED,
    ERR_SCHEME,
    ERR_TIMEOUT,
    HELD_NOTE,
    NETWORK_ERRORS,
    UNVERIFIED,
    Attempt,
    Verdict,
    classify,
    is_deep,
)
from mentionfinder.crawl import checkrequests as checks
from mentionfinder.crawl.items import CheckItem
from mentionfinder.scaleout.leases import acked
from mentionfinder.store import utcnow


class LinkCheckMixin:
    """Mixed into the spider: its methods are request callbacks, so JOBDIR can persist the requests.

    Expects on the spider: crawler, memory, fresh, streaks, policy, guard, probes, check_timeout.
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
            self.crawler.stats.inc_value("mentionfinder/crawl/checkrequests/reused")
            return
        self.crawler.stats.inc_value("mentionfinder/crawl/checkrequests/scheduled")
        if urlsplit(url).scheme not in ("http", "https"):
            yield self._finish(url, [Attempt(method="-", url=url, error=ERR_SCHEME)])
            return
        yield self.gated(self._check_request(url, checks.first_method(url, self.head_first), []), "checks", url)

    def _check_request(self, url: str, method: str, attempts: list[Attempt]):
        return checks.check_request(url, method, attempts, self.check_done, self.check_failed, self.check_timeout)

    @acked
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
        elif (
            200 <= response.status < 300
            and is_deep(url)
            and signals is not None
            and not (attempt.error_phrase or attempt.parked_marker or attempt.challenge_marker)
        ):
            yield from self._after_probe(url, attempts, signals)
            return
        yield self._finish(url, attempts)

    @acked
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
        known = self.probes.get(site)
        if known is not None:
            yield self._finish(url, attempts, known[0], _similarity(signals, known[0], known[1]))
            return
        self.crawler.stats.inc_value("mentionfinder/crawl/checkrequests/probes")
        # The waiting check travels in the probe's meta, not in memory: a paused (JOBDIR) or killed
        # (Redis) crawl resumes it. Probes made at the same time for one site are rare and harmless.
        yield checks.probe_request(
            site, self.probe_done, self.probe_failed, self.check_timeout, waiting=(url, attempts, signals)
        )

    @acked
    def probe_done(self, response):
        attempt, signals = checks.attempt_from_response(response, response.request.url)
        yield self._probe_finished(response.request, attempt, signals)

    @acked
    def probe_failed(self, failure):
        attempt = checks.attempt_from_failure(failure, failure.request.url)
        yield self._probe_finished(failure.request, attempt, None)

    def _probe_finished(self, request, attempt: Attempt, signals):
        # Only a probe answered 2xx is ever compared: keep no page text for the others (most sites).
        answered = attempt.error is None and 200 <= (attempt.status or 0) < 300
        self.probes[request.meta[checks.PROBE_KEY]] = (attempt, signals if answered else None)
        url, attempts, target_signals = request.meta["mf_waiting"]
        return self._finish(url, attempts, attempt, _similarity(target_signals, attempt, signals))

    # --- verdict ----------------------------------------------------------------------------------
    def _finish(
        self, url: str, attempts: list[Attempt], probe: Attempt | None = None, probe_similarity: float | None = None
    ) -> CheckItem:
        verdict = classify(
            attempts,
            probe=probe,
            probe_similarity=probe_similarity,
            streak=self.streaks.get(url),
            now=utcnow(),
            policy=self.policy,
        )
        held_reason = ""
        if verdict.verdict == DEAD and attempts[-1].error in NETWORK_ERRORS and not self.guard.healthy:
            # A failure to connect is only believed while other hosts answer: with no network, every
            # link would look dead. Held ones are released at the end if the network was fine throughout.
            if self.guard.outage_seen:
                signal = f"{verdict.signal}; most hosts were failing at the time: network outage suspected"
            else:
                held_reason = verdict.reason
                self.held.append(url)
                signal = verdict.signal + HELD_NOTE
            verdict = Verdict(UNVERIFIED, "network_outage", signal, verdict.http_status)
        last = attempts[-1]
        self.crawler.stats.inc_value(f"mentionfinder/crawl/checkrequests/{verdict.verdict}")
        return CheckItem(
            url=url,
            verdict=verdict.verdict,
            reason=verdict.reason,
            signal=verdict.signal,
            http_status=verdict.http_status if verdict.http_status is not None else last.status,
            final_url=last.final_url,
            redirect_chain=[*last.redirects, last.final_url] if last.redirects else [],
            error=last.error or "",
            attempts=[checks.attempt_dict(a) for a in attempts],
            probe=checks.attempt_dict(probe) if probe else None,
            failure_kind=verdict.failure_kind,
            held_reason=held_reason,
        )


def _similarity(target, probe: Attempt, probe_signals) -> float | None:
    """How alike the target page and the probe's page are; only a probe answered 2xx is compared (a site
    that answers a random path with 404 has told all it can)."""
    if probe_signals is None or target is None or probe.error or not 200 <= (probe.status or 0) < 300:
        return None
    return similarity(target, probe_signals)
