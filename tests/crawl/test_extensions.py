"""mentionfinder.crawl.extensions: progress from the stats, one-line robots.txt errors, the check body limit."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import StopDownload
from scrapy.utils.test import get_crawler

from mentionfinder.crawl.checkrequests import check_request
from mentionfinder.crawl.extensions import CheckBodyLimitExtension, progress


def test_progress_counts_checks_done_and_queued():
    stats = get_crawler().stats
    for key, value in {"pages/crawled": 3, "checks/scheduled": 10, "checks/dead": 2, "checks/alive": 5}.items():
        stats.set_value(f"mentionfinder/{key}", value)
    assert progress(stats) == {"pages": 3, "checks_done": 7, "checks_queued": 3, "dead": 2, "mention_pages": 0}


def test_a_check_stops_at_the_headers_of_a_non_html_body_and_at_the_byte_cap():
    ext = CheckBodyLimitExtension(max_bytes=10)
    check = check_request("http://a.test/f.pdf", "GET", [], None, None, 5)
    with pytest.raises(StopDownload) as stopped:
        ext.headers_received({b"Content-Type": b"application/pdf"}, 0, check, None)
    assert stopped.value.fail is False  # the response still reaches the spider
    ext.headers_received({b"Content-Type": b"text/html"}, 0, check, None)
    ext.bytes_received(b"12345", check, None)
    with pytest.raises(StopDownload):
        ext.bytes_received(b"67890", check, None)


def test_pages_are_read_whole():
    ext = CheckBodyLimitExtension(max_bytes=10)
    page = Request("http://a.test/resources/")
    ext.headers_received({b"Content-Type": b"application/pdf"}, 0, page, None)
    ext.bytes_received(b"x" * 100, page, None)
