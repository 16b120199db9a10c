"""mentionfinder.check.clues: a body sample → its signals, and how alike two pages are (markers: own test files)."""

import os
import subprocess
import sys
import time

import pytest

from mentionfinder.check.clues import PageSignals, page_signals, similarity

URL = "https://site.test/some/deep/page"
ARTICLE = " ".join(
    f"Paragraph {i} talks about gardening, compost, soil health and seasonal planting plans." for i in range(40)
)  # ~440 words: a real page


def html(title="", h1="", body="", head=""):
    h1_html = f"<h1>{h1}</h1>" if h1 else ""
    return f"<html><head><title>{title}</title>{head}</head><body>{h1_html}<p>{body}</p></body></html>"


def signals(title="", h1="", body="", head="", headers=None):
    return page_signals(html(title, h1, body, head).encode(), URL, headers)


# --- similarity --------------------------------------------------------------------------------


def test_similarity():
    a = signals(title="Acme", body=ARTICLE + " Requested path: /a/b/c")
    b = signals(title="Acme", body=ARTICLE + " Requested path: /x/y")
    other = signals(title="Other", body=" ".join(f"Stock market quote {i} for traders and brokers" for i in range(60)))
    assert similarity(a, b) >= 0.8
    assert similarity(a, other) <= 0.2
    assert similarity(a, a) == 1.0
    assert similarity(signals(title="App"), signals(title="App")) == 1.0
    assert similarity(signals(title=""), signals(title="")) == 0.0
    assert similarity(signals(title="App"), signals(title="Other app")) == 0.0
    assert similarity(signals(title="App"), a) == 0.0


def test_basic_fields_and_stable_shingles():
    s = signals(title="  Acme   Garden ", h1="Welcome  home", body="one two three four five")
    assert (s.title, s.h1, s.words) == ("Acme Garden", "Welcome home", 7)
    assert len(s.shingles) == 4
    probe = (
        "from mentionfinder.check.clues import page_signals; print(sorted(page_signals('<p>a b c d e</p>').shingles))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1 and runs != {""}


# --- robustness and purity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        "",
        b"\x00\xff" * 1000,
        "<<<<",
        "<html><title>404</title",
        b"<h1>\xff\xfe Not Found</h1>",
        "\ud800 surrogate",
        "<" * 10000,
        "<div>" * 5000 + "deep",
        None,
        bytearray(b"<title>Just a moment...</title>"),
    ],
)
def test_garbage_never_raises(body):
    assert isinstance(page_signals(body, "::not a url::", {"Weird": "x"}), PageSignals)


def test_huge_page_is_fast():
    page = html("Big", body="<p>" + "word " * 400_000 + "</p>").encode()  # ~2 MB
    start = time.perf_counter()
    s = page_signals(page, URL)
    assert time.perf_counter() - start < 1.5
    assert s.words > 1000 and len(s.shingles) <= 2000


# --- app shells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, shell",
    [
        ('<div id="root">Loading…</div><noscript>You need to enable JavaScript to run this app.</noscript>', True),
        ("", True),  # no words at all
        ('<div id="app"></div>' + " ".join(["Home", "About", "Blog", "Contact", "Shop"] * 3), True),
        ("<nav>Home About Archive Tags</nav><p>My blog, © 2017 Vivian. Powered by Hexo, theme NexT Muse.</p>", False),
        (ARTICLE + '<div id="root"></div>', False),  # a full page is never a shell
    ],
)
def test_app_shell(body, shell):
    assert signals(title="App", body=body).app_shell is shell
