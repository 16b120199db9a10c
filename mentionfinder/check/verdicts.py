"""Verdict stage: a link check's evidence (attempts, probe, past failures) → verdict, reason and deciding signal."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from mentionfinder.check.bodytext import SHELL_WORDS

DEAD, ALIVE, BLOCKED, UNVERIFIED, SKIPPED = "dead", "alive", "blocked", "unverified", "skipped"
VERDICTS = (DEAD, ALIVE, BLOCKED, UNVERIFIED, SKIPPED)

REASONS = {
    DEAD: (
        "http_404",
        "http_410",
        "http_4xx",
        "dns_nxdomain",
        "connection_refused",
        "soft_404",
        "redirect_to_root",
        "parked_domain",
        "redirect_loop",
        "tls_error",
        "server_error_persistent",
        "timeout_persistent",
    ),
    ALIVE: ("ok", "redirected"),
    BLOCKED: ("http_401", "http_403", "http_429", "http_999", "http_451", "bot_challenge"),
    UNVERIFIED: ("transient", "network_outage"),
    SKIPPED: ("private_address", "unsupported_scheme"),
}

# Error kinds an Attempt may carry (set by the crawler glue from the download error).
ERR_DNS = "dns"
ERR_REFUSED = "refused"
ERR_TIMEOUT = "timeout"
ERR_TLS = "tls"
ERR_REDIRECTS = "too_many_redirects"
ERR_PRIVATE = "private_address"
ERR_SCHEME = "unsupported_scheme"
ERR_OTHER = "other"
# Appended to the signal of a network-level failure while it waits for a confirmation round (check/outage.py).
HELD_NOTE = "; not yet confirmed with control URLs"

# Statuses that say "you may not look", never "this is gone": a bot wall or a rate limit.
_BLOCKED_STATUSES = {401: "http_401", 403: "http_403", 429: "http_429", 999: "http_999", 451: "http_451"}
# 4xx that describe our request or a passing state, not the resource.
_TRANSIENT_4XX = {407, 408, 425}
# Failures that only become "dead" when they persist across runs, and the reason they then get.
PERSISTENT_REASONS = {"timeout": "timeout_persistent", "server_error": "server_error_persistent", "tls": "tls_error"}
# A path made only of these is a home page, not a deep link ("/", "/index.html", "/en/").
_ROOT_SEGMENT = re.compile(r"^(index|default|home|start|main)(\.\w{2,5})?$|^[a-z]{2}([-_][a-z]{2})?$", re.I)
SAME_PAGE = 0.9  # similarity above which the target page is the page a random path gets
THIN_WORDS = 40  # fewer visible words: an app shell or an empty page, too little to compare


@dataclass(frozen=True)
class Attempt:
    """One request of a check as it was answered: the evidence a verdict is drawn from."""

    method: str
    url: str
    status: int | None = None
    final_url: str = ""
    redirects: tuple[str, ...] = ()
    redirect_statuses: tuple[int, ...] = ()
    error: str | None = None
    error_detail: str = ""
    elapsed: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    title: str = ""
    words: int | None = None
    error_phrase: str = ""
    parked_marker: str = ""
    challenge_marker: str = ""
    app_shell: bool = False  # the page is a near-empty shell that a script renders (clues.PageSignals.app_shell)


@dataclass(frozen=True)
class Streak:
    """Consecutive earlier runs in which this URL failed the same transient way."""

    kind: str  # "timeout", "server_error" or "tls"
    since: str  # ISO 8601 UTC of the first failure of the streak
    runs: int  # earlier runs in the streak (this run not counted)


@dataclass(frozen=True)
class Policy:
    confirm_runs: int = 2  # runs that must fail (this one included) before a transient failure is dead
    confirm_hours: float = 24.0  # and at least this long between the first and the latest failure


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    signal: str
    http_status: int | None = None
    failure_kind: str = ""  # set when the check failed transiently: the streak it continues


def classify(
    attempts: Sequence[Attempt],
    *,
    probe: Attempt | None = None,
    probe_similarity: float | None = None,
    streak: Streak | None = None,
    now: str = "",
    policy: Policy | None = None,
) -> Verdict:
    """Decide from the attempts of one check; the last attempt (the GET fallback) has the final word.

    `probe`: a GET of a random, surely missing path on the same host, and how alike its page is to the
    target's. `streak`: earlier runs' failures, to confirm a persistent timeout or server error.
    """
    if not attempts:
        return Verdict(UNVERIFIED, "transient", "no attempt was made")
    last = attempts[-1]
    verdict = _from_error(last) if last.error else _from_status(last, probe, probe_similarity)
    if verdict.failure_kind:
        return _confirm(verdict, streak, now, Policy() if policy is None else policy)
    return verdict


def failure_kind(attempt: Attempt) -> str:
    """The transient failure an attempt shows ("" when it is not one)."""
    if attempt.error == ERR_TIMEOUT:
        return "timeout"
    if attempt.error == ERR_TLS:
        return "tls"
    if attempt.error is None and (attempt.status or 0) >= 500:
        return "server_error"
    return ""


def is_deep(url: str) -> bool:
    """A URL naming a page below the home page (not "/", "/index.html" or a bare language folder)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return bool(parts.query) or any(not _ROOT_SEGMENT.match(s) for s in segments)


def _from_error(a: Attempt) -> Verdict:
    where = f"{a.method} {a.url}"
    if a.error == ERR_PRIVATE:
        return Verdict(SKIPPED, "private_address", f"{where}: host is a private address ({a.error_detail})")
    if a.error == ERR_SCHEME:
        return Verdict(SKIPPED, "unsupported_scheme", f"{where}: only http and https are checked")
    if a.error == ERR_DNS:
        return Verdict(DEAD, "dns_nxdomain", f"{where}: host name does not resolve ({a.error_detail})")
    if a.error == ERR_REFUSED:
        return Verdict(DEAD, "connection_refused", f"{where}: connection refused")
    if a.error == ERR_REDIRECTS:
        chain = list(a.redirects) + [a.final_url or a.url]
        if len(set(chain)) < len(chain):
            return Verdict(DEAD, "redirect_loop", f"{where}: redirects loop ({len(chain)} hops, a URL repeats)")
        return Verdict(UNVERIFIED, "transient", f"{where}: more redirects than allowed ({len(chain)} hops)")
    kind = failure_kind(a)
    what = {"timeout": "timed out after retries", "tls": "TLS handshake failed"}.get(kind, f"{a.error} error")
    return Verdict(UNVERIFIED, "transient", f"{where}: {what} ({a.error_detail})", failure_kind=kind)


def _from_status(a: Attempt, probe: Attempt | None, similarity: float | None) -> Verdict:
    status = a.status or 0
    where = f"{a.method} {a.url}"
    hops = f" after {len(a.redirects)} redirect(s) to {a.final_url}" if a.redirects else ""
    if a.challenge_marker:
        return Verdict(
            BLOCKED, "bot_challenge", f"{where}: {status}{hops}, bot challenge ({a.challenge_marker})", status
        )
    if status in _BLOCKED_STATUSES:
        return Verdict(
            BLOCKED, _BLOCKED_STATUSES[status], f"{where}: {status}{hops} (access refused, not gone)", status
        )
    if status in (404, 410):
        return Verdict(DEAD, f"http_{status}", f"{where}: {status}{hops}", status)
    if 400 <= status < 500 and status not in _TRANSIENT_4XX:
        return Verdict(DEAD, "http_4xx", f"{where}: {status}{hops}", status)
    if status >= 500 or status in _TRANSIENT_4XX:
        return Verdict(
            UNVERIFIED, "transient", f"{where}: {status}{hops} after retries", status, failure_kind=failure_kind(a)
        )
    if not 200 <= status < 300:
        return Verdict(UNVERIFIED, "transient", f"{where}: unexpected status {status}{hops}", status)
    return _judge_page(a, probe, similarity, where, hops)


def _judge_page(a: Attempt, probe: Attempt | None, similarity: float | None, where: str, hops: str) -> Verdict:
    """A 2xx answer: is it the page that was linked, or a stand-in for a missing one?"""
    status = a.status
    final = a.final_url or a.url
    if a.parked_marker:
        return Verdict(DEAD, "parked_domain", f"{where}: {status}{hops}, parked domain ({a.parked_marker})", status)
    deep = is_deep(a.url)
    if deep and a.redirects and not is_deep(final):
        return Verdict(DEAD, "redirect_to_root", f"{where}: deep link redirected to the home page {final}", status)
    if deep and a.error_phrase:
        return Verdict(DEAD, "soft_404", f'{where}: {status}{hops}, but the page says "{a.error_phrase}"', status)
    if deep and probe is not None and probe.error is None and 200 <= (probe.status or 0) < 300:
        probe_final = probe.final_url or probe.url
        if a.redirects and probe.redirects and probe_final == final:
            return Verdict(
                DEAD, "soft_404", f"{where}: redirected to {final}, where a random missing path lands too", status
            )
        if similarity is not None and similarity >= SAME_PAGE:
            if (a.words or 0) < SHELL_WORDS or ((a.words or 0) < THIN_WORDS and a.app_shell):
                # An app shell that renders every path in the browser looks the same for every URL:
                # nothing here tells a real page from a missing one.
                return Verdict(
                    UNVERIFIED,
                    "transient",
                    f"{where}: {status}, the same near-empty page as a random path (app shell?): cannot tell",
                    status,
                )
            if (a.words or 0) < THIN_WORDS:
                # Thin, but words of its own and no script to fill it in: a static stand-in (a static site
                # generator's 404 whose text never says so) answering every path.
                return Verdict(
                    DEAD,
                    "soft_404",
                    f"{where}: {status}, but the same thin static page as a random missing path "
                    f"({probe.url}, similarity {similarity:.2f}; no app shell)",
                    status,
                )
            return Verdict(
                DEAD,
                "soft_404",
                f"{where}: {status}, but the same page as a random missing path "
                f"({probe.url}, similarity {similarity:.2f})",
                status,
            )
    if a.redirects:
        return Verdict(ALIVE, "redirected", f"{where}: {status}{hops}", status)
    return Verdict(ALIVE, "ok", f"{where}: {status}", status)


def _confirm(verdict: Verdict, streak: Streak | None, now: str, policy: Policy) -> Verdict:
    """A transient failure becomes dead only when it persists: enough runs, far enough apart."""
    kind = verdict.failure_kind
    if streak is None or streak.kind != kind or not now:
        return verdict
    runs = streak.runs + 1
    hours = _hours_between(streak.since, now)
    if runs >= policy.confirm_runs and hours >= policy.confirm_hours:
        return Verdict(
            DEAD,
            PERSISTENT_REASONS[kind],
            f"{verdict.signal}; failing the same way in {runs} runs since {streak.since}",
            verdict.http_status,
            failure_kind=kind,
        )
    return Verdict(
        verdict.verdict,
        verdict.reason,
        f"{verdict.signal}; failing since {streak.since} ({runs} runs): dead once it has failed "
        f"{policy.confirm_runs} runs over {policy.confirm_hours:g} h",
        verdict.http_status,
        failure_kind=kind,
    )


def _hours_between(start: str, end: str) -> float:
    try:
        a = datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (b - a).total_seconds() / 3600
