"""Crawl extensions: progress lines and the end-of-crawl summary; the byte cap on link-check GETs."""

from __future__ import annotations

import logging
import sys

from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.utils.asyncio import create_looping_call

from mentionfinder.crawl.checkrequests import is_check
from mentionfinder.output.tables import summary_text
from mentionfinder.ownsite.replacements import match_all
from mentionfinder.store import Store

VERDICT_STATS = ("dead", "alive", "blocked", "unverified", "skipped")


class OneLineRobotsErrors(logging.Filter):
    """Scrapy logs a failed robots.txt download as an ERROR with a full traceback, once per host.

    On the open web that is routine (a vanished host fails its robots.txt before its page), and the page's
    own failure is reported anyway: keep it as one INFO line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Error downloading"):
            record.msg = "robots.txt not read before %(request)s: %(f_exception)s"
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_ROBOTS_LOGGER = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")


class ProgressExtension:
    """Every MENTIONFINDER_PROGRESS_INTERVAL seconds: pages, checks done and queued, findings so far.

    At the end it records how the run ended and prints the summary table (to stderr, after the log).
    """

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.getfloat("MENTIONFINDER_PROGRESS_INTERVAL"))
        if not any(isinstance(f, OneLineRobotsErrors) for f in _ROBOTS_LOGGER.filters):
            _ROBOTS_LOGGER.addFilter(OneLineRobotsErrors())
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        if self.interval > 0:
            self.task = create_looping_call(self.log_progress, spider)
            self.task.start(self.interval, now=False)

    def progress(self) -> dict:
        get = self.stats.get_value
        done = sum(get(f"mentionfinder/checks/{v}", 0) for v in VERDICT_STATS)
        scheduled = get("mentionfinder/checks/scheduled", 0)
        return {
            "pages": get("mentionfinder/pages/crawled", 0),
            "checks_done": done,
            "checks_queued": max(0, scheduled - done),
            "dead": get("mentionfinder/checks/dead", 0),
            "mention_pages": get("mentionfinder/findings/mention_pages", 0),
        }

    def log_progress(self, spider):
        p = self.progress()
        spider.logger.info(
            "progress: %(pages)d pages, %(checks_done)d links checked, %(checks_queued)d queued, "
            "%(dead)d dead so far, %(mention_pages)d pages mention the brand",
            p,
        )

    def spider_closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
        if getattr(spider, "shared", None) is not None:
            self.worker_closed(spider, reason)
            return
        run_id = getattr(spider, "run_id", None)
        path = getattr(spider, "store_path", None)
        if not run_id or not path:
            return
        store = Store(path)
        try:
            guard = spider.guard
            if guard.run_was_healthy:
                released = store.release_held(run_id)
                self.stats.set_value("mentionfinder/checks/released_after_outage_check", released)
            stats = {k: v for k, v in self.stats.get_stats().items() if k.startswith("mentionfinder/")}
            store.finish_run(run_id, "finished" if reason == "finished" else f"stopped: {reason}", stats)
            counts = store.counts(run_id)
            counts["reused"] = self.stats.get_value("mentionfinder/checks/reused", 0)
            try:
                spider.logger.info("replacements: %s", match_all(store))
            except Exception:
                spider.logger.exception("replacement matching failed; run `mentionfinder match` to retry")
        finally:
            store.close()
        if counts["network_outage"]:
            spider.logger.warning(
                "NETWORK OUTAGE SUSPECTED: %d links could not be reached while most hosts were failing "
                "(%d of %d hosts answered). They are 'unverified', not dead: re-run when the network is back.",
                counts["network_outage"],
                len(guard.hosts_ok),
                len(guard.hosts_ok | guard.hosts_failed),
            )
        sys.stderr.write(summary_text(counts, path, spider.pack.name, reason) + "\n")
        sys.stderr.flush()

    def worker_closed(self, spider, reason):
        """A scale-out worker ends: hand held network failures to ingest if the network held up, then report."""
        from mentionfinder.scaleout.scheduler import push_release

        if spider.held and spider.guard.run_was_healthy:
            push_release(spider.shared, spider.held)
        p = self.progress()
        sys.stderr.write(
            f"\nmentionfinder worker: {reason}; {p['pages']} pages, {p['checks_done']} links checked, "
            f"{p['dead']} dead. Findings go to SQLite with: mentionfinder ingest --redis URL\n"
        )


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
