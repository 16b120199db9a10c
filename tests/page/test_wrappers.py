"""Redirect wrappers: the addresses a link carries in its query, however the parameter is named or encoded."""

from __future__ import annotations

import pytest

from mentionfinder.page.wrappers import embedded_urls

ACME = "https://www.acmewellness.test/guides/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # affiliate networks and tracking redirects: the parameter's name does not matter
        ("https://go.skimresources.com/?id=123&url=https%3A%2F%2Fwww.acmewellness.test%2Fguides%2F", [ACME]),
        ("https://www.google.com/url?q=https://www.acmewellness.test/guides/&sa=D", [ACME]),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.acmewellness.test%2Fguides%2F&h=AT0", [ACME]),
        (
            "https://click.linksynergy.test/deeplink?id=x&mid=1&murl=https%3A%2F%2Fwww.acmewellness.test%2Fguides%2F",
            [ACME],
        ),
        ("https://track.test/r?dest=" + "https%253A%252F%252Fwww.acmewellness.test%252Fguides%252F", [ACME]),  # twice
        ("https://out.test/?to=//www.acmewellness.test/guides/", [ACME]),  # scheme-relative
        ("https://href.li/?https://www.acmewellness.test/guides/", [ACME]),  # the whole query is the address
        ("https://exit.test/go#url=https%3A%2F%2Fwww.acmewellness.test%2Fguides%2F", [ACME]),  # after a "#"
        # a wrapper inside a wrapper
        (
            "https://a.test/r?u="
            + "https%3A%2F%2Fb.test%2Fr%3Furl%3Dhttps%253A%252F%252Fwww.acmewellness.test%252Fguides%252F",
            ["https://b.test/r?url=https%3A%2F%2Fwww.acmewellness.test%2Fguides%2F", ACME],
        ),
        # plain links and queries that carry no address
        ("https://www.acmewellness.test/guides/", []),
        ("https://shop.test/search?q=acme+wellness&page=2", []),
        ("https://shop.test/?ref=acmewellness.test", []),  # a bare domain is a word, not an address
        ("https://shop.test/?next=/account/", []),  # a path on the same site
        ("https://shop.test/?u=http://localhost/", []),  # no dotted host
        ("https://shop.test/?u=http://[bad/", []),
        ("http://[bad?u=https://www.acmewellness.test/", []),
        ("", []),
    ],
)
def test_embedded_urls(url, expected):
    assert embedded_urls(url) == expected
