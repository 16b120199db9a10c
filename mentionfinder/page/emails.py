"""E-mail finding: a prospect page's HTML → the e-mail addresses on it (mailto, Cloudflare-protected, visible)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

import lxml.html

from mentionfinder.domains import registrable_domain, url_domain
from mentionfinder.page.addresses import scan_addresses
from mentionfinder.page.htmltext import parse_html, walk_text

__all__ = ["find_emails"]

MAX_TEXT_CHARS = 500_000  # visible text scanned per page
MAX_ANCHORS = 100_000  # address separators examined per page: bounds the work on hostile input
MAX_INPUT_BYTES = 5_000_000
_SPACES = re.compile(r"\s+")
_CF_HREF = "/cdn-cgi/l/email-protection#"


def find_emails(html: str | bytes, page_url: str = "") -> list[str]:
    """The e-mail addresses on a page, junk left out, those on the page's own site first.

    Sources: mailto: links (query stripped, percent-decoded, several addresses), Cloudflare-protected
    addresses, and the visible text including the usual obfuscations ("jane [at] site [dot] org",
    "jane (at) site (dot) org", "jane AT site DOT org", "jane at site dot org" after a word like "email").
    Domains are lower-cased; the first spelling of each address is kept, in order of appearance.
    Malformed input gives [], never an exception.
    """
    if not _may_hold_address(html):
        return []  # most pages: nothing that could spell an address, no parse needed
    root = parse_html(html, MAX_INPUT_BYTES) if isinstance(html, (str, bytes)) else None
    if root is None:
        return []
    found: dict[str, str] = {}
    budget = [MAX_ANCHORS]
    for text, marks in _blocks(root):
        hits: list[tuple[int, int, str]] = []
        for offset, source in marks:
            hits.extend((offset, 0, addr) for _, addr in scan_addresses(source, cue=True, budget=budget))
        hits.extend((pos, 1, addr) for pos, addr in scan_addresses(text, cue=False, budget=budget))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        for _, _, addr in hits:
            found.setdefault(addr.lower(), addr)
    own = url_domain(page_url) if page_url else ""
    addresses = list(found.values())
    if own:
        addresses.sort(key=lambda a: registrable_domain(a.rpartition("@")[2]) != own)
    return addresses


# Every form of address the extractor knows contains one of these (case-insensitive).
_ADDRESS_HINTS = (
    b"@",
    b"&#64",
    b"&#x40",
    b"%40",
    b"[at]",
    b"(at)",
    b"{at}",
    b"<at>",
    b"[@]",
    b"&commat",
    b"dot",
    b"cfemail",
    b"email-protection",
)


def _may_hold_address(html) -> bool:
    if isinstance(html, str):
        html = html.encode("utf-8", "ignore")
    if not isinstance(html, (bytes, bytearray)):
        return False
    lowered = bytes(html[:MAX_INPUT_BYTES]).lower()
    return any(hint in lowered for hint in _ADDRESS_HINTS)


def _hidden(el: lxml.html.HtmlElement) -> bool:
    # Anti-scraper decoys: "jane<span style="display:none">null</span>@site.org" reads "jane@site.org".
    if el.get("hidden") is not None:
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _blocks(root: lxml.html.HtmlElement) -> list[tuple[str, list[tuple[int, str]]]]:
    """Visible text per block, with the address sources (mailto targets, decoded Cloudflare addresses)
    found inside each block and the text offset where each one sits."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    current: list[str] = []
    marks: list[tuple[int, str]] = []
    length = 0
    total = 0

    def add(piece: str) -> None:
        nonlocal length
        piece = _SPACES.sub(" ", piece)
        current.append(piece)
        length += len(piece)

    def flush() -> None:
        nonlocal length, total
        if current or marks:
            text = "".join(current)
            blocks.append((text, list(marks)))
            total += len(text)
        current.clear()
        marks.clear()
        length = 0

    def entered(el: lxml.html.HtmlElement, tag: str) -> None:
        for source in _element_sources(el, tag):
            marks.append((length, source))

    # Cut short, the walk leaves the last block unflushed: it is scanned too.
    walk_text(root, add, flush, lambda: total + length >= MAX_TEXT_CHARS, skip=_hidden, entered=entered)
    flush()
    return blocks


def _element_sources(el: lxml.html.HtmlElement, tag: str) -> list[str]:
    sources = []
    if tag in ("a", "area"):
        href = (el.get("href") or "").strip()
        if href[:7].lower() == "mailto:":
            sources.append(_mailto_text(href[7:]))
        elif _CF_HREF in href:
            decoded = _cf_decode(href.partition(_CF_HREF)[2])
            if decoded:
                sources.append(_mailto_text(decoded[7:] if decoded[:7].lower() == "mailto:" else decoded))
    cf = el.get("data-cfemail")
    if cf:
        decoded = _cf_decode(cf)
        if decoded:
            sources.append(decoded)
    return sources


def _mailto_text(target: str) -> str:
    """A mailto: target → its addresses as text.

    "a@x.org,b@x.org?subject=Hi&cc=c@x.org" → "a@x.org , b@x.org , c@x.org"; other query fields are dropped.
    """
    target = target.strip().lstrip("/")
    addresses, _, query = target.partition("?")
    parts = [unquote(addresses)]
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key.lower() in ("to", "cc"):
            parts.append(value)
    return " , ".join(re.sub(r"[,;]", " , ", p) for p in parts)


def _cf_decode(hexstr: str) -> str:
    """Cloudflare's e-mail obfuscation: the first byte is a key XOR-ed into each byte that follows."""
    hexstr = hexstr.strip()[:1024]
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return ""
    if len(data) < 4:
        return ""
    key = data[0]
    try:
        return unquote(bytes(b ^ key for b in data[1:]).decode("utf-8"))
    except UnicodeDecodeError:
        return ""
