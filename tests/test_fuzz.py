"""Random HTML-like input never makes the pure page stages raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentionfinder.check.clues import page_signals
from mentionfinder.page.analysis import analyse
from mentionfinder.page.extract import absolutize, parse_page
from mentionfinder.page.mentions import find_mentions

FRAGMENTS = [
    "<a href='",
    '<a href="',
    "'>",
    '">',
    "</a>",
    "<area href=",
    "<base href='",
    "<div>",
    "</div>",
    "<p>",
    "<br>",
    "<nav>",
    "<footer>",
    "<aside class='sidebar'>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<h1>",
    "<title>",
    "</title>",
    "<img alt='",
    "<![CDATA[",
    "<?xml version='1.0' encoding='latin-1'?>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "http://",
    "https://x.test/",
    "mailto:",
    "javascript:",
    "//",
    "#",
    "?",
    "[",
    "]",
    "%",
    "%zz",
    "Acme Wellness",
    "acme",
    "\x00",
    "\ufeff",
    "\u202e",
    "é",
    "ü",
    "\r\n",
    " ",
]
html_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=60).map("".join)
raw_bytes = st.binary(max_size=2000)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(html_like, st.sampled_from(["http://page.test/a/b.html", "https://x.test", "file:///tmp/x.html", ""]))
def test_parse_page_never_raises(html, url):
    page = parse_page(html, url)
    for link in page.links:
        assert link.url and link.placement in ("content", "navigation", "footer", "sidebar")


@FUZZ
@given(raw_bytes)
def test_bytes_never_raise(body):
    parse_page(body, "http://page.test/")
    page_signals(body, "http://page.test/", {"content-type": "text/html"})


@FUZZ
@given(html_like)
def test_analyse_and_signals_never_raise(html):
    analyse(
        html,
        "http://page.test/",
        brand_names=("Acme Wellness", "Acme"),
        brand_domains=frozenset({"acme.test"}),
        footprints=("links",),
    )
    page_signals(html, "http://page.test/")


@FUZZ
@given(st.lists(st.text(max_size=200), max_size=10), st.lists(st.text(max_size=30), max_size=4))
def test_mentions_never_raise(blocks, names):
    for mention in find_mentions(blocks, names):
        assert mention.mention_text


@FUZZ
@given(st.text(max_size=200), st.sampled_from(["http://page.test/a/", "https://[::1]/", "http://x.test:99999/"]))
def test_absolutize_never_raises(href, base):
    result = absolutize(href, base)
    assert result is None or ":" in result


_URL_ALPHABET = "abcXYZ019-._~:/?#[]@!$&'()*+,;=% \t\"<>\\^`{|}é"


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "http:/", "//", "ftp://", "", "/", "/a/"]),
    st.text(alphabet="abz09.-:@[]", max_size=14),
    st.text(alphabet=_URL_ALPHABET, max_size=30),
)
def test_absolutize_fast_path_agrees_with_the_general_one(scheme, host, rest):
    # The shortcut for plain absolute URLs must give exactly what urljoin/urlsplit would.
    from mentionfinder.page.extract import _absolutize_general

    href = scheme + host + rest
    for base in (
        "http://page.test/dir/index.html",
        "https://other.test/",
        "http://page.test:8080",
        "http://Upper.test/x",
        "http://page.test/a/b?q#f",
    ):
        assert absolutize(href, base) == _absolutize_general(href.strip(), base)
