"""Crawl records: runs, pages with their links and mentions, URL checks and their history."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from mentionfinder.check.verdicts import Streak
from mentionfinder.domains import url_domain
from mentionfinder.store.base import StoreBase, hours_ago, pack_text, stable_id, unpack_text, utcnow

LINK_COLUMNS = (
    "id",
    "page_url",
    "target_url",
    "target_domain",
    "anchor_text",
    "rel",
    "placement",
    "context",
    "image",
    "niche",
    "first_seen",
    "last_seen",
    "run_id",
)
MENTION_COLUMNS = (
    "id",
    "page_url",
    "niche",
    "mention_text",
    "context",
    "first_seen",
    "last_seen",
    "run_id",
    "mention_kind",
)


class CrawlRecords(StoreBase):
    # --- runs ------------------------------------------------------------------------------------
    def start_run(self, run_id: str, niche: str) -> None:
        with self.db.conn:
            self.db["runs"].insert({"id": run_id, "niche": niche, "started_at": utcnow(), "status": "running"})

    def finish_run(self, run_id: str, status: str, stats: dict) -> None:
        with self.db.conn:
            self.db["runs"].update(
                run_id,
                {"finished_at": utcnow(), "status": status, "stats": json.dumps(stats, default=str, sort_keys=True)},
            )

    # --- writes ----------------------------------------------------------------------------------
    def write(
        self, pages: list[dict], checks: list[dict], run_id: str, contacts: list[dict] = (), own_pages: list[dict] = ()
    ) -> None:
        """Write one batch of crawl items atomically, a few statements per table rather than per item."""
        now = utcnow()
        with self.db.conn:
            self._write_pages(pages, run_id, now)
            if checks:
                self._upsert(
                    "checks", [self._check_row(c, run_id, now) for c in checks], "url", keep=("first_checked",)
                )
            if contacts:
                self._upsert(
                    "site_contacts",
                    [
                        {
                            "domain": c["domain"],
                            "contact_url": c["url"],
                            "emails": json.dumps(c["emails"]),
                            "fetched_at": now,
                        }
                        for c in contacts
                    ],
                    "domain",
                )
            self._write_own_pages(own_pages, now)

    def _write_own_pages(self, own_pages, now: str) -> None:
        # A URL seen in a sitemap only refreshes its listing; a fetched page also refreshes what it says.
        listed = [
            {"url": p["url"], "lastmod": p.get("lastmod"), "sitemap": p.get("sitemap"), "listed_at": now}
            for p in own_pages
            if not p.get("fetched")
        ]
        fetched = [
            {
                **{k: p.get(k) for k in ("url", "title", "h1", "description", "status")},
                "fetched_at": now,
                "listed_at": now,
            }
            for p in own_pages
            if p.get("fetched")
        ]
        if listed:
            self._upsert("own_pages", listed, "url")
        if fetched:
            self._upsert("own_pages", fetched, "url")

    def own_pages_to_fetch(self, max_age_hours: float, limit: int) -> list[str]:
        """Own pages never fetched, or fetched longer ago than the age: oldest first."""
        cutoff = hours_ago(max_age_hours)
        rows = self.db.execute(
            "SELECT url FROM own_pages WHERE fetched_at IS NULL OR fetched_at < ? "
            "ORDER BY fetched_at IS NOT NULL, fetched_at, url LIMIT ?",
            [cutoff, limit],
        )
        return [url for (url,) in rows.fetchall()]

    def own_pages_fresh(self, max_age_hours: float) -> set[str]:
        """Own pages fetched within the age: not fetched again."""
        cutoff = hours_ago(max_age_hours)
        rows = self.db.execute("SELECT url FROM own_pages WHERE fetched_at >= ?", [cutoff]).fetchall()
        return {url for (url,) in rows}

    def own_pages_listed_since(self, max_age_hours: float) -> int:
        cutoff = hours_ago(max_age_hours)
        return self.db.execute("SELECT count(*) FROM own_pages WHERE listed_at >= ?", [cutoff]).fetchone()[0]

    def _write_pages(self, pages: list[dict], run_id: str, now: str) -> None:
        # The last word on a URL wins, as if the pages were written one by one.
        pages = list({page["url"]: page for page in pages}.values())
        rows, links, mentions, fetched = [], [], [], []
        for page in pages:
            url = page["url"]
            if page.get("error"):
                # A failed fetch says nothing about what the page holds: keep what we knew, note the error.
                rows.append(
                    {
                        "url": url,
                        "niche": page.get("niche"),
                        "domain": page.get("domain"),
                        "seed": page.get("seed"),
                        "depth": page.get("depth"),
                        "status": page.get("status"),
                        "error": page["error"],
                        "run_id": run_id,
                        "first_seen": now,
                    }
                )
                continue
            row = {
                key: page.get(key)
                for key in ("url", "niche", "domain", "seed", "depth", "status", "error", "title", "h1", "links_seen")
            }
            row.update(
                is_resource=int(page.get("is_resource", False)),
                yields_findings=int(page.get("yields_findings", False)),
                links_to_brand=int(page.get("links_to_brand", False)),
                linked_via=page.get("linked_via") or "",
                run_id=run_id,
                last_seen=now,
                first_seen=now,
                emails=json.dumps(page.get("emails") or []),
            )
            if page.get("text_z"):  # packed by a scale-out worker
                row["text_z"] = page["text_z"]
            elif page.get("text_blocks"):
                row["text_z"] = pack_text(page["text_blocks"])
            rows.append(row)
            fetched.append(url)
            niche = row["niche"]
            # Rows as tuples in LINK_COLUMNS / MENTION_COLUMNS order: a batch holds tens of thousands of links.
            for link in page.get("links", ()):
                target, anchor = link["target_url"], link.get("anchor_text", "")
                links.append(
                    (
                        stable_id(url, target, anchor),
                        url,
                        target,
                        # Here, not in the spider: single-process crawls and scale-out ingest both write through.
                        link.get("target_domain") or url_domain(target),
                        anchor,
                        link.get("rel", ""),
                        link.get("placement", ""),
                        link.get("context", ""),
                        int(bool(link.get("image"))),
                        niche,
                        now,
                        now,
                        run_id,
                    )
                )
            mentions += _mention_rows(url, niche, page.get("mentions", ()), now, now, run_id)
        if rows:
            self._upsert("pages", rows, "url", keep=("first_seen",))
        # What a fetched page no longer carries is no longer a finding: drop it, keep first_seen of the rest.
        self._replace_children("links", LINK_COLUMNS, fetched, links)
        self._replace_children("mentions", MENTION_COLUMNS, fetched, mentions)

    def _replace_children(
        self,
        table: str,
        columns: tuple[str, ...],
        page_urls: list[str],
        rows: list[tuple],
        keep: tuple[str, ...] = ("first_seen",),
    ) -> None:
        """Rows start with (id, page_url): what a fetched page no longer carries is deleted, the rest upserted
        (their `keep` columns left as they were)."""
        if not page_urls:
            return
        kept: dict[str, list[str]] = {url: [] for url in page_urls}
        for row in rows:
            kept[row[1]].append(row[0])
        self.db.conn.executemany(
            f"DELETE FROM [{table}] WHERE page_url = ? AND id NOT IN (SELECT value FROM json_each(?))",
            [(url, json.dumps(ids)) for url, ids in kept.items()],
        )
        if rows:
            self._upsert_values(table, columns, rows, "id", keep=keep)

    def _check_row(self, check: dict, run_id: str, now: str) -> dict:
        row = {
            key: check.get(key)
            for key in ("url", "verdict", "reason", "signal", "http_status", "final_url", "error", "held_reason")
        }
        row.update(
            redirect_chain=json.dumps(check.get("redirect_chain") or []),
            attempts=json.dumps(check.get("attempts") or []),
            probe=json.dumps(check["probe"]) if check.get("probe") else None,
            first_checked=now,
            last_checked=now,
            run_id=run_id,
        )
        row.update(self._streak(check["url"], check.get("failure_kind") or "", run_id, now))
        return row

    def _streak(self, url: str, kind: str, run_id: str, now: str) -> dict:
        """A transient failure continues the URL's streak of failures of that kind, one step per run."""
        if not kind:
            return {"fail_kind": None, "fail_since": None, "fail_runs": 0}
        old = self.db.execute(
            "SELECT fail_kind, fail_since, fail_runs, run_id FROM checks WHERE url = ?", [url]
        ).fetchone()
        if old and old[0] == kind:
            runs = (old[2] or 0) + (0 if old[3] == run_id else 1)
            return {"fail_kind": kind, "fail_since": old[1], "fail_runs": runs}
        return {"fail_kind": kind, "fail_since": now, "fail_runs": 1}

    def fresh_checks(self, max_age_hours: float) -> set[str]:
        """URLs checked within the age whose verdict needs no re-confirmation (dead is always re-checked)."""
        if max_age_hours <= 0:
            return set()
        cutoff = hours_ago(max_age_hours)
        rows = self.db.execute(
            "SELECT url FROM checks WHERE verdict IN ('alive', 'blocked', 'skipped') AND last_checked >= ?", [cutoff]
        ).fetchall()
        return {url for (url,) in rows}

    def failure_streaks(self) -> dict[str, Streak]:
        """Every URL currently failing transiently, with its streak (for confirming persistent failures)."""
        rows = self.db.execute(
            "SELECT url, fail_kind, fail_since, fail_runs FROM checks WHERE fail_kind IS NOT NULL AND fail_runs > 0"
        ).fetchall()
        return {url: Streak(kind, since, runs) for url, kind, since, runs in rows}

    def mark_linked_by_redirect(self, domains: frozenset[str]) -> int:
        """Pages with a link whose check landed on one of `domains` (a shortener, a tracking redirect) link to
        the brand too: `linked_via = 'redirect'` unless they already link to it (directly or through a wrapper).

        A landing counts whatever the landing page answered: the page's author linked to the brand, so "you
        mention us without linking" would be false. Returns the pages marked.
        """
        landed = [
            url
            for url, final in self.db.execute("SELECT url, final_url FROM checks WHERE coalesce(final_url, '') != url")
            if final and url_domain(final) in domains
        ]
        if not landed:
            return 0
        with self.db.conn:
            cursor = self.db.conn.execute(
                "UPDATE pages SET links_to_brand = 1, linked_via = 'redirect' WHERE links_to_brand = 0 "
                "AND url IN (SELECT page_url FROM links WHERE target_url IN (SELECT value FROM json_each(?)))",
                [json.dumps(landed)],
            )
        return cursor.rowcount

    # --- mentions again, over the kept text (new aliases) ------------------------------------------
    def mention_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM mentions").fetchone()[0]

    def stored_mentions(self) -> list[dict]:
        """Every mention stored, with its page and whether that page links to the brand, page by page."""
        return list(
            self.db.query(
                "SELECT m.page_url, m.mention_text, p.links_to_brand AS linked, m.context, m.first_seen "
                "FROM mentions m JOIN pages p ON p.url = m.page_url ORDER BY m.page_url, m.first_seen, m.id"
            )
        )

    def mention_pages(self, batch: int = 200) -> Iterator[list[dict]]:
        """Pages that yield findings, `batch` at a time: url, domain, text blocks and outbound link targets.

        Each batch is read whole before it is handed out, so the caller may write between batches.
        """
        urls = [url for (url,) in self.db.execute("SELECT url FROM pages WHERE yields_findings = 1 ORDER BY url")]
        for start in range(0, len(urls), batch):
            chunk = json.dumps(urls[start : start + batch])
            pages = {
                row["url"]: {**row, "text_blocks": unpack_text(row.pop("text_z")), "link_urls": []}
                for row in self.db.query(
                    "SELECT url, niche, domain, text_z, last_seen, run_id FROM pages "
                    "WHERE url IN (SELECT value FROM json_each(?))",
                    [chunk],
                )
            }
            # Only outbound links are stored, and they are all a page links to off its own site: what
            # "links to the brand" is judged from (a link within the page's site is never to the brand).
            for page_url, target in self.db.execute(
                "SELECT page_url, target_url FROM links WHERE page_url IN (SELECT value FROM json_each(?))", [chunk]
            ):
                pages[page_url]["link_urls"].append(target)
            yield list(pages.values())

    def replace_mentions(self, pages: list[dict]) -> None:
        """Recomputed mentions of a batch of pages (url, niche, last_seen, run_id, links_to_brand, mentions),
        in one transaction.

        Mentions no longer found are deleted. A mention found again has the same key (page, words, snippet)
        and is left as it was, first_seen included; opportunity states are keyed by page and never touched.
        A new one is first seen now (so `export --since last` hands it out) on the page as last crawled.
        """
        now = utcnow()
        rows = [
            row
            for page in pages
            for row in _mention_rows(
                page["url"], page["niche"], page["mentions"], now, page.get("last_seen") or now, page.get("run_id")
            )
        ]
        with self.db.conn:
            self.db.conn.executemany(
                "UPDATE pages SET links_to_brand = ?, linked_via = ? WHERE url = ?",
                [(int(bool(page["links_to_brand"])), page.get("linked_via") or "", page["url"]) for page in pages],
            )
            self._replace_children(
                "mentions",
                MENTION_COLUMNS,
                [page["url"] for page in pages],
                rows,
                keep=("first_seen", "last_seen", "run_id"),
            )


def _mention_rows(
    url: str, niche: str, mentions: Iterable[dict], first_seen: str, last_seen: str, run_id: str
) -> list[tuple]:
    """Mention rows in MENTION_COLUMNS order; the key is a hash of page, words (any case) and snippet."""
    rows = []
    for m in mentions:
        context = m.get("context", "")
        rows.append(
            (
                stable_id(url, m["mention_text"].lower(), context),
                url,
                niche,
                m["mention_text"],
                context,
                first_seen,
                last_seen,
                run_id,
                m.get("mention_kind") or "name",
            )
        )
    return rows
