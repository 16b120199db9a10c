"""mentionfinder.store.base: timestamps, stable ids, packed page text, the integrity check."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from mentionfinder.store.base import hours_ago, integrity_ok, iso_utc, pack_text, stable_id, unpack_text, utcnow


def test_timestamps_are_utc_seconds():
    paris = datetime(2026, 3, 1, 13, 5, 9, 999, tzinfo=timezone(timedelta(hours=1)))
    assert iso_utc(paris) == "2026-03-01T12:05:09Z"
    assert len(utcnow()) == 20 and hours_ago(48) < utcnow()


def test_stable_ids_depend_on_every_part_and_its_boundaries():
    assert stable_id("a", "b") == stable_id("a", "b") and len(stable_id("a")) == 16
    assert len({stable_id("a", "b"), stable_id("ab"), stable_id("a", "b", ""), stable_id("b", "a")}) == 4
    assert stable_id("\udcff") != stable_id("?")  # a lone surrogate from a bad page still has its own id


def test_text_packs_and_unpacks():
    blocks = ["first block", "ünïcode", "\udc80 surrogate"]
    assert unpack_text(pack_text(blocks)) == blocks
    assert unpack_text(None) == unpack_text(b"") == []


def test_integrity_ok_on_a_sound_file(tmp_path):
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    assert integrity_ok(tmp_path / "a.db")
