"""Outreach state: the user's own pages and chosen replacements, opportunity states, exports, webhook deliveries."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

from mentionfinder.store.base import StoreBase, utcnow

STATES = ("new", "exported", "pushed", "contacted", "won", "ignored")
# A state the user set by hand is never overwritten by an export or a push.
_AUTOMATIC = ("new", "exported", "pushed")


class OutreachRecords(StoreBase):
    # --- own site and replacements ---------------------------------------------------------------
    def own_pages(self) -> list[dict]:
        return list(
            self.db.query(
                "SELECT url, coalesce(title, '') AS title, coalesce(h1, '') AS h1, "
                "coalesce(description, '') AS description FROM own_pages ORDER BY url"
            )
        )

    def save_matches(self, matches: Iterable[dict], chunk: int = 2000) -> int:
        """Replace every stored replacement with a fresh set (one row per opportunity), in one transaction.

        `matches` may be a generator reading this database: it is consumed in chunks, never held whole.
        """
        now = utcnow()
        count = 0
        with self.db.conn:
            self.db.execute("DELETE FROM matches")
            for batch in _batched(matches, chunk):
                self._upsert(
                    "matches",
                    [{**m, "alternatives": json.dumps(m.get("alternatives") or []), "matched_at": now} for m in batch],
                    "opportunity_id",
                )
                count += len(batch)
        return count

    # --- states ------------------------------------------------------------------------------------
    def set_status(self, opportunity_ids: Iterable[str], status: str, *, automatic: bool = False) -> int:
        """Set a state; automatic changes (export, push) only move an opportunity forward from new/exported."""
        if status not in STATES:
            raise ValueError(f"unknown state {status!r}: use one of {', '.join(STATES)}")
        now = utcnow()
        stamp = {"exported": "exported_at", "pushed": "pushed_at"}.get(status)
        count = 0
        with self.db.conn:
            for opp in opportunity_ids:
                old = self.db.execute("SELECT status FROM opportunity_state WHERE opportunity_id = ?", [opp]).fetchone()
                current = old[0] if old else "new"
                if automatic and (current not in _AUTOMATIC or STATES.index(current) >= STATES.index(status)):
                    continue
                row = {"opportunity_id": opp, "status": status, "updated_at": now}
                if stamp:
                    row[stamp] = now
                self._upsert("opportunity_state", [row], "opportunity_id")
                count += 1
        return count

    # --- exports -----------------------------------------------------------------------------------
    def record_export(self, records: int, command: str) -> None:
        with self.db.conn:
            self.db["exports"].insert({"at": utcnow(), "records": records, "command": command})

    def last_export_at(self) -> str | None:
        row = self.db.execute("SELECT max(at) FROM exports").fetchone()
        return row[0] if row else None

    # --- webhook deliveries ------------------------------------------------------------------------
    def delivered(self, endpoint: str) -> set[str]:
        rows = self.db.execute(
            "SELECT opportunity_id FROM deliveries WHERE endpoint = ? AND status = 'delivered'", [endpoint]
        ).fetchall()
        return {opp for (opp,) in rows}

    def record_delivery(self, opportunity_ids: Iterable[str], endpoint: str, ok: bool, error: str = "") -> None:
        now = utcnow()
        with self.db.conn:
            for opp in opportunity_ids:
                old = self.db.execute(
                    "SELECT attempts, first_attempt_at FROM deliveries WHERE opportunity_id = ? AND endpoint = ?",
                    [opp, endpoint],
                ).fetchone()
                self._upsert(
                    "deliveries",
                    [
                        {
                            "opportunity_id": opp,
                            "endpoint": endpoint,
                            "status": "delivered" if ok else "failed",
                            "attempts": (old[0] if old else 0) + 1,
                            "last_error": error[:500],
                            "first_attempt_at": old[1] if old else now,
                            "delivered_at": now if ok else None,
                        }
                    ],
                    ("opportunity_id", "endpoint"),
                )


def _batched(items: Iterable, size: int):
    """Lists of up to `size` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
