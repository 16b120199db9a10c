"""The Redis side of scale-out that needs no Scrapy: keys, the connection, the items list and the worker
registry — what `mentionfinder ingest` and `seed` use, so they start without importing Scrapy."""

from __future__ import annotations

import base64
import json

import redis

from mentionfinder.store.base import pack_text

PREFIX = "mentionfinder:"
ITEMS_KEY = PREFIX + "items"
PROCESSING_KEY = PREFIX + "items:processing"
WORKERS_KEY = PREFIX + "workers"


class RedisUnavailable(Exception):
    """Redis cannot be reached; the message says where and what to do."""


def connect(url: str, timeout: float = 5.0) -> redis.Redis:
    """A client for the URL, proven alive with a PING (one clear error instead of a crash loop later)."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=max(timeout, 30))
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise RedisUnavailable(
            f"cannot reach Redis at {url}: {exc} — start redis-server there or fix the URL "
            "(MENTIONFINDER_REDIS_URL / --redis)"
        ) from None
    return client


def queue_key(niche: str) -> str:
    return f"{PREFIX}{niche}:requests"


def dupefilter_key(niche: str) -> str:
    return f"{PREFIX}{niche}:dupefilter"


def probes_key(niche: str) -> str:
    """Each site's probe result (how it answers a path that does not exist), shared by the workers."""
    return f"{PREFIX}{niche}:probes"


# What one worker takes for all: a URL's check, a site's contact page, one of your own pages.
TAKEN = ("checks", "contacts", "own_pages")


def taken_key(niche: str, kind: str) -> str:
    """The set of URLs (checks) or sites (contacts) some worker has already taken."""
    return f"{PREFIX}{niche}:taken:{kind}"


def encode_item(kind: str, data: dict) -> str:
    """An item as the JSON line a worker pushes. Page text travels already compressed (base64): the
    workers do that in parallel, and the one writer neither parses nor compresses it (a third fewer bytes)."""
    blocks = data.get("text_blocks") if kind == "PageItem" else None
    if blocks:
        data = {**data, "text_blocks": [], "text_z": base64.b64encode(pack_text(blocks)).decode("ascii")}
    return json.dumps({"kind": kind, "data": data})


def decode_item(raw: bytes | str) -> tuple[str, dict]:
    item = json.loads(raw)
    data = item["data"]
    if isinstance(data.get("text_z"), str):
        data["text_z"] = base64.b64decode(data["text_z"])
    return item["kind"], data


def forget_niche(server, niche: str) -> int:
    """Drop a niche's crawl state (queue, duplicate filter, taken sets, probes) so it can be crawled again;
    items waiting for ingest stay. Returns how many keys went."""
    keys = [queue_key(niche), dupefilter_key(niche), probes_key(niche), *(taken_key(niche, kind) for kind in TAKEN)]
    return server.delete(*keys)


def workers(server) -> list[str]:
    """Every worker that registered and has not signed off (alive or not)."""
    return [w.decode() if isinstance(w, bytes) else w for w in server.smembers(WORKERS_KEY)]


def live_workers(server) -> list[str]:
    return [w for w in workers(server) if server.exists(f"{PREFIX}worker:{w}")]


_TAKE = """
local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items > 0 then
  redis.call('LTRIM', KEYS[1], #items, -1)
  redis.call('RPUSH', KEYS[2], unpack(items))
end
return items
"""


def take_items(server, limit: int) -> list[bytes]:
    """Move up to `limit` items to the processing list atomically; they stay there until written."""
    return server.eval(_TAKE, 2, ITEMS_KEY, PROCESSING_KEY, limit)


def pending_items(server) -> list[bytes]:
    """Items a previous ingest took but did not finish writing (it crashed): written first, again."""
    return server.lrange(PROCESSING_KEY, 0, -1)


def done_items(server) -> None:
    server.delete(PROCESSING_KEY)


def frontier_size(server) -> int:
    return sum(server.zcard(key) for key in server.scan_iter(f"{PREFIX}*:requests"))
