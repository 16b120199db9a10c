"""Scrapy settings for mentionfinder; each knob says why it has its value. Override any with `-s NAME=VALUE`."""

import os

from mentionfinder import USER_AGENT as _USER_AGENT

# Scrapy's cookies middleware builds a default TLDExtract when it is imported, which would fetch the
# public suffix list from the internet (and can hang). Set before any middleware is imported.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
# Only now: the config module imports tldextract, whose own default extractor reads that variable on import.
from mentionfinder.config import DEFAULT_CONFIG as _DEFAULT_CONFIG
from mentionfinder.config import DEFAULT_DB as _DEFAULT_DB

BOT_NAME = "mentionfinder"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Our `crawl` command checks the niche and brand config first and fails with one line, not a traceback.
COMMANDS_MODULE = "mentionfinder.crawl.commands"

# --- mentionfinder's own settings -------------------------------------------------------------
# The SQLite database every crawl writes to and `mentionfinder export` reads.
MENTIONFINDER_DB = os.environ.get("MENTIONFINDER_DB", _DEFAULT_DB)
# The brand config (name, aliases, domains, sitemaps).
MENTIONFINDER_CONFIG = os.environ.get("MENTIONFINDER_CONFIG", _DEFAULT_CONFIG)
# Scale-out: redis://HOST:PORT/DB shares the frontier, duplicate filter and check cache between workers
# (see ScaleOutAddon below); empty means one process writing SQLite itself.
MENTIONFINDER_REDIS_URL = ""
# Scale-out: a worker closes after this many seconds with nothing queued and no other worker busy.
MENTIONFINDER_IDLE_SECONDS = 30
# Scale-out: a worker's heartbeat lives this many seconds; a silent worker's requests go back on the queue.
MENTIONFINDER_WORKER_TTL = 30
# Allow requests to private, loopback and link-local addresses. Hosts pinned by RESOLVE are always allowed.
MENTIONFINDER_ALLOW_PRIVATE = False
# `host=addr,host=addr`: pin host names to addresses, like curl's --resolve (staging sites, tests).
RESOLVE = ""
# Seconds a link check may wait for an answer (per attempt; retries come on top).
MENTIONFINDER_CHECK_TIMEOUT = 20
# "files": link checks start with HEAD only for file-like URLs (.pdf, .zip, …) and with GET for pages,
# whose body is needed anyway to spot soft 404s and parked domains. "always": HEAD first for every URL.
MENTIONFINDER_HEAD_FIRST = "files"
# Bytes of a GET check's body read before the download is stopped: enough to judge the page.
MENTIONFINDER_CHECK_MAX_BYTES = 256 * 1024
# Seconds between progress lines while crawling (0 turns them off).
MENTIONFINDER_PROGRESS_INTERVAL = 15
# Allocations between garbage-collector passes in a crawl process (Python's default is 700, which made
# the collector ~13 % of a crawl's time); 0 leaves Python's default.
MENTIONFINDER_GC_GEN0 = 50_000
# A timeout or server error is "dead" only after failing this many runs (this one included)...
MENTIONFINDER_CONFIRM_RUNS = 2
# ...spread over at least this many hours (a server down for an afternoon is not a dead link).
MENTIONFINDER_CONFIRM_HOURS = 24
# A DNS, connection or timeout failure is confirmed before it is believed: retried together with this many
# control URLs that answered earlier (other hosts); dead only when the controls answer and it fails again...
MENTIONFINDER_OUTAGE_CONTROLS = 3
# ...in a round made once failures have waited this many seconds (or 32 wait), and at the end of the crawl,
MENTIONFINDER_OUTAGE_EVERY = 60
# ...where, while the controls do not answer, it gets this many rounds this many seconds apart, and then
# stays unverified / network_outage.
MENTIONFINDER_OUTAGE_ROUNDS = 3
MENTIONFINDER_OUTAGE_WAIT = 10
# Hours a check stays fresh: alive, blocked and skipped URLs checked more recently are not re-checked.
# Dead ones are always re-confirmed. 0 re-checks everything.
MENTIONFINDER_CHECK_MAX_AGE = 24
# 429 and 5xx: retries after the server's Retry-After (or 1 s, 2 s, …) with the host slowed down...
MENTIONFINDER_BACKOFF_RETRIES = 2
# ...but never waiting longer than this many seconds; a longer Retry-After leaves the link "blocked".
MENTIONFINDER_RETRY_AFTER_MAX = 30
# Hours the own site's listing (sitemaps) and each own page's title/description stay fresh.
MENTIONFINDER_OWN_PAGES_MAX_AGE = 168
# Own pages fetched per crawl (oldest first); the rest still match by their URL.
MENTIONFINDER_OWN_PAGES_LIMIT = 2000
# Items written to SQLite per transaction; a kill loses at most this many unwritten items.
MENTIONFINDER_BATCH_SIZE = 200

# --- crawling politeness ----------------------------------------------------------------------
USER_AGENT = _USER_AGENT
# Pages we crawl obey robots.txt. Link checks do not fetch robots.txt: see README "Link checks and robots.txt".
ROBOTSTXT_OBEY = True
# Resource pages sit on many small sites: a few requests at a time per host, a short pause between them.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
# A page over 10 MB is not a resource page; link-check GETs stop much earlier (see above).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10
# DNS servers asked directly ("9.9.9.9,1.1.1.1:53") instead of the system resolver; empty: the system's.
MENTIONFINDER_DNS_SERVERS = ""
# RESOLVE pins, `.invalid` answered locally, and the private-address guard, for every request.
TWISTED_DNS_RESOLVER = "mentionfinder.crawl.resolver.PinnedResolver"
# Scrapy's aiohttp client, with the same pins and guard as its resolver: about 10 % less CPU per request
# than the Twisted client (bench/README.md), and a link checker is mostly requests.
DOWNLOAD_HANDLERS = {
    "http": "mentionfinder.crawl.handlers.GuardedAiohttpHandler",
    "https": "mentionfinder.crawl.handlers.GuardedAiohttpHandler",
}

# --- retries: evidence, not noise ---------------------------------------------------------------
RETRY_TIMES = 2
# A failed check is evidence for its verdict, not an error of the crawl: keep the log readable.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
# The end-of-crawl summary replaces Scrapy's raw stats dump; -s STATS_DUMP=True brings it back.
STATS_DUMP = False
# 429 and 5xx are retried by BackoffMiddleware after a pause (Retry-After honoured), not at once.
RETRY_HTTP_CODES = [408]
# An unresolvable host is not retried: it does not resolve on the next try either, and each
# retry re-asks the DNS server (failed lookups are not cached).
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
]

# --- every status reaches the spider ----------------------------------------------------------
# A link checker must see 404s and 403s; redirects are still followed (unlike handle_httpstatus_all).
HTTPERROR_ALLOW_ALL = True

# --- components ---------------------------------------------------------------------------------
# Switches to the shared Redis frontier when MENTIONFINDER_REDIS_URL is set; does nothing otherwise.
ADDONS = {"mentionfinder.scaleout.addon.ScaleOutAddon": 0}
# Layers every request passes through, so the unused ones are off: no HTTP auth is ever sent, and the
# per-status download stats are not read (the summary counts verdicts).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    # Scrapy's lets every request but the first that waits for a host's robots.txt ignore it (see there).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "mentionfinder.crawl.middlewares.RobotsTxtMiddleware": 100,
    "mentionfinder.crawl.middlewares.PrivateAddressMiddleware": 50,
    # After RetryMiddleware (550) in the response chain, so it sees 429/503 first.
    "mentionfinder.crawl.middlewares.BackoffMiddleware": 560,
}
# Spider middlewares we do not need, each an extra async layer around every callback's output: depth is
# tracked by the spider itself, every status is wanted (HTTPERROR_ALLOW_ALL), and the meta-copy lint is a
# development aid (our callbacks build fresh meta).
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
# No Referer header: a link check would otherwise name the prospect's page to every site it checks.
REFERRER_POLICY = "no-referrer"
ITEM_PIPELINES = {
    "mentionfinder.crawl.pipelines.StorePipeline": 300,
}
EXTENSIONS = {
    "scrapy.extensions.logstats.LogStats": None,
    "mentionfinder.crawl.extensions.ProgressExtension": 500,
    "mentionfinder.crawl.extensions.CheckBodyLimitExtension": 510,
}
# One item at a time: items are cheap, and the default of 100 starts 100 tasks per callback.
CONCURRENT_ITEMS = 1

# --- no open doors ----------------------------------------------------------------------------
# Scrapy opens a telnet console and a code-running remote-control server by default.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Scrapy re-reads a callback's source on every call to warn about generator return values; ours never
# return one, and the lease wrapper defeats Scrapy's cache of that check (~7 % of a crawl's CPU).
WARN_ON_GENERATOR_RETURN_VALUE = False

LOG_LEVEL = "INFO"
# The end-of-crawl summary replaces Scrapy's raw stats dump; -s STATS_DUMP=True brings it back.
STATS_DUMP = False
FEED_EXPORT_ENCODING = "utf-8"
