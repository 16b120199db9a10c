"""mentionfinder.page.mentions: whole-word brand mentions in text blocks, linked or unlinked."""

import unicodedata

import pytest

from mentionfinder.page.mentions import Mention, find_mentions, is_unlinked_mention, snippet
from tests.helpers import cases

VITALIS = ["Vitalis Health"]


BOUNDARIES = cases(
    r"""
We like Vitalis Health. ~ ['Vitalis Health']
Vitalis Health's new clinic ~ ['Vitalis Health']
'(Vitalis Health)' ~ ['Vitalis Health']
'"Vitalis Health"' ~ ['Vitalis Health']
vitalis   health ~ ['vitalis health']  # any run of white space, reported collapsed
'Vitalis\nHealth' ~ ['Vitalis Health']  # line break inside the name
'Vitalis \t\n Health' ~ ['Vitalis Health']
VITALIS HEALTH! ~ ['VITALIS HEALTH']  # case-insensitive, reported as written
Vitalis Health and vitalis health ~ ['Vitalis Health', 'vitalis health']
Vitalis Healthcare ~ []  # whole words only
MyVitalis Health ~ []
Vitalis Health_x ~ []
Vitalis-Health ~ []
VitalisHealth ~ []
Vitalis, Health ~ []
'' ~ []
"""
)


@pytest.mark.parametrize("text, found", BOUNDARIES)
def test_word_boundaries(text, found):
    assert [m.mention_text for m in find_mentions([text], VITALIS)] == found


@pytest.mark.parametrize(
    "names",
    [
        ["Acme", "Acme Wellness"],
        ["Acme Wellness", "Acme"],
    ],
)
def test_longest_name_first(names):
    mentions = find_mentions(["Try Acme Wellness today, or Acme tomorrow."], names)
    assert [m.mention_text for m in mentions] == ["Acme Wellness", "Acme"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Die Zürich Klinik ist gut.", ["Zürich Klinik"]),
        ("zürich klinik", ["zürich klinik"]),
        ("ZÜRICH KLINIK", ["ZÜRICH KLINIK"]),
        ("Die Zürich Kliniken", []),
        ("Die Zürich Klinikum", []),
        ("AltZürich Klinik", []),
    ],
)
def test_unicode_names(text, found):
    assert [m.mention_text for m in find_mentions([text], ["Zürich Klinik"])] == found


def test_unicode_decomposed_text_matches():
    text = unicodedata.normalize("NFD", "Die Zürich Klinik ist gut.")
    assert [m.mention_text for m in find_mentions([text], ["Zürich Klinik"])] != []


@pytest.mark.parametrize("names", [[], [""], ["   "], ()])
def test_no_names_no_mentions(names):
    assert find_mentions(["Acme everywhere"], names) == []


def test_block_index():
    mentions = find_mentions(["nothing", "Acme here", "and Acme"], ["Acme"])
    assert [(m.block, m.context) for m in mentions] == [(1, "Acme here"), (2, "and Acme")]


def test_name_split_across_blocks_is_no_mention():
    assert find_mentions(["Vitalis", "Health"], VITALIS) == []


@pytest.mark.parametrize(
    "count, limit, expected",
    [
        (10, 3, 3),
        (10, 1, 1),
        (2, 3, 2),
        (60, 50, 50),
    ],
)
def test_limit(count, limit, expected):
    blocks = ["Acme " * count]
    assert len(find_mentions(blocks, ["Acme"], limit=limit)) == expected


def test_limit_across_blocks():
    assert len(find_mentions(["Acme Acme", "Acme Acme"], ["Acme"], limit=3)) == 3


@pytest.mark.parametrize(
    "before, after, left_dots, right_dots",
    [
        ("", "", False, False),
        ("word " * 60, "", True, False),
        ("", " word" * 60, False, True),
        ("word " * 60, " word" * 60, True, True),
    ],
)
def test_snippet_ellipses(before, after, left_dots, right_dots):
    [mention] = find_mentions([before + "Acme" + after], ["Acme"])
    assert "Acme" in mention.context
    assert mention.context.startswith("…") is left_dots
    assert mention.context.endswith("…") is right_dots
    assert len(mention.context) <= len("Acme") + 2 * 100 + 2


def test_snippet_cuts_at_word_boundaries():
    text = "alpha beta gamma delta Acme epsilon zeta eta theta"
    assert snippet(text, text.index("Acme"), text.index("Acme") + 4, radius=10) == "…delta Acme epsilon…"


# --- is_unlinked_mention -----------------------------------------------------------------------

BRAND = frozenset({"acme.test"})
MENTION = [Mention("Acme", "We like Acme.", 0)]


@pytest.mark.parametrize(
    "page_url, mentions, link_urls, expected",
    [
        # someone else's page that names the brand and links elsewhere only
        ("https://blog.other.test/post", MENTION, ["https://third.test/x"], True),
        ("https://blog.other.test/post", MENTION, [], True),
        # no mentions
        ("https://blog.other.test/post", [], ["https://third.test/x"], False),
        ("https://blog.other.test/post", [], [], False),
        # the brand's own site (or any subdomain of it)
        ("https://acme.test/about", MENTION, [], False),
        ("https://www.acme.test/about", MENTION, [], False),
        ("https://shop.eu.acme.test/", MENTION, [], False),
        # a link to any brand subdomain anywhere on the page
        ("https://blog.other.test/post", MENTION, ["https://third.test/x", "https://acme.test/"], False),
        ("https://blog.other.test/post", MENTION, ["https://shop.acme.test/item?x=1"], False),
        ("https://blog.other.test/post", MENTION, ["http://WWW.ACME.TEST"], False),
        # look-alike domains are not the brand
        ("https://blog.other.test/post", MENTION, ["https://notacme.test/", "https://acme.test.other.test/"], True),
        ("https://acme-fans.test/", MENTION, [], True),
        # garbage link URLs do not count as links to the brand
        ("https://blog.other.test/post", MENTION, ["http://[bad", "", "mailto:x@acme.test"], True),
    ],
)
def test_is_unlinked_mention(page_url, mentions, link_urls, expected):
    assert is_unlinked_mention(page_url, mentions, link_urls, BRAND) is expected


def test_is_unlinked_mention_accepts_generator():
    urls = (u for u in ["https://third.test/", "https://www.acme.test/"])
    assert is_unlinked_mention("https://other.test/", MENTION, urls, BRAND) is False
