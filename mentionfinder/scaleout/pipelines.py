"""Scale-out item pipeline: a worker's items and lease releases → the Redis items list, in transactions."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from twisted.python.failure import Failure

from mentionfinder.crawl.extensions import progress
from mentionfinder.scaleout import leases as leasing
from mentionfinder.scaleout.leases import LEASE_META, LeaseAck
from mentionfinder.scaleout.state import ITEMS_KEY, connect, encode_item


class RedisItemsPipeline:
    """Workers push every item to Redis as JSON; `mentionfinder ingest` is the one SQLite writer.

    Items and lease releases go in batches, one transaction each (items first): a round trip per item
    was a third of a worker's time. A worker killed with a batch unsent loses nothing: those requests'
    leases were not released either, so another worker redoes them.
    """

    batch_size = 200
    flush_seconds = 0.5

    def __init__(self, crawler):
        url = crawler.settings.get("MENTIONFINDER_REDIS_URL")
        if not url:
            raise NotConfigured
        self.crawler = crawler
        self.server = connect(url)
        self.items: list[str] = []
        self.leases: list[str] = []
        self.flusher = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        # Also on a clock: an idle worker's last batch must not wait (its unreleased leases keep it busy).
        self.flusher = create_looping_call(self.flush)
        self.flusher.start(self.flush_seconds, now=False)

    def process_item(self, item):
        if isinstance(item, LeaseAck):
            # All of the callback's outputs are out (queued, or in this batch ahead of the release).
            lease = item.request.meta.get(LEASE_META) if item.request is not None else None
            if lease:
                self.leases.append(lease)
        else:
            # vars(), as the SQLite pipeline does: items are not changed once yielded (no deep copy needed).
            self.items.append(encode_item(type(item).__name__, vars(item)))
        if len(self.items) + len(self.leases) >= self.batch_size:
            self.flush()
        return item

    def flush(self):
        pipe = self.server.pipeline(transaction=True)
        if self.items:
            pipe.rpush(ITEMS_KEY, *self.items)
        # The requests this worker's callbacks made go first (the scheduler pushes them before it adds the
        # release): a lease released here must not leave one of them only in this process. Its failure
        # must stop the release, so it is raised, not just logged.
        for _, outcome in self.crawler.signals.send_catch_log(signal=leasing.releasing, pipe=pipe, leases=self.leases):
            if isinstance(outcome, Failure):
                outcome.raiseException()
        if self.items or self.leases:
            pipe.execute()
        self.items, self.leases = [], []

    def close_spider(self):
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        self.flush()

    def spider_closed(self, spider, reason):
        """The worker ends (its network failures were confirmed in rounds before it went idle): report."""
        p = progress(self.crawler.stats)
        sys.stderr.write(
            f"\nmentionfinder worker: {reason}; {p['pages']} pages, {p['checks_done']} links checked, "
            f"{p['dead']} dead. Findings go to SQLite with: mentionfinder ingest --redis URL\n"
        )
