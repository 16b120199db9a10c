"""mentionfinder.store.Store: one SQLite file in WAL mode, migrated on open; open_existing never creates one."""

from __future__ import annotations

import pytest

from mentionfinder.store import Store


def test_a_store_creates_its_folder_and_runs_in_wal(tmp_path):
    store = Store(tmp_path / "deep" / "crawl.db", cache_mib=4)
    try:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -4096
        assert {"pages", "links", "checks", "runs"} <= set(store.db.table_names())
    finally:
        store.close()


def test_open_existing_refuses_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        Store.open_existing(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
    Store(tmp_path / "there.db").close()
    Store.open_existing(tmp_path / "there.db").close()
