"""Findings: the opportunity records (one per finding), the crawl summary counts, one check's evidence."""

from __future__ import annotations

import itertools
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
            "ORDER BY verdict, count(*) DESC",
            args,
        ).fetchall()
        findings = {kind: 0 for kind in TYPES}
        for row in self.opportunities(run_id=run_id):
            findings[row["type"]] += 1
        return {
            "pages": one(f"SELECT count(*) FROM pages {where}", args),
            "pages_failed": one(
                f"SELECT count(*) FROM pages {where} {'AND' if where else 'WHERE'} error IS NOT NULL AND error != ''",
                args,
            ),
            "resource_pages": one(
                f"SELECT count(*) FROM pages {where} {'AND' if where else 'WHERE'} yields_findings = 1", args
            ),
            "links": one(f"SELECT count(*) FROM links {where}", args),
            "checks": sum(n for _, _, n in by_reason),
            "network_outage": sum(n for _, reason, n in by_reason if reason == "network_outage"),
            "checks_by_reason": [(v, r, n) for v, r, n in by_reason],
            "findings": findings,
        }

    def opportunities(
        self,
        niche: str | None = None,
        kind: str | None = None,
        include_blocked: bool = False,
        run_id: str | None = None,
        since: str | None = None,
        include_ignored: bool = False,
    ) -> Iterator[dict]:
        """Opportunity records, one per finding, in a stable order (see the export contract).

        Each carries its replacement (matcher), contacts (page and site), state, and prospect figures.
        `since`: only findings first seen at or after this ISO time. Ignored ones only when asked.
        """
        rows = itertools.chain(
            self._broken_links(niche, include_blocked, run_id) if kind in (None, "broken_link") else (),
            self._unlinked_mentions(niche, run_id) if kind in (None, "unlinked_mention") else (),
        )
        context = self._enrichment()
        for row in rows:
            if since and (row.get("first_seen") or "") < since:
                continue
            state = context["state"].get(row["opportunity_id"], {})
            row["status"] = state.get("status") or "new"
            if row["status"] == "ignored" and not include_ignored:
                continue
            match = context["matches"].get(row["opportunity_id"], {})
            for key in ("replacement_url", "replacement_title", "match_score"):
                row[key] = match.get(key)
            row["match_signal"] = match.get("signal")
            site = context["sites"].get(row["page_domain"], {})
            emails = [*json.loads(row.pop("page_emails", None) or "[]"), *json.loads(site.get("emails") or "[]")]
            row["contact_emails"] = "; ".join(dict.fromkeys(e.lower() for e in emails))
            row["contact_url"] = site.get("contact_url") or ""
            row["page_dead_links"] = context["dead_per_page"].get(row["page_url"], 0)
            yield row

    def findings_to_match(self) -> Iterator[dict]:
        """Every finding the matcher pairs (ignored ones too), read as it goes, without the export's extras."""
        yield from self._broken_links(None, False, None)
        yield from self._unlinked_mentions(None, None)

    def known_opportunity(self, opportunity_id: str) -> bool:
        return any(
            r["opportunity_id"] == opportunity_id
            for r in self.opportunities(include_ignored=True, include_blocked=True)
        )

    def _enrichment(self) -> dict:
        q = self.db.query
        return {
            "state": {r["opportunity_id"]: r for r in q("SELECT * FROM opportunity_state")},
            "matches": {r["opportunity_id"]: r for r in q("SELECT * FROM matches")},
            "sites": {r["domain"]: r for r in q("SELECT * FROM site_contacts")},
            "dead_per_page": {
                r["page_url"]: r["n"]
                for r in q(
                    "SELECT l.page_url, count(DISTINCT l.target_url) AS n FROM links l JOIN checks c "
                    "ON c.url = l.target_url WHERE c.verdict = 'dead' GROUP BY l.page_url"
                )
            },
        }

    # Generators: at 100,000 findings a list of rows (attempts and probe included) costs hundreds of MB.
    def _broken_links(self, niche, include_blocked, run_id) -> Iterator[dict]:
        verdicts = ("dead", "blocked") if include_blocked else ("dead",)
        sql = f"""
            SELECT l.page_url, p.title AS page_title, p.domain AS page_domain, p.niche, l.target_url,
                   l.anchor_text, l.rel, l.placement, l.context AS link_context, c.verdict, c.reason,
                   c.http_status, MIN(l.first_seen) AS first_seen, c.last_checked, c.signal, c.attempts, c.probe,
                   p.is_resource AS is_resource_page, p.emails AS page_emails, p.linked_via
            FROM links l
            JOIN pages p ON p.url = l.page_url
            JOIN checks c ON c.url = l.target_url
            WHERE c.verdict IN ({", ".join("?" for _ in verdicts)}) AND p.yields_findings = 1
              {"AND p.niche = ?" if niche else ""} {"AND p.run_id = ?" if run_id else ""}
            GROUP BY l.page_url, l.target_url
            ORDER BY p.domain, l.page_url, l.target_url
        """
        args = [*verdicts, *([niche] if niche else []), *([run_id] if run_id else [])]
        return (
            {
                "opportunity_id": stable_id("broken_link", row["page_url"], row["target_url"]),
                "type": "broken_link",
                **row,
            }
            for row in self.db.query(sql, args)
        )

    def _unlinked_mentions(self, niche, run_id) -> Iterator[dict]:
        sql = f"""
            SELECT m.page_url, p.title AS page_title, p.domain AS page_domain, p.niche, m.mention_text,
                   m.mention_kind,  -- of the same row as mention_text (SQLite's bare columns beside MIN)
                   m.context, MIN(m.first_seen) AS first_seen, p.last_seen AS last_checked,
                   count(*) AS mention_count, p.is_resource AS is_resource_page, p.emails AS page_emails,
                   p.linked_via
            FROM mentions m
            JOIN pages p ON p.url = m.page_url
            WHERE p.links_to_brand = 0 AND p.yields_findings = 1
              {"AND p.niche = ?" if niche else ""} {"AND p.run_id = ?" if run_id else ""}
            GROUP BY m.page_url
            ORDER BY p.domain, m.page_url
        """
        args = [*([niche] if niche else []), *([run_id] if run_id else [])]
        return (
            {"opportunity_id": stable_id("unlinked_mention", row["page_url"]), "type": "unlinked_mention", **row}
            for row in self.db.query(sql, args)
        )

    def check(self, url: str) -> dict | None:
        """Everything stored about one URL's check, with the pages that link to it."""
        rows = list(self.db.query("SELECT * FROM checks WHERE url = ?", [url]))
        if not rows:
            return None
        check = rows[0]
        for key in ("attempts", "redirect_chain", "probe"):
            check[key] = json.loads(check[key]) if check.get(key) else ([] if key != "probe" else None)
        check["linked_from"] = list(
            self.db.query(
                "SELECT page_url, anchor_text, placement FROM links WHERE target_url = ? ORDER BY page_url", [url]
            )
        )
        return check
