"""Contact pages: a prospect page's parsed links → the site's contact, write-for-us and about pages, best first."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from mentionfinder.domains import url_domain
from mentionfinder.page.extract import Link, Page

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
