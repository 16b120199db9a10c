"""Read a site's sitemaps: plain bytes in, plain values out (no network, no Scrapy, no Twisted).

The crawler fetches the bytes; this module says what they contain. Input is treated as hostile:

* gzip is recognised by its magic bytes (whatever the URL or Content-Type says) and inflated in a
  stream that stops at `SitemapLimits.max_bytes` uncompressed bytes (gzip bombs; see gunzip.py);
* XML is read with a hardened lxml parser — no entity substitution, no DTD loading, no network,
  no huge-tree mode — and a document whose DOCTYPE declares entities (billion laughs, XXE) is
  refused before any of its content is used. The check runs twice: a byte scan before parsing and
  lxml's own view of the internal DTD at the root element;
* parsing is iterative (elements are dropped as soon as they are read) and stops at `max_urls`.

Every problem becomes a one-line warning in the result; nothing here raises on bad input.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree

from mentionfinder.ownsite.gunzip import MAX_BYTES, decompress

MAX_URL_CHARS = 2048  # the sitemap protocol's limit for one <loc>
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must read at least 500 KiB of a robots.txt; we read that much


@dataclass(frozen=True)
class SitemapLimits:
    max_urls: int = 50_000  # per file (the sitemap protocol's own limit)
    max_bytes: int = MAX_BYTES  # uncompressed bytes per file (protocol limit: 50 MB)
    max_depth: int = 3  # sitemap index nesting the crawler follows (used by the caller)
    max_files: int = 200  # sitemap files per site (used by the caller)


@dataclass(frozen=True)
class SitemapContent:
    kind: str  # "urlset", "sitemapindex", or "" when not a sitemap
    urls: tuple[str, ...]  # page URLs (urlset) or child sitemap URLs (sitemapindex)
    lastmod: dict[str, str]  # url -> lastmod as given (only for URLs that had one)
    warnings: tuple[str, ...]  # one-line, human-readable


# --------------------------------------------------------------------------------------------- URLs


def clean_url(value: str | None) -> str | None:
    """`value` stripped when it is an absolute http(s) URL a crawler can use, else None."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > MAX_URL_CHARS:
        return None
    if any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return value


class _Collector:
    """Unique, valid URLs in order, capped at `max_urls`."""

    def __init__(self, max_urls: int):
        self.max_urls = max_urls
        self.urls: list[str] = []
        self.seen: set[str] = set()
        self.lastmod: dict[str, str] = {}
        self.dropped = 0
        self.full = False
        self.last_added: str | None = None  # the URL the latest add() kept, if it kept one

    def add(self, raw: str | None, lastmod: str | None = None) -> bool:
        """Keep `raw` if it is new and valid; False once the cap is reached (stop reading)."""
        self.last_added = None
        url = clean_url(raw)
        if url is None:
            self.dropped += 1
            return True
        if url in self.seen:
            return True
        if len(self.urls) >= self.max_urls:
            self.full = True
            return False
        self.urls.append(url)
        self.seen.add(url)
        self.last_added = url
        if lastmod and lastmod.strip():
            self.lastmod[url] = lastmod.strip()
        return True

    def retract_last(self) -> bool:
        """Forget the URL of the latest add() (it may have been cut off by the end of the data)."""
        url = self.last_added
        if url is None:
            return False
        self.urls.pop()
        self.seen.discard(url)
        self.lastmod.pop(url, None)
        self.last_added = None
        return True

    def warnings(self) -> list[str]:
        notes = []
        if self.dropped:
            notes.append(
                f"dropped {self.dropped} URL{' that was' if self.dropped == 1 else 's that were'} not absolute http(s)"
            )
        if self.full:
            notes.append(f"truncated at {self.max_urls} URLs")
        return notes


# -------------------------------------------------------------------------------------------- parse

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_REFUSED = "DOCTYPE with entities refused"

# root element -> the element that carries one URL
_ITEM = {"urlset": "url", "sitemapindex": "sitemap", "rss": "item", "RDF": "item", "feed": "entry"}
_KIND = {"urlset": "urlset", "sitemapindex": "sitemapindex", "rss": "urlset", "RDF": "urlset", "feed": "urlset"}


def parse_sitemap(body: bytes, url: str = "", limits: SitemapLimits = SitemapLimits()) -> SitemapContent:
    """What a fetched sitemap holds: an XML urlset or sitemapindex (any namespace or none), an RSS or
    Atom feed (its entry links, reported as a urlset) or a plain-text sitemap (one URL per line).

    Only absolute http(s) URLs are kept, de-duplicated in order and capped at `limits.max_urls`.
    Never raises on bad input: problems are reported in `warnings`.
    """
    data, warnings = decompress(body, url, limit=limits.max_bytes)
    data, encoding = _to_utf8_if_wide(data)
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        kind, collector, notes = _parse_xml(data, limits, encoding)
    else:
        kind, collector, notes = _parse_text(data, limits, cut=bool(warnings))
    warnings += notes
    if collector is None:
        return SitemapContent(kind="", urls=(), lastmod={}, warnings=tuple(warnings))
    warnings += collector.warnings()
    return SitemapContent(kind=kind, urls=tuple(collector.urls), lastmod=collector.lastmod, warnings=tuple(warnings))


def _to_utf8_if_wide(data: bytes) -> tuple[bytes, str | None]:
    """UTF-16/32 documents re-encoded as UTF-8 (so the byte scan for DOCTYPE/ENTITY sees them)."""
    head = data[:4]
    codec = None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        codec = "utf-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif head == b"<\x00?\x00" or head == b"<\x00!\x00" or head == b"<\x00u\x00":
        codec = "utf-16-le"
    elif head == b"\x00<\x00?" or head == b"\x00<\x00!" or head == b"\x00<\x00u":
        codec = "utf-16-be"
    if codec is None:
        return data, None
    return data.decode(codec, errors="replace").encode("utf-8"), "utf-8"


def declares_entities(data: bytes) -> bool:
    """True when the document has a DOCTYPE and an entity declaration (ASCII-compatible bytes)."""
    doctype = _DOCTYPE.search(data)
    return doctype is not None and _ENTITY.search(data, doctype.start()) is not None


def _local(tag: object) -> str:
    if not isinstance(tag, str):  # comments, processing instructions, entity references
        return ""
    return tag.rpartition("}")[2]


def _parse_xml(data: bytes, limits: SitemapLimits, encoding: str | None) -> tuple[str, _Collector | None, list[str]]:
    if declares_entities(data):
        return "", None, [_REFUSED]
    events = lxml.etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        encoding=encoding,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        recover=True,
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
    )
    root = None
    root_name = item = ""
    collector = _Collector(limits.max_urls)
    try:
        for event, el in events:
            if root is None:  # the first event is the root element's start
                root = el
                root_name = _local(el.tag)
                if _has_entity_declarations(el):
                    return "", None, [_REFUSED]
                if root_name not in _ITEM:
                    return "", None, [f"not a sitemap: root element <{root_name or el.tag}>"]
                item = _ITEM[root_name]
                continue
            if event == "start":
                continue
            name = _local(el.tag)
            if name == item and _is_item_parent(el.getparent(), root, root_name):
                if not _read_item(el, root_name, collector):
                    break
                _forget(el)
            elif el.getparent() is root:  # other top-level elements: not kept in memory either
                _forget(el)
    except lxml.etree.XMLSyntaxError as exc:  # recover=True still raises on e.g. an empty document
        if root is None:
            return "", None, [f"not XML ({exc.msg or 'no element found'})"]
        cut = collector.retract_last()
        return _KIND[root_name], collector, [_malformed(str(exc.msg), collector, cut)]
    if root is None:
        return "", None, [_not_xml(events.error_log)]
    notes = []
    if not collector.full:
        errors = [e for e in events.error_log if e.level >= lxml.etree.ErrorLevels.ERROR]
        if errors:
            # A document cut short (size limit, truncated download) may end inside a <loc>, whose text
            # recovery would hand back as a shorter but valid-looking URL: drop the last one read.
            cut = not _ends_with_end_tag(data, root_name) and collector.retract_last()
            notes.append(_malformed(f"line {errors[0].line}: {errors[0].message}", collector, cut))
    return _KIND[root_name], collector, notes


_END_TAG_AT_END = re.compile(rb"</(?:[\w.-]+:)?([\w.-]+)\s*>\s*\Z")


def _ends_with_end_tag(data: bytes, root_name: str) -> bool:
    """Whether the document's last markup is the root's end tag (so it was not cut short)."""
    match = _END_TAG_AT_END.search(data[-512:])
    return match is not None and match.group(1).decode("ascii", "replace") == root_name


def _is_item_parent(parent: lxml.etree._Element | None, root: lxml.etree._Element, root_name: str) -> bool:
    """URL-carrying elements are children of the root (RSS 2.0: of <rss><channel>), never deeper."""
    if root_name == "rss":
        return parent is not None and _local(parent.tag) == "channel" and parent.getparent() is root
    return parent is root


def _has_entity_declarations(root: lxml.etree._Element) -> bool:
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and next(iter(dtd.iterentities()), None) is not None


def _read_item(el: lxml.etree._Element, root_name: str, collector: _Collector) -> bool:
    loc = lastmod = None
    for child in el:
        name = _local(child.tag)
        if root_name == "feed":
            if name == "link" and child.get("rel", "alternate") == "alternate" and loc is None:
                loc = child.get("href")
            continue
        if name in ("loc", "link") and loc is None:
            loc = _plain_text(child)
        elif name == "lastmod" and root_name in ("urlset", "sitemapindex"):
            lastmod = _plain_text(child)
    if loc is None:
        return True
    return collector.add(loc, lastmod)


def _plain_text(el: lxml.etree._Element) -> str:
    """An element's text, or "" when markup or an unresolved entity sits inside it."""
    if len(el):
        return ""
    return (el.text or "").strip()


def _forget(el: lxml.etree._Element) -> None:
    """Drop an element we have read, and the siblings before it, so the tree stays small."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _malformed(detail: str, collector: _Collector, cut: bool = False) -> str:
    detail = " ".join(detail.split())
    dropped = " (the last one, possibly cut off, dropped)" if cut else ""
    return f"malformed XML ({detail}); kept {len(collector.urls)} URLs{dropped}"


def _not_xml(error_log) -> str:
    errors = [e for e in error_log if e.level >= lxml.etree.ErrorLevels.ERROR]
    return f"not XML ({' '.join(errors[0].message.split())})" if errors else "not XML"


def _parse_text(data: bytes, limits: SitemapLimits, cut: bool = False) -> tuple[str, _Collector | None, list[str]]:
    """A plain-text sitemap: one URL per line (UTF-8); blank lines ignored. When the data was cut
    short (`cut`), an unfinished last line is not trusted."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    if cut and not text.endswith(("\n", "\r")):
        text = text[: max(text.rfind("\n"), text.rfind("\r")) + 1]
    collector = _Collector(limits.max_urls)
    for line in io.StringIO(text):
        line = line.strip()
        if line and not collector.add(line):
            break
    if not collector.urls:
        return "", None, ["not XML (nor a plain-text list of URLs)" if text.strip() else "empty file"]
    return "urlset", collector, []


# ------------------------------------------------------------------------------------------- robots


def robots_sitemaps(robots_txt: str | bytes, base_url: str) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt, in order and de-duplicated.

    The key is case-insensitive; `#` starts a comment; relative URLs are resolved against
    `base_url`; only absolute http(s) URLs are kept. Only the first 500 KiB are read.
    """
    if isinstance(robots_txt, bytes):
        robots_txt = robots_txt[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
    else:
        robots_txt = robots_txt[:ROBOTS_MAX_BYTES]
    found: list[str] = []
    seen: set[str] = set()
    for line in io.StringIO(robots_txt.lstrip("\ufeff")):
        line = line.split("#", 1)[0]
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() != "sitemap":
            continue
        value = value.strip()
        if not value:
            continue
        try:
            url = clean_url(urljoin(base_url or "", value))
        except ValueError:
            continue
        if url and url not in seen:
            seen.add(url)
            found.append(url)
    return found
