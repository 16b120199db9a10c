"""HTML text stage: HTML → its parsed tree, and a tree → its visible text, by the one walk every stage uses."""

from __future__ import annotations

from collections.abc import Callable

import lxml.etree
import lxml.html

__all__ = ["BLOCK_TAGS", "HIDDEN_TAGS", "collapse", "parse_html", "text_blocks", "walk_text"]

# Their text is not shown to a reader, so a brand name there is no mention.
HIDDEN_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math", "select"}
)
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd td th tr table thead tbody tfoot caption h1 h2 h3 h4 h5 h6 section article "
    "header footer nav aside main blockquote pre address figure figcaption form fieldset legend details "
    "summary br hr option body html center".split()
)


def collapse(text: str) -> str:
    """Runs of white space → one space, trimmed."""
    return " ".join(text.split())  # str.split() in C: several times faster than a regex substitution


def parse_html(html: str | bytes, max_bytes: int | None = None) -> lxml.html.HtmlElement | None:
    """An HTML document's tree (a str is read as UTF-8; comments and processing instructions dropped), or
    None when the input is empty or unparsable; with `max_bytes`, only that many bytes of it are read."""
    # huge_tree: old link pages leave a <font> or <b> open per entry; without it libxml2 drops
    # everything past ~255 levels of nesting, silently.
    if isinstance(html, str):
        html = html.encode("utf-8", "surrogatepass")
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    else:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    if max_bytes is not None:
        html = html[:max_bytes]
    if not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError, UnicodeError):
        return None
    return root


def text_blocks(root: lxml.html.HtmlElement, max_chars: int) -> tuple[list[str], bool]:
    """Visible text split at block elements (collapsed, empty blocks left out); True when cut at `max_chars`."""
    blocks: list[str] = []
    current: list[str] = []
    total = 0

    def flush() -> None:
        nonlocal total
        if current:
            text = collapse("".join(current))
            current.clear()
            if text:
                blocks.append(text)
                total += len(text)

    truncated = walk_text(root, current.append, flush, lambda: total >= max_chars)
    return blocks, truncated


def walk_text(
    root: lxml.html.HtmlElement,
    add: Callable[[str], object],
    flush: Callable[[], object],
    full: Callable[[], bool],
    *,
    skip: Callable[[lxml.html.HtmlElement], bool] | None = None,
    entered: Callable[[lxml.html.HtmlElement, str], object] | None = None,
) -> bool:
    """The one walk over the visible text of a tree, in reading order: every text and tail goes to `add`,
    `flush` is called where a block element starts or ends and once at the end.

    Hidden elements (HIDDEN_TAGS, and those `skip` says) are passed over with their text but not their
    tail; `entered` sees every other element as the walk enters it. `full` is asked before each step: once
    it says True the walk stops and returns True, without the last flush. Iterative, so deeply nested
    markup cannot overflow the stack.
    """
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if full():
            return True
        if closing:
            if el.tag in BLOCK_TAGS:
                flush()
            if el.tail and el is not root:
                add(el.tail)
            continue
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in HIDDEN_TAGS or (skip is not None and skip(el)):
            if el.tail and el is not root:
                add(el.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        if entered is not None:
            entered(el, tag)
        if el.text:
            add(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return False
