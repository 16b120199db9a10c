"""Export stage: opportunity records → CSV, JSON or JSONL with the contract's fields in a stable order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("csv", "json", "jsonl")
# The export contract (DESIGN.md): always present, empty where not applicable; new fields go at the end.
FIELDS = (
    "opportunity_id", "type", "niche", "page_url", "page_title", "page_domain", "target_url", "anchor_text",
    "rel", "placement", "reason", "http_status", "mention_text", "context", "replacement_url",
    "replacement_title", "match_score", "contact_emails", "contact_url", "first_seen", "last_checked",
    "verdict", "mention_count",
)
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def record(row: dict) -> dict:
    """A store row → an export record with every contract field."""
    out = {name: row.get(name) for name in FIELDS}
    for name in FIELDS:
        if out[name] is None:
            out[name] = ""
    if out["type"] == "unlinked_mention":
        out["verdict"] = ""
    return out


def neutralise(value):
    """Prefix a quote to text a spreadsheet would evaluate; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(records: Iterable[dict], fmt: str, out: TextIO) -> int:
    """Write records in the format; returns how many were written."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
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
