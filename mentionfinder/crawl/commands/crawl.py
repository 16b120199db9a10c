"""`scrapy crawl`: Scrapy's own command, but a bad niche, config or setting is one line, not a traceback."""

from __future__ import annotations

import gc
import sqlite3
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from mentionfinder.config import NO_NICHE, ConfigError, load_brand, load_niche, parse_count
from mentionfinder.crawl.pipelines import NOTHING_FETCHED
from mentionfinder.netguard import ResolveError, parse_dns_servers, parse_resolve
from mentionfinder.store import Store


def preflight(spargs: dict, settings) -> None:
    """Everything a `resources` crawl reads from the user, checked before Scrapy starts."""
    if not spargs.get("niche"):
        raise ConfigError(NO_NICHE)
    load_niche(spargs["niche"])
    for name in ("max_pages", "max_depth"):
        parse_count(name, spargs.get(name), None)
    load_brand(settings.get("MENTIONFINDER_CONFIG"))
    parse_resolve(settings.get("RESOLVE"))
    parse_dns_servers(settings.get("MENTIONFINDER_DNS_SERVERS"))
    if settings.get("MENTIONFINDER_REDIS_URL"):
        from mentionfinder.scaleout.state import RedisUnavailable, connect

        try:
            connect(settings.get("MENTIONFINDER_REDIS_URL"), timeout=3)
        except RedisUnavailable as exc:
            raise ConfigError(str(exc)) from None
        return  # a worker never opens the SQLite database
    db = settings.get("MENTIONFINDER_DB")
    try:
        Store(db).close()  # also brings an older database's schema up to date before the crawl
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(
            f"cannot open the database {db}: {exc} — check the path, or set -s MENTIONFINDER_DB=PATH"
        ) from None


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts):
        # Runs before Scrapy sets up logging and the crawler process, so a mistake prints only its line.
        super().process_options(args, opts)
        if args and args[0] == "resources":
            try:
                preflight(opts.spargs, self.settings)
            except (ConfigError, ResolveError) as exc:
                sys.stderr.write(f"error: {exc}\n")
                sys.exit(2)
            tune_gc(self.settings.getint("MENTIONFINDER_GC_GEN0"))

    def _create_crawler(self, spidercls):
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args, opts):
        super().run(args, opts)
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats.get_value(NOTHING_FETCHED):
            self.exitcode = 1  # not one page could be read: the run has failed, whatever Scrapy thinks


def tune_gc(gen0: int) -> None:
    """Fewer garbage-collector passes for this crawl process (a command, so no host process is affected).

    A crawl allocates millions of short-lived objects (parse trees, requests, items) and few reference
    cycles; at Python's default gen-0 threshold of 700 the collector ran thousands of times and took ~13 %
    of the bench crawl's wall time (bench/README.md). Objects from start-up are frozen out of every pass.
    """
    if gen0 <= 0:
        return
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0, gen1, gen2)
