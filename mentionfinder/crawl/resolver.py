"""Name resolution for every request: RESOLVE pins first, `.invalid` answered locally, private addresses refused."""

from __future__ import annotations

from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from mentionfinder.crawl import dnsclient
from mentionfinder.netguard import is_public, is_reserved_name, parse_dns_servers, parse_resolve


class PrivateAddressError(DNSLookupError):
    """The host resolves to an address that crawls may not reach (see MENTIONFINDER_ALLOW_PRIVATE)."""


class PrivateAddressLookup(OSError):
    """The same refusal inside aiohttp's resolver (crawl/handlers.py), which lets only OSError through; the
    handler turns it back into PrivateAddressError, so the check sees a refusal, not a vanished host."""


def refusal(name: str, address: str) -> str:
    """The message of a refused name, the same from both resolvers."""
    return f"{name} resolves to non-public address {address}"


def reserved(name: str) -> str:
    return f"{name}: reserved name, never resolves"


class PinnedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver plus RESOLVE pins and the private-address guard.

    Installed through TWISTED_DNS_RESOLVER for any download handler that uses Twisted's name resolution
    (the default http/https handler is aiohttp's, guarded in crawl/handlers.py). Twisted's endpoint turns
    every failed lookup into one "no results" error, so through it a refused name reads as unresolvable:
    nothing is requested from the private address either way.
    """

    pins: dict[str, str] = {}
    allow_private = False
    servers: list[tuple[str, int]] = []

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.pins = parse_resolve(crawler.settings.get("RESOLVE"))
        resolver.allow_private = crawler.settings.getbool("MENTIONFINDER_ALLOW_PRIVATE")
        resolver.servers = parse_dns_servers(crawler.settings.get("MENTIONFINDER_DNS_SERVERS"))
        return resolver

    def getHostByName(self, name, timeout=()):
        host = name.lower().rstrip(".")
        if host in self.pins:
            return defer.succeed(self.pins[host])
        if is_reserved_name(host):
            return defer.fail(DNSLookupError(reserved(name)))
        if self.servers:
            d = deferred_from_coro(self._ask_servers(host))
        else:
            d = super().getHostByName(name, timeout)
        d.addCallback(self._guard, name)
        return d

    async def _ask_servers(self, host: str) -> str:
        try:
            return (await dnsclient.lookup(host, self.servers))[0]
        except OSError as exc:
            raise DNSLookupError(str(exc)) from exc

    def _guard(self, address: str, name: str) -> str:
        if not self.allow_private and not is_public(address):
            raise PrivateAddressError(refusal(name, address))
        return address
