"""The Scrapy ceiling: the floor's job (bench/floor.py) done by the leanest Scrapy spider we could tune.

    python bench/scrapy_bare.py --resolve host=127.0.0.1,... --seeds-file SEEDS [--footprint resources]

Fetches every seed, parses it with lxml, follows same-host links whose path carries the footprint, and
sends one GET per unique outbound URL, counting 4xx/5xx and failures as dead. No HEAD, probe, verdict or
storage. Run with mentionfinder's Python: it downloads through mentionfinder's handler (Scrapy's aiohttp
client with RESOLVE pins), without a Twisted reactor, with a plain priority queue, no duplicate filter and
no middleware it does not need — every setting that made it faster here. What separates mentionfinder
from this is its own work; what separates this from the floor is Scrapy's per-request machinery.

Prints one JSON line: {"pages": P, "checked": C, "dead": D, "wall": S}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import scrapy
from scrapy.crawler import AsyncCrawlerProcess


class Bare(scrapy.Spider):
    name = "bare"

    def __init__(self, seeds: list[str], footprint: str, **kwargs):
        super().__init__(**kwargs)
        self.seeds, self.footprint = seeds, footprint
        self.pages_seen: set[str] = set()
        self.checked: set[str] = set()
        self.pages = 0
        self.dead = 0

    async def start(self):
        for seed in self.seeds:
            self.pages_seen.add(seed)
            yield scrapy.Request(seed, self.page)

    def page(self, response):
        self.pages += 1
        host = urlsplit(response.url).hostname
        for href in lxml.html.document_fromstring(response.body).xpath("//a/@href"):
            url = urldefrag(urljoin(response.url, href))[0]
            if urlsplit(url).hostname == host:
                if self.footprint in urlsplit(url).path and url not in self.pages_seen:
                    self.pages_seen.add(url)
                    yield scrapy.Request(url, self.page)
            elif url not in self.checked:
                self.checked.add(url)
                yield scrapy.Request(url, self.check, errback=self.failed, meta={"allow_offsite": True})

    def check(self, response):
        self.dead += response.status >= 400

    def failed(self, failure):
        self.dead += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-file", required=True)
    parser.add_argument("--resolve", default="")
    parser.add_argument("--footprint", default="resources")
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    seeds = [line.strip() for line in open(args.seeds_file, encoding="utf-8") if line.strip()]
    handler = "mentionfinder.crawl.handlers.GuardedAiohttpHandler"
    process = AsyncCrawlerProcess(
        {
            "TWISTED_REACTOR_ENABLED": False,
            "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
            "RESOLVE": args.resolve,
            "MENTIONFINDER_ALLOW_PRIVATE": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "CONCURRENT_ITEMS": 1,
            "HTTPERROR_ALLOW_ALL": True,
            "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
            "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
            "DOWNLOADER_MIDDLEWARES": {
                "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
                "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
                "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": None,
            },
            "SPIDER_MIDDLEWARES": {
                f"scrapy.spidermiddlewares.{path}": None
                for path in (
                    "referer.RefererMiddleware",
                    "urllength.UrlLengthMiddleware",
                    "depth.DepthMiddleware",
                    "metacopy.MetaCopyDetectionMiddleware",
                    "httperror.HttpErrorMiddleware",
                )
            },
        }
    )
    started = time.perf_counter()
    crawler = process.create_crawler(Bare)
    process.crawl(crawler, seeds=seeds, footprint=args.footprint)
    process.start()
    spider = crawler.spider
    print(
        json.dumps(
            {
                "pages": spider.pages,
                "checked": len(spider.checked),
                "dead": spider.dead,
                "wall": round(time.perf_counter() - started, 3),
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
