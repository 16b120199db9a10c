"""mentionfinder.crawl.pipelines.StorePipeline on a real spider and SQLite file: batches, one run row."""

from __future__ import annotations

import sqlite3

from mentionfinder.crawl.items import CheckItem, PageItem
from mentionfinder.crawl.pipelines import StorePipeline
from tests.helpers import make_spider


def test_items_are_written_in_batches(crawl):
    spider = make_spider(crawl, MENTIONFINDER_BATCH_SIZE=2)
    pipeline = StorePipeline.from_crawler(spider.crawler)
    pipeline.flush_seconds = 3600
    pipeline.open_spider()
    try:
        page = PageItem(
            url="http://links.site.test/", niche="fixture", domain="site.test", seed="s", depth=0, status=200
        )
        page.mentions = [{"mention_text": "Vitalis Health", "context": "…"}]
        assert pipeline.process_item(page) is page
        assert (len(pipeline.pages), sqlite3.connect(crawl.db).execute("SELECT count(*) FROM pages").fetchone()) == (
            1,
            (0,),
        )
        pipeline.process_item(CheckItem(url="http://gone.test/", verdict="dead", reason="http_404", signal="HTTP 404"))
        assert pipeline.pages == pipeline.checks == []  # the batch of two went out in one transaction
    finally:
        pipeline.close_spider()
        pipeline.store.close()
    with sqlite3.connect(crawl.db) as conn:
        assert conn.execute("SELECT url FROM pages").fetchall() == [("http://links.site.test/",)]
        assert conn.execute("SELECT url, verdict FROM checks").fetchall() == [("http://gone.test/", "dead")]
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert spider.crawler.stats.get_value("mentionfinder/findings/mention_pages") == 1
