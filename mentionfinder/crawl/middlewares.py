"""Downloader middlewares: the private-address guard for IP literals; polite backoff on 429 and 503; robots.txt
obeyed by every request that waits for it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as BaseRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from mentionfinder.netguard import ip_literal, is_public

logger = logging.getLogger(__name__)


class PrivateAddressRefused(IgnoreRequest):
    """The request's host is an address crawls may not reach (MENTIONFINDER_ALLOW_PRIVATE is off)."""


class PrivateAddressMiddleware:
    """Host names are guarded in the resolver; IP literals never reach it, so they are guarded here.

    Runs for every request, redirect hops included (a redirect is a new request through the chain).
    """

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("MENTIONFINDER_ALLOW_PRIVATE"))

    def process_request(self, request):
        if self.allow_private:
            return None
        host = urlsplit(request.url).hostname or ""
        if ip_literal(host) is not None and not is_public(host):
            raise PrivateAddressRefused(f"{host} is a non-public address")
        return None


def retry_after_seconds(value: bytes | str | None, default: float) -> float:
    """A Retry-After header (seconds or an HTTP date) → seconds to wait; the default when absent or garbled."""
    if not value:
        return default
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


BACKOFF_STATUSES = frozenset({429, 500, 502, 503, 504, 522, 524})


class BackoffMiddleware:
    """429 and 5xx: wait as the server asks (Retry-After, bounded) or 1 s, 2 s, …; slow the host; try again.

    The wait is the host's download-slot delay, so every request to that host slows, not only the retry;
    answers that are not 429/503 relax the delay back towards the configured one.
    """

    def __init__(self, crawler, retries: int, max_wait: float):
        self.crawler = crawler
        self.retries = retries
        self.max_wait = max_wait
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler,
            settings.getint("MENTIONFINDER_BACKOFF_RETRIES"),
            settings.getfloat("MENTIONFINDER_RETRY_AFTER_MAX"),
        )

    def _slot(self, request):
        downloader = self.crawler.engine.downloader
        return downloader.slots.get(downloader.get_slot_key(request))

    def process_response(self, request, response):
        slot = self._slot(request)
        if response.status not in BACKOFF_STATUSES:
            if slot is not None and slot.delay > self.base_delay:
                slot.delay = max(self.base_delay, slot.delay / 2)
            return response
        if response.headers.get("cf-mitigated"):
            return response  # a bot challenge: waiting does not open it
        tries = request.meta.get("mf_backoff", 0)
        wait = retry_after_seconds(response.headers.get("Retry-After"), default=float(2**tries))
        if slot is not None and wait <= self.max_wait:
            slot.delay = max(slot.delay, wait)
        # A HEAD check is tried once (max_retry_times=0): the GET that follows is the retry.
        allowed = min(self.retries, request.meta.get("max_retry_times", self.retries))
        if tries >= allowed or wait > self.max_wait:
            self.crawler.stats.inc_value(f"mentionfinder/backoff/gave_up/{response.status}")
            return response
        self.crawler.stats.inc_value(f"mentionfinder/backoff/retried/{response.status}")
        retry = request.replace(dont_filter=True)
        retry.meta["mf_backoff"] = tries + 1
        return retry


class RobotsTxtMiddleware(BaseRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, made right for requests that wait together for one host's robots.txt,
    and for a robots.txt that the network did not let us read.

    Scrapy 2.19 hands each waiter `Deferred.asFuture()` of one shared Deferred; Twisted's asFuture callback
    returns None, so every waiter after the first receives None — "no robots.txt" — and fetches what
    robots.txt forbids. It happens whenever several requests reach a new host at once (several seeds on one
    site, a reclaimed batch in scale-out). Here each waiter gets the shared outcome itself.

    Scrapy also takes a robots.txt that failed to download for none, for good: one refused connection
    during a blip of our network and the whole site is crawled as if it had no rules. Here a network-level
    failure (DNS, refused, timeout, dropped) is not remembered: the requests waiting for it fail with that
    error (a page then waits for a confirmation round, like any network failure) and the next request asks
    for robots.txt again. Like Google, a site whose robots.txt cannot be reached is not crawled.
    """

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        entry = self._parsers.get(netloc, _MISSING)
        if entry is _MISSING:
            outcome = await self._fetch_robots(request, netloc)
        elif isinstance(entry, Deferred):
            fired: Deferred = Deferred()

            def relay(result):
                fired.callback(result)
                return result  # the shared Deferred's result passes on untouched

            entry.addBoth(relay)
            outcome = await maybe_deferred_to_future(fired)
        else:
            outcome = entry
        if isinstance(outcome, _Unreachable):
            raise outcome.error
        return outcome

    async def _fetch_robots(self, request, netloc: str):
        from mentionfinder.check.outage import CONFIRMED_ERRORS
        from mentionfinder.crawl.checkrequests import error_kind

        shared = self._parsers[netloc] = Deferred()
        url = urlparse_cached(request)
        robots = Request(
            f"{url.scheme}://{netloc}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True},
            callback=NO_CALLBACK,
        )
        self._stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as exc:
            kind, detail = error_kind(exc)
            if isinstance(exc, IgnoreRequest) or kind not in CONFIRMED_ERRORS:
                logger.info("robots.txt not read before %s: %s", request, detail)
                self._robots_error(exc, netloc)  # stored as "none" (and fired) as Scrapy does
                return None
            self._stats.inc_value("robotstxt/network_failures")
            logger.info("robots.txt not read before %s: %s (asked again with the next request)", request, detail)
            del self._parsers[netloc]
            outcome = _Unreachable(exc)
            shared.callback(outcome)
            return outcome
        await self._parse_robots(response, netloc, request)  # stores the parser and fires `shared`
        return self._parsers[netloc]


_MISSING = object()


class _Unreachable:
    """The outcome of a robots.txt download that failed at the network level, for those waiting for it."""

    def __init__(self, error: Exception):
        self.error = error
