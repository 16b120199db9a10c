"""Export layouts: opportunity records → rows grouped per page, or in an outreach tool's own import columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

LAYOUTS = ("generic", "buzzstream", "pitchbox", "hunter")

# BuzzStream "Import Link Partners" CSV: the first columns of its template, in its order.
BUZZSTREAM = (
    "Link Partner Name",
    "Link Partner Domain",
    "Linking From",
    "Linking To",
    "Anchor Text",
    "Sitewide Link?",
    "Sitewide - # of links",
    "Acquisition Method",
)
# Pitchbox Partner CRM import, one row per partner + contact (its "Format 2/3").
PITCHBOX = ("Partner URL", "Partner Category", "Contact Email", "Contact Name", "Company", "Link Type", "Link Type Rel")
# Hunter leads import: its lead attribute names.
HUNTER = ("email", "first_name", "last_name", "position", "company", "website", "notes", "source")

GROUP_FIELDS = (
    "opportunity_ids",
    "niche",
    "page_url",
    "page_title",
    "page_domain",
    "is_resource_page",
    "page_dead_links",
    "types",
    "target_urls",
    "anchor_texts",
    "reasons",
    "replacement_urls",
    "replacement_titles",
    "mention_text",
    "context",
    "contact_emails",
    "contact_url",
    "first_seen",
    "last_checked",
)


def link_type_rel(rel: str) -> str:
    """A link's rel tokens → the one word outreach tools use: sponsored, ugc, nofollow or follow."""
    tokens = set((rel or "").split())
    for word in ("sponsored", "ugc", "nofollow"):
        if word in tokens:
            return word
    return "follow"


def emails_of(record: dict) -> list[str]:
    return [e.strip() for e in (record.get("contact_emails") or "").split(";") if e.strip()]


def _pitch(record: dict) -> str:
    if record["type"] == "broken_link":
        text = f"Dead link to {record['target_url']} ({record.get('reason', '')}) on {record['page_url']}"
        if record.get("replacement_url"):
            text += f"; suggest {record['replacement_url']}"
        return text
    return f'Mentions "{record.get("mention_text", "")}" without a link on {record["page_url"]}'


def layout(records: Iterable[dict], name: str) -> tuple[tuple[str, ...], Iterator[dict]]:
    """The columns and rows of an outreach tool's import file."""
    if name == "buzzstream":
        return BUZZSTREAM, (
            {
                "Link Partner Name": r.get("page_title") or r["page_domain"],
                "Link Partner Domain": r["page_domain"],
                "Linking From": r["page_url"],
                "Linking To": r.get("replacement_url") or "",
                "Anchor Text": r.get("anchor_text") or r.get("mention_text") or "",
            }
            for r in records
        )
    if name == "pitchbox":
        return PITCHBOX, (
            {
                "Partner URL": r["page_url"],
                "Partner Category": r.get("niche", ""),
                "Contact Email": email,
                "Contact Name": "",
                "Company": r["page_domain"],
                "Link Type": "Broken link" if r["type"] == "broken_link" else "Unlinked mention",
                "Link Type Rel": link_type_rel(r.get("rel", "")),
            }
            for r in records
            for email in (emails_of(r) or [""])
        )
    if name == "hunter":
        # A lead without an address is no lead: records without contact emails are left out.
        return HUNTER, (
            {
                "email": email,
                "first_name": "",
                "last_name": "",
                "position": "",
                "company": r["page_domain"],
                "website": f"https://{r['page_domain']}",
                "notes": _pitch(r),
                "source": "mentionfinder",
            }
            for r in records
            for email in emails_of(r)
        )
    raise ValueError(f"unknown layout {name!r}: use one of {', '.join(LAYOUTS)}")


def group_by_page(records: Iterable[dict]) -> list[dict]:
    """One row per prospect page with all its dead links and replacements: one email per row."""
    pages: dict[str, dict] = {}
    for r in records:
        row = pages.setdefault(
            r["page_url"],
            {
                "opportunity_ids": [],
                "niche": r.get("niche", ""),
                "page_url": r["page_url"],
                "page_title": r.get("page_title", ""),
                "page_domain": r.get("page_domain", ""),
                "is_resource_page": r.get("is_resource_page", ""),
                "page_dead_links": r.get("page_dead_links", 0),
                "types": [],
                "target_urls": [],
                "anchor_texts": [],
                "reasons": [],
                "replacement_urls": [],
                "replacement_titles": [],
                "mention_text": "",
                "context": "",
                "contact_emails": r.get("contact_emails", ""),
                "contact_url": r.get("contact_url", ""),
                "first_seen": r.get("first_seen", ""),
                "last_checked": r.get("last_checked", ""),
            },
        )
        row["opportunity_ids"].append(r["opportunity_id"])
        if r["type"] not in row["types"]:
            row["types"].append(r["type"])
        if r["type"] == "broken_link":
            for key, field in (
                ("target_urls", "target_url"),
                ("anchor_texts", "anchor_text"),
                ("reasons", "reason"),
                ("replacement_urls", "replacement_url"),
                ("replacement_titles", "replacement_title"),
            ):
                row[key].append(str(r.get(field) or ""))
        else:
            row["mention_text"], row["context"] = r.get("mention_text", ""), r.get("context", "")
        row["first_seen"] = min(row["first_seen"] or r.get("first_seen", ""), r.get("first_seen", "") or "~")
        row["last_checked"] = max(row["last_checked"], r.get("last_checked", "") or "")
    # Lists become " | "-separated cells, position by position (the n-th target goes with the n-th replacement).
    return [{k: (" | ".join(v) if isinstance(v, list) else v) for k, v in row.items()} for row in pages.values()]
