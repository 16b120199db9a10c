"""Extraction stage: a page's HTML → its links (anchor, rel, placement, context) and visible text blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html
from w3lib.url import safe_url_string

from mentionfinder.page.htmltext import BLOCK_TAGS, HIDDEN_TAGS, collapse, parse_html, text_blocks

# Never links to a web page: nothing to check, nothing to follow.
IGNORED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "sms", "callto", "about", "blob"})

PLACEMENTS = ("content", "navigation", "footer", "sidebar")
_LANDMARK_TAGS = {"nav": "navigation", "aside": "sidebar", "main": "content", "article": "content"}
_ROLES = {
    "navigation": "navigation",
    "banner": "navigation",
    "menubar": "navigation",
    "menu": "navigation",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "main": "content",
    "article": "content",
}
_CLASS_TOKENS = {
    "nav": "navigation",
    "navbar": "navigation",
    "navigation": "navigation",
    "menu": "navigation",
    "menubar": "navigation",
    "breadcrumb": "navigation",
    "breadcrumbs": "navigation",
    "masthead": "navigation",
    "topbar": "navigation",
    "footer": "footer",
    "colophon": "footer",
    "sidebar": "sidebar",
    "aside": "sidebar",
    "widget": "sidebar",
    "widgets": "sidebar",
    "blogroll": "sidebar",
    "content": "content",
    "main": "content",
    "article": "content",
    "post": "content",
    "entry": "content",
}
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
# Characters safe_url_string would percent-encode in an ASCII URL.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")
# The common href: an absolute http(s) URL with a lower-case host and nothing to escape. For it the
# general path (urljoin, urlsplit, urlunsplit) only drops the fragment and adds a missing "/". No ";":
# urljoin treats it as the start of path parameters and may drop it.
_PLAIN_ABSOLUTE = re.compile(
    r"(https?://[a-z0-9.-]+(?::[0-9]{1,5})?)(/[!$%&'()*+,\-./0-9:=?@A-Z_a-z~]*)?(?:#.*)?", re.ASCII | re.DOTALL
)
_PLAIN_ROOTED = re.compile(r"(/[!$%&'()*+,\-./0-9:=?@A-Z_a-z~]*)(?:#.*)?", re.ASCII | re.DOTALL)

MAX_LINKS = 5000
MAX_TEXT_CHARS = 500_000
CONTEXT_CHARS = 240


@dataclass(frozen=True)
class Link:
    url: str
    anchor_text: str
    rel: tuple[str, ...] = ()
    placement: str = "content"
    context: str = ""
    image: bool = False


@dataclass(frozen=True)
class Page:
    url: str
    base_url: str
    title: str = ""
    h1: tuple[str, ...] = ()
    description: str = ""
    links: tuple[Link, ...] = ()
    text_blocks: tuple[str, ...] = ()
    truncated: bool = False
    links_seen: int = field(default=0)


def parse_page(
    html: str | bytes,
    url: str,
    *,
    max_links: int = MAX_LINKS,
    max_text_chars: int = MAX_TEXT_CHARS,
    blocks: bool = True,
) -> Page:
    """Parse one HTML page; malformed or empty input gives an empty Page, never an exception.

    `blocks=False`: the visible text as a single block, from a C-speed pass (for judging a checked page,
    where words matter and block boundaries do not).
    """
    root = parse_html(html)
    if root is None:
        return Page(url=url, base_url=url)
    base_url = _base_url(root, url)
    title = ""
    title_el = root.find(".//title")
    if title_el is not None:
        title = collapse(title_el.text_content())[:500]
    description = ""
    for meta in root.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").lower() in ("description", "og:description"):
            description = collapse(meta.get("content") or "")[:500]
            if description:
                break
    h1 = tuple(islice((t[:300] for t in (collapse(_visible_text(h)) for h in root.iter("h1")) if t), 5))

    found: list[tuple[str, str, bool, tuple[str, ...], str, lxml.html.HtmlElement]] = []
    seen = 0
    if max_links <= 0:
        # Links not wanted: count them cheaply (no URL building) so `truncated` still tells the truth.
        seen = sum(1 for el in root.iter("a", "area") if _linkish(el.get("href")))
    for el in root.iter("a", "area") if max_links > 0 else ():
        href = el.get("href")
        if href is None:
            continue
        absolute = absolutize(href, base_url)
        if absolute is None:
            continue
        seen += 1
        if len(found) >= max_links:
            continue
        anchor, image = _anchor_text(el)
        found.append(
            (
                absolute,
                anchor,
                image,
                tuple(dict.fromkeys((el.get("rel") or "").lower().split())),
                placement(el),
                _block_of(el),
            )
        )
    # Once links are read (one inside <noscript> still counts), hidden elements go, in C: contexts and the
    # page text then come from C-speed text passes. The tree is ours and not used after this.
    lxml.etree.strip_elements(root, *HIDDEN_TAGS, with_tail=False)
    block_cache: dict[lxml.html.HtmlElement, str] = {}
    links = [
        Link(
            url=url,
            anchor_text=anchor,
            rel=rel,
            placement=where,
            context=_context(block, anchor, block_cache),
            image=image,
        )
        for url, anchor, image, rel, where, block in found
    ]

    if blocks:
        texts, truncated = text_blocks(root, max_text_chars)
    else:
        texts, truncated = _flat_text(root, max_text_chars)
    return Page(
        url=url,
        base_url=base_url,
        title=title,
        h1=h1,
        description=description,
        links=tuple(links),
        text_blocks=tuple(texts),
        truncated=truncated or seen > len(links),
        links_seen=seen,
    )


def _linkish(href: str | None) -> bool:
    """Cheap test: an href absolutize() would most likely keep."""
    if not href or not (href := href.strip()) or href.startswith("#"):
        return False
    scheme = href.split(":", 1)[0].lower() if ":" in href[:12] else ""
    return scheme not in IGNORED_SCHEMES


def absolutize(href: str, base_url: str) -> str | None:
    """An href → absolute URL without fragment; None for fragment-only, non-web schemes and garbage."""
    href = href.strip()
    plain = _PLAIN_ABSOLUTE.fullmatch(href)
    if plain is not None and not (plain[2] or "").endswith("?") and plain[0].isascii():
        return plain[1] + (plain[2] or "/")
    if href.startswith("/") and not href.startswith("//"):
        # A site-rooted path with no dot segments to resolve: the base's origin plus the path.
        rooted, origin = _PLAIN_ROOTED.fullmatch(href), _PLAIN_ABSOLUTE.fullmatch(base_url)
        if (
            rooted is not None
            and origin is not None
            and "/." not in rooted[1]
            and not rooted[1].endswith("?")
            and rooted[0].isascii()
        ):
            return origin[1] + rooted[1]
    return _absolutize_general(href, base_url)


def _absolutize_general(href: str, base_url: str) -> str | None:
    if not href or href.startswith("#"):
        return None
    try:
        joined = urljoin(base_url, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in IGNORED_SCHEMES or not scheme:
        return None
    if scheme in ("http", "https"):
        if not parts.hostname:
            return None
        path = parts.path or "/"
        url = urlunsplit((scheme, parts.netloc.lower(), path, parts.query, ""))
        if url.isascii() and not _UNSAFE.search(url):
            return url  # already what safe_url_string would give: skip its cost on the common case
        try:
            return safe_url_string(url)
        except ValueError:
            return None
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))


def placement(el: lxml.html.HtmlElement) -> str:
    """Where a link sits: the nearest landmark, ARIA role or telling class/id name decides."""
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in _LANDMARK_TAGS:
            return _LANDMARK_TAGS[tag]
        if tag in ("header", "footer") and not _inside_content(anc):
            return "navigation" if tag == "header" else "footer"
        role = (anc.get("role") or "").strip().lower()
        if role in _ROLES:
            return _ROLES[role]
        names = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()
        if names.strip():
            found = {_CLASS_TOKENS[t] for t in _TOKEN_SPLIT.split(names) if t in _CLASS_TOKENS}
            # "main-menu" is a menu: a chrome word on an element outweighs a content word beside it.
            for kind in ("navigation", "footer", "sidebar", "content"):
                if kind in found:
                    return kind
    return "content"


def _inside_content(el: lxml.html.HtmlElement) -> bool:
    # An article's own <header>/<footer> (byline, tags) is part of the content, not the site chrome.
    return any(a.tag in ("article", "main") for a in el.iterancestors() if isinstance(a.tag, str))


def _base_url(root: lxml.html.HtmlElement, url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                joined = urljoin(url, href)
                if urlsplit(joined).scheme in ("http", "https"):
                    return joined
            except ValueError:
                pass
        break
    return url


def _anchor_text(el: lxml.html.HtmlElement) -> tuple[str, bool]:
    if el.tag == "area":
        return collapse(el.get("alt") or el.get("title") or el.get("aria-label") or ""), False
    # text_content() is C-fast; fall back to the careful walk only when hidden elements are inside.
    hidden = next((c for c in el.iterdescendants() if isinstance(c.tag, str) and c.tag in HIDDEN_TAGS), None)
    text = collapse(_visible_text(el) if hidden is not None else el.text_content())
    if text:
        return text[:500], False
    for img in el.iter("img"):
        alt = collapse(img.get("alt") or "")
        if alt:
            return alt[:500], True
    image = next(el.iter("img", "svg", "picture"), None) is not None
    return collapse(el.get("aria-label") or el.get("title") or "")[:500], image


def _block_of(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The nearest block element around a link: its context."""
    block = el
    for anc in el.iterancestors():
        block = anc
        if isinstance(anc.tag, str) and anc.tag in BLOCK_TAGS:
            break
    return block


def _context(block: lxml.html.HtmlElement, anchor: str, cache: dict[lxml.html.HtmlElement, str]) -> str:
    # Keyed by the element itself: the cache keeps the proxy alive, so the key stays that node.
    if block not in cache:
        # Bounded: in a deeply nested page every link's block holds the rest of the page.
        if next(block.iterdescendants(*BLOCK_TAGS), None) is not None:
            # Blocks inside: the careful walk keeps them apart ("Intro" + "Link", not "IntroLink").
            cache[block] = collapse(" ".join(text_blocks(block, CONTEXT_CHARS * 8)[0]))
        else:
            parts, total = [], 0
            for piece in block.itertext():
                parts.append(piece)
                total += len(piece)
                if total >= CONTEXT_CHARS * 8:
                    break
            cache[block] = collapse("".join(parts))
    text = cache[block]
    if len(text) <= CONTEXT_CHARS:
        return text
    at = text.find(anchor) if anchor else -1
    start = max(0, at - CONTEXT_CHARS // 3) if at >= 0 else 0
    return text[start : start + CONTEXT_CHARS].strip()


def _flat_text(root: lxml.html.HtmlElement, max_chars: int) -> tuple[list[str], bool]:
    """All visible text as one collapsed block (hidden elements already stripped): one itertext pass."""
    # The parser already dropped comments.
    text = collapse(" ".join(root.itertext()))
    return ([text[:max_chars]] if text else []), len(text) > max_chars


def _visible_text(el: lxml.html.HtmlElement) -> str:
    blocks, _ = text_blocks(el, MAX_TEXT_CHARS)
    return " ".join(blocks)
