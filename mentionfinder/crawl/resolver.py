"""Name resolution for every request: RESOLVE pins first, `.invalid` answered locally, private addresses refused."""

from __future__ import annotations

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from mentionfinder.netguard import is_public, is_reserved_name, parse_resolve


class PrivateAddressError(DNSLookupError):
    """The host resolves to an address that crawls may not reach (see MENTIONFINDER_ALLOW_PRIVATE)."""


# Host names refused by the guard → the address they resolved to. Twisted's endpoint turns every failed
# lookup into the same "no results" error, so the download error alone cannot tell "refused" from
# "does not exist"; this registry can (one crawler per process).
REFUSED: dict[str, str] = {}


def refuse(name: str, address: str) -> str:
    """Record that `name` was refused because it resolved to `address`; returns the error message.

    Shared by both resolvers (Twisted's, and aiohttp's in download.py)."""
    REFUSED[name.lower().rstrip(".")] = address
    return f"{name} resolves to non-public address {address}"


def reserved(name: str) -> str:
    return f"{name}: reserved name, never resolves"


def refused_address(host: str) -> str | None:
    """The non-public address a host name was refused for, or None."""
    return REFUSED.get(host.lower().rstrip("."))


class PinnedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver plus RESOLVE pins and the private-address guard.

    Installed through TWISTED_DNS_RESOLVER, so pages, robots.txt, checks and every redirect hop use it.
    """

    pins: dict[str, str] = {}
    allow_private = False

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.pins = parse_resolve(crawler.settings.get("RESOLVE"))
        resolver.allow_private = crawler.settings.getbool("MENTIONFINDER_ALLOW_PRIVATE")
        return resolver

    def getHostByName(self, name, timeout=()):
        host = name.lower().rstrip(".")
        if host in self.pins:
            return defer.succeed(self.pins[host])
        if is_reserved_name(host):
            return defer.fail(DNSLookupError(reserved(name)))
        d = super().getHostByName(name, timeout)
        d.addCallback(self._guard, name)
        return d

    def _guard(self, address: str, name: str) -> str:
        if not self.allow_private and not is_public(address):
            raise PrivateAddressError(refuse(name, address))
        return address
