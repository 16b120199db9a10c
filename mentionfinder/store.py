"""Storage stage: pages, link occurrences, URL checks, mentions and runs in SQLite (the only module with SQL)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from mentionfinder.verdicts import Streak

TYPES = ("broken_link", "unlinked_mention")

migrations = Migrations("mentionfinder")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["runs"].create({
        "id": str, "niche": str, "started_at": str, "finished_at": str, "status": str, "stats": str,
    }, pk="id")
    db["pages"].create({
        "url": str, "niche": str, "domain": str, "seed": str, "depth": int, "status": int, "error": str,
        "title": str, "h1": str, "is_resource": int, "yields_findings": int, "links_to_brand": int,
        "links_seen": int, "text_z": bytes, "first_seen": str, "last_seen": str, "run_id": str,
    }, pk="url")
    db["links"].create({
        "id": str, "page_url": str, "target_url": str, "target_domain": str, "anchor_text": str, "rel": str,
        "placement": str, "context": str, "image": int, "niche": str, "first_seen": str, "last_seen": str,
        "run_id": str,
    }, pk="id")
    db["checks"].create({
        "url": str, "verdict": str, "reason": str, "signal": str, "http_status": int, "final_url": str,
        "redirect_chain": str, "error": str, "attempts": str, "first_checked": str, "last_checked": str,
        "run_id": str,
    }, pk="url")
    db["mentions"].create({
        "id": str, "page_url": str, "niche": str, "mention_text": str, "context": str, "first_seen": str,
        "last_seen": str, "run_id": str,
    }, pk="id")
    db["links"].create_index(["page_url"])
    db["links"].create_index(["target_url"])
    db["mentions"].create_index(["page_url"])
    db["checks"].create_index(["verdict"])
    db["pages"].create_index(["niche"])


@migrations()
def m002_check_history(db: sqlite_utils.Database) -> None:
    # Evidence of the random-path probe, failure streaks across runs, and dead verdicts held back
    # while the network itself was in doubt.
    checks = db["checks"]
    for column in ("probe", "fail_kind", "fail_since", "held_reason"):
        checks.add_column(column, str)
    checks.add_column("fail_runs", int)


def utcnow() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_id(*parts: str) -> str:
    """A key that stays the same across runs for the same parts."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def pack_text(blocks: Iterable[str]) -> bytes:
    return zlib.compress("\n".join(blocks).encode("utf-8", "surrogatepass"), 6)


def unpack_text(blob: bytes | None) -> list[str]:
    return zlib.decompress(blob).decode("utf-8", "surrogatepass").split("\n") if blob else []


class Store:
    """One SQLite file; WAL so readers (export) never block the crawl; every batch is one transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.enable_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(self.db)

    @classmethod
    def open_existing(cls, path: str | Path) -> Store:
        """Open a database a crawl wrote; FileNotFoundError when there is none."""
        if not Path(path).is_file():
            raise FileNotFoundError(str(path))
        return cls(path)

    def close(self) -> None:
        self.db.close()

    # --- runs ------------------------------------------------------------------------------------
    def start_run(self, run_id: str, niche: str) -> None:
        with self.db.conn:
            self.db["runs"].insert({"id": run_id, "niche": niche, "started_at": utcnow(), "status": "running"})

    def finish_run(self, run_id: str, status: str, stats: dict) -> None:
        with self.db.conn:
            self.db["runs"].update(run_id, {"finished_at": utcnow(), "status": status,
                                            "stats": json.dumps(stats, default=str, sort_keys=True)})

    # --- writes ----------------------------------------------------------------------------------
    def write(self, pages: list[dict], checks: list[dict], run_id: str) -> None:
        """Write one batch of page and check items atomically."""
        now = utcnow()
        with self.db.conn:
            for page in pages:
                self._write_page(page, run_id, now)
            for check in checks:
                self._write_check(check, run_id, now)

    def _write_page(self, page: dict, run_id: str, now: str) -> None:
        url = page["url"]
        row = {key: page.get(key) for key in ("url", "niche", "domain", "seed", "depth", "status", "error",
                                               "title", "h1", "links_seen")}
        row.update(is_resource=int(page.get("is_resource", False)),
                   yields_findings=int(page.get("yields_findings", False)),
                   links_to_brand=int(page.get("links_to_brand", False)),
                   run_id=run_id, last_seen=now, first_seen=now)
        if page.get("text_blocks"):
            row["text_z"] = pack_text(page["text_blocks"])
        if page.get("error"):
            # A failed fetch says nothing about what the page holds: keep what we knew, note the error.
            self._upsert("pages", [{"url": url, "niche": row["niche"], "domain": row["domain"], "seed": row["seed"],
                                    "depth": row["depth"], "status": row["status"], "error": row["error"],
                                    "run_id": run_id, "first_seen": now}], "url",
                         keep=("first_seen",))
            return
        self._upsert("pages", [row], "url", keep=("first_seen",))
        links = [{
            "id": stable_id(url, link["target_url"], link.get("anchor_text", "")),
            "page_url": url, "target_url": link["target_url"], "target_domain": link.get("target_domain", ""),
            "anchor_text": link.get("anchor_text", ""), "rel": link.get("rel", ""),
            "placement": link.get("placement", ""), "context": link.get("context", ""),
            "image": int(bool(link.get("image"))), "niche": row["niche"],
            "first_seen": now, "last_seen": now, "run_id": run_id,
        } for link in page.get("links", [])]
        mentions = [{
            "id": stable_id(url, m["mention_text"].lower(), m.get("context", "")),
            "page_url": url, "niche": row["niche"], "mention_text": m["mention_text"],
            "context": m.get("context", ""), "first_seen": now, "last_seen": now, "run_id": run_id,
        } for m in page.get("mentions", [])]
        # What the page no longer carries is no longer a finding: drop it, keep first_seen of the rest.
        self._replace_children("links", url, links)
        self._replace_children("mentions", url, mentions)

    def _replace_children(self, table: str, page_url: str, rows: list[dict]) -> None:
        ids = [r["id"] for r in rows]
        self.db.execute(
            f"DELETE FROM [{table}] WHERE page_url = ? AND id NOT IN (SELECT value FROM json_each(?))",
            [page_url, json.dumps(ids)],
        )
        if rows:
            self._upsert(table, rows, "id", keep=("first_seen",))

    def _write_check(self, check: dict, run_id: str, now: str) -> None:
        row = {key: check.get(key) for key in ("url", "verdict", "reason", "signal", "http_status", "final_url",
                                                "error", "held_reason")}
        row.update(redirect_chain=json.dumps(check.get("redirect_chain") or []),
                   attempts=json.dumps(check.get("attempts") or []),
                   probe=json.dumps(check["probe"]) if check.get("probe") else None,
                   first_checked=now, last_checked=now, run_id=run_id)
        row.update(self._streak(check["url"], check.get("failure_kind") or "", run_id, now))
        self._upsert("checks", [row], "url", keep=("first_checked",))

    def _streak(self, url: str, kind: str, run_id: str, now: str) -> dict:
        """A transient failure continues the URL's streak of failures of that kind, one step per run."""
        if not kind:
            return {"fail_kind": None, "fail_since": None, "fail_runs": 0}
        old = self.db.execute("SELECT fail_kind, fail_since, fail_runs, run_id FROM checks WHERE url = ?",
                              [url]).fetchone()
        if old and old[0] == kind:
            runs = (old[2] or 0) + (0 if old[3] == run_id else 1)
            return {"fail_kind": kind, "fail_since": old[1], "fail_runs": runs}
        return {"fail_kind": kind, "fail_since": now, "fail_runs": 1}

    def fresh_checks(self, max_age_hours: float) -> set[str]:
        """URLs checked within the age whose verdict needs no re-confirmation (dead is always re-checked)."""
        if max_age_hours <= 0:
            return set()
        cutoff = (datetime.now(timezone.utc) - timedelta(hours=max_age_hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows = self.db.execute("SELECT url FROM checks WHERE verdict IN ('alive', 'blocked', 'skipped') "
                               "AND last_checked >= ?", [cutoff]).fetchall()
        return {url for (url,) in rows}

    def failure_streaks(self) -> dict[str, Streak]:
        """Every URL currently failing transiently, with its streak (for confirming persistent failures)."""
        rows = self.db.execute("SELECT url, fail_kind, fail_since, fail_runs FROM checks "
                               "WHERE fail_kind IS NOT NULL AND fail_runs > 0").fetchall()
        return {url: Streak(kind, since, runs) for url, kind, since, runs in rows}

    def release_held(self, run_id: str) -> int:
        """The network worked throughout the run: held network failures become the dead links they are."""
        with self.db.conn:
            cursor = self.db.execute(
                "UPDATE checks SET verdict = 'dead', reason = held_reason, held_reason = NULL, "
                "signal = replace(signal, '; held until enough other hosts have answered', '') "
                "WHERE run_id = ? AND held_reason IS NOT NULL AND held_reason != ''", [run_id])
        return cursor.rowcount

    def outage_checks(self, run_id: str) -> int:
        return self.db.execute("SELECT count(*) FROM checks WHERE run_id = ? AND reason = 'network_outage'",
                               [run_id]).fetchone()[0]

    def _upsert(self, table: str, rows: list[dict], pk: str, keep: tuple[str, ...] = ()) -> None:
        """INSERT, or UPDATE every column but `keep` (first_seen survives re-runs)."""
        columns = list(rows[0])
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk and c not in keep)
        sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)}) ON CONFLICT([{pk}]) DO UPDATE SET {updates}")
        self.db.conn.executemany(sql, [[r.get(c) for c in columns] for r in rows])

    # --- reads ------------------------------------------------------------------------------------
    def counts(self, run_id: str | None = None) -> dict:
        """Figures for the crawl summary: pages, links, checks by verdict and reason, findings by type."""
        where, args = ("WHERE run_id = ?", [run_id]) if run_id else ("", [])
        one = lambda sql, a=(): self.db.execute(sql, list(a)).fetchone()[0]  # noqa: E731
        by_reason = self.db.execute(
            f"SELECT verdict, reason, count(*) FROM checks {where} GROUP BY verdict, reason "
            "ORDER BY verdict, count(*) DESC", args).fetchall()
        findings = {kind: 0 for kind in TYPES}
        for row in self.opportunities(run_id=run_id):
            findings[row["type"]] += 1
        return {
            "pages": one(f"SELECT count(*) FROM pages {where}", args),
            "pages_failed": one(f"SELECT count(*) FROM pages {where} {'AND' if where else 'WHERE'} "
                                "error IS NOT NULL AND error != ''", args),
            "resource_pages": one(f"SELECT count(*) FROM pages {where} {'AND' if where else 'WHERE'} "
                                  "yields_findings = 1", args),
            "links": one(f"SELECT count(*) FROM links {where}", args),
            "checks": sum(n for _, _, n in by_reason),
            "checks_by_reason": [(v, r, n) for v, r, n in by_reason],
            "findings": findings,
        }

    def opportunities(self, niche: str | None = None, kind: str | None = None, include_blocked: bool = False,
                      run_id: str | None = None) -> Iterator[dict]:
        """Opportunity records, one per finding, in a stable order (see the export contract)."""
        if kind in (None, "broken_link"):
            yield from self._broken_links(niche, include_blocked, run_id)
        if kind in (None, "unlinked_mention"):
            yield from self._unlinked_mentions(niche, run_id)

    def _broken_links(self, niche, include_blocked, run_id) -> Iterator[dict]:
        verdicts = ("dead", "blocked") if include_blocked else ("dead",)
        sql = f"""
            SELECT l.page_url, p.title AS page_title, p.domain AS page_domain, p.niche, l.target_url,
                   l.anchor_text, l.rel, l.placement, c.verdict, c.reason, c.http_status,
                   MIN(l.first_seen) AS first_seen, c.last_checked, c.signal, c.attempts, c.probe
            FROM links l
            JOIN pages p ON p.url = l.page_url
            JOIN checks c ON c.url = l.target_url
            WHERE c.verdict IN ({', '.join('?' for _ in verdicts)}) AND p.yields_findings = 1
              {'AND p.niche = ?' if niche else ''} {'AND p.run_id = ?' if run_id else ''}
            GROUP BY l.page_url, l.target_url
            ORDER BY p.domain, l.page_url, l.target_url
        """
        args = [*verdicts, *([niche] if niche else []), *([run_id] if run_id else [])]
        for row in self.db.query(sql, args):
            yield {"opportunity_id": stable_id("broken_link", row["page_url"], row["target_url"]),
                   "type": "broken_link", **row}

    def _unlinked_mentions(self, niche, run_id) -> Iterator[dict]:
        sql = f"""
            SELECT m.page_url, p.title AS page_title, p.domain AS page_domain, p.niche, m.mention_text,
                   m.context, MIN(m.first_seen) AS first_seen, p.last_seen AS last_checked,
                   count(*) AS mention_count
            FROM mentions m
            JOIN pages p ON p.url = m.page_url
            WHERE p.links_to_brand = 0 AND p.yields_findings = 1
              {'AND p.niche = ?' if niche else ''} {'AND p.run_id = ?' if run_id else ''}
            GROUP BY m.page_url
            ORDER BY p.domain, m.page_url
        """
        args = [*([niche] if niche else []), *([run_id] if run_id else [])]
        for row in self.db.query(sql, args):
            yield {"opportunity_id": stable_id("unlinked_mention", row["page_url"]), "type": "unlinked_mention",
                   **row}

    def check(self, url: str) -> dict | None:
        """Everything stored about one URL's check, with the pages that link to it."""
        rows = list(self.db.query("SELECT * FROM checks WHERE url = ?", [url]))
        if not rows:
            return None
        check = rows[0]
        for key in ("attempts", "redirect_chain", "probe"):
            check[key] = json.loads(check[key]) if check.get(key) else ([] if key != "probe" else None)
        check["linked_from"] = list(self.db.query(
            "SELECT page_url, anchor_text, placement FROM links WHERE target_url = ? ORDER BY page_url", [url]))
        return check

    def page_text(self, url: str) -> list[str]:
        """The visible text blocks kept for a page (to recompute mentions for new aliases)."""
        rows = list(self.db.query("SELECT text_z FROM pages WHERE url = ?", [url]))
        return unpack_text(rows[0]["text_z"]) if rows else []


def integrity_ok(path: str | Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
