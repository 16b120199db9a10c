"""Export stage: opportunity records → CSV, JSON or JSONL with the contract's fields in a stable order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("csv", "json", "jsonl")
# The export contract (DESIGN.md): always present, empty where not applicable; new fields go at the end.
FIELDS = (
    "opportunity_id",
    "type",
    "niche",
    "page_url",
    "page_title",
    "page_domain",
    "target_url",
    "anchor_text",
    "rel",
    "placement",
    "reason",
    "http_status",
    "mention_text",
    "context",
    "replacement_url",
    "replacement_title",
    "match_score",
    "contact_emails",
    "contact_url",
    "first_seen",
    "last_checked",
    "verdict",
    "mention_count",
    "is_resource_page",
    "page_dead_links",
    "status",
    "linked_via",
    "mention_kind",
)
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def record(row: dict, evidence: bool = False) -> dict:
    """A store row → an export record with every contract field (and `evidence` when asked for)."""
    out = {name: row.get(name) for name in FIELDS}
    for name in FIELDS:
        if out[name] is None:
            out[name] = ""
    if out["type"] == "unlinked_mention":
        out["verdict"] = ""
    if out["match_score"] != "":
        out["match_score"] = round(float(out["match_score"]), 1)
    out["is_resource_page"] = "yes" if row.get("is_resource_page") else "no"
    if evidence:
        out["evidence"] = evidence_text(row) if row.get("type") == "broken_link" else ""
    return out


def evidence_text(row: dict) -> str:
    """The deciding signal and every attempt of a check, as compact JSON for one cell."""
    attempts = json.loads(row.get("attempts") or "[]")
    probe = json.loads(row["probe"]) if row.get("probe") else None

    def brief(a: dict) -> dict:
        return {
            k: a.get(k)
            for k in (
                "method",
                "url",
                "status",
                "final_url",
                "redirects",
                "error",
                "error_phrase",
                "parked_marker",
                "challenge_marker",
            )
            if a.get(k)
        }

    return json.dumps(
        {
            "signal": row.get("signal", ""),
            "attempts": [brief(a) for a in attempts],
            **({"probe": brief(probe)} if probe else {}),
        },
        ensure_ascii=False,
    )


def neutralise(value):
    """Prefix a quote to text a spreadsheet would evaluate; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(records: Iterable[dict], fmt: str, out: TextIO, fields: tuple[str, ...] = FIELDS) -> int:
    """Write records in the format, CSV columns in `fields` order; returns how many were written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(
            out, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n"
        )  # RFC 4180; a bare CR in a cell gets quoted too
        writer.writeheader()
        for rec in records:
            writer.writerow({k: neutralise(v) for k, v in rec.items()})
            count += 1
    elif fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        for rec in records:
            out.write(("," if count else "") + "\n  " + json.dumps(rec, ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
    else:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return count
