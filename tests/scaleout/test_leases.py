"""mentionfinder.scaleout.leases.acked: a leased request is released only after all its callback's outputs."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response

from mentionfinder.scaleout.leases import LEASE_META, LeaseAck, acked


class Spider:
    @acked
    def parse(self, response):
        yield "item 1"
        yield "item 2"

    @acked
    def nothing(self, response):
        return None


def test_a_leased_request_is_acked_after_its_outputs():
    request = Request("http://a.test/", meta={LEASE_META: "lease-1"})
    outputs = list(Spider().parse(Response(request.url, request=request)))
    assert outputs == ["item 1", "item 2", LeaseAck(request)]
    assert list(Spider().nothing(Response(request.url, request=request))) == [LeaseAck(request)]


def test_without_a_lease_nothing_is_added():
    request = Request("http://a.test/")
    assert list(Spider().parse(Response(request.url, request=request))) == ["item 1", "item 2"]
    assert Spider.parse.__name__ == "parse"
