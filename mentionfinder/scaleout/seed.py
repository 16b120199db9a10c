"""`mentionfinder seed`: a niche's seed pages (and your sitemaps) → the shared queue, each once."""

from __future__ import annotations

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

from mentionfinder.scaleout.state import dupefilter_key, queue_key


def seed(server, spider, brand_present: bool) -> tuple[int, int]:
    """Put a niche's seed pages (and the own site's sitemaps) on the shared queue; returns (new, already seen).

    `spider` is an unstarted ResourcesSpider: requests are serialized with its callbacks, as workers expect.
    """
    queue = PriorityQueue(server, spider, queue_key(spider.pack.name))
    seen = RFPDupeFilter(server, key=dupefilter_key(spider.pack.name))
    requests = [spider._page_request(url, depth=0, seed=url) for url in spider.pack.seeds]
    if brand_present:
        requests += list(spider.own_site_requests())
    new = old = 0
    for request in requests:
        if request is None:
            continue
        if not request.dont_filter and seen.request_seen(request):
            old += 1
            continue
        queue.push(request)
        new += 1
    return new, old
