"""Mentions again: the visible text kept for every page + the current brand config → mention rows, no re-crawl.

The same decisions as the crawl (page_mentions, links_to), so a page found again with the same config gives
the same rows, and a new alias or domain changes exactly what it should.
"""

from __future__ import annotations

from mentionfinder.config import Brand
from mentionfinder.page.mentions import linked_via, page_mentions


def page_again(page: dict, brand: Brand) -> dict:
    """One stored page (url, domain, text_blocks, link_urls, …) → its mentions and whether it links to the brand."""
    domain = page["domain"] or ""
    mentions = page_mentions(
        domain,
        page["text_blocks"],
        brand.names,
        brand.domains,
        case_sensitive=brand.case_sensitive,
        exclude=brand.exclude,
    )
    via = linked_via(page["link_urls"], brand.domains)
    return {
        **page,
        "mentions": [{"mention_text": m.mention_text, "context": m.context, "mention_kind": m.kind} for m in mentions],
        # A page on the brand's own site is never an unlinked mention; its internal links are not stored.
        "links_to_brand": domain in brand.domains or bool(via),
        "linked_via": via,
    }


def recompute_mentions(store, brand: Brand, batch: int = 200) -> tuple[int, int, int]:
    """Find the brand's mentions again on every page that yields findings; one transaction per batch.

    Returns (pages read, mentions before, mentions after).
    """
    before, pages = store.mention_count(), 0
    for chunk in store.mention_pages(batch):
        store.replace_mentions([page_again(page, brand) for page in chunk])
        pages += len(chunk)
    # Links whose check ended on the brand (shorteners, tracking redirects) count as the crawl counts them.
    store.mark_linked_by_redirect(brand.domains)
    return pages, before, store.mention_count()
