"""The database schema, as sqlite-utils migrations applied in order on every open."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from mentionfinder.domains import url_domain

migrations = Migrations("mentionfinder")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["runs"].create(
        {
            "id": str,
            "niche": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "stats": str,
        },
        pk="id",
    )
    db["pages"].create(
        {
            "url": str,
            "niche": str,
            "domain": str,
            "seed": str,
            "depth": int,
            "status": int,
            "error": str,
            "title": str,
            "h1": str,
            "is_resource": int,
            "yields_findings": int,
            "links_to_brand": int,
            "links_seen": int,
            "text_z": bytes,
            "first_seen": str,
            "last_seen": str,
            "run_id": str,
        },
        pk="url",
    )
    db["links"].create(
        {
            "id": str,
            "page_url": str,
            "target_url": str,
            "target_domain": str,
            "anchor_text": str,
            "rel": str,
            "placement": str,
            "context": str,
            "image": int,
            "niche": str,
            "first_seen": str,
            "last_seen": str,
            "run_id": str,
        },
        pk="id",
    )
    db["checks"].create(
        {
            "url": str,
            "verdict": str,
            "reason": str,
            "signal": str,
            "http_status": int,
            "final_url": str,
            "redirect_chain": str,
            "error": str,
            "attempts": str,
            "first_checked": str,
            "last_checked": str,
            "run_id": str,
        },
        pk="url",
    )
    db["mentions"].create(
        {
            "id": str,
            "page_url": str,
            "niche": str,
            "mention_text": str,
            "context": str,
            "first_seen": str,
            "last_seen": str,
            "run_id": str,
        },
        pk="id",
    )
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


@migrations()
def m003_outreach(db: sqlite_utils.Database) -> None:
    # Contacts found on prospect pages and on each site's contact page; the user's own pages and the
    # replacement chosen for each finding; each opportunity's state, export history and webhook deliveries.
    db["pages"].add_column("emails", str)
    db["site_contacts"].create(
        {
            "domain": str,
            "contact_url": str,
            "emails": str,
            "fetched_at": str,
        },
        pk="domain",
    )
    db["own_pages"].create(
        {
            "url": str,
            "title": str,
            "h1": str,
            "description": str,
            "lastmod": str,
            "sitemap": str,
            "status": int,
            "fetched_at": str,
            "listed_at": str,
        },
        pk="url",
    )
    db["matches"].create(
        {
            "opportunity_id": str,
            "replacement_url": str,
            "replacement_title": str,
            "match_score": float,
            "signal": str,
            "alternatives": str,
            "matched_at": str,
        },
        pk="opportunity_id",
    )
    db["opportunity_state"].create(
        {
            "opportunity_id": str,
            "status": str,
            "updated_at": str,
            "exported_at": str,
            "pushed_at": str,
        },
        pk="opportunity_id",
    )
    db["exports"].create({"id": int, "at": str, "records": int, "command": str}, pk="id")
    db["deliveries"].create(
        {
            "opportunity_id": str,
            "endpoint": str,
            "status": str,
            "attempts": int,
            "last_error": str,
            "first_attempt_at": str,
            "delivered_at": str,
        },
        pk=("opportunity_id", "endpoint"),
    )


@migrations()
def m004_link_target_domain(db: sqlite_utils.Database) -> None:
    # Link rows were written with an empty target_domain: fill it with the target's registrable domain
    # (computed in Python: the public suffix list is not something SQL knows).
    rows = db.execute("SELECT id, target_url FROM links WHERE target_domain IS NULL OR target_domain = ''").fetchall()
    db.conn.executemany("UPDATE links SET target_domain = ? WHERE id = ?", [(url_domain(t), i) for i, t in rows])


@migrations()
def m005_linked_via(db: sqlite_utils.Database) -> None:
    # How a page links to the brand: "direct", or "wrapper" (an affiliate or tracking redirect that carries
    # the brand's address). Pages crawled before are left empty until they are crawled or recomputed again.
    db["pages"].add_column("linked_via", str)


@migrations()
def m006_mention_kind(db: sqlite_utils.Database) -> None:
    # A mention is the brand's name (or an alias) or one of its domains written as plain text. Mentions
    # stored before were all found by name.
    db["mentions"].add_column("mention_kind", str, not_null_default="name")
