"""Scale-out add-on: MENTIONFINDER_REDIS_URL set → the crawl is a worker on a frontier shared through Redis.

Many `scrapy crawl resources` workers share one frontier; SQLite keeps a single writer (`mentionfinder ingest`).

Built on scrapy-redis (its Scheduler, PriorityQueue and RFPDupeFilter) with one documented shim: a popped
request is *leased* to its worker until its callback has run, so a worker killed mid-crawl loses nothing —
live workers put a dead worker's leases (its heartbeat expired) back on the queue. Everything is opt-in:
with MENTIONFINDER_REDIS_URL empty, none of this is loaded.

Keys (prefix `mentionfinder:`): `<niche>:requests` (zset), `<niche>:dupefilter`, `<niche>:taken:checks`,
`<niche>:taken:contacts` and `<niche>:taken:own_pages` (what one worker has taken for all), `<niche>:probes`,
`workers`, `worker:<id>` (heartbeat), `inflight:<id>` (leases), `items` (list drained by
`mentionfinder ingest`), `items:processing`.
"""

from __future__ import annotations


class ScaleOutAddon:
    """Switches a crawl to the shared frontier when MENTIONFINDER_REDIS_URL is set (a Scrapy add-on)."""

    def update_settings(self, settings) -> None:
        url = settings.get("MENTIONFINDER_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER", "mentionfinder.scaleout.scheduler.LeasedScheduler", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "mentionfinder.scaleout.scheduler.LeasedPriorityQueue", "addon")
        settings.set("SCHEDULER_DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")  # the queue outlives any one worker
        # Outputs processed one at a time, in order: a lease is released only after its callback's outputs.
        settings.set("CONCURRENT_ITEMS", 1, "cmdline")
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines.pop("mentionfinder.crawl.pipelines.StorePipeline", None)
        pipelines["mentionfinder.scaleout.pipelines.RedisItemsPipeline"] = 300
        # settings.py sets ITEM_PIPELINES at "project" priority, above an add-on's: match it, or this is ignored.
        settings.set("ITEM_PIPELINES", pipelines, "project")
