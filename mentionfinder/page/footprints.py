"""Crawl policy: which pages are resource pages and which same-site links lead to more of them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_SEPARATORS = re.compile(r"[\W_]+")


def words(text: str) -> str:
    """Lower-case text with URL and punctuation separators as single spaces, padded for whole-word search."""
    return " " + _SEPARATORS.sub(" ", text.lower()).strip() + " "


@lru_cache(maxsize=256)
def _needles(footprints: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in (words(f) for f in footprints) if w.strip())


def matches(text: str, footprints: Sequence[str]) -> bool:
    """True when a footprint occurs in the text as whole words ("resources" in "/additional-resources/")."""
    if not text:
        return False
    haystack = words(text)
    return any(needle in haystack for needle in _needles(tuple(footprints)))


def url_path_matches(url: str, footprints: Sequence[str]) -> bool:
    """Footprints are looked for in the URL path and query, never the host (`sites.google.com`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return matches(unquote(f"{parts.path} {parts.query}"), footprints)


def is_resource_page(url: str, title: str, h1: Iterable[str], footprints: Sequence[str]) -> bool:
    """A page whose URL path, title or h1 carries a footprint is a resource page."""
    return url_path_matches(url, footprints) or matches(title, footprints) or any(matches(h, footprints) for h in h1)


def worth_following(url: str, anchor_text: str, footprints: Sequence[str]) -> bool:
    """A same-site link is followed when its URL path or its anchor text carries a footprint."""
    return url_path_matches(url, footprints) or matches(anchor_text, footprints)
