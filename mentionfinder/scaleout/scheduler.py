"""Scale-out scheduling: scrapy-redis's queue and scheduler with leases, a heartbeat and reclaiming dead
workers' leases, gated pushes (one worker queues each URL), and an idle close."""

from __future__ import annotations

import collections
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from mentionfinder.scaleout import leases as leasing
from mentionfinder.scaleout.leases import GATE_META, LEASE_META
from mentionfinder.scaleout.state import (
    PREFIX,
    WORKERS_KEY,
    dupefilter_key,
    queue_key,
    taken_key,
    workers,
)


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue, but a pop also records the requests as leased to this worker (atomically).

    Pops take a few requests at once (one round trip, not one per request) and hand them out one by one:
    each is leased from the moment it leaves Redis, so a worker that dies holding them loses none.
    """

    _POP = """
    local items = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
    for i, item in ipairs(items) do
        redis.call('ZREM', KEYS[1], item)
        redis.call('HSET', KEYS[2], ARGV[i + 1], item)
    end
    return items
    """
    inflight_key = ""
    prefetch = 8  # few enough that two workers still share the tail of a crawl

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.popped: collections.deque = collections.deque()

    def __len__(self):
        return len(self.popped) + super().__len__()

    def _encode_request(self, request):
        # Request.to_dict(spider=...) finds each callback's name by inspect.getmembers over the whole
        # spider, which was 3 % of a worker's time; a bound method of the spider names itself.
        names = {key: self._method_name(getattr(request, key)) for key in ("callback", "errback")}
        if any(name is None for name in names.values()):
            return super()._encode_request(request)  # not a plain spider method: Scrapy's way, or its error
        data = request.replace(callback=None, errback=None).to_dict()
        data.update(names)
        return self.serializer.dumps(data)

    def _method_name(self, func) -> str | None:
        if func is None or isinstance(func, str):
            return func
        name = getattr(func, "__name__", "")
        bound = getattr(self.spider, name, None)
        if getattr(func, "__self__", None) is self.spider and getattr(bound, "__func__", None) is getattr(
            func, "__func__", False
        ):
            return name
        return None

    def pop(self, timeout=0):
        if not self.popped:
            leases = [uuid.uuid4().hex for _ in range(self.prefetch)]
            items = self.server.eval(self._POP, 2, self.key, self.inflight_key, self.prefetch, *leases)
            self.popped.extend(zip(leases, items or ()))
        if not self.popped:
            return None
        lease, data = self.popped.popleft()
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
        scheduler.pending, scheduler.pending_leases = [], []
        crawler.signals.connect(scheduler.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.on_releasing, signal=leasing.releasing)
        return scheduler

    @property
    def inflight_key(self) -> str:
        return f"{PREFIX}inflight:{self.worker}"

    def open(self, spider):
        self.queue_key = queue_key(spider.pack.name)
        self.df = RFPDupeFilter(self.server, key=dupefilter_key(spider.pack.name))
        super().open(spider)
        self.queue.inflight_key = self.inflight_key
        self.heartbeat()
        self.server.sadd(WORKERS_KEY, self.worker)
        self.beat = create_looping_call(self.heartbeat)
        self.beat.start(self.ttl / 3, now=False)
        self.waker = create_looping_call(self.wake)
        self.waker.start(0.2, now=False)

    def wake(self):
        """Requests other workers queue do not wake this engine, which otherwise polls only every 5 s; nor
        does the passing of the idle time, nor this worker's or another's last leases being released (so a
        worker would close up to 5 s late). A poll costs nothing next to a request."""
        self.flush()
        nextcall = getattr(getattr(self.crawler.engine, "_slot", None), "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def close(self, reason):
        for loop in (self.beat, self.waker):
            if loop.running:
                loop.stop()
        # A clean stop: what this worker still holds goes back for others (a crash leaves it to the reclaim).
        self.flush()
        self.requeue(self.worker)
        self.server.delete(f"{PREFIX}worker:{self.worker}")
        self.server.srem(WORKERS_KEY, self.worker)

    def heartbeat(self):
        self.server.set(f"{PREFIX}worker:{self.worker}", int(time.time()), ex=self.ttl)

    # Pushes go in batches, one round trip each. ARGV: n, then n × (gate key or "", gate member, score,
    # request), then leases done once those are queued. "Seen" (the duplicate filter) or "taken" (one worker
    # checks each URL) and "queued" happen in one step: a worker killed in between must not leave a request
    # marked seen that nobody will fetch.
    _GATED_PUSH = """
    local n = tonumber(ARGV[1])
    local queued = 0
    for i = 0, n - 1 do
        local gate, member = ARGV[2 + 4 * i], ARGV[3 + 4 * i]
        if gate == '' or redis.call('SADD', gate, member) == 1 then
            redis.call('ZADD', KEYS[1], ARGV[4 + 4 * i], ARGV[5 + 4 * i])
            queued = queued + 1
        end
    end
    for j = 2 + 4 * n, #ARGV do redis.call('HDEL', KEYS[2], ARGV[j]) end
    return queued
    """
    push_batch = 32

    def enqueue_request(self, request):
        # A redirect or retry of a leased request comes back through here with the old lease in its meta:
        # once the follow-up is safely on the queue, the old lease is done (same round trip).
        lease = request.meta.pop(LEASE_META, None)
        gate = request.meta.pop(GATE_META, None)
        if gate:
            marker = (taken_key(self.spider.pack.name, gate[0]), gate[1])
        elif not request.dont_filter:
            marker = (self.df.key, self.df.request_fingerprint(request))
        else:
            marker = ("", "")
        self.pending.append((*marker, -request.priority, self.queue._encode_request(request)))
        if lease:
            self.pending_leases.append(lease)
        if len(self.pending) >= self.push_batch:
            self.flush()
        # Whether another worker had it already is known at the flush; a duplicate is simply not queued.
        return True

    def on_releasing(self, pipe, leases: list[str]) -> None:
        """The items pipeline is about to release `leases`: their callbacks' requests must be queued first."""
        self.flush()
        if leases:
            pipe.hdel(self.inflight_key, *leases)

    def flush(self) -> None:
        """Push the buffered requests (and release the leases they complete). Called before any lease of
        this worker is released, so a callback's requests are always queued before its lease goes."""
        if not (self.pending or self.pending_leases):
            return
        args = [arg for entry in self.pending for arg in entry]
        queued = self.server.eval(
            self._GATED_PUSH, 2, self.queue.key, self.inflight_key, len(self.pending), *args, *self.pending_leases
        )
        self.pending, self.pending_leases = [], []
        if queued:
            self.stats.inc_value("scheduler/enqueued/redis", queued)

    def __len__(self):
        return len(self.pending) + len(self.queue)

    def next_request(self):
        request = self.queue.pop()
        if request is None and self.pending:
            self.flush()
            request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

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
        for worker in workers(self.server):
            if worker != self.worker and not self.server.exists(f"{PREFIX}worker:{worker}"):
                self.requeue(worker)
                self.server.srem(WORKERS_KEY, worker)

    def others_busy(self) -> bool:
        for worker in workers(self.server):
            if worker != self.worker and self.server.hlen(f"{PREFIX}inflight:{worker}"):
                return True
        return False

    def on_idle(self, spider):
        self.flush()
        self.reclaim_dead()
        if len(self.queue) or self.others_busy() or self.server.hlen(self.inflight_key):
            self.idle_since = None
            raise DontCloseSpider
        self.idle_since = self.idle_since or time.monotonic()
        if time.monotonic() - self.idle_since < self.idle_seconds:
            raise DontCloseSpider
