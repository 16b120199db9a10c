"""Verdict stage: a link check's evidence (attempts: statuses, errors, redirect chain) → verdict and reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

DEAD, ALIVE, BLOCKED, UNVERIFIED, SKIPPED = "dead", "alive", "blocked", "unverified", "skipped"
VERDICTS = (DEAD, ALIVE, BLOCKED, UNVERIFIED, SKIPPED)

REASONS = {
    DEAD: ("http_404", "http_410", "http_4xx", "dns_nxdomain", "connection_refused", "soft_404",
           "redirect_to_root", "parked_domain", "redirect_loop", "tls_error", "server_error_persistent",
           "timeout_persistent"),
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

# Statuses that say "you may not look", never "this is gone": a bot wall or a rate limit.
_BLOCKED_STATUSES = {401: "http_401", 403: "http_403", 429: "http_429", 999: "http_999", 451: "http_451"}
# 4xx that describe our request or a passing state, not the resource.
_TRANSIENT_4XX = {407, 408, 425}


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


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    signal: str
    http_status: int | None = None


def classify(attempts: Sequence[Attempt]) -> Verdict:
    """Decide from the attempts of one check; the last attempt (the GET fallback) has the final word."""
    if not attempts:
        return Verdict(UNVERIFIED, "transient", "no attempt was made")
    last = attempts[-1]
    if last.error:
        return _from_error(last)
    return _from_status(last)


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
    if a.error == ERR_TIMEOUT:
        return Verdict(UNVERIFIED, "transient", f"{where}: timed out after retries ({a.error_detail})")
    return Verdict(UNVERIFIED, "transient", f"{where}: {a.error} error ({a.error_detail})")


def _from_status(a: Attempt) -> Verdict:
    status = a.status or 0
    where = f"{a.method} {a.url}"
    hops = f" after {len(a.redirects)} redirect(s) to {a.final_url}" if a.redirects else ""
    if 200 <= status < 300:
        if a.redirects:
            return Verdict(ALIVE, "redirected", f"{where}: {status}{hops}", status)
        return Verdict(ALIVE, "ok", f"{where}: {status}", status)
    if status in _BLOCKED_STATUSES:
        return Verdict(BLOCKED, _BLOCKED_STATUSES[status], f"{where}: {status}{hops} (access refused, not gone)", status)
    if status in (404, 410):
        return Verdict(DEAD, f"http_{status}", f"{where}: {status}{hops}", status)
    if 400 <= status < 500 and status not in _TRANSIENT_4XX:
        return Verdict(DEAD, "http_4xx", f"{where}: {status}{hops}", status)
    if status >= 500:
        return Verdict(UNVERIFIED, "transient", f"{where}: {status}{hops} after retries (server error)", status)
    return Verdict(UNVERIFIED, "transient", f"{where}: unexpected status {status}{hops}", status)
