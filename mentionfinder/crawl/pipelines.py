"""Item pipeline: page and check items → SQLite, in batched transactions."""

from __future__ import annotations

import time
import uuid

from mentionfinder.crawl.items import CheckItem, ContactItem, OwnPageItem, PageItem
from mentionfinder.store import Store


class StorePipeline:
    """Buffers items and writes them in one transaction per batch (or every few seconds).

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
        return cls(crawler, settings.get("MENTIONFINDER_DB"), settings.getint("MENTIONFINDER_BATCH_SIZE"))

    def open_spider(self):
        spider = self.crawler.spider
        self.store = Store(self.db_path)
        self.run_id = uuid.uuid4().hex[:12]
        spider.run_id = self.run_id
        spider.store_path = str(self.store.path)
        self.store.start_run(self.run_id, spider.pack.name)

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
        # The run's end (reason, summary) is recorded by ProgressExtension on spider_closed.
        self.flush()
        self.store.close()
