"""Contacts: how to reach a prospect page's owner — e-mail addresses on the page and the site's contact page.

Pure: no Scrapy, no Twisted, no I/O. Precision comes first: the user will write to what this returns,
so anything that merely looks like an address (a retina image name, a placeholder, a bounce token,
"look at this dot com") is left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

import lxml.etree
import lxml.html

from mentionfinder.domains import is_public_suffix, registrable_domain, url_domain
from mentionfinder.page.extract import BLOCK_TAGS, HIDDEN_TAGS, Link, Page

__all__ = [
    "find_emails",
    "contact_page_url",
    "contact_candidates",
    "FILE_EXTENSIONS",
    "PLACEHOLDER_LABELS",
    "SYSTEM_LOCAL_PREFIXES",
    "MAX_EMAIL_LEN",
]

MAX_EMAIL_LEN = 254  # RFC 5321 path limit
MAX_LOCAL_LEN = 64
MAX_DOMAIN_LEN = 253
MAX_TEXT_CHARS = 500_000  # visible text scanned per page
MAX_ANCHORS = 100_000  # address separators examined per page: bounds the work on hostile input
MAX_INPUT_BYTES = 5_000_000

# "image@2x.png": a "top-level domain" that is a file extension is a file name, never an address.
FILE_EXTENSIONS = frozenset(
    "png jpg jpeg gif svg webp css js avif bmp ico tif tiff heic mp4 webm mp3 woff woff2 ttf otf eot json "
    "xml pdf zip mov map php html htm txt".split()
)
# The name label of a registrable domain (example.com, example.co.uk → "example") that marks a placeholder
# or a monitoring endpoint (Sentry DSNs: <hex key>@o123.ingest.sentry.io, …@sentry-next.wixpress.com).
PLACEHOLDER_LABELS = frozenset(
    "example domain yourdomain yoursite yourwebsite yourcompany yourbusiness mydomain mysite mywebsite "
    "mycompany email test website company sample address sentry wixpress".split()
)
# Local parts a template puts in a form's placeholder, not a person's inbox.
PLACEHOLDER_LOCALS = frozenset(
    "yourname your.name your_name your-name youremail your.email your_email your-email yourmail you "
    "name username firstname lastname firstname.lastname first.last firstlast someone somebody "
    "john.doe jane.doe johndoe janedoe john.smith".split()
)
# Compared after dropping . _ + - and lower-casing: no.reply, no-reply, do_not_reply, mailer-daemon…
SYSTEM_LOCAL_PREFIXES = (
    "noreply",
    "donotreply",
    "dontreply",
    "nereply",
    "nepasrepondre",
    "mailerdaemon",
    "postmaster",
    "hostmaster",
    "bounce",
    "unsubscribe",
)
_HEX_RUN = re.compile(r"[0-9a-f]{16,}")

# "=" is read as part of the local part only to reject it: VERP/SRS bounce addresses ("bounces+x=y@…",
# "SRS0=…@…") and URL parameters ("?email=jane@…") are never where an outreach mail should go.
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-=")
# The separator between local part and domain: "@", "[at]", "(at)", "{at}", "<at>", "[@]"; or the bare
# word "at" between white space (accepted only with more evidence, see _accept_word_form).
_AT = re.compile(r"@|[\[\(\{<]\s{0,3}(?:at|@)\s{0,3}[\]\)\}>]|(?<!\S)at(?!\S)", re.IGNORECASE)
_LABEL = re.compile(r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?")
_DOT = re.compile(
    r"(?P<plain>\.)"
    r"|(?P<bracket>\s{0,3}[\[\(\{<]\s{0,3}(?:dot|\.)\s{0,3}[\]\)\}>]\s{0,3})"
    r"|\s{1,3}(?P<word>dot)\s{1,3}",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
# A word that says "what follows is an address", for the bare "name at site dot org" form.
_CUE = re.compile(
    r"e-?mail|\bmail\b|contact|\breach\b|\bwrite\b|\bsend\b|\baddress|\binbox\b|courriel|correo|"
    r"kontakt|\bpitch",
    re.IGNORECASE,
)
CUE_WINDOW = 80
# Words that precede a bare "at" in ordinary prose: "look at this dot com", "email us at site dot com".
_PROSE_LOCALS = frozenset(
    "i me my we us our you your he him his she her they them their it its this that these those here there "
    "is are was were be been being am look looking looked stare staring arrive arrived arriving stay staying "
    "stayed meet meeting find found visit visiting located based live lives living work working home online "
    "available open last least first best once all one anyone someone everyone nobody or and but then now "
    "see seen check go get got call email mail contact reach write message text ping hit shoot started "
    "start born sold buy bought sell priced".split()
)
_CF_HREF = "/cdn-cgi/l/email-protection#"


# --- e-mail addresses --------------------------------------------------------------------------------


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
    root = _parse(html)
    if root is None:
        return []
    found: dict[str, str] = {}
    budget = [MAX_ANCHORS]
    for text, marks in _blocks(root):
        hits: list[tuple[int, int, str]] = []
        for offset, source in marks:
            hits.extend((offset, 0, addr) for _, addr in _scan(source, cue=True, budget=budget))
        hits.extend((pos, 1, addr) for pos, addr in _scan(text, cue=False, budget=budget))
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


def _parse(html: str | bytes | None) -> lxml.html.HtmlElement | None:
    if not html or not isinstance(html, (str, bytes)):
        return None
    if isinstance(html, str):
        data = html.encode("utf-8", "surrogatepass")[:MAX_INPUT_BYTES]
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    else:
        data = html[:MAX_INPUT_BYTES]
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    if not data.strip():
        return None
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError, UnicodeError):
        return None


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

    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if total + length >= MAX_TEXT_CHARS:
            break
        if closing:
            if el.tag in BLOCK_TAGS:
                flush()
            if el.tail and el is not root:
                add(el.tail)
            continue
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in HIDDEN_TAGS or _hidden(el):
            if el.tail and el is not root:
                add(el.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        for source in _element_sources(el, tag):
            marks.append((length, source))
        if el.text:
            add(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
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


def _scan(text: str, *, cue: bool, budget: list[int]) -> list[tuple[int, str]]:
    """Addresses in one stretch of text: (offset of the local part, address)."""
    out: list[tuple[int, str]] = []
    for m in _AT.finditer(text):
        if budget[0] <= 0:
            break
        budget[0] -= 1
        sep = m.group()
        kind = "plain" if sep == "@" else ("word" if sep[0] not in "[({<" else "bracket")
        # Local part: the run of address characters right before the separator.
        end = m.start()
        if kind != "plain":
            stripped = text[max(0, end - 3) : end]
            end -= len(stripped) - len(stripped.rstrip())
            if kind == "word" and end == m.start():
                continue
        start = end
        while start > 0 and text[start - 1] in _LOCAL_CHARS and end - start <= MAX_LOCAL_LEN:
            start -= 1
        if end - start > MAX_LOCAL_LEN:
            continue
        while start < end and not text[start].isalnum():
            start += 1
        if start == end:
            continue
        before = text[start - 1] if start > 0 else " "
        if before.isalnum() or before in "_/@\\'’":
            continue  # "émile@…" seen as "mile@…", a URL's "//user@host", "a@b@c", "I'm at …"
        local = text[start:end]
        # Domain: labels joined by ".", "[dot]", "(dot)" or " dot ".
        pos = m.end()
        if kind != "plain":
            ahead = text[pos : pos + 3]
            pos += len(ahead) - len(ahead.lstrip())
            if kind == "word" and pos == m.end():
                continue
        parsed = _domain_at(text, pos)
        if parsed is None:
            continue
        labels, dots, stop = parsed
        nxt = text[stop : stop + 2]
        if nxt[:1] in ("@", "/", "_") or (nxt[:1] == ":" and nxt[1:2].isalnum()):
            continue  # "user@host/path", "git@host:repo", "a@b.org@c"
        if kind == "word" and not _accept_word_form(text, start, local, sep, dots, cue):
            continue
        address = _clean(local, labels, dots)
        if address:
            out.append((start, address))
    return out


def _domain_at(text: str, pos: int) -> tuple[list[str], list[str], int] | None:
    m = _LABEL.match(text, pos, pos + 64)
    if not m:
        return None
    labels = [m.group()]
    dots: list[str] = []
    end = m.end()
    while len(labels) < 10:
        d = _DOT.match(text, end)
        if not d:
            break
        label = _LABEL.match(text, d.end(), d.end() + 64)
        if not label:
            break
        labels.append(label.group())
        dots.append("plain" if d.group("plain") else ("bracket" if d.group("bracket") else d.group("word")))
        end = label.end()
    if not dots:
        return None
    return labels, dots, end


def _accept_word_form(text: str, start: int, local: str, at: str, dots: list[str], cue: bool) -> bool:
    """ "jane at site dot org" is an address only with more evidence than the words themselves."""
    if "plain" in dots:
        return False  # "visit us at site.org" is prose
    if len(local) < 2 or local.lower() in _PROSE_LOCALS or not any(c.isalpha() for c in local):
        return False
    if "bracket" in dots or cue:
        return True
    words = [d for d in dots if d != "bracket"]
    # "jane AT site DOT org": capitals set the separators apart from the words around them.
    if at == "AT" and all(d == "DOT" for d in words) and not local.isupper():
        return True
    return bool(_CUE.search(text, max(0, start - CUE_WINDOW), start))


def _clean(local: str, labels: list[str], dots: list[str]) -> str:
    """A candidate → "local@domain" (domain lower-cased), or "" when it is invalid or junk."""
    labels = [label.lower() for label in labels]
    tld = labels[-1]
    if tld in FILE_EXTENSIONS:
        return ""
    if not _is_tld(tld) and len(labels) > 2 and dots[-1] == "plain":
        # "jane@site.org.Then we…": a missing space after the sentence's full stop.
        labels = labels[:-1]
        tld = labels[-1]
        if tld in FILE_EXTENSIONS:
            return ""
    if not _is_tld(tld):
        return ""
    domain = ".".join(labels)
    address = f"{local}@{domain}"
    if len(address) > MAX_EMAIL_LEN or len(local) > MAX_LOCAL_LEN or len(domain) > MAX_DOMAIN_LEN:
        return ""
    if local.startswith(".") or local.endswith(".") or ".." in local or "=" in local:
        return ""
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        return ""
    return address if not _is_junk(local, domain) else ""


@lru_cache(maxsize=4096)
def _is_tld(label: str) -> bool:
    if len(label) < 2 or not (label.isalpha() or label.startswith("xn--")):
        return False
    return is_public_suffix(label)


def _is_junk(local: str, domain: str) -> bool:
    lowered = local.lower()
    squashed = re.sub(r"[._+\-]", "", lowered)
    if squashed.startswith(SYSTEM_LOCAL_PREFIXES):
        return True
    if _HEX_RUN.search(lowered.replace("-", "")):
        return True  # tracking tokens, Sentry keys, UUIDs
    if lowered in PLACEHOLDER_LOCALS:
        return True
    name = registrable_domain(domain).split(".")[0]
    return name in PLACEHOLDER_LABELS or name.startswith("sentry") or "sentry" in domain.split(".")


# --- contact pages -----------------------------------------------------------------------------------

# Tiers: 0 contact (incl. legal notices, which must carry an address), 1 write-for-us / advertise,
# 2 about / team. Within a tier the second number orders the kinds.
_FILLER = r"(?: (?:us|me|page|form|info|information|details|today|now|here))?"
_ANCHOR_KINDS: tuple[tuple[int, int, str], ...] = (
    (
        0,
        0,
        r"(?:please )?(?:contact|contacts|contact (?:us|me|the (?:editor|editors|team|author))|get in touch"
        r"(?: with (?:us|me))?|reach (?:us|out)|say (?:hello|hi)|email us|e mail us|write to (?:us|me)|"
        r"drop us a line|kontakt|kontaktieren sie uns|kontaktformular|kontakt aufnehmen|contacto|contactenos|"
        r"contactanos|contactar|contacta|contactez nous|contactez moi|nous contacter|me contacter|contatti|"
        r"contattaci|contatto|contato|fale conosco|entre em contato|neem contact op|contact opnemen|"
        r"kontakta oss|kontakt oss|kontakt os|ota yhteytta|yhteystiedot|kontakty|kontakt z nami|iletisim|"
        r"контакты|контакт|связаться с нами|お問い合わせ|お問合せ|联系我们|聯絡我們|联系|문의하기)" + _FILLER,
    ),
    (0, 1, r"impressum|imprint|legal notice|mentions legales|aviso legal|note legali|colofon"),
    (
        1,
        0,
        r"write for (?:us|me)|guest (?:posts?|posting|blogging)(?: guidelines)?|submit (?:a )?(?:guest )?"
        r"(?:post|article|story|pitch)|become a (?:contributor|writer)|contributor guidelines|"
        r"schreib(?:en sie)? fur uns|gastbeitrag|gastartikel|escribe para nosotros|ecrivez pour nous|"
        r"ecrire pour nous|scrivi per noi|escreva para nos|schrijf voor ons",
    ),
    (1, 1, r"contribute|contributors|submissions?|pitch us|work with (?:us|me)|partner with us"),
    (
        1,
        2,
        r"advertise(?: with us| here)?|advertising|sponsorships?|sponsor us|media kit|werben|werbung|"
        r"publicidad|anunciate|anuncie|publicite|pubblicita|adverteren",
    ),
    (
        2,
        0,
        r"about|about (?:us|me|the (?:site|blog|company|author|editors?))|who we are|our story|our mission|"
        r"uber uns|ueber uns|wir uber uns|uber mich|quienes somos|sobre nosotros|sobre mi|a propos|"
        r"qui sommes nous|qui suis je|chi siamo|su di noi|sobre nos|quem somos|over ons|over mij|om oss|"
        r"om os|om mig|o nas|o mnie|о нас|hakkimizda|会社概要|关于我们|關於我們",
    ),
    (2, 1, r"team|our team|the team|meet the team|our people|staff|people|masthead|redaktion|equipo|equipe"),
)
_SLUG_KINDS: tuple[tuple[int, int, frozenset[str]], ...] = (
    (
        0,
        0,
        frozenset(
            "contact contacts contact-us contactus contact-me get-in-touch contact-form kontakt "
            "kontaktformular contacto contactenos contactanos contactez-nous nous-contacter contact-nous "
            "contatti contatto contato fale-conosco contact-opnemen kontakta-oss kontakty iletisim "
            "contact-page".split()
        ),
    ),
    (0, 1, frozenset("impressum imprint legal-notice mentions-legales aviso-legal note-legali colofon".split())),
    (
        1,
        0,
        frozenset(
            "write-for-us writeforus write-for-me guest-post guest-posts guest-posting guest-blogging "
            "guest-post-guidelines submit-guest-post submit-a-guest-post become-a-contributor "
            "contributor-guidelines schreib-fuer-uns schreiben-sie-fuer-uns gastbeitrag gastartikel "
            "escribe-para-nosotros ecrivez-pour-nous ecrire-pour-nous scrivi-per-noi "
            "escreva-para-nos schrijf-voor-ons".split()
        ),
    ),
    (
        1,
        1,
        frozenset(
            "contribute contributors submissions submission pitch work-with-us work-with-me partner-with-us".split()
        ),
    ),
    (
        1,
        2,
        frozenset(
            "advertise advertising advertise-with-us sponsorship sponsorships sponsor media-kit "
            "werben werbung publicidad publicite pubblicita adverteren".split()
        ),
    ),
    (
        2,
        0,
        frozenset(
            "about about-us aboutus about-me who-we-are our-story our-mission ueber-uns uber-uns "
            "ueber-mich uber-mich quienes-somos sobre-nosotros sobre-mi a-propos qui-sommes-nous "
            "chi-siamo su-di-noi sobre-nos quem-somos over-ons om-oss o-nas o-mnie".split()
        ),
    ),
    (2, 1, frozenset("team our-team the-team meet-the-team staff people masthead redaktion equipo equipe".split())),
)


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


# Patterns folded like the anchors they meet (NFKD splits Hangul syllables and kana with voicing marks).
_ANCHOR_RES = tuple((tier, sub, re.compile(_strip_accents(pattern))) for tier, sub, pattern in _ANCHOR_KINDS)
# Listing and system paths: "/tag/contact/" is a tag archive, not the contact page.
_SKIP_SEGMENTS = frozenset(
    "tag tags category categories author authors search feed wp-content wp-json wp-admin cdn-cgi label".split()
)
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php\d?|aspx?|shtml|jsp|cfm)$")
_NON_PAGE = re.compile(r"\.(?:pdf|jpe?g|png|gif|svg|webp|zip|docx?|xlsx?|pptx?|mp[34]|css|js|xml|json|txt)$")
_NON_WORD = re.compile(r"[\W_]+")


def contact_page_url(page: Page, page_url: str) -> str:
    """The site's best contact page among the page's same-site links: contact > write-for-us > about; ""."""
    found = contact_candidates(page, page_url, limit=1)
    return found[0] if found else ""


def contact_candidates(page: Page, page_url: str, limit: int = 3) -> list[str]:
    """Up to `limit` same-site contact / write-for-us / about page URLs, best first."""
    if limit <= 0 or page is None:
        return []
    page_url = page_url or page.url or page.base_url
    own = url_domain(page_url)
    if not own:
        return []
    here = _url_key(page_url)
    best: dict[str, tuple[tuple[int, ...], str]] = {}
    for index, link in enumerate(page.links):
        rank = _link_rank(link, own)
        if rank is None:
            continue
        key = _url_key(link.url)
        if key == here:
            continue
        entry = (*rank, index)
        if key not in best or entry < best[key][0]:
            best[key] = (entry, link.url)
    ranked = sorted(best.values())
    return [url for _, url in ranked[:limit]]


def _url_key(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _link_rank(link: Link, own: str) -> tuple[int, int, int, int] | None:
    try:
        parts = urlsplit(link.url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or url_domain(link.url) != own:
        return None
    path = unquote(parts.path).lower()
    segments = [s for s in path.split("/") if s]
    if any(s in _SKIP_SEGMENTS for s in segments) or _NON_PAGE.search(path):
        return None
    by_anchor = _anchor_kind(link.anchor_text)
    by_slug = _slug_kind(segments[-1]) if segments else None
    if by_anchor is None and by_slug is None:
        return None
    kind = min(k for k in (by_anchor, by_slug) if k is not None)
    evidence = 0 if (by_anchor is not None and by_slug is not None) else (1 if by_slug is not None else 2)
    return kind[0], kind[1], evidence, len(segments)


def _fold(text: str) -> str:
    """Lower-cased, accents dropped, punctuation → spaces: "Contáctenos »" → "contactenos"."""
    return " ".join(_NON_WORD.split(_strip_accents(text.lower()))).strip()


def _anchor_kind(anchor: str) -> tuple[int, int] | None:
    anchor = _fold(anchor or "")
    if not anchor or len(anchor) > 60:
        return None
    for tier, sub, pattern in _ANCHOR_RES:
        if pattern.fullmatch(anchor):
            return tier, sub
    return None


def _slug_kind(segment: str) -> tuple[int, int] | None:
    slug = _PAGE_SUFFIX.sub("", segment)
    slug = "-".join(_fold(slug).split())
    if not slug:
        return None
    for tier, sub, slugs in _SLUG_KINDS:
        if slug in slugs:
            return tier, sub
    return None
