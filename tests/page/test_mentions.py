"""mentionfinder.page.mentions: whole-word brand mentions in text blocks, linked or unlinked."""

import unicodedata

import pytest

from mentionfinder.domains import url_domain
from mentionfinder.page.mentions import find_mentions, link_kind, links_to, page_mentions, snippet
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


# --- unlinked: mentions counted on someone else's page, and no link to the brand anywhere on it ----------

BRAND = frozenset({"acme.test"})
TEXT = ["We like Acme."]


@pytest.mark.parametrize(
    "page_url, counted",
    [
        ("https://blog.other.test/post", True),
        # the brand's own site (or any subdomain of it) names it everywhere: never a mention
        ("https://acme.test/about", False),
        ("https://www.acme.test/about", False),
        ("https://shop.eu.acme.test/", False),
        # look-alike domains are not the brand
        ("https://acme-fans.test/", True),
    ],
)
def test_mentions_count_on_other_sites_only(page_url, counted):
    assert bool(page_mentions(url_domain(page_url), TEXT, ["Acme"], BRAND)) is counted


@pytest.mark.parametrize(
    "link_urls, linked",
    [
        (["https://third.test/x"], False),
        ([], False),
        # a link to any brand subdomain anywhere on the page
        (["https://third.test/x", "https://acme.test/"], True),
        (["https://shop.acme.test/item?x=1"], True),
        (["http://WWW.ACME.TEST"], True),
        # look-alike domains are not the brand
        (["https://notacme.test/", "https://acme.test.other.test/"], False),
        # garbage link URLs do not count as links to the brand
        (["http://[bad", "", "mailto:x@acme.test"], False),
        # through an affiliate or tracking redirect: the reader lands on the brand
        (["https://go.skimresources.test/?id=1&url=https%3A%2F%2Fwww.acme.test%2Fguides%2F"], True),
        (["https://l.facebook.test/l.php?u=https://shop.acme.test/x"], True),
        (["https://go.skimresources.test/?id=1&url=https%3A%2F%2Fnotacme.test%2F"], False),
        (["https://search.test/?q=acme.test"], False),  # the domain as a search word is no link
    ],
)
def test_links_to_the_brand(link_urls, linked):
    assert links_to(link_urls, BRAND) is linked


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.acme.test/", "direct"),
        ("https://go.test/?url=https%3A%2F%2Fwww.acme.test%2F", "wrapper"),
        ("https://go.test/?url=https%3A%2F%2Fother.test%2F", ""),
        ("https://other.test/page", ""),
    ],
)
def test_link_kind(url, kind):
    assert link_kind(url, BRAND) == kind


def test_links_to_accepts_a_generator():
    assert links_to((u for u in ["https://third.test/", "https://www.acme.test/"]), BRAND) is True


# --- brand names that are common words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "case_sensitive", "exclude", "found"),
    [
        ("I had a notion to try Notion for notes.", ["Notion"], True, (), ["Notion"]),
        ("I had a notion to try Notion for notes.", ["Notion"], False, (), ["notion", "Notion"]),
        ("Apple pie, apple juice and the new Apple Watch.", ["Apple"], True, ["apple pie"], ["Apple"]),
        ("Apple pie, apple juice and the new Apple Watch.", ["Apple"], False, ["apple pie"], ["apple", "Apple"]),
        ("See you on Monday! Our team plans in Monday boards.", ["Monday"], True, ["on Monday"], ["Monday"]),
        # an excluded phrase only hides the name inside it, and only as whole words
        ("Monday morning, then Monday.com.", ["Monday"], True, ["Monday morning"], ["Monday"]),
        ("Mondays at Monday", ["Monday"], True, ["Mondays"], ["Monday"]),
    ],
)
def test_case_and_excluded_phrases(text, names, case_sensitive, exclude, found):
    mentions = find_mentions([text], names, case_sensitive=case_sensitive, exclude=exclude)
    assert [m.mention_text for m in mentions] == found


def test_the_brand_site_is_still_no_mention_with_the_rules():
    assert page_mentions("notion.test", ["Notion"], ["Notion"], frozenset({"notion.test"}), case_sensitive=True) == ()


# --- the brand's domain written as text ---------------------------------------------------------------

ACME_DOMAINS = frozenset({"acmewellness.com"})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Read acmewellness.com for more.", [("acmewellness.com", "domain")]),
        ("Visit www.AcmeWellness.com/guides today", [("www.AcmeWellness.com", "domain")]),
        ("shop.acmewellness.com and Acme Wellness", [("shop.acmewellness.com", "domain"), ("Acme Wellness", "name")]),
        # the alias inside the written domain is that one mention, not a second one
        ("Acme Wellness (acmewellness.com)", [("Acme Wellness", "name"), ("acmewellness.com", "domain")]),
        # not the brand's domain: inside a longer host name, or a look-alike
        ("notacmewellness.com and acmewellness.com.evil.test", []),
        ("mail me at team@acmewellness.company", []),
    ],
)
def test_domains_written_as_text(text, found):
    mentions = find_mentions([text], ["Acme Wellness"], domains=ACME_DOMAINS)
    assert [(m.mention_text, m.kind) for m in mentions] == found


def test_an_alias_inside_a_written_domain_is_one_domain_mention():
    mentions = find_mentions(["Get it at acmewellness.com today"], ["AcmeWellness"], domains=ACME_DOMAINS)
    assert [(m.mention_text, m.kind) for m in mentions] == [("acmewellness.com", "domain")]
