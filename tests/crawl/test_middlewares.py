"""mentionfinder.crawl.middlewares: IP literals guarded, Retry-After read, backoff on 429/5xx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request

from mentionfinder.crawl.middlewares import PrivateAddressMiddleware, PrivateAddressRefused, retry_after_seconds

PRIVATE = "http://127.0.0.1/ http://10.1.2.3:8080/x http://[::1]/ http://192.168.0.1/"
PUBLIC = "http://93.184.216.34/ http://example.test/ http://[2606:4700::1]/"


@pytest.mark.parametrize("url", PRIVATE.split())
def test_a_private_ip_literal_is_refused(url):
    with pytest.raises(PrivateAddressRefused):
        PrivateAddressMiddleware(allow_private=False).process_request(Request(url))
    assert PrivateAddressMiddleware(allow_private=True).process_request(Request(url)) is None


@pytest.mark.parametrize("url", PUBLIC.split())
def test_public_addresses_and_names_pass(url):
    assert PrivateAddressMiddleware(allow_private=False).process_request(Request(url)) is None


@pytest.mark.parametrize(
    "value, seconds",
    [(None, 9.0), (b"", 9.0), (b"120", 120.0), (" 7 ", 7.0), ("soon", 9.0), ("Mon, 01 Jan 2001 00:00:00 GMT", 0.0)],
)
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value, 9.0) == seconds


def test_retry_after_an_http_date_to_come():
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 50 < retry_after_seconds(later, 0.0) <= 60
