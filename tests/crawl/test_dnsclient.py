"""mentionfinder.crawl.dnsclient against a real DNS server on loopback: answers, missing names, failures."""

from __future__ import annotations

import asyncio

import pytest

from mentionfinder.crawl.dnsclient import LookupFailed, lookup
from tests.dnsserver import DNSServer


@pytest.fixture
def server():
    with DNSServer({"site.test": "127.0.0.1"}) as dns_server:
        yield dns_server


def test_a_known_name_resolves(server):
    assert asyncio.run(lookup("site.test", [server.address])) == ["127.0.0.1"]
    assert asyncio.run(lookup("SITE.test", [server.address])) == ["127.0.0.1"]


def test_a_name_the_server_says_does_not_exist_is_missing(server):
    with pytest.raises(LookupFailed, match="NXDOMAIN") as failed:
        asyncio.run(lookup("gone.test", [server.address]))
    assert failed.value.missing


@pytest.mark.parametrize("mode", ["servfail", "silent"])
def test_a_failing_server_is_no_answer_not_a_missing_name(server, mode):
    server.mode = mode
    with pytest.raises(LookupFailed, match="no DNS server answered") as failed:
        asyncio.run(lookup("site.test", [server.address], timeout=0.4))
    assert not failed.value.missing


def test_the_next_server_is_asked_when_one_is_silent(server):
    with DNSServer({"site.test": "127.0.0.2"}) as silent:
        silent.mode = "silent"
        assert asyncio.run(lookup("site.test", [silent.address, server.address], timeout=0.4)) == ["127.0.0.1"]
