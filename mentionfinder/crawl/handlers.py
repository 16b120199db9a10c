"""The HTTP download handler: Scrapy's aiohttp handler, resolving through RESOLVE pins and the private-address guard.

Scrapy's Twisted HTTP client costs about twice the CPU per request of its aiohttp one (measured on the bench
web: bench/README.md), and a link checker is mostly requests. The aiohttp handler does not use Twisted's
resolver (TWISTED_DNS_RESOLVER), so the same rules are given to aiohttp as its resolver here.
"""

from __future__ import annotations

import socket
from contextlib import asynccontextmanager

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver
from scrapy.core.downloader.handlers._aiohttp import AiohttpDownloadHandler, _ClientResponse
from scrapy.core.downloader.handlers._base_streaming import BaseStreamingDownloadHandler
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError
from scrapy.utils.ssl import _make_ssl_context

from mentionfinder.crawl import dnsclient
from mentionfinder.crawl.resolver import PrivateAddressError, PrivateAddressLookup, refusal, reserved
from mentionfinder.netguard import is_public, is_reserved_name, parse_dns_servers, parse_resolve


class GuardedResolver(AbstractResolver):
    """RESOLVE pins first, `.invalid` answered locally, then the system resolver (or the DNS servers of
    MENTIONFINDER_DNS_SERVERS, asked directly) with non-public answers refused."""

    def __init__(
        self,
        pins: dict[str, str],
        allow_private: bool,
        servers: list[tuple[str, int]] | None = None,
        timeout: float = 10.0,
    ):
        self.pins = pins
        self.allow_private = allow_private
        self.servers = servers or []  # MENTIONFINDER_DNS_SERVERS: asked directly instead of the system resolver
        self.timeout = timeout
        self._system: ThreadedResolver | None = None  # made on first use: it binds the running loop

    @classmethod
    def from_settings(cls, settings) -> GuardedResolver:
        return cls(
            parse_resolve(settings.get("RESOLVE")),
            settings.getbool("MENTIONFINDER_ALLOW_PRIVATE"),
            parse_dns_servers(settings.get("MENTIONFINDER_DNS_SERVERS")),
            settings.getfloat("DNS_TIMEOUT"),
        )

    def pinned(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.pins

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        name = host.lower().rstrip(".")
        if name in self.pins:
            return [_result(host, self.pins[name], port)]
        if is_reserved_name(name):
            raise OSError(reserved(host))
        if self.servers:
            addresses = await dnsclient.lookup(name, self.servers, self.timeout)
            results = [_result(host, address, port) for address in addresses]
        else:
            if self._system is None:
                self._system = ThreadedResolver()
            results = await self._system.resolve(host, port, family)
        if not self.allow_private:
            refused = [r["host"] for r in results if not is_public(r["host"])]
            if refused:
                # One private answer refuses the name: a round-robin that includes one is a rebinding trick.
                raise PrivateAddressLookup(refusal(host, refused[0]))
        return results

    async def close(self) -> None:
        if self._system is not None:
            await self._system.close()


def _result(host: str, address: str, port: int) -> ResolveResult:
    return ResolveResult(
        hostname=host,
        host=address,
        port=port,
        family=socket.AF_INET6 if ":" in address else socket.AF_INET,
        proto=0,
        flags=socket.AI_NUMERICHOST,
    )


class GuardedAiohttpHandler(AiohttpDownloadHandler):
    """Scrapy's aiohttp handler with GuardedResolver as its connector's resolver."""

    experimental = False  # the warning is for the handler's API; its behaviour here is covered by the tests

    def __init__(self, crawler):
        BaseStreamingDownloadHandler.__init__(self, crawler)
        settings = crawler.settings
        self._ssl_context = _make_ssl_context(settings)
        resolver = GuardedResolver.from_settings(settings)
        connector = aiohttp.TCPConnector(
            local_addr=self._bind_address,
            limit=self._pool_size_total,
            limit_per_host=self._pool_size_per_host,
            resolver=resolver,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            response_class=_ClientResponse,
            skip_auto_headers=("Accept", "Accept-Encoding", "Content-Type", "User-Agent"),
        )

    @asynccontextmanager
    async def _make_request(self, request, timeout):
        # Scrapy maps every aiohttp connect error to "connection refused", TLS handshake failures and
        # unreachable hosts included; refused means dead to a link checker, so only ECONNREFUSED stays so
        # (as with the Twisted client). The rest is a failed download: retried, then unverified or TLS.
        try:
            async with super()._make_request(request, timeout) as response:
                yield response
        except CannotResolveHostError as exc:
            refused = getattr(exc.__cause__, "os_error", None)
            if isinstance(refused, PrivateAddressLookup):
                raise PrivateAddressError(str(refused)) from exc
            raise
        except DownloadConnectionRefusedError as exc:
            cause = exc.__cause__
            if isinstance(cause, aiohttp.ClientSSLError) or not isinstance(
                getattr(cause, "os_error", None), ConnectionRefusedError
            ):
                raise DownloadFailedError(f"{type(cause).__name__}: {cause}") from cause
            raise
