"""Crawl extensions: progress lines while the crawl runs; the byte cap on link-check GETs."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.utils.asyncio import create_looping_call

from mentionfinder.check.verdicts import VERDICTS
from mentionfinder.crawl.checkrequests import is_check


def progress(stats) -> dict:
    """Pages, checks done and queued, dead links and mention pages so far, from the crawl's stats."""
    get = stats.get_value
    done = sum(get(f"mentionfinder/checks/{v}", 0) for v in VERDICTS)
    scheduled = get("mentionfinder/checks/scheduled", 0)
    return {
        "pages": get("mentionfinder/pages/crawled", 0),
        "checks_done": done,
        "checks_queued": max(0, scheduled - done),
        "dead": get("mentionfinder/checks/dead", 0),
        "mention_pages": get("mentionfinder/findings/mention_pages", 0),
    }


class ProgressExtension:
    """Every MENTIONFINDER_PROGRESS_INTERVAL seconds: pages, checks done and queued, findings so far.

    (The run's end and its summary belong to the pipeline that writes the run: crawl/pipelines.py, or
    scaleout/pipelines.py's RedisItemsPipeline for a worker.)
    """

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.getfloat("MENTIONFINDER_PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        if self.interval > 0:
            self.task = create_looping_call(self.log_progress, spider)
            self.task.start(self.interval, now=False)

    def log_progress(self, spider):
        p = progress(self.stats)
        spider.logger.info(
            "progress: %(pages)d pages, %(checks_done)d links checked, %(checks_queued)d queued, "
            "%(dead)d dead so far, %(mention_pages)d pages mention the brand",
            p,
        )

    def spider_closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()


class CheckBodyLimitExtension:
    """Link-check GETs read only what judging the page needs: non-HTML stops at the headers, HTML at a cap.

    The response still reaches the spider (StopDownload(fail=False)), so a large PDF is "alive", not an error.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.settings.getint("MENTIONFINDER_CHECK_MAX_BYTES"))
        crawler.signals.connect(ext.headers_received, signal=signals.headers_received)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def headers_received(self, headers, body_length, request, spider):
        if is_check(request):
            content_type = (headers.get(b"Content-Type") or b"").lower()
            if content_type and b"html" not in content_type:
                raise StopDownload(fail=False)

    def bytes_received(self, data, request, spider):
        if is_check(request):
            seen = request.meta.get("mf_bytes", 0) + len(data)
            request.meta["mf_bytes"] = seen
            if seen >= self.max_bytes:
                raise StopDownload(fail=False)
