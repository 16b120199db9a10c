"""mentionfinder.scaleout.ingest: items the workers left in Redis, written to SQLite by the one writer."""

from __future__ import annotations

from mentionfinder.scaleout.ingest import write_items
from mentionfinder.scaleout.state import encode_item
from mentionfinder.store import Store
from tests.store.test_crawl import TARGETS, page_item, target_domains


def test_scale_out_ingest_fills_the_target_domain(tmp_path):
    store = Store(tmp_path / "ingest.db")
    try:
        write_items(store, [encode_item("PageItem", page_item()).encode()], "ingest-1")
    finally:
        store.close()
    assert target_domains(tmp_path / "ingest.db") == TARGETS
