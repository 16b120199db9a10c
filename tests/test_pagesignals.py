"""mentionfinder.check.clues: body sample → soft-404 phrase, parking and bot-challenge markers, similarity."""

import os
import subprocess
import sys
import time

import pytest

from mentionfinder.check.clues import PageSignals, is_parking_host, page_signals, similarity

URL = "https://site.test/some/deep/page"
ARTICLE = " ".join(
    f"Paragraph {i} talks about gardening, compost, soil health and seasonal planting plans." for i in range(40)
)  # ~440 words: a real page


def html(title="", h1="", body="", head=""):
    h1_html = f"<h1>{h1}</h1>" if h1 else ""
    return f"<html><head><title>{title}</title>{head}</head><body>{h1_html}<p>{body}</p></body></html>"


def signals(title="", h1="", body="", head="", headers=None):
    return page_signals(html(title, h1, body, head).encode(), URL, headers)


# --- soft 404: title or first h1 ---------------------------------------------------------------

ERROR_TITLES = [
    "404 Not Found",
    "Page not found | Site",
    "Page Not Found – The Very Long Name of Our Community Clinic",
    "Error 404 - Site",
    "404",
    "404 | Acme",
    "Oops! That page can’t be found.",
    "Oops! That page can't be found.",
    "Sorry, the page you requested does not exist",
    "This page is no longer available",
    "The page you are looking for doesn't exist",
    "404 - Page Not Found",
    "Error 404: Page not found",
    "File not found",
    "We can't find that page",
    "Not Found",
    "Page Not Found (404)",
    "Site not found · GitHub Pages",
    "The requested URL was not found on this server",
    "Nothing found",
]
MULTILINGUAL = [
    "Page introuvable",
    "Oups ! Page introuvable – Boutique",
    "Seite nicht gefunden",
    "Fehler 404 - Seite nicht gefunden",
    "Página no encontrada",
    "Pagina non trovata",
    "Pagina niet gevonden",
    "Página não encontrada",
    "Strona nie została znaleziona",
    "Страница не найдена",
    "ページが見つかりません",
    "找不到页面",
    "页面不存在",
]
NOT_ERRORS = [
    "How to fix a 404 error on WordPress",
    "Not Found: the lost art of letter writing",
    "Error handling in Python",
    "Page Not Found: How to Fix It",
    "Why page not found errors hurt your SEO",
    "The 404 page: a design gallery",
    "Seite nicht gefunden – was tun?",
    "Found: the missing manuscripts",
    "Lost and found office hours",
    "Top 10 creative 404 pages",
    "Error codes explained",
    "Products not found in stores anymore are back",
    "What to do when a page is no longer available",
    "Page not found errors in Google Search Console",
    "Gardening tips for spring",
    "",
]


@pytest.mark.parametrize("title", ERROR_TITLES + MULTILINGUAL)
def test_error_phrase_in_title(title):
    assert signals(title=title, body=ARTICLE).error_phrase


@pytest.mark.parametrize("title", ERROR_TITLES + MULTILINGUAL)
def test_error_phrase_in_h1(title):
    assert signals(title="Acme Garden Supplies", h1=title).error_phrase


@pytest.mark.parametrize("title", NOT_ERRORS)
def test_no_error_phrase(title):
    assert signals(title=title, h1=title, body=ARTICLE).error_phrase == ""


def test_error_phrase_is_the_matched_part_and_never_from_body():
    assert signals(title="Page not found | Acme Garden").error_phrase == "Page not found"
    assert signals(title="Error 404 - Acme").error_phrase == "Error 404"
    body = "This page not found a home. 404 Not Found. Sorry, the page you requested does not exist."
    assert signals(title="Acme blog", h1="Dealing with broken links", body=body).error_phrase == ""


# --- parked / for-sale domains -----------------------------------------------------------------


@pytest.mark.parametrize(
    "page, marker",
    [
        (html("example-health.test", body="This domain is for sale! Contact us."), "phrase: this domain is for sale"),
        (html("Welcome", body="Buy this domain. Great names start here."), "phrase: buy this domain"),
        (html("old-clinic.test is for sale"), "phrase: old-clinic.test is for sale"),
        (html("x", body="The domain name old-clinic.test may be for sale."), "phrase: the domain name"),
        (
            html("x", body="This domain name has been registered. Related searches: Health Insurance, Clinics"),
            "phrase: related searches",
        ),
        (html("old-clinic.test", body="Sponsored Listings"), "phrase: sponsored listings"),
        (html("x", body="old-clinic.test is parked free, courtesy of GoDaddy.com."), "phrase: parked free"),
        (html("x", head='<script src="//img.sedoparking.com/js/park.js"></script>'), "script: sedoparking.com"),
        (html("x", head='<script src="https://www.bodis.com/lander.js"></script>'), "script: bodis.com"),
        (
            html("x", head='<script src="https://www.google.com/adsense/domains/caf.js"></script>'),
            "script: adsense/domains/caf.js",
        ),
        (
            html("x", head='<iframe src="https://parkingpage.namecheap.com/"></iframe>'),
            "iframe: parkingpage.namecheap.com",
        ),
        (
            html("x", head='<meta http-equiv="refresh" content="0; url=https://www.hugedomains.com/d?d=x.test">'),
            "meta-refresh: hugedomains.com",
        ),
        (
            html("x", head='<script>window.location.href="https://www.hugedomains.com/d.cfm?d=x"</script>'),
            "script redirect: hugedomains.com",
        ),
    ],
)
def test_parked_positives(page, marker):
    assert page_signals(page, "http://old-clinic.test/").parked_marker.lower().startswith(marker.lower())


@pytest.mark.parametrize(
    "page",
    [
        html("Vintage bike for sale | Bob's Bikes", body="Vintage bike for sale. Frame in great condition, call Bob."),
        html(
            "Buying a domain: a guide",
            body=ARTICLE + " Buy this domain only after checking its history. "
            'Sedo and Dan are marketplaces. <a href="https://sedo.com/">Sedo</a>',
        ),
        html("Recipes", body=ARTICLE + " Related searches: soup, stew. Sponsored listings"),
        html(
            "Our agency",
            body="We sold our domain on " + '<a href="https://dan.com/">dan.com</a>' + " last year." + ARTICLE,
        ),
        html("Car park", body="Open daily", head='<script src="/static/park.js"></script>'),
        html("Domain news", body="Vintage.com is for sale again, its broker said on Monday."),
        html("Acme search", body="No results. Related searches: soup, stew"),
        html("John's domains", body='I sell on <a href="https://sedo.com/">Sedo</a> <img src="https://dan.com/a.png">'),
    ],
)
def test_parked_negatives(page):
    assert page_signals(page, URL).parked_marker == ""


def test_a_marketplace_own_site_is_not_parked():
    assert page_signals(html("Sedo", body="Buy this domain"), "https://sedo.com/").parked_marker == ""


@pytest.mark.parametrize(
    "host, expected",
    [
        ("img.sedoparking.com", True),
        ("sedo.com", True),
        ("www.hugedomains.com", True),
        ("parkingcrew.net", True),
        ("parkingpage.namecheap.com", True),
        ("dan.com:443", True),
        ("SEDO.COM.", True),
        ("example-health.test", False),
        ("namecheap.com", False),
        ("www.google.com", False),
        ("", False),
        ("sedo.com.evil.test", False),
    ],
)
def test_is_parking_host(host, expected):
    assert is_parking_host(host) is expected


# --- bot challenges ----------------------------------------------------------------------------

CF_NOSCRIPT = "<noscript>Please enable JavaScript and cookies to continue</noscript>"


@pytest.mark.parametrize(
    "page",
    [
        html("Just a moment..."),
        html("Attention Required! | Cloudflare", body="Sorry, you have been blocked"),
        html("Access denied | old-clinic.test used Cloudflare to restrict access"),
        html("x", body='<div class="cf-browser-verification">Checking your browser before accessing x.test</div>'),
        html("x", body="Checking your browser before accessing old-clinic.test. DDoS protection by Cloudflare"),
        html("x", body="DDoS protection by Cloudflare"),
        html("x", head=CF_NOSCRIPT),
        html("x", head='<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'),
        html("x", head='<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"></script>'),
        html("x", head="<script>window._cf_chl_opt={cvId: '3'}</script>"),
        html("x", body="Request unsuccessful. Incapsula incident ID: 123-456"),
        html("x", head='<script src="/_Incapsula_Resource?SWJIYLWA=719d"></script>'),
        html("Pardon Our Interruption", body="As you were browsing something about your browser made us think"),
        html("Are you a robot?"),
        html("x", body="Please verify you are human"),
        html("x", body="I’m not a robot"),
        html("x", body='<div class="g-recaptcha" data-sitekey="k"></div>'),
        html("x", body='<div class="h-captcha"></div>', head='<script src="https://hcaptcha.com/1/api.js"></script>'),
        html("x", head='<script src="https://www.google.com/recaptcha/api.js"></script>'),
        html("x", body='<div id="px-captcha"></div>'),
        html("x", head='<script src="https://client.perimeterx.net/PX1/main.min.js"></script>'),
        html("x", head='<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=1"></iframe>'),
        html("x", head='<script src="https://js.datadome.co/tags.js"></script>'),
        html("x", body='<form id="challenge-captcha-form"></form>'),
    ],
)
def test_challenge_positives(page):
    assert page_signals(page, URL).challenge_marker


def test_challenge_header():
    s = page_signals(b"", URL, {"cf-mitigated": "challenge"})
    assert s.challenge_marker == "header: cf-mitigated"


@pytest.mark.parametrize(
    "page, headers",
    [
        (html("Gardening tips", body=ARTICLE), {"server": "cloudflare", "cf-ray": "8a1b2c3d4e5f-AMS"}),
        (
            html(
                "Contact us",
                body=ARTICLE + '<form id="contact"><div class="g-recaptcha" data-sitekey="k"></div></form>',
                head='<script src="https://www.google.com/recaptcha/api.js"></script>',
            ),
            {},
        ),
        (
            html(
                "Gardening tips",
                body=ARTICLE,
                head='<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js">'
                '</script><script src="/_Incapsula_Resource?x=1"></script>',
            ),
            {"server": "cloudflare"},
        ),
        (html("Why CAPTCHAs ask: are you a robot", body=ARTICLE + " Verify you are human, they say."), {}),
        (html("Gardening tips", body="Short note about compost."), {"server": "cloudflare"}),
    ],
)
def test_challenge_negatives(page, headers):
    assert page_signals(page, URL, headers).challenge_marker == ""


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
