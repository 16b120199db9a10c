"""mentionfinder.netguard: RESOLVE pins and public/private address rules (pure calls, nothing is contacted)."""

import pytest

from mentionfinder.netguard import (
    ResolveError,
    ip_literal,
    is_public,
    is_reserved_name,
    parse_dns_servers,
    parse_resolve,
)
from tests.helpers import cases


@pytest.mark.parametrize(
    "value, expected",
    [
        ("a.test=127.0.0.1,b.test=::1", {"a.test": "127.0.0.1", "b.test": "::1"}),
        ("A.Test.=127.0.0.1", {"a.test": "127.0.0.1"}),  # lower-cased, root dot dropped
        ("x.test=[::1]", {"x.test": "::1"}),  # brackets allowed
        (" a.test = 127.0.0.1 , , ", {"a.test": "127.0.0.1"}),  # spaces and empty entries ignored
        ("a.test=127.0.0.1,a.test=127.0.0.2", {"a.test": "127.0.0.2"}),  # last one wins
        ({"X.test": "127.0.0.1"}, {"x.test": "127.0.0.1"}),
        ("", {}),
        (None, {}),
        ({}, {}),
    ],
)
def test_parse_resolve(value, expected):
    assert parse_resolve(value) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("a.test", "has no '='"),
        ("a.test=127.0.0.1,b.test", "'b.test' has no '='"),
        ("a.test=localhost", "'localhost' is not an IP address"),
        ("a.test=999.0.0.1", "is not an IP address"),
        ("a.test=", "is not an IP address"),
        ("a.test=1.2.3.4=5", "is not an IP address"),
        ("=127.0.0.1", "has no host name"),
        ({"a.test": "nope"}, "is not an IP address"),
    ],
)
def test_parse_resolve_errors(value, fragment):
    with pytest.raises(ResolveError) as info:
        parse_resolve(value)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "addr",
    [
        "127.0.0.1",
        "127.0.0.2",
        "::1",
        "[::1]",
        "10.0.0.1",
        "192.168.1.1",
        "172.16.0.1",
        "172.31.255.255",
        "100.64.0.1",
        "169.254.169.254",
        "fe80::1",
        "fc00::1",
        "224.0.0.1",
        "ff02::1",
        "255.255.255.255",
        "0.0.0.0",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::",
        "2002:a9fe:a9fe::",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "2001:db8::1",  # documentation ranges
        "not-an-ip",
        "",
        "site.test",
    ],
)
def test_not_public(addr):
    assert is_public(addr) is False


@pytest.mark.parametrize("addr", ["8.8.8.8", "2001:4860:4860::8888", "[2001:4860:4860::8888]", "::ffff:8.8.8.8"])
def test_public(addr):
    assert is_public(addr) is True


IP_LITERALS = cases(
    r"""
127.0.0.1 ~ 127.0.0.1
'[::1]' ~ ::1
::1 ~ ::1
site.test ~ None
'' ~ None
"""
)


@pytest.mark.parametrize("host, expected", IP_LITERALS)
def test_ip_literal(host, expected):
    ip = ip_literal(host)
    assert (None if ip is None else str(ip)) == expected


RESERVED_NAMES = cases(
    r"""
x.invalid ~ True
a.b.x.invalid ~ True
X.INVALID. ~ True
invalid ~ True
x.test ~ False
invalid.test ~ False
notinvalid ~ False
x.invalidated.test ~ False
'' ~ False
"""
)


@pytest.mark.parametrize("host, expected", RESERVED_NAMES)
def test_is_reserved_name(host, expected):
    assert is_reserved_name(host) is expected


@pytest.mark.parametrize(
    "value, default, expected",
    [
        (None, 1.0, 1.0),
        (b"", 2.0, 2.0),
        (b"120", 1.0, 120.0),
        ("  7 ", 1.0, 7.0),
        (b"soon", 3.0, 3.0),
        (b"Wed, 21 Oct 2015 07:28:00 GMT", 1.0, 0.0),  # a date in the past: no wait
    ],
)
def test_retry_after_seconds(value, default, expected):
    from mentionfinder.crawl.middlewares import retry_after_seconds

    assert retry_after_seconds(value, default) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", []),
        (None, []),
        ("9.9.9.9", [("9.9.9.9", 53)]),
        (" 9.9.9.9:5353 , 1.1.1.1 ", [("9.9.9.9", 5353), ("1.1.1.1", 53)]),
        ("[2620:fe::fe]:53,2620:fe::9", [("2620:fe::fe", 53), ("2620:fe::9", 53)]),
        (["127.0.0.1:53"], [("127.0.0.1", 53)]),
    ],
)
def test_parse_dns_servers(value, expected):
    assert parse_dns_servers(value) == expected


@pytest.mark.parametrize("value", ["dns.google", "9.9.9.9:0", "9.9.9.9:99999", "9.9.9.9:x", "[::1]:port"])
def test_parse_dns_servers_errors(value):
    with pytest.raises(ResolveError, match="MENTIONFINDER_DNS_SERVERS entry .* e.g. 9.9.9.9"):
        parse_dns_servers(value)
