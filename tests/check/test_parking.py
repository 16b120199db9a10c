"""mentionfinder.check.parking: what marks a checked page as a parked or for-sale domain; parking hosts."""

import pytest

from mentionfinder.check.clues import page_signals
from mentionfinder.check.parking import is_parking_host
from tests.check.test_clues import ARTICLE, URL, html
from tests.helpers import cases


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


PARKING_HOSTS = cases(
    r"""
img.sedoparking.com ~ True
sedo.com ~ True
www.hugedomains.com ~ True
parkingcrew.net ~ True
parkingpage.namecheap.com ~ True
dan.com:443 ~ True
SEDO.COM. ~ True
example-health.test ~ False
namecheap.com ~ False
www.google.com ~ False
'' ~ False
sedo.com.evil.test ~ False
"""
)


@pytest.mark.parametrize("host, expected", PARKING_HOSTS)
def test_is_parking_host(host, expected):
    assert is_parking_host(host) is expected
