"""Item pipeline: the crawl's run, from start to summary; page and check items → SQLite in batched transactions."""

from __future__ import annotations

import sys
import time
import uuid

from scrapy import signals

from mentionfinder.crawl.items import CheckItem, ContactItem, OwnPageItem, PageItem
from mentionfinder.output.tables import no_page_fetched_line, summary_text
from mentionfinder.ownsite.replacements import match_all
from mentionfinder.store import Store

NOTHING_FETCHED = "mentionfinder/run/nothing_fetched"  # stat the crawl command turns into a failing exit code


class StorePipeline:
    """Owns the run in SQLite: starts it, buffers items and writes them in one transaction per batch (or
    every few seconds), and when the spider closes records how the run ended,
    picks replacements and prints the summary.

    A kill loses at most the unwritten batch, never consistency: each batch commits whole or not at all.
    """

    flush_seconds = 2.0

    def __init__(self, crawler, db_path: str, batch_size: int):
        self.crawler = crawler
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.store: Store | None = None
        self.pages: list[dict] = []
        self.checks: list[dict] = []
        self.contacts: list[dict] = []
        self.own_pages: list[dict] = []
        self.last_flush = time.monotonic()
        self.run_id = ""

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(crawler, settings.get("MENTIONFINDER_DB"), settings.getint("MENTIONFINDER_BATCH_SIZE"))
        # The run ends after the pipelines have closed (and the reason is known only then).
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        self.store = Store(self.db_path)
        self.db_path = str(self.store.path)
        self.run_id = uuid.uuid4().hex[:12]
        self.store.start_run(self.run_id, self.crawler.spider.pack.name)

    def process_item(self, item):
        # vars(), not dataclasses.asdict(): items are not changed after they are yielded, so a deep copy of
        # every link dict is wasted work.
        if isinstance(item, PageItem):
            self.pages.append(vars(item).copy())
            self.crawler.stats.inc_value("mentionfinder/findings/mention_pages", int(bool(item.mentions)))
        elif isinstance(item, CheckItem):
            self.checks.append(vars(item).copy())
        elif isinstance(item, ContactItem):
            self.contacts.append(vars(item).copy())
        elif isinstance(item, OwnPageItem):
            self.own_pages.append(vars(item).copy())
        pending = len(self.pages) + len(self.checks) + len(self.contacts) + len(self.own_pages)
        if pending >= self.batch_size or time.monotonic() - self.last_flush > self.flush_seconds:
            self.flush()
        return item

    def flush(self):
        if self.pages or self.checks or self.contacts or self.own_pages:
            self.store.write(self.pages, self.checks, self.run_id, self.contacts, self.own_pages)
            self.pages, self.checks, self.contacts, self.own_pages = [], [], [], []
        self.last_flush = time.monotonic()

    def close_spider(self):
        self.flush()

    def spider_closed(self, spider, reason):
        if self.store is None:
            return
        stats = self.crawler.stats
        try:
            # A link that ended on the brand after redirects (a shortener, a tracking link) is a link to it:
            # known only once every check of the run is written, so settled here for the whole database.
            stats.set_value(
                "mentionfinder/pages/linked_by_redirect", self.store.mark_linked_by_redirect(spider.brand.domains)
            )
            recorded = {k: v for k, v in stats.get_stats().items() if k.startswith("mentionfinder/")}
            self.store.finish_run(self.run_id, "finished" if reason == "finished" else f"stopped: {reason}", recorded)
            counts = self.store.counts(self.run_id)
            counts["reused"] = stats.get_value("mentionfinder/checks/reused", 0)
            try:
                spider.logger.info("replacements: %s", match_all(self.store))
            except Exception:
                spider.logger.exception("replacement matching failed; run `mentionfinder match` to retry")
        finally:
            self.store.close()
            self.store = None
        if counts["pages"] and counts["pages_failed"] == counts["pages"]:
            # Nothing was read: a table of zeros would hide it. One line, and the crawl exits non-zero.
            stats.set_value(NOTHING_FETCHED, True)
            sys.stderr.write(no_page_fetched_line(counts["pages"], spider.pack.name, self.page_errors()) + "\n")
            return
        controls = spider.controls
        if counts["network_outage"]:
            spider.logger.warning(
                "NETWORK OUTAGE SUSPECTED: %d links failed while the control URLs did not answer either "
                "(%d of %d hosts answered this crawl). They are 'unverified', not dead: re-run when the network "
                "is back.",
                counts["network_outage"],
                len(controls.hosts_ok),
                len(controls.hosts_ok | controls.hosts_failed),
            )
        sys.stderr.write(summary_text(counts, self.db_path, spider.pack.name, reason) + "\n")
        sys.stderr.flush()

    def page_errors(self) -> dict[str, int]:
        """How the pages failed, by error kind, from the crawl's stats."""
        prefix = "mentionfinder/pages/failed/"
        return {k[len(prefix) :]: v for k, v in self.crawler.stats.get_stats().items() if k.startswith(prefix) and v}
