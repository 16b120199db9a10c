"""mentionfinder.scaleout.pipelines.RedisItemsPipeline on a real Redis: items and releases in one transaction."""

from __future__ import annotations

import pytest
import redis
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from mentionfinder.crawl.items import CheckItem
from mentionfinder.scaleout.leases import LEASE_META, LeaseAck
from mentionfinder.scaleout.pipelines import RedisItemsPipeline
from mentionfinder.scaleout.state import ITEMS_KEY, decode_item


def test_not_configured_without_redis():
    with pytest.raises(NotConfigured):
        RedisItemsPipeline(get_crawler())


def test_items_are_pushed_and_leases_collected(redis_url):
    server = redis.Redis.from_url(redis_url)
    server.flushall()
    pipeline = RedisItemsPipeline(get_crawler(settings_dict={"MENTIONFINDER_REDIS_URL": redis_url}))
    item = CheckItem(url="http://gone.test/", verdict="dead", reason="http_404", signal="HTTP 404")
    assert pipeline.process_item(item) is item
    pipeline.process_item(LeaseAck(Request("http://a.test/", meta={LEASE_META: "lease-7"})))
    pipeline.process_item(LeaseAck(None))
    assert (server.llen(ITEMS_KEY), pipeline.leases) == (0, ["lease-7"])  # batched until flushed
    pipeline.flush()
    [raw] = server.lrange(ITEMS_KEY, 0, -1)
    kind, data = decode_item(raw)
    assert (kind, data["url"], data["verdict"]) == ("CheckItem", "http://gone.test/", "dead")
    assert pipeline.items == pipeline.leases == []
