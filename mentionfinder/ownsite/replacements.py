"""Replacement step: every finding in the store + the user's own pages → the best replacement, stored."""

from __future__ import annotations

from mentionfinder.ownsite.matcher import Finding, Matcher, OwnPage


def finding_of(record: dict) -> Finding:
    if record["type"] == "broken_link":
        return Finding(
            target_url=record["target_url"],
            anchor_text=record.get("anchor_text") or "",
            context=record.get("link_context") or "",
            page_title=record.get("page_title") or "",
        )
    # The matched brand words go in as anchor text: for_mention leaves them out (they name the site, not a page).
    return Finding(
        anchor_text=record.get("mention_text") or "",
        context=record.get("context") or "",
        page_title=record.get("page_title") or "",
    )


def match_all(store) -> str:
    """(Re)compute and store replacements for every finding; returns a one-line summary for people."""
    pages = [OwnPage(**page) for page in store.own_pages()]
    if not pages:
        store.save_matches([])
        findings = sum(1 for _ in store.findings_to_match())
        return (
            f"no own pages known: {findings} findings left without a replacement — set [brand] sitemaps "
            "in mentionfinder.toml and crawl again"
        )
    matcher = Matcher(pages)
    seen = 0

    def matches():
        # Streamed from the findings to the store: a 100,000-finding crawl never holds them all.
        nonlocal seen
        for record in store.findings_to_match():
            seen += 1
            finding = finding_of(record)
            if record["type"] == "broken_link":
                ranked = matcher.rank(finding, k=5)
                best = matcher.top(ranked)
            else:
                best = matcher.for_mention(finding)
                ranked = [best] if best else []
            if best is None:
                continue
            yield {
                "opportunity_id": record["opportunity_id"],
                "replacement_url": best.url,
                "replacement_title": best.title,
                "match_score": round(best.score, 1),
                "signal": best.signal,
                "alternatives": [{"url": m.url, "score": round(m.score, 1)} for m in ranked[1:]],
            }

    saved = store.save_matches(matches())
    return f"{saved} of {seen} findings have a replacement among {len(pages)} own pages"
