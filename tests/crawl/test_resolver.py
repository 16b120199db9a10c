"""mentionfinder.crawl.resolver.PinnedResolver (Twisted name resolution): pins, reserved names, the guard."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler
from twisted.internet import reactor
from twisted.internet.error import DNSLookupError

from mentionfinder.crawl.resolver import PinnedResolver, PrivateAddressError, refusal, reserved


def resolver(allow_private: bool = False) -> PinnedResolver:
    crawler = get_crawler(
        settings_dict={"RESOLVE": "site.test=127.0.0.1", "MENTIONFINDER_ALLOW_PRIVATE": allow_private}
    )
    return PinnedResolver.from_crawler(crawler, reactor)


def result(deferred):
    got = []
    deferred.addBoth(got.append)
    [value] = got  # pins and refusals answer at once, without a lookup
    return value


def test_a_pin_answers_even_for_a_private_address():
    assert result(resolver().getHostByName("SITE.test.")) == "127.0.0.1"


def test_a_reserved_name_fails_without_a_lookup():
    failure = result(resolver().getHostByName("gone.invalid"))
    assert failure.check(DNSLookupError) and reserved("gone.invalid") in str(failure.value)


def test_the_guard_refuses_a_private_answer_unless_allowed():
    with pytest.raises(PrivateAddressError, match="non-public address 10.0.0.1"):
        resolver()._guard("10.0.0.1", "intranet.test")
    assert resolver(allow_private=True)._guard("10.0.0.1", "intranet.test") == "10.0.0.1"
    assert resolver()._guard("93.184.216.34", "example.test") == "93.184.216.34"
    assert refusal("a.test", "::1") == "a.test resolves to non-public address ::1"
