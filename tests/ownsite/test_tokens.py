"""mentionfinder.ownsite.tokens: URL and text words for the matcher, and the light stemmer."""

import pytest

from mentionfinder.ownsite.tokens import stem, text_tokens, url_tokens
from tests.helpers import cases


@pytest.mark.parametrize(
    "url, expected",
    [
        # camelCase humps
        ("https://site.test/HeartHealthGuide", ["heart", "health", "guide"]),
        ("https://site.test/IDBOpenDBRequest", ["idb", "open", "db", "request"]),
        # "_", "-" and the extension; pure numbers are kept (years, versions)
        ("https://site.test/sleep_tips-2019.html", ["sleep", "tips", "2019"]),
        ("https://site.test/Firefox23/whats-new.php", ["firefox", "23", "whats", "new"]),
        # letters and digits are only split when the letters make a word
        ("https://site.test/html5-video", ["html", "5", "video"]),
        ("https://site.test/h4-mp3-i18n-e2e", ["h4", "mp3", "i18n", "e2e"]),
        # stop-words and single letters dropped ...
        ("/healthy-eating-on-a-budget", ["healthy", "eating", "budget"]),
        ("https://site.test/blog/vitamin-d-in-winter/", ["blog", "vitamin", "winter"]),
        # ... except inside a camelCase name, or when nothing else is left
        ("https://site.test/insertBefore", ["insert", "before"]),
        ("https://site.test/about", ["about"]),
        # percent-encoding decoded, host / fragment / query keys ignored, "index.html" = its folder
        ("https://site.test/heart%20health%2Dguide#top", ["heart", "health", "guide"]),
        ("https://site.test/caf%C3%A9-cr%C3%A8me/", ["café", "crème"]),
        ("https://www.example.com/guides/index.html", ["guides"]),
        ("https://site.test/page?id=123", ["page"]),
        ("https://site.test/index.php?title=Sleep_hygiene", ["sleep", "hygiene"]),
        # wiki-style namespaces and dotted names
        ("https://site.test/wiki/Category:Sleep_disorders", ["wiki", "category", "sleep", "disorders"]),
        ("https://site.test/DOM:window.onload", ["dom", "window", "onload"]),
        # bare paths, empty paths
        ("guides/sleep-hygiene", ["guides", "sleep", "hygiene"]),
        ("https://site.test/", []),
        ("", []),
    ],
)
def test_url_tokens(url, expected):
    assert url_tokens(url) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Healthy eating: a practical guide | Vitalis Health",
            ["healthy", "eating", "practical", "guide", "vitalis", "health"],
        ),
        ("Do you need vitamin D in winter?", ["need", "vitamin", "winter"]),
        ("About us", ["about", "us"]),
        ("setTimeout() global function", ["set", "timeout", "global", "function"]),
        ("", []),
    ],
)
def test_text_tokens(text, expected):
    assert text_tokens(text) == expected


PLURALS = cases(
    r"""
tips ~ tip
studies ~ study
boxes ~ box
guides ~ guide
matches ~ match
caches ~ cache
cookies ~ cookie
policies ~ policy
classes ~ class
days ~ day
"""
)


@pytest.mark.parametrize("a, b", PLURALS)
def test_stem_brings_plural_and_singular_together(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("word", ["status", "analysis", "class", "css", "2019", "h4"])
def test_stem_leaves_alone(word):
    assert stem(word) == word
