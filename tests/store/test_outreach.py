"""mentionfinder.store.outreach on a real SQLite file: states move forward, deliveries are counted."""

from __future__ import annotations

import pytest

from mentionfinder.store import STATES, Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "o.db")
    yield store
    store.close()


def status(store, opp):
    return store.db.execute("SELECT status FROM opportunity_state WHERE opportunity_id = ?", [opp]).fetchone()[0]


def test_automatic_changes_only_move_forward(store):
    assert store.set_status(["a", "b"], "exported", automatic=True) == 2
    assert store.set_status(["a"], "won") == 1
    assert store.set_status(["a", "b"], "pushed", automatic=True) == 1  # a human's "won" stays
    assert (status(store, "a"), status(store, "b")) == ("won", "pushed")
    assert store.set_status(["b"], "exported", automatic=True) == 0  # never backwards
    with pytest.raises(ValueError, match="unknown state"):
        store.set_status(["a"], "lost")
    assert STATES[0] == "new"


def test_deliveries_and_exports_are_recorded(store):
    store.record_delivery(["a", "b"], "http://hook.test/", ok=False, error="HTTP 500")
    store.record_delivery(["a"], "http://hook.test/", ok=True)
    assert store.delivered("http://hook.test/") == {"a"} and store.delivered("http://other.test/") == set()
    row = store.db.execute("SELECT attempts, last_error FROM deliveries WHERE opportunity_id = 'a'").fetchone()
    assert row == (2, "")
    assert store.last_export_at() is None
    store.record_export(3, "export --format csv")
    assert store.last_export_at() is not None


def test_matches_are_replaced_whole(store):
    assert store.save_matches({"opportunity_id": f"o{n}", "replacement_url": "http://own.test/"} for n in range(5)) == 5
    assert store.save_matches([{"opportunity_id": "x", "replacement_url": "http://own.test/"}], chunk=1) == 1
    assert store.db.execute("SELECT opportunity_id FROM matches").fetchall() == [("x",)]
