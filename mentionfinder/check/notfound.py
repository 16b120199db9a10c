"""Soft 404s: a checked page's title or h1 → the "not found" statement it makes, if any."""

from __future__ import annotations

import re

from mentionfinder.check.bodytext import APOSTROPHES
from mentionfinder.page.htmltext import collapse

__all__ = ["error_phrase"]

# Title parts: "Page not found | Site", "Error 404 - Site", "404: Not Found". ":" is kept apart, as it
# also introduces a headline's subtitle ("Not Found: the lost art of letter writing").
_SEGMENT_SEP = re.compile(r"(\s*\|\s*|\s+[-–—·•»~/]\s+|\s*::\s*|:\s+)")
_EDGE = " \t\"'“”«»[]{}.!¡…,;*#~-–—"
_LEAD = (
    r"(?:(?:oops|whoops|ooops|oopsie|uh[- ]?oh|oh no|oh dear|hmm+|sorry|we're sorry|we are sorry|ouch|yikes|"
    r"unfortunately|aw,? snap|oh snap|error|http)[\s!.,…:-]*)*"
)
_E404 = (
    r"(?:(?:status(?: code)?|http|error|err|fehler|erreur|errore|fout|erro|błąd|blad|ошибка|chyba|hata|fel|fejl|virhe|"
    r"エラー|错误|錯誤)\s?)?(?:404|410)(?:\s(?:error|fehler|erreur|errore|fout|erro|błąd|ошибка))?"
)
_THING = (
    r"(?:page|web ?page|file|file or directory|url|requested url|link|document|resource|content|post|"
    r"article|product|item|entry|listing|path|(?:web ?)?site|blog|"
    # what frameworks' stock pages name: Play's "Action not found", XAMPP's "Object not found!"
    r"action|object|route|endpoint)"
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
            # Apache's own "Object not found!" in its translations
            r"\bobjekt(?:et)? (?:nicht gefunden|nenalezen|hittades inte|ikke fundet|finnes ikke)\b",
            r"\bobjet non trouvé\b|\bobjeto no (?:localizado|encontrado)\b|\boggetto non trovato\b",
            r"\bobject niet gevonden\b|\bnie znaleziono (?:obiektu|strony|pliku|dokumentu)\b",
            r"\bobjeto não encontrado\b|\bobiectul nu a fost găsit\b|\bnesne bulunamadı\b|\bобъект не найден\b",
        )
    )
)
# A title that reads like an article about errors, not an error: never a soft 404.
_HEADLINE = re.compile(
    r"\?|\b(?:how|why|fix|fixing|fixes|guide|tutorial|tips|handling|explained|causes|vs|"
    r"beheben|corriger|réparer|solucionar|arreglar|risolvere|oplossen|naprawić|исправить|"
    r"was tun|que faire|qué hacer|cosa fare|wat te doen|co zrobić|что делать)\b"
)
_FILLER = re.compile(
    rf"{_LEAD}|erreur|fehler|errore|fout|erro|błąd|ошибка|(?:an? )?error(?: has)? occurred|something went wrong"
)
# Google's "Error 404 (Not Found)!!1": exclamation marks typed with a slipped shift key.
_EXCLAIMED = re.compile(r"!+1+$")


def error_phrase(text: str, short: bool = True) -> str:
    """The "not found" statement a title or h1 makes ("" when none): the matching part, as written.

    `short=False`: a bare "Not found" or "Nothing found" does not count (a text block, where that is a
    search widget's answer, not the page's)."""
    text = collapse(text.translate(APOSTROPHES))[:300]
    if not text:
        return ""
    lowered = text.lower()
    if _HEADLINE.search(lowered):
        return ""
    pieces = _SEGMENT_SEP.split(text)
    parts, seps = pieces[0::2], pieces[1::2]
    short = short and len(text.split()) <= SHORT_WORDS
    matched = [_part_matches(_EXCLAIMED.sub("", p.lower()).strip(_EDGE), short) for p in parts]
    for i, part in enumerate(parts):
        if not matched[i]:
            continue
        # ":" may introduce a headline's subtitle ("Not Found: the lost art of letter writing"): across
        # it, the other side must be the error again ("Error 404: Page not found") or a lead-in ("Error:").
        if i > 0 and seps[i - 1].strip() == ":" and not (matched[i - 1] or _filler(parts[i - 1])):
            continue
        if i < len(seps) and seps[i].strip() == ":" and not (matched[i + 1] or _filler(parts[i + 1])):
            continue
        return _EXCLAIMED.sub("", part.strip(_EDGE)).strip(_EDGE)
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
