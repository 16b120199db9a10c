"""Scale-out on Redis: many `scrapy crawl resources` workers share one frontier; SQLite keeps a single writer.

Built on scrapy-redis (its Scheduler, PriorityQueue and RFPDupeFilter) with one documented shim: a popped
request is *leased* to its worker until its callback has run, so a worker killed mid-crawl loses nothing —
live workers put a dead worker's leases (its heartbeat expired) back on the queue. Everything is opt-in:
with MENTIONFINDER_REDIS_URL empty, none of this is loaded.

Keys (prefix `mentionfinder:`): `<niche>:requests` (zset), `<niche>:dupefilter`, `<niche>:checked` (URLs one
worker has taken to check), `workers`, `worker:<id>` (heartbeat), `inflight:<id>` (leases), `items` (list
drained by `mentionfinder ingest`), `items:processing`.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

PREFIX = "mentionfinder:"
ITEMS_KEY = PREFIX + "items"
PROCESSING_KEY = PREFIX + "items:processing"
WORKERS_KEY = PREFIX + "workers"
LEASE_META = "mf_lease"


class RedisUnavailable(Exception):
    """Redis cannot be reached; the message says where and what to do."""


def connect(url: str, timeout: float = 5.0) -> redis.Redis:
    """A client for the URL, proven alive with a PING (one clear error instead of a crash loop later)."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=max(timeout, 30))
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {exc} — start redis-server there or fix the URL "
                               "(MENTIONFINDER_REDIS_URL / --redis)") from None
    return client


def queue_key(niche: str) -> str:
    return f"{PREFIX}{niche}:requests"


def checked_key(niche: str) -> str:
    return f"{PREFIX}{niche}:checked"


class ScaleOutAddon:
    """Switches a crawl to the shared frontier when MENTIONFINDER_REDIS_URL is set (a Scrapy add-on)."""

    def update_settings(self, settings) -> None:
        url = settings.get("MENTIONFINDER_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER", "mentionfinder.scaleout.LeasedScheduler", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "mentionfinder.scaleout.LeasedPriorityQueue", "addon")
        settings.set("SCHEDULER_DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")  # the queue outlives any one worker
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines.pop("mentionfinder.pipelines.StorePipeline", None)
        pipelines["mentionfinder.scaleout.RedisItemsPipeline"] = 300
        settings.set("ITEM_PIPELINES", pipelines, "addon")


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, but a pop also records the request as leased to this worker (atomically)."""

    _POP = """
    local item = redis.call('ZRANGE', KEYS[1], 0, 0)
    if #item == 0 then return false end
    redis.call('ZREM', KEYS[1], item[1])
    redis.call('HSET', KEYS[2], ARGV[1], item[1])
    return item[1]
    """
    inflight_key = ""

    def pop(self, timeout=0):
        lease = uuid.uuid4().hex
        data = self.server.eval(self._POP, 2, self.key, self.inflight_key, lease)
        if not data:
            return None
        request = self._decode_request(data)
        request.meta[LEASE_META] = lease
        return request


class LeasedScheduler(Scheduler):
    """scrapy-redis's Scheduler + leases, a heartbeat, reclaiming dead workers' leases, and an idle close.

    A worker stays up while the queue has requests or another live worker still holds leases (it may yet
    add more), and closes after MENTIONFINDER_IDLE_SECONDS of nothing to do.
    """

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        scheduler.ttl = max(2, settings.getint("MENTIONFINDER_WORKER_TTL"))
        scheduler.idle_seconds = settings.getfloat("MENTIONFINDER_IDLE_SECONDS")
        scheduler.idle_since = None
        crawler.signals.connect(scheduler.on_idle, signal=signals.spider_idle)
        return scheduler

    @property
    def inflight_key(self) -> str:
        return f"{PREFIX}inflight:{self.worker}"

    def open(self, spider):
        self.queue_key = queue_key(spider.pack.name)
        self.dupefilter_key = f"{PREFIX}{spider.pack.name}:dupefilter"
        super().open(spider)
        self.queue.inflight_key = self.inflight_key
        spider.lease = self
        self.heartbeat()
        self.server.sadd(WORKERS_KEY, self.worker)
        self.beat = create_looping_call(self.heartbeat)
        self.beat.start(self.ttl / 3, now=False)

    def close(self, reason):
        if self.beat.running:
            self.beat.stop()
        # A clean stop: what this worker still holds goes back for others (a crash leaves it to the reclaim).
        self.requeue(self.worker)
        self.server.delete(f"{PREFIX}worker:{self.worker}")
        self.server.srem(WORKERS_KEY, self.worker)

    def heartbeat(self):
        self.server.set(f"{PREFIX}worker:{self.worker}", int(time.time()), ex=self.ttl)

    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def ack(self, request) -> None:
        """The request's callback has run: its results are queued or pushed, the lease can go."""
        lease = request.meta.get(LEASE_META) if request is not None else None
        if lease:
            self.server.hdel(self.inflight_key, lease)

    def requeue(self, worker: str) -> int:
        """Put a worker's leased requests back on the queue (the lock keeps two reclaimers from doubling)."""
        if not self.server.set(f"{PREFIX}reclaim:{worker}", 1, nx=True, ex=60):
            return 0
        leases = self.server.hgetall(f"{PREFIX}inflight:{worker}")
        for data in leases.values():
            self.queue.push(self.queue._decode_request(data))
        self.server.delete(f"{PREFIX}inflight:{worker}", f"{PREFIX}reclaim:{worker}")
        if leases:
            self.stats.inc_value("mentionfinder/scaleout/reclaimed", len(leases))
        return len(leases)

    def reclaim_dead(self) -> None:
        for raw in self.server.smembers(WORKERS_KEY):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker != self.worker and not self.server.exists(f"{PREFIX}worker:{worker}"):
                self.requeue(worker)
                self.server.srem(WORKERS_KEY, worker)

    def others_busy(self) -> bool:
        for raw in self.server.smembers(WORKERS_KEY):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker != self.worker and self.server.hlen(f"{PREFIX}inflight:{worker}"):
                return True
        return False

    def on_idle(self, spider):
        self.reclaim_dead()
        if len(self.queue) or self.others_busy() or self.server.hlen(self.inflight_key):
            self.idle_since = None
            raise DontCloseSpider
        self.idle_since = self.idle_since or time.monotonic()
        if time.monotonic() - self.idle_since < self.idle_seconds:
            raise DontCloseSpider


class RedisItemsPipeline:
    """Workers push every item to Redis as JSON; `mentionfinder ingest` is the one SQLite writer."""

    def __init__(self, crawler):
        url = crawler.settings.get("MENTIONFINDER_REDIS_URL")
        if not url:
            raise NotConfigured
        self.server = connect(url)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        import dataclasses

        self.server.rpush(ITEMS_KEY, json.dumps({"kind": type(item).__name__, "data": dataclasses.asdict(item)}))
        return item
