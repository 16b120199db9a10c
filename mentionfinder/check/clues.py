"""Page signals: a checked page's body sample → the clues a verdict needs (error phrases, parking, bot challenges)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

from mentionfinder.domains import registrable_domain
from mentionfinder.page.extract import Page, collapse, parse_page

__all__ = [
    "PageSignals",
    "page_signals",
    "similarity",
    "is_parking_host",
    "error_phrase",
    "PARKING_DOMAINS",
    "PARKING_HOSTS",
    "THIN_WORDS",
    "PARKED_MAX_WORDS",
]

MAX_BODY = 1_000_000  # bytes (or characters) of a body looked at: every marker sits near the top
MAX_SHINGLE_WORDS = 2000  # words of visible text hashed into shingles
SHINGLE = 4  # words per shingle
# Fewer visible words than this: a bot wall, a parking lander or an app shell, not an article.
# Markers that a normal page can carry too (a reCAPTCHA on a contact form, Cloudflare's bot-detection
# script, a blog post quoting "buy this domain") only count on a page this thin.
THIN_WORDS = 150
# Parking landers render their ads with scripts: the HTML itself carries almost no text.
PARKED_MAX_WORDS = 300

# --- soft 404: the title or first h1 says the page is missing -------------------------------------

# Title parts: "Page not found | Site", "Error 404 - Site", "404: Not Found". ":" is kept apart, as it
# also introduces a headline's subtitle ("Not Found: the lost art of letter writing").
_SEGMENT_SEP = re.compile(r"(\s*\|\s*|\s+[-–—·•»~/]\s+|\s*::\s*|:\s+)")
_EDGE = " \t\"'“”«»[]{}.!¡…,;*#~-–—"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "\u00a0": " "})
_LEAD = (
    r"(?:(?:oops|whoops|ooops|oopsie|uh[- ]?oh|oh no|oh dear|hmm+|sorry|we're sorry|we are sorry|ouch|yikes|"
    r"unfortunately|aw,? snap|oh snap|error|http)[\s!.,…:-]*)*"
)
_E404 = (
    r"(?:(?:http|error|err|fehler|erreur|errore|fout|erro|błąd|blad|ошибка|chyba|hata|fel|fejl|virhe|"
    r"エラー|错误|錯誤)\s?)?404(?:\s(?:error|fehler|erreur|errore|fout|erro|błąd|ошибка))?"
)
_THING = (
    r"(?:page|web ?page|file|file or directory|url|requested url|link|document|resource|content|post|"
    r"article|product|item|entry|listing|path|site)"
)
_WHO = r"(?: (?:you|you're|you've|we're|that you|which you)(?: [\w']+){0,4}?)?"  # " you are looking for"
_GONE = (
    r"(?:not found|(?:can(?:not|'t| not)|could(?:n't| not)) be found|does(?:n't| not) exist|"
    r"no longer (?:available|exists)|(?:has been |was )?(?:removed|deleted)|gone|missing)"
)
_AUX = r"(?:(?:is|was|has been) )?"
_TRAIL = (
    r"(?: (?:here|anymore|any ?more|on (?:this|our) (?:server|site|website)|or (?:has|was) (?:been )?moved))?"
    r"(?:[\s.!…,-]*\(?(?:error )?404\)?)?"
)
# Whole-part patterns (the part must be nothing but the error statement): a headline that discusses
# 404s ("How to fix a 404 error on WordPress") never matches them.
_ENGLISH = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            rf"{_LEAD}{_E404}(?: page)?(?:[\s:!.-]*\(?(?:{_THING} )?not found\)?)?",
            rf"{_LEAD}(?:{_E404}[\s:!.-]*)?(?:(?:the|this|that|your|requested|the requested) )?{_THING}{_WHO} "
            rf"{_AUX}{_GONE}{_TRAIL}",
            rf"{_LEAD}(?:(?:we|i) )?(?:can(?:not|'t| not)|could(?:n't| not)|were unable to|are unable to)"
            rf"(?: seem to)? find (?:the|that|this|your|what you(?:'re| are| were) looking for)(?: {_THING})?{_WHO}",
        )
    )
)
# Only in a short title or h1 (at most SHORT_WORDS words): "Not Found", "Nothing found".
SHORT_WORDS = 6
_SHORT_ONLY = re.compile(rf"{_LEAD}(?:{_E404}[\s:!.-]*)?(?:not found|nothing (?:was )?found)")
# Other languages: the phrase anywhere in a part of at most MULTI_MAX_WORDS words.
MULTI_MAX_WORDS = 8
_MULTILINGUAL = re.compile(
    "|".join(
        (
            r"\b(?:page|fichier|document|article|contenu)(?: [\w']+){0,2} introuvable\b",  # fr
            r"\bpage (?:non trouvée|(?:demandée )?n'existe (?:pas|plus)|inexistante)\b",
            r"\b(?:seite|datei|inhalt|artikel) (?:wurde |konnte )?nicht gefunden\b",  # de
            r"\bseite (?:existiert nicht|nicht vorhanden)\b",
            r"\b(?:página|archivo)(?: \w+){0,3} no (?:encontrad[ao]|existe)\b",  # es
            r"\bno se (?:ha |pudo |puede )?(?:encontró|encontrado|encontrar) la página\b",
            r"\bpagina(?: \w+){0,3} non (?:trovata|esiste|esistente)\b",  # it
            r"\bpagina (?:niet gevonden|bestaat niet|(?:kan|kon) niet (?:worden )?gevonden)\b",  # nl
            r"\bpágina(?: \w+){0,3} não (?:foi )?(?:encontrada|existe)\b",  # pt
            r"\bstrona nie (?:została )?znaleziona\b|\bnie znaleziono strony\b|\bstrona nie istnieje\b",  # pl
            r"\bстраница не (?:найдена|существует)\b|\bстраницы не существует\b",  # ru
            r"\bсторінк[ау] не знайден[ао]\b",  # uk
            r"\bsidan (?:kunde inte hittas|hittades inte|finns inte)\b",  # sv
            r"\bsiden (?:blev ikke fundet|findes ikke|kunne ikke findes)\b",  # da
            r"\bsayfa bulunamadı\b|\bstránka (?:nebyla )?nalezena\b|\bstránka nenalezena\b",  # tr, cs
            r"ページ(?:が|は)(?:見つかりません|存在しません)",  # ja
            r"找不到(?:该|此|您要的|您访问的|您要找的)?(?:页面|頁面|网页|網頁)",  # zh
            r"(?:页面|頁面|网页|網頁)(?:不存在|未找到|找不到)",
            r"페이지를 찾을 수 없습니다",  # ko
        )
    )
)
# A title that reads like an article about errors, not an error: never a soft 404.
_HEADLINE = re.compile(
    r"\?|\b(?:how|why|fix|fixing|fixes|guide|tutorial|tips|handling|explained|causes|vs|"
    r"beheben|corriger|réparer|solucionar|arreglar|risolvere|oplossen|naprawić|исправить|"
    r"was tun|que faire|qué hacer|cosa fare|wat te doen|co zrobić|что делать)\b"
)
_FILLER = re.compile(rf"{_LEAD}|erreur|fehler|errore|fout|erro|błąd|ошибка")

# --- parked and for-sale domains -------------------------------------------------------------------

# Parking services and domain marketplaces (registrable domains; any subdomain matches).
PARKING_DOMAINS = frozenset(
    {
        "sedoparking.com",
        "sedo.com",
        "bodis.com",
        "parkingcrew.net",
        "above.com",
        "dan.com",
        "afternic.com",
        "hugedomains.com",
        "undeveloped.com",
        "domainmarket.com",
        "buydomains.com",
        "parklogic.com",
        "parked.com",
        "skenzo.com",
        "voodoo.com",
        "uniregistry.com",
        "domainnamesales.com",
        "trafficparking.com",
    }
)
# Parking hosts of services whose other hosts are ordinary sites.
PARKING_HOSTS = ("parkingpage.namecheap.com",)
_PARKING_HOST_WORDS = ("sedoparking", "parkingcrew", "trafficparking")
# Pieces of a script/frame/stylesheet URL that only parking landers load.
_PARKED_URL_MARKERS = (
    "adsense/domains/caf.js",
    "img1.wsimg.com/parking-lander",
    "parking.godaddy",
    "sedoparking",
    "parkingcrew",
    "trafficparking",
)
# The page speaks of itself: "this domain is for sale".
_PARKED_PHRASES = re.compile(
    "|".join(
        (
            r"this domain (?:name )?(?:is|may be|might be) for sale",
            r"buy this domain",
            r"domain (?:name )?is parked",
            r"parked free",
            r"courtesy of godaddy",
            r"inquire about this domain",
            r"make an offer on this domain",
            r"this domain (?:name )?is available for purchase",
        )
    )
)
# A named domain for sale counts only when it is the page's own: a domain-news brief says "x.com is for sale" too.
_NAMED_DOMAIN_PHRASE = re.compile(
    r"(?:the domain (?:name )?)?\b([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,})"
    r" (?:is|may be|might be) (?:for sale|available for purchase)"
)
# Ordinary thin pages (a search page, an ad block) have these too: they count on a thin page only, and only
# next to one another or under a title that is the bare domain name, as on a parking lander.
_PARKED_WEAK_PHRASES = re.compile(
    r"related searches|sponsored listings|domain (?:name )?for sale|"
    r"this domain (?:name )?has been registered"
)
_DOMAIN_TITLE = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+$")
# A script that sends the browser on: `location.href = "https://www.hugedomains.com/..."`.
_SCRIPT_REDIRECT = re.compile(
    r"location(?:\.href)?\s*=\s*[\"']https?://([a-z0-9.-]{1,253})|"
    r"location\.(?:replace|assign)\(\s*[\"']https?://([a-z0-9.-]{1,253})"
)
_RESOURCE_TAG = re.compile(r"<(script|iframe|frame|embed|link|img|a|meta)\b([^<>]{0,3000})", re.I)
_URL_ATTR = re.compile(r"(?:^|\s)(?:src|href|data-src)\s*=\s*[\"']?([^\"'\s]{1,2000})")
_REFRESH = re.compile(r"http-equiv\s*=\s*[\"']?refresh")
_REFRESH_URL = re.compile(r"url\s*=\s*[\"']?([^\"'\s;]{1,2000})")
# Tags whose URL a page loads or follows by itself; a page may link to or show an image from anywhere.
_PARKED_RESOURCE_TAGS = ("script", "iframe", "frame", "embed", "meta-refresh")

# --- bot challenges and captcha walls --------------------------------------------------------------

# Titles only a challenge or block page has.
_CHALLENGE_TITLE = re.compile(
    r"^(?:just a moment(?:\.\.\.|…)?$|attention required! \| cloudflare|"
    r"access denied \| .* used cloudflare|pardon our interruption|ddos-guard\b|"
    r"sucuri website firewall)"
)
_CHALLENGE_THIN_TITLE = re.compile(
    r"^(?:are you a robot|robot check|security check|human verification|"
    r"verify(?:ing)? you are (?:a )?human|one moment, please)"
)
# In the raw HTML of challenge pages only.
_CHALLENGE_STRONG_HTML = ("_cf_chl_opt", "cf-browser-verification", "/.well-known/sgcaptcha")
# Texts of challenge pages (visible text or raw HTML: Cloudflare's lives in <noscript>).
_CHALLENGE_TEXTS = (
    "checking your browser before accessing",
    "ddos protection by",
    "enable javascript and cookies to continue",
    "incapsula incident id",
    "request unsuccessful. incapsula",
    "verify you are human",
    "verifying you are human",
    "verify you are a human",
    "i'm not a robot",
    "are you a robot",
    "needs to review the security of your connection",
    "performance & security by cloudflare",
    "press & hold to confirm you are",
    "access to this page has been denied",
    "please complete the security check",
)
# Scripts and widgets that normal pages carry as well (Cloudflare's bot detection, a contact-form reCAPTCHA,
# DataDome's tag): a challenge only when the page is thin.
_CHALLENGE_HTML = (
    "/cdn-cgi/challenge-platform",
    "challenges.cloudflare.com",
    "_incapsula_resource",
    "g-recaptcha",
    "h-captcha",
    "hcaptcha.com",
    "recaptcha/api.js",
    "px-captcha",
    "perimeterx",
    "captcha-delivery.com",
    "datadome",
    "awswaf.com",
)
_CAPTCHA_ELEMENT = re.compile(
    r"<(?:form|div|section|iframe)\b[^<>]{0,1000}?(?:^|\s)(?:id|class)\s*=\s*[\"']?"
    r"[^\"'<>]{0,300}?captcha"
)
_CHALLENGE_HEADERS = {"cf-mitigated": ("challenge",), "x-amzn-waf-action": ("challenge", "captcha")}


@dataclass(frozen=True)
class PageSignals:
    """What a checked page's body says about it; markers are short descriptions, "" when absent."""

    title: str = ""
    h1: str = ""  # first h1, collapsed
    words: int = 0  # words of visible text
    error_phrase: str = ""  # the "not found" statement of the title or h1
    parked_marker: str = ""  # what marks a parked / for-sale domain
    challenge_marker: str = ""  # what marks a bot challenge / captcha page
    tokens: tuple[str, ...] = field(default=(), repr=False, compare=False)  # first 2000 words, lower-cased

    @cached_property
    def shingles(self) -> frozenset[int]:
        """Hashes of the word 4-grams: computed when a comparison needs them, which is rare (a site whose
        random paths answer 200), so most checks never pay for hashing."""
        return _shingles(list(self.tokens))


def page_signals(body: bytes | str, url: str = "", headers: dict[str, str] | None = None) -> PageSignals:
    """A page body (and its headers) → its signals; any input, however broken, gives an answer."""
    headers = {str(k).lower(): str(v).strip().lower() for k, v in (headers or {}).items()}
    header_marker = _header_challenge(headers)
    text = _decode(body, headers.get("content-type"))
    page = _parse(text, url)
    raw = text.translate(_APOSTROPHES).lower()
    visible = _normalize(" ".join(page.text_blocks))
    tokens = re.findall(r"\w+", visible)
    words = len(visible.split())
    title = page.title
    h1 = page.h1[0] if page.h1 else ""
    return PageSignals(
        title=title,
        h1=h1,
        words=words,
        tokens=tuple(tokens[:MAX_SHINGLE_WORDS]),
        error_phrase=error_phrase(title) or error_phrase(h1),
        parked_marker=_parked(_normalize(title), visible, raw, words, url),
        challenge_marker=header_marker or _challenge(_normalize(title), visible, raw, words),
    )


def similarity(a: PageSignals, b: PageSignals) -> float:
    """Jaccard similarity of two pages' shingles; text-less pages are alike only by an equal, non-empty title."""
    if not a.shingles or not b.shingles:
        if a.shingles or b.shingles:
            return 0.0
        return 1.0 if a.title and a.title == b.title else 0.0
    return len(a.shingles & b.shingles) / len(a.shingles | b.shingles)


def is_parking_host(host: str) -> bool:
    """True for a host (any subdomain) of a domain-parking service or a domain marketplace."""
    host = (host or "").strip().lower().rstrip(".")
    if ":" in host and not host.startswith("["):
        host = host.split(":", 1)[0]
    if not host:
        return False
    if any(word in host for word in _PARKING_HOST_WORDS):
        return True
    if any(host == h or host.endswith("." + h) for h in PARKING_HOSTS):
        return True
    try:
        return registrable_domain(host) in PARKING_DOMAINS
    except Exception:
        return False


def error_phrase(text: str) -> str:
    """The "not found" statement a title or h1 makes ("" when none): the matching part, as written."""
    text = collapse(text.translate(_APOSTROPHES))[:300]
    if not text:
        return ""
    lowered = text.lower()
    if _HEADLINE.search(lowered):
        return ""
    pieces = _SEGMENT_SEP.split(text)
    parts, seps = pieces[0::2], pieces[1::2]
    short = len(text.split()) <= SHORT_WORDS
    matched = [_part_matches(p.lower().strip(_EDGE), short) for p in parts]
    for i, part in enumerate(parts):
        if not matched[i]:
            continue
        # ":" may introduce a headline's subtitle ("Not Found: the lost art of letter writing"): across
        # it, the other side must be the error again ("Error 404: Page not found") or a lead-in ("Error:").
        if i > 0 and seps[i - 1].strip() == ":" and not (matched[i - 1] or _filler(parts[i - 1])):
            continue
        if i < len(seps) and seps[i].strip() == ":" and not (matched[i + 1] or _filler(parts[i + 1])):
            continue
        return part.strip(_EDGE)
    return ""


def _part_matches(part: str, short: bool) -> bool:
    if not part:
        return False
    if _ENGLISH.fullmatch(part) or (short and _SHORT_ONLY.fullmatch(part)):
        return True
    return len(part.split()) <= MULTI_MAX_WORDS and _MULTILINGUAL.search(part) is not None


def _filler(part: str) -> bool:
    """Nothing but "Error", "Oops", "Sorry"...: the lead-in of an error statement across a ":"."""
    part = part.lower().strip(_EDGE)
    return bool(part) and _FILLER.fullmatch(part) is not None


def _parse(body: bytes | str, url: str) -> Page:
    try:
        # Links are not needed, nor block boundaries: the fast flat-text pass is enough here.
        return parse_page(body, url, max_links=0, blocks=False)
    except Exception:
        return Page(url=url, base_url=url)


def _decode(body: bytes | str, content_type: str | None) -> str:
    """The body as text: BOM, then the Content-Type charset, then <meta charset>, then UTF-8."""
    if isinstance(body, str):
        return body[:MAX_BODY]
    if not isinstance(body, (bytes, bytearray)):
        return ""
    sample = bytes(body[:MAX_BODY])
    try:
        encoding, text = html_to_unicode(content_type, sample)
    except Exception:
        return sample.decode("utf-8", "replace")
    if encoding.replace("-", "").startswith(("utf16", "utf32")) and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A <meta> claiming UTF-16 in a byte-oriented page is wrong by definition (browsers ignore it too).
        return sample.decode("utf-8", "replace")
    return text


def _normalize(text: str) -> str:
    return collapse(text.translate(_APOSTROPHES)).lower()


def _shingles(tokens: list[str]) -> frozenset[int]:
    if not tokens:
        return frozenset()
    if len(tokens) < SHINGLE:
        grams = [" ".join(tokens)]
    else:
        grams = [" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]
    # A stable hash (not hash()): shingles mean the same in every process.
    return frozenset(
        int.from_bytes(hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
        for g in grams
    )


def _header_challenge(headers: dict[str, str]) -> str:
    for name, values in _CHALLENGE_HEADERS.items():
        if headers.get(name, "") in values:
            return f"header: {name}"
    return ""


def _resources(raw: str) -> list[tuple[str, str]]:
    """(tag, URL) of the scripts, frames, stylesheets, images, links and meta refreshes of the raw HTML."""
    found = []
    for m in _RESOURCE_TAG.finditer(raw):
        tag, attrs = m.group(1), m.group(2)
        if tag == "meta":
            url = _REFRESH_URL.search(attrs) if _REFRESH.search(attrs) else None
            if url:
                found.append(("meta-refresh", url.group(1)))
            continue
        url = _URL_ATTR.search(attrs)
        if url:
            found.append((tag, url.group(1)))
    return found


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""


def _parked(title: str, visible: str, raw: str, words: int, url: str) -> str:
    """What marks the page as a parked or for-sale domain ("" when nothing does)."""
    if words >= PARKED_MAX_WORDS:
        return ""
    own_host = _host(url)
    if own_host and is_parking_host(own_host):
        # The marketplace's own site (a link to sedo.com is a link to Sedo): the caller judges a redirect there.
        return ""
    for tag, src in _resources(raw):
        if tag not in _PARKED_RESOURCE_TAGS and not (tag == "link" and words < THIN_WORDS):
            continue
        host = _host(src if "//" in src else "")
        if host and is_parking_host(host):
            return f"{tag}: {_service(host)}"
        for marker in _PARKED_URL_MARKERS:
            if marker in src:
                return f"{tag}: {marker}"
    for text in (title, visible):
        m = _PARKED_PHRASES.search(text)
        if m:
            return f"phrase: {m.group(0)}"
        for m in _NAMED_DOMAIN_PHRASE.finditer(text):
            if not own_host or _same_domain(m.group(1), own_host):
                return f"phrase: {m.group(0)}"
    if words < THIN_WORDS:
        weak = {m.group(0) for m in _PARKED_WEAK_PHRASES.finditer(f"{title} | {visible}")}
        if weak and (len(weak) > 1 or _DOMAIN_TITLE.match(title) or not title):
            return f"phrase: {sorted(weak)[0]}"
        for m in _SCRIPT_REDIRECT.finditer(raw[:200_000]):
            host = m.group(1) or m.group(2)
            if is_parking_host(host):
                return f"script redirect: {_service(host)}"
    return ""


def _same_domain(a: str, b: str) -> bool:
    try:
        return registrable_domain(a) == registrable_domain(b)
    except Exception:
        return False


def _service(host: str) -> str:
    if any(host == h or host.endswith("." + h) for h in PARKING_HOSTS):
        return host
    try:
        return registrable_domain(host) or host
    except Exception:
        return host


def _challenge(title: str, visible: str, raw: str, words: int) -> str:
    """What marks the page as a bot challenge or captcha wall ("" when nothing does)."""
    m = _CHALLENGE_TITLE.search(title)
    if m:
        return f"title: {m.group(0)}"
    for marker in _CHALLENGE_STRONG_HTML:
        if marker in raw:
            return f"html: {marker}"
    if words >= THIN_WORDS:
        # A full page that carries a captcha widget or a bot-detection script is still the page.
        return ""
    m = _CHALLENGE_THIN_TITLE.search(title)
    if m:
        return f"title: {m.group(0)}"
    flat = collapse(raw)
    for phrase in _CHALLENGE_TEXTS:
        if phrase in visible or phrase in flat:
            return f"text: {phrase}"
    for marker in _CHALLENGE_HTML:
        if marker in raw:
            return f"html: {marker}"
    if _CAPTCHA_ELEMENT.search(raw):
        return "html: captcha element"
    return ""
