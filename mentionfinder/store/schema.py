"""The database schema, as sqlite-utils migrations applied in order on every open."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

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
