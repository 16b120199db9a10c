"""Server and framework error pages: a thin page's headings and text blocks → the "not found" statement it makes.

A web server's or framework's stock error page (Apache, nginx, IIS, Tomcat, Express, Werkzeug, Symfony,
Play, static-site generators) often has a title that says nothing ("Error", the site's name) and says what it
is in a heading or one sentence of its body. These are read only on a thin page (bodytext.THIN_WORDS): on a
full page a quoted error message is an article's subject, not its state.
"""

from __future__ import annotations

import re

from mentionfinder.check.bodytext import APOSTROPHES
from mentionfinder.check.notfound import error_phrase
from mentionfinder.page.htmltext import collapse

__all__ = ["BLOCK_MAX_WORDS", "error_page_statement"]

# A text block longer than this is prose, not an error page's one-line statement.
BLOCK_MAX_WORDS = 12
# Sentences the stock error pages of servers and frameworks print, in lower case, anywhere in the thin text.
_SERVER_STATEMENTS = re.compile(
    "|".join(
        (
            # Apache, Werkzeug, Google, XAMPP, lighttpd: "The requested URL /x was not found on this server"
            # (not Apache's 406: "An appropriate representation of the requested resource could not be found").
            r"(?<!representation of )\bthe requested (?:url|page|resource|document|file|object)\b[^.]{0,200}? "
            r"(?:was|could) not (?:be )?found on (?:this|the) server",
            # Tomcat (old and new), Jetty, GlassFish
            r"\bthe requested resource (?:\(?[^ ]{0,200}\)? )?is not available\b",
            r"\bdid not find a current representation for the target resource\b",
            # IIS and ASP.NET
            r"\bthe resource you are looking for (?:\(or one of its dependencies\) )?(?:has been|could have been|"
            r"might have been) removed\b",
            # Symfony, Laravel and other frameworks quoting their status line
            r"\bthe server returned an? [\"“]?404\b",
            r"\bno route (?:found|matche[sd]) for [\"“]?(?:get|head|post) ",
            r"\baction not found for request\b",
            r"\bno webpage was found for the web address\b",
            # Apache's own translations of "The requested URL was not found on this server"
            r"\bder angeforderte url (?:konnte|wurde) auf (?:dem|diesem) server nicht gefunden\b",
            r"\bl'url (?:requise|demandée) n'a (?:pu|pas pu) être trouvée sur ce serveur\b",
            r"\bnie znaleziono żądanego (?:url|adresu)",
            r"\bla url solicitada no (?:se ha localizado|se ha encontrado|fue encontrada) en (?:este|el) servidor\b",
            r"\bl'url richiesto non esiste su questo server\b",
        )
    )
)
# Express's finalhandler, in its own capitals ("Cannot GET /x"), as a whole block: prose says "cannot get" too.
_EXPRESS = re.compile(r"Cannot (?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\S*")


def error_page_statement(headings: tuple[str, ...], blocks: tuple[str, ...], visible: str) -> str:
    """The "not found" statement of a thin page's headings (h1–h3), short text blocks or stock error sentence
    ("" when none). `visible` is the page's normalized visible text."""
    for heading in headings:
        phrase = error_phrase(heading)
        if phrase:
            return phrase
    for block in blocks:
        block = collapse(block.translate(APOSTROPHES))
        if len(block.split()) > BLOCK_MAX_WORDS:
            continue
        if _EXPRESS.fullmatch(block):
            return block
        phrase = error_phrase(block, short=False)
        # A lone "404" counts in a heading, not in a block: a table cell or a price says "404" too.
        if phrase and not phrase.isdigit():
            return phrase
    m = _SERVER_STATEMENTS.search(visible)
    return m.group(0).strip() if m else ""
