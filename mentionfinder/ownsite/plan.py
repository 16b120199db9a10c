"""Own-site plan (pure): what the store knows of your pages → what this crawl reads (sitemaps) and fetches."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OwnSitePlan:
    """What one crawl does about your own site.

    `read_sitemaps`: the listing is stale (or unknown), so the sitemaps are read again and every page they
    list may be fetched. `to_fetch`: known pages whose title and description are stale, fetched anyway.
    `fresh`: pages fetched recently enough, never fetched again. `limit`: own pages fetched per crawl.
    """

    read_sitemaps: bool
    to_fetch: tuple[str, ...] = ()
    fresh: frozenset[str] = frozenset()
    limit: int = 2000

    @classmethod
    def from_store(cls, store, max_age_hours: float, limit: int) -> OwnSitePlan:
        """The plan of a single-process crawl, from what earlier runs stored."""
        if store.own_pages_listed_since(max_age_hours) == 0:
            return cls(read_sitemaps=True, fresh=frozenset(store.own_pages_fresh(max_age_hours)), limit=limit)
        return cls(
            read_sitemaps=False,
            to_fetch=tuple(store.own_pages_to_fetch(max_age_hours, limit)),
            fresh=frozenset(store.own_pages_fresh(max_age_hours)),
            limit=limit,
        )

    @classmethod
    def whole_site(cls, limit: int) -> OwnSitePlan:
        """Scale-out, where no worker reads SQLite: read the sitemaps (at seed time) and fetch what they list."""
        return cls(read_sitemaps=True, limit=limit)
