"""mentionfinder.crawl.checker.LinkCheckMixin on a real spider: each URL checked once, answers → next step."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from mentionfinder.crawl.checkrequests import META_KEY
from mentionfinder.crawl.items import CheckItem
from tests.helpers import make_spider


def answer(request, status: int, body: bytes = b"<html><title>ok</title><p>fine</p></html>"):
    return HtmlResponse(request.url, status=status, body=body, request=request, headers={"Content-Type": "text/html"})


def test_each_url_is_checked_once_per_run(crawl):
    spider = make_spider(crawl, MENTIONFINDER_HEAD_FIRST="files")
    [request] = spider._check("http://gone.test/x")
    assert (request.method, request.meta[META_KEY]["url"], request.callback) == (
        "GET",
        "http://gone.test/x",
        spider.check_done,
    )
    assert list(spider._check("http://gone.test/x")) == []
    assert spider.crawler.stats.get_value("mentionfinder/checks/scheduled") == 1


def test_a_fresh_check_is_reused_not_sent(crawl):
    spider = make_spider(crawl)
    spider.fresh = {"http://alive.test/"}
    assert list(spider._check("http://alive.test/")) == []
    assert spider.crawler.stats.get_value("mentionfinder/checks/reused") == 1


def test_a_404_answer_finishes_the_check_dead(crawl):
    spider = make_spider(crawl, MENTIONFINDER_HEAD_FIRST="files")
    [request] = spider._check("http://gone.test/x")
    [item] = spider.check_done(answer(request, 404))
    assert isinstance(item, CheckItem)
    assert (item.url, item.verdict, item.reason, item.http_status) == ("http://gone.test/x", "dead", "http_404", 404)


def test_a_head_refused_is_followed_by_a_get(crawl):
    spider = make_spider(crawl, MENTIONFINDER_HEAD_FIRST="always")
    [head] = spider._check("http://gone.test/x")
    assert head.method == "HEAD"
    [get] = spider.check_done(answer(head, 405))
    assert get.method == "GET" and [a.status for a in get.meta[META_KEY]["attempts"]] == [405]
