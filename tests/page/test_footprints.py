"""mentionfinder.page.footprints: which pages are resource pages and which same-site links to follow."""

import pytest

from mentionfinder.page.footprints import is_resource_page, matches, url_path_matches, worth_following
from tests.helpers import cases

FOOTPRINTS = ("resources", "useful links")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Resources", True),
        ("Additional Resources for Patients", True),
        ("/additional-resources/", True),
        ("additional_resources", True),
        ("Useful Links", True),
        ("USEFUL   LINKS", True),
        ("useful-links.html", True),
        ("useful_links", True),
        ("Useful links: a list", True),
        ("usefullinks", False),
        ("useful linksmith", False),
        ("resourceshelf", False),
        ("myresources", False),
        ("resource", False),  # singular is another footprint, not this one
        ("links", False),
        ("", False),
    ],
)
def test_matches(text, expected):
    assert matches(text, FOOTPRINTS) is expected


@pytest.mark.parametrize("footprints", [(), ("",), ("  ", "--")])
def test_no_usable_footprints_match_nothing(footprints):
    assert matches("resources useful links", footprints) is False


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://site.test/additional-resources/", True),
        ("https://site.test/Resources", True),
        ("https://site.test/page?resources", True),
        ("https://site.test/useful-links.html", True),
        ("https://site.test/useful%20links/", True),  # percent-encoded space
        ("https://site.test/usefullinks.html", False),
        ("https://resources.example-host.test/", False),  # the host is never looked at
        ("https://resources.example-host.test/about", False),
        ("https://useful-links.test/", False),
        ("https://site.test/#resources", False),  # nor the fragment
        ("http://[bad/resources", False),  # garbage: False without raising
        ("", False),
    ],
)
def test_url_path_matches(url, expected):
    assert url_path_matches(url, FOOTPRINTS) is expected


@pytest.mark.parametrize(
    "url, title, h1, expected",
    [
        ("https://site.test/additional-resources/", "", (), True),
        ("https://site.test/p/1", "Helpful Resources | Site", (), True),
        ("https://site.test/p/1", "Home", ("Welcome", "Useful Links"), True),
        ("https://site.test/p/1", "Home", ["Useful Links"], True),
        ("https://site.test/p/1", "Home", iter(["Useful Links"]), True),
        ("https://resources.example-host.test/", "About us", ("Team",), False),
        ("https://site.test/p/1", "Usefullinks", ("Resourceful",), False),
        ("https://site.test/p/1", "", (), False),
    ],
)
def test_is_resource_page(url, title, h1, expected):
    assert is_resource_page(url, title, h1, FOOTPRINTS) is expected


WORTH_FOLLOWING = cases(
    r"""
https://site.test/p/2 ~ More resources ~ True
https://site.test/p/2 ~ Useful Links ~ True
https://site.test/useful-links/ ~ Next ~ True
https://site.test/resources/page/2 ~ '' ~ True
https://resources.example-host.test/p/2 ~ Next ~ False
https://site.test/p/2 ~ usefullinks ~ False
https://site.test/p/2 ~ '' ~ False
"""
)


@pytest.mark.parametrize("url, anchor, expected", WORTH_FOLLOWING)
def test_worth_following(url, anchor, expected):
    assert worth_following(url, anchor, FOOTPRINTS) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Resources!",
        "Useful Links?",
        '"Resources"',
        "“Resources”",
        "[Resources]",
        "Patient Resources—Site",
        "Resources…",
        "section=resources",
        "a=1&useful-links",
    ],
)
def test_punctuation_separates_words(text):
    assert matches(text, FOOTPRINTS)


@pytest.mark.parametrize(
    "url", ["https://site.test/index.php?page=resources", "https://site.test/index.php?a=1&page=useful-links"]
)
def test_footprint_in_query_value(url):
    assert url_path_matches(url, FOOTPRINTS)


@pytest.mark.parametrize("footprints", [["Resources"], ("RESOURCES",), ["resources "]])
def test_footprints_case_and_padding_insensitive(footprints):
    assert matches("/additional-resources/", footprints)
