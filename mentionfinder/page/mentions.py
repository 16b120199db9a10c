"""Mention stage: visible text blocks + brand names → brand mentions; links → linked or unlinked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mentionfinder.domains import url_domain
from mentionfinder.page.wrappers import embedded_urls

CONTEXT_RADIUS = 100
MAX_MENTIONS = 50


@dataclass(frozen=True)
class Mention:
    mention_text: str
    context: str
    block: int
    kind: str = "name"  # "name": the brand's name or an alias; "domain": one of its domains written as text


@lru_cache(maxsize=64)
def domain_pattern(domains: tuple[str, ...]) -> re.Pattern[str] | None:
    """The brand's registrable domains written as text (any subdomain: "www.acme.com", "shop.acme.com"),
    whole host names only: not inside a longer one ("acme.com.evil.test", "notacme.com")."""
    parts = [re.escape(d) for d in sorted({d.strip().lower() for d in domains if d.strip()}, key=len, reverse=True)]
    if not parts:
        return None
    return re.compile(r"(?<![\w.-])(?:[\w-]+\.)*(?:" + "|".join(parts) + r")(?![\w-]|\.[\w-])", re.IGNORECASE)


@lru_cache(maxsize=64)
def brand_pattern(names: tuple[str, ...], case_sensitive: bool = False) -> re.Pattern[str] | None:
    """One pattern for all names, whole words only, longest name first; case-insensitive unless a brand
    that is a common word ("Notion", "Monday") asks for its capitals to count.

    Longest first so "Acme Wellness" is reported as itself, not as its alias "Acme".
    Any run of white space in a name matches any run in the text (line breaks inside a name).
    """
    parts = []
    names = {unicodedata.normalize("NFC", n.strip()) for n in names if n.strip()}
    for name in sorted(names, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(word) for word in name.split()))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", 0 if case_sensitive else re.IGNORECASE)


def find_mentions(
    blocks: Sequence[str],
    names: Sequence[str],
    limit: int = MAX_MENTIONS,
    *,
    case_sensitive: bool = False,
    exclude: Sequence[str] = (),
    domains: Iterable[str] = (),
) -> list[Mention]:
    """Every whole-word occurrence of a brand name in the text blocks, with a snippet around it.

    `exclude`: phrases in which a name is not the brand ("apple pie" for Apple); an occurrence inside one
    (matched whole-word, in any case) does not count. `domains`: the brand's domains, found written as text
    too (kind "domain"); a name inside a written domain ("AcmeWellness" in "acmewellness.com") is that one
    domain mention, not a second mention of the same words.
    """
    pattern = brand_pattern(tuple(names), case_sensitive)
    hosts = domain_pattern(tuple(domains))
    if pattern is None and hosts is None:
        return []
    excluded = brand_pattern(tuple(exclude)) if exclude else None
    found: list[Mention] = []
    for index, block in enumerate(blocks):
        # One Unicode form for text and names: "Zürich" may be written with a combining diaeresis.
        block = unicodedata.normalize("NFC", block)
        spans = [m.span() for m in excluded.finditer(block)] if excluded is not None else []
        written = list(hosts.finditer(block)) if hosts is not None else []
        matches = [(m, "domain") for m in written]
        if pattern is not None:
            inside = spans + [m.span() for m in written]
            matches += [
                (m, "name")
                for m in pattern.finditer(block)
                if not any(start <= m.start() and m.end() <= end for start, end in inside)
            ]
        for match, kind in sorted(matches, key=lambda found_match: found_match[0].start()):
            text = " ".join(match.group(0).split())
            found.append(Mention(text, snippet(block, match.start(), match.end()), index, kind))
            if len(found) >= limit:
                return found
    return found


def page_mentions(
    domain: str,
    blocks: Sequence[str],
    names: Sequence[str],
    brand_domains: frozenset[str],
    *,
    case_sensitive: bool = False,
    exclude: Sequence[str] = (),
) -> tuple[Mention, ...]:
    """The brand mentions a page on `domain` counts: none on the brand's own site, which names it everywhere."""
    if domain in brand_domains:
        return ()
    return tuple(find_mentions(blocks, names, case_sensitive=case_sensitive, exclude=exclude, domains=brand_domains))


def snippet(text: str, start: int, end: int, radius: int = CONTEXT_RADIUS) -> str:
    """The text around [start, end), cut at word boundaries, with ellipses where cut."""
    left = max(0, start - radius)
    right = min(len(text), end + radius)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def links_to(link_urls: Iterable[str], domains: frozenset[str]) -> bool:
    """True when any of the URLs points into one of the registrable domains (any subdomain), directly or
    through a redirect wrapper that carries such an address in its query (affiliate and tracking links)."""
    return bool(linked_via(link_urls, domains))


def linked_via(link_urls: Iterable[str], domains: frozenset[str]) -> str:
    """How a page links into the domains: "direct" when any link does, else "wrapper" (only through a
    redirect wrapper), else ""."""
    via = ""
    for url in link_urls:
        kind = link_kind(url, domains)
        if kind == "direct":
            return kind
        via = via or kind
    return via


def link_kind(url: str, domains: frozenset[str]) -> str:
    """How one link leads into the domains: "direct", "wrapper" (an address in its query does), or ""."""
    if url_domain(url) in domains:
        return "direct"
    if ("?" in url or "#" in url) and any(url_domain(inner) in domains for inner in embedded_urls(url)):
        return "wrapper"
    return ""
