"""mentionfinder.crawl.confirm.ConfirmMixin on a real spider: network failures wait, rounds carry them.

Whole rounds (retries and controls over the network) run in real crawls: tests/test_network_outage.py.
"""

from __future__ import annotations

import asyncio

from scrapy.exceptions import DownloadConnectionRefusedError
from twisted.python.failure import Failure

from mentionfinder.check.outage import ConfirmPolicy
from mentionfinder.crawl.confirm import ROUND_KEY
from tests.helpers import make_spider


def refused(request) -> Failure:
    failure = Failure(DownloadConnectionRefusedError("Connection was refused by other side"))
    failure.request = request
    return failure


def test_a_refused_check_gives_no_verdict_yet_it_waits_for_a_round(crawl):
    spider = make_spider(crawl)
    [request] = spider._check("http://refused.test/x")
    assert list(spider.check_failed(refused(request))) == []
    [pending] = spider.pending
    assert (pending.url, [a.error for a in pending.attempts]) == ("http://refused.test/x", ["refused"])
    assert spider.crawler.stats.get_value("mentionfinder/checks/network_failures_held") == 1
    assert spider.crawler.stats.get_value("mentionfinder/checks/dead") is None


def test_a_full_chunk_makes_a_round_request_during_the_crawl(crawl):
    spider = make_spider(crawl)
    spider.confirm_policy = ConfirmPolicy(chunk=2, every=3600)
    [first] = spider._check("http://a.test/")
    [second] = spider._check("http://b.test/")
    assert list(spider.check_failed(refused(first))) == []
    [round_request] = list(spider.check_failed(refused(second)))
    assert round_request.url.startswith("data:,") and round_request.callback == spider.confirm_round
    state = round_request.meta[ROUND_KEY]
    assert [f.url for f in state["failures"]] == ["http://a.test/", "http://b.test/"] and state["final"] is False
    assert spider.pending == []


def test_failures_at_the_end_go_in_final_rounds_of_a_chunk_each(crawl):
    spider = make_spider(crawl, MENTIONFINDER_OUTAGE_EVERY=3600)
    spider.confirm_policy = ConfirmPolicy(chunk=2, every=3600)
    for url in ("http://a.test/", "http://b.test/", "http://c.test/"):
        spider.hold(url, [])
    rounds = spider._round_requests(final=True)
    assert [len(r.meta[ROUND_KEY]["failures"]) for r in rounds] == [2, 1]
    assert all(r.meta[ROUND_KEY]["final"] for r in rounds)


def test_the_policy_comes_from_the_settings(crawl):
    spider = make_spider(
        crawl,
        MENTIONFINDER_OUTAGE_CONTROLS=5,
        MENTIONFINDER_OUTAGE_EVERY=7,
        MENTIONFINDER_OUTAGE_ROUNDS=0,
        MENTIONFINDER_OUTAGE_WAIT=-1,
    )
    assert spider.confirm_policy == ConfirmPolicy(controls=5, every=7, rounds=1, wait=0.0)


def test_a_control_lookup_asks_afresh_except_for_pinned_names(crawl):
    spider = make_spider(crawl, RESOLVE="pinned.test=127.0.0.1")
    assert asyncio.run(spider.lookup("pinned.test")) is None  # a pin never asks DNS: it proves nothing
    assert asyncio.run(spider.lookup("gone.invalid")) is False  # answered locally, no query leaves
