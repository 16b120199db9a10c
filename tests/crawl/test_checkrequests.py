"""mentionfinder.crawl.checkrequests: the requests of a link check and a probe, and what their answers say."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Response, TextResponse

from mentionfinder.crawl import checkrequests as checks
from mentionfinder.crawl.resolver import PrivateAddressError


def done(response):
    return response


def test_a_head_check_is_not_retried_and_a_get_is():
    head = checks.check_request("http://a.test/f.pdf", "HEAD", [], done, done, 7)
    get = checks.check_request("http://a.test/f.pdf", "GET", [], done, done, 7)
    assert head.meta["max_retry_times"] == 0 and "max_retry_times" not in get.meta
    for request in (head, get):
        assert checks.is_check(request) and request.dont_filter and request.priority == -1
        assert request.meta["download_timeout"] == 7 and request.meta["dont_obey_robotstxt"]
        assert checks.check_state(request) == {"url": "http://a.test/f.pdf", "attempts": []}


def test_a_probe_asks_a_random_path_ahead_of_the_checks():
    first, second = (checks.probe_request("http://a.test", done, done, 5, ("http://a.test/x", [], None)) for _ in "12")
    assert first.url != second.url and first.url.startswith("http://a.test/")
    assert first.priority == checks.PROBE_PRIORITY > 0 and first.meta[checks.PROBE_KEY] == "http://a.test"
    assert checks.is_check(first) and not checks.is_check(checks.Request("http://a.test/"))


@pytest.mark.parametrize(
    "content_type, body, html",
    [
        ("text/html; charset=utf-8", b"x", True),
        ("application/pdf", b"<", False),
        ("", b"  <html>", True),
        ("", b"%PDF", False),
    ],
)
def test_is_html(content_type, body, html):
    headers = {"Content-Type": content_type} if content_type else {}
    assert checks.is_html(Response("http://a.test/", body=body, headers=headers)) is html


def test_an_html_answer_becomes_an_attempt_with_page_signals():
    request = checks.check_request("http://a.test/p", "GET", [], done, done, 5)
    body = b"<html><head><title>Page not found</title></head><body><h1>Sorry</h1></body></html>"
    response = HtmlResponse("http://a.test/p", status=200, body=body, request=request, headers={"Server": "x"})
    attempt, signals = checks.attempt_from_response(response, "http://a.test/p")
    assert (attempt.method, attempt.status, attempt.final_url) == ("GET", 200, "http://a.test/p")
    assert signals is not None and attempt.title == "Page not found"


def test_a_plain_answer_has_no_page_signals():
    request = checks.check_request("http://a.test/f.pdf", "HEAD", [], done, done, 5)
    response = TextResponse(
        "http://a.test/f.pdf", status=404, body=b"", request=request, headers={"Content-Type": "application/pdf"}
    )
    attempt, signals = checks.attempt_from_response(response, "http://a.test/f.pdf")
    assert (attempt.method, attempt.status, signals) == ("HEAD", 404, None)


def test_error_kind_of_a_refused_private_address():
    kind, detail = checks.error_kind(PrivateAddressError("x.test resolves to non-public address 10.0.0.1"))
    assert kind == checks.ERR_PRIVATE and "10.0.0.1" in detail
