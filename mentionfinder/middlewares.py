"""Downloader middleware: refuse URLs whose host is a literal private, loopback or link-local address."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from mentionfinder.netguard import ip_literal, is_public


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
