"""What every part of the store shares: the connection, stable keys, timestamps, the upsert."""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils


def iso_utc(when: datetime) -> str:
    """The one timestamp format of the database: ISO 8601, UTC, seconds."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow() -> str:
    return iso_utc(datetime.now(UTC))


def hours_ago(hours: float) -> str:
    return iso_utc(datetime.now(UTC) - timedelta(hours=hours))


def stable_id(*parts: str) -> str:
    """A key that stays the same across runs for the same parts."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def pack_text(blocks: Iterable[str]) -> bytes:
    # Level 1: about a third of level 6's CPU for a few per cent more bytes (it ran for every page).
    return zlib.compress("\n".join(blocks).encode("utf-8", "surrogatepass"), 1)


def unpack_text(blob: bytes | None) -> list[str]:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass").split("\n") if blob else []


def integrity_ok(path: str | Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class StoreBase:
    db: sqlite_utils.Database

    def _upsert(self, table: str, rows: list[dict], pk: str | tuple[str, ...], keep: tuple[str, ...] = ()) -> None:
        """INSERT, or UPDATE every column but the key and `keep` (first_seen survives re-runs).

        One executemany per set of columns, in the rows' order (rows of a batch may differ in columns).
        """
        groups: dict[tuple[str, ...], list[dict]] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
        for columns, group in groups.items():
            self._upsert_values(table, columns, [[r.get(c) for c in columns] for r in group], pk, keep)

    def _upsert_values(
        self, table: str, columns: tuple[str, ...], values: list, pk: str | tuple[str, ...], keep: tuple[str, ...] = ()
    ) -> None:
        """`_upsert` for rows already in the columns' order (the tens of thousands of links of a batch)."""
        sql = _upsert_sql(table, columns, (pk,) if isinstance(pk, str) else tuple(pk), keep)
        self.db.conn.executemany(sql, values)


@functools.lru_cache(maxsize=256)
def _upsert_sql(table: str, columns: tuple[str, ...], keys: tuple[str, ...], keep: tuple[str, ...]) -> str:
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in keys and c not in keep)
    return (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT({', '.join(f'[{k}]' for k in keys)}) DO UPDATE SET {updates}"
    )
