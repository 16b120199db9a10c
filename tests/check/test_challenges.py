"""mentionfinder.check.challenges: what marks a checked page as a bot challenge or captcha wall."""

import pytest

from mentionfinder.check.clues import page_signals
from tests.check.test_clues import ARTICLE, URL, html

CF_NOSCRIPT = "<noscript>Please enable JavaScript and cookies to continue</noscript>"


# One marker a line: page titles, then texts of the body, then tags of the head.
CHALLENGE_TITLES = """\
Just a moment...
Access denied | old-clinic.test used Cloudflare to restrict access
Are you a robot?
""".splitlines()
CHALLENGE_BODIES = """\
<div class="cf-browser-verification">Checking your browser before accessing x.test</div>
Checking your browser before accessing old-clinic.test. DDoS protection by Cloudflare
DDoS protection by Cloudflare
Request unsuccessful. Incapsula incident ID: 123-456
Please verify you are human
I’m not a robot
<div class="g-recaptcha" data-sitekey="k"></div>
<div id="px-captcha"></div>
<form id="challenge-captcha-form"></form>
""".splitlines()
CHALLENGE_HEADS = f"""\
{CF_NOSCRIPT}
<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>
<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"></script>
<script>window._cf_chl_opt={{cvId: '3'}}</script>
<script src="/_Incapsula_Resource?SWJIYLWA=719d"></script>
<script src="https://www.google.com/recaptcha/api.js"></script>
<script src="https://client.perimeterx.net/PX1/main.min.js"></script>
<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=1"></iframe>
<script src="https://js.datadome.co/tags.js"></script>
""".splitlines()
MIXED = [
    html("Attention Required! | Cloudflare", body="Sorry, you have been blocked"),
    html("Pardon Our Interruption", body="As you were browsing something about your browser made us think"),
    html("x", body='<div class="h-captcha"></div>', head='<script src="https://hcaptcha.com/1/api.js"></script>'),
]


@pytest.mark.parametrize(
    "page",
    [html(t) for t in CHALLENGE_TITLES]
    + [html("x", body=b) for b in CHALLENGE_BODIES]
    + [html("x", head=h) for h in CHALLENGE_HEADS]
    + MIXED,
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
