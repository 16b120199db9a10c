"""mentionfinder.scaleout.scheduler: the leased priority queue on a real Redis, as Scrapy serializes requests."""

from __future__ import annotations

import pytest
import redis


def test_requests_are_serialized_as_scrapy_serializes_them(web, tmp_path):
    """The queue names spider callbacks itself (Scrapy's lookup scans the whole spider per request)."""
    from scrapy import Request
    from scrapy_redis import picklecompat
    from scrapy_redis.queue import Base

    from mentionfinder.scaleout.scheduler import LeasedPriorityQueue
    from spiders.resources import ResourcesSpider

    spider = ResourcesSpider.__new__(ResourcesSpider)
    queue = LeasedPriorityQueue.__new__(LeasedPriorityQueue)
    queue.spider, queue.serializer = spider, picklecompat
    cases = [
        Request(
            "http://blog.test/post/?a=1",
            callback=spider.parse_page,
            errback=spider.page_failed,
            meta={"depth": 2, "mf_seed": "http://blog.test/"},
            priority=-3,
            dont_filter=True,
        ),
        Request("http://blog.test/", callback=spider.contact_done),
        Request("http://blog.test/plain"),
    ]
    for request in cases:
        assert picklecompat.loads(queue._encode_request(request)) == picklecompat.loads(
            Base._encode_request(queue, request)
        )
        back = queue._decode_request(queue._encode_request(request))
        assert (back.url, back.callback, back.errback, back.meta, back.priority) == (
            request.url,
            request.callback,
            request.errback,
            request.meta,
            request.priority,
        )
    # A callback that is not one of the spider's methods is refused as Scrapy refuses it.
    with pytest.raises(ValueError):
        queue._encode_request(Request("http://blog.test/", callback=lambda response: None))


def test_a_probe_leaves_the_shared_queue_before_the_checks_that_wait_for_it(redis_url):
    """Within one priority Redis orders requests by their bytes, so a probe queued behind thousands of checks
    came out at random: every check of the site finishing meanwhile sent its own (3,280 probes for ~500 sites)."""
    from mentionfinder.crawl import checkrequests as checks
    from mentionfinder.scaleout.scheduler import LeasedPriorityQueue
    from spiders.resources import ResourcesSpider

    server = redis.Redis.from_url(redis_url)
    server.flushall()
    spider = ResourcesSpider.__new__(ResourcesSpider)
    queue = LeasedPriorityQueue(server, spider, "mentionfinder:test:requests")
    queue.inflight_key = "mentionfinder:inflight:test"
    for n in range(40):
        queue.push(
            checks.check_request(f"http://site.test/deep/{n}", "GET", [], spider.check_done, spider.check_failed, 5)
        )
    queue.push(
        checks.probe_request(
            "http://site.test", spider.probe_done, spider.probe_failed, 5, waiting=("http://site.test/deep/0", [], None)
        )
    )
    first = queue.pop()
    assert first.meta.get(checks.PROBE_KEY) == "http://site.test"
    assert first.callback == spider.probe_done
