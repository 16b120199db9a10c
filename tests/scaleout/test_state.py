"""mentionfinder.scaleout.state on a real Redis: keys, items as JSON lines, the ingest hand-over."""

from __future__ import annotations

import pytest
import redis

from mentionfinder.scaleout import state
from mentionfinder.store import unpack_text


@pytest.fixture
def server(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    return client


def test_page_text_travels_compressed():
    kind, data = state.decode_item(state.encode_item("PageItem", {"url": "u", "text_blocks": ["a", "b"]}))
    assert kind == "PageItem" and data["text_blocks"] == [] and unpack_text(data["text_z"]) == ["a", "b"]
    assert state.decode_item(state.encode_item("CheckItem", {"url": "u", "text_blocks": ["x"]})) == (
        "CheckItem",
        {"url": "u", "text_blocks": ["x"]},
    )


def test_items_taken_stay_pending_until_done(server):
    server.rpush(state.ITEMS_KEY, *(state.encode_item("CheckItem", {"n": n}) for n in range(5)))
    taken = state.take_items(server, 3)
    assert [state.decode_item(raw)[1]["n"] for raw in taken] == [0, 1, 2]
    assert state.pending_items(server) == taken  # a crashed ingest writes them again
    state.done_items(server)
    assert state.pending_items(server) == [] and server.llen(state.ITEMS_KEY) == 2


def test_workers_alive_and_frontier(server):
    server.sadd(state.WORKERS_KEY, "w1", "w2")
    server.set(state.PREFIX + "worker:w1", 1, ex=30)
    assert sorted(state.workers(server)) == ["w1", "w2"] and state.live_workers(server) == ["w1"]
    server.zadd(state.queue_key("n"), {"a": 0, "b": 1})
    server.zadd(state.queue_key("m"), {"c": 0})
    assert state.frontier_size(server) == 3


def test_forget_niche_drops_its_state_but_not_the_items(server):
    for key in (state.queue_key("n"), state.dupefilter_key("n"), state.probes_key("n"), state.taken_key("n", "checks")):
        server.set(key, "x")
    server.rpush(state.ITEMS_KEY, "item")
    server.set(state.queue_key("other"), "x")
    assert state.forget_niche(server, "n") == 4
    assert server.exists(state.ITEMS_KEY, state.queue_key("other")) == 2


def test_unreachable_redis_is_one_clear_error():
    with pytest.raises(state.RedisUnavailable, match="cannot reach Redis at redis://127.0.0.1:9/0"):
        state.connect("redis://127.0.0.1:9/0", timeout=0.5)
