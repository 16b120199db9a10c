"""Link-check glue: build HEAD/GET check requests and turn Scrapy responses and failures into Attempts."""

from __future__ import annotations

import dataclasses
import secrets
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from twisted.internet.error import ConnectionRefusedError as TxConnectionRefusedError
from twisted.internet.error import DNSLookupError
from twisted.internet.error import TimeoutError as TxTimeoutError

from mentionfinder.check.challenges import header_challenge
from mentionfinder.check.clues import PageSignals, page_signals
from mentionfinder.check.parking import is_parking_host
from mentionfinder.check.verdicts import (
    ERR_DNS,
    ERR_OTHER,
    ERR_PRIVATE,
    ERR_REDIRECTS,
    ERR_REFUSED,
    ERR_TIMEOUT,
    ERR_TLS,
    Attempt,
    Verdict,
)
from mentionfinder.crawl.items import CheckItem
from mentionfinder.crawl.middlewares import PrivateAddressRefused
from mentionfinder.crawl.resolver import PrivateAddressError
from mentionfinder.domains import url_domain

# Browser-like: some servers answer a bare client differently from a reader's browser.
CHECK_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en;q=0.9,*;q=0.5",
}
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "server",
    "location",
    "retry-after",
    "cf-mitigated",
    "x-robots-tag",
    # the firewall headers check.challenges.header_challenge reads
    "x-amzn-waf-action",
    "x-sucuri-block",
)
META_KEY = "mf_check"
PROBE_KEY = "mf_probe"


def check_request(url: str, method: str, attempts: list[Attempt], callback, errback, timeout: float) -> Request:
    """One attempt of a check. HEAD is tried once (a GET follows anyway); GET gets Scrapy's retries."""
    meta = {
        META_KEY: {"url": url, "attempts": attempts},
        "allow_offsite": True,
        "dont_obey_robotstxt": True,
        "download_timeout": timeout,
    }
    if method == "HEAD":
        meta["max_retry_times"] = 0
    return Request(
        url,
        method=method,
        headers=CHECK_HEADERS,
        callback=callback,
        errback=errback,
        dont_filter=True,
        meta=meta,
        priority=-1,
    )


PROBE_PRIORITY = 2  # above pages (0) and checks (-1), below own-site requests


def probe_request(site: str, callback, errback, timeout: float, waiting: tuple) -> Request:
    """A GET of a random path that surely does not exist on the site: how does it answer a missing page?

    `waiting`: the check (url, attempts, page signals) that needs the answer.
    """
    url = f"{site}/{secrets.token_hex(6)}-{secrets.token_hex(4)}"
    meta = {
        PROBE_KEY: site,
        "mf_waiting": waiting,
        "allow_offsite": True,
        "dont_obey_robotstxt": True,
        "download_timeout": timeout,
        "max_retry_times": 0,
    }
    # Ahead of the queue: every check of the site finishing meanwhile would send a probe of its own.
    return Request(
        url,
        headers=CHECK_HEADERS,
        callback=callback,
        errback=errback,
        dont_filter=True,
        meta=meta,
        priority=PROBE_PRIORITY,
    )


def is_check(request: Request) -> bool:
    """Link checks and probes: requests whose bodies are read only as far as judging needs."""
    return META_KEY in request.meta or PROBE_KEY in request.meta


def is_html(response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"").lower()
    return b"html" in content_type or (not content_type and response.body.lstrip()[:1] == b"<")


def check_state(request: Request) -> dict:
    return request.meta[META_KEY]


def attempt_from_response(response, url: str) -> tuple[Attempt, PageSignals | None]:
    """A response → the Attempt, plus the page's signals when it carries an HTML body."""
    request = response.request
    headers = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            headers[name] = value.decode("latin-1")[:300]
    signals = None
    if request.method != "HEAD" and response.body and is_html(response):
        signals = page_signals(response.body, response.url, headers)
    elif header_challenge({k.lower(): v.strip().lower() for k, v in headers.items()}):
        signals = page_signals(b"", response.url, headers)
    final_host = urlsplit(response.url).hostname or ""
    if is_parking_host(final_host) and url_domain(response.url) != url_domain(url):
        # Sent off to a domain marketplace or parking service: the linked site is gone.
        base = signals or PageSignals()
        signals = dataclasses.replace(base, parked_marker=base.parked_marker or f"redirected to {final_host}")
    attempt = Attempt(
        method=request.method,
        url=url,
        status=response.status,
        final_url=response.url,
        redirects=tuple(request.meta.get("redirect_urls", ())),
        redirect_statuses=tuple(r for r in request.meta.get("redirect_reasons", ()) if isinstance(r, int)),
        elapsed=round(float(request.meta.get("download_latency") or 0.0), 3),
        headers=headers,
        title=signals.title if signals else "",
        words=signals.words if signals else None,
        error_phrase=signals.error_phrase if signals else "",
        parked_marker=signals.parked_marker if signals else "",
        challenge_marker=signals.challenge_marker if signals else "",
        app_shell=signals.app_shell if signals else False,
    )
    return attempt, signals


def attempt_from_failure(failure, url: str) -> Attempt:
    return attempt_from_error(failure.value, failure.request, url)


def attempt_from_error(exc: BaseException, request: Request, url: str) -> Attempt:
    """A request that got no response → the Attempt, with the kind of failure it was."""
    kind, detail = error_kind(exc)
    return Attempt(
        method=request.method,
        url=url,
        final_url=request.url,
        redirects=tuple(request.meta.get("redirect_urls", ())),
        redirect_statuses=tuple(r for r in request.meta.get("redirect_reasons", ()) if isinstance(r, int)),
        error=kind,
        error_detail=detail[:300],
    )


def error_kind(exc: BaseException) -> tuple[str, str]:
    """A download error → (kind, detail); looks through the chain Scrapy wraps Twisted errors in."""
    chain = []
    seen = exc
    while seen is not None and len(chain) < 8:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    detail = f"{type(chain[-1]).__name__}: {chain[-1]}"
    for err in chain:
        if isinstance(err, (PrivateAddressError, PrivateAddressRefused)):
            return ERR_PRIVATE, str(err)
    for err in chain:
        if isinstance(err, (CannotResolveHostError, DNSLookupError)):
            return ERR_DNS, detail
        if isinstance(err, (DownloadConnectionRefusedError, TxConnectionRefusedError)):
            return ERR_REFUSED, detail
        if isinstance(err, (DownloadTimeoutError, TxTimeoutError)):
            return ERR_TIMEOUT, detail
        if isinstance(err, IgnoreRequest) and "redirection" in str(err):
            return ERR_REDIRECTS, str(err)
        if isinstance(err, IgnoreRequest) and "robots.txt" in str(err):
            return "robots_txt", str(err)
    text = " ".join(f"{type(e).__name__} {e}" for e in chain).lower()
    if "ssl" in text or "tls" in text or "certificate" in text:
        return ERR_TLS, detail
    return ERR_OTHER, detail


def attempt_dict(attempt: Attempt) -> dict:
    """An Attempt as plain JSON-ready data for storage."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(attempt).items()}


def check_item(url: str, verdict: Verdict, attempts: list[Attempt], probe: Attempt | None, held_reason: str):
    """A finished check as the item the pipeline stores: the verdict and all of its evidence."""
    last = attempts[-1]
    return CheckItem(
        url=url,
        verdict=verdict.verdict,
        reason=verdict.reason,
        signal=verdict.signal,
        failure_kind=verdict.failure_kind,
        held_reason=held_reason,
        http_status=verdict.http_status if verdict.http_status is not None else last.status,
        final_url=last.final_url,
        redirect_chain=[*last.redirects, last.final_url] if last.redirects else [],
        error=last.error or "",
        attempts=[attempt_dict(a) for a in attempts],
        probe=attempt_dict(probe) if probe else None,
    )
