"""Findings: the opportunity records (one per finding), the crawl summary counts, one check's evidence."""

from __future__ import annotations

import json
from collections.abc import Iterator

from mentionfinder.store.base import StoreBase, stable_id

TYPES = ("broken_link", "unlinked_mention")


class Findings(StoreBase):
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
