"""Scale-out ingest: the workers' items in Redis → SQLite (one writer), in transactions, idempotently."""

from __future__ import annotations

import time
import uuid

from mentionfinder.output.tables import summary_text
from mentionfinder.ownsite.replacements import match_all
from mentionfinder.scaleout import state as redisstate
from mentionfinder.store import Store, utcnow

KINDS = {"PageItem": "pages", "CheckItem": "checks", "ContactItem": "contacts", "OwnPageItem": "own_pages"}


def write_items(store: Store, raw_items: list[bytes], run_id: str) -> int:
    """Write one batch in one transaction; upserts make a repeated item (after a crash) harmless."""
    batch: dict[str, list[dict]] = {name: [] for name in KINDS.values()}
    for raw in raw_items:
        kind, data = redisstate.decode_item(raw)
        if kind in KINDS:
            batch[KINDS[kind]].append(data)
    store.write(batch["pages"], batch["checks"], run_id, batch["contacts"], batch["own_pages"])
    return len(raw_items)


def run_ingest(server, db_path: str, *, idle: float = 30.0, batch: int = 500, poll: float = 0.2) -> str:
    """Drain until nothing has arrived for `idle` seconds while no worker is alive; returns the summary."""
    store = Store(db_path, cache_mib=16)
    run_id = f"ingest-{uuid.uuid4().hex[:8]}"
    store.start_run(run_id, "scale-out")
    written, quiet_since = 0, None
    try:
        leftover = redisstate.pending_items(server)
        if leftover:
            written += write_items(store, leftover, run_id)
            redisstate.done_items(server)
        while True:
            items = redisstate.take_items(server, batch)
            if items:
                written += write_items(store, items, run_id)
                redisstate.done_items(server)
                quiet_since = None
                continue
            if redisstate.live_workers(server) or redisstate.frontier_size(server):
                quiet_since = None
            else:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= idle:
                    break
            time.sleep(poll)
        matched = match_all(store)
        store.finish_run(run_id, "finished", {"mentionfinder/ingest/items": written, "finished_at": utcnow()})
        counts = store.counts(run_id)
    finally:
        store.close()
    return summary_text(counts, str(db_path), "scale-out", "finished") + f"\ningested {written} items; {matched}"
