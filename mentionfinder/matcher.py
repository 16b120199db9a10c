"""Replacement matcher: which of our own pages best replaces a dead link, or best fits a mention.

Pure: no Scrapy/Twisted, no I/O. Only the standard library and rapidfuzz.

How a page is scored for a finding (all ideas general, nothing site-specific):

1. Words. URLs and texts are cut into lower-case words: on every non-alphanumeric character
   (``- _ / . : ~ %`` …, after percent-decoding), at camelCase humps (``HeartHealthGuide``) and
   between letters and digits (``html5``). English stop-words, single letters and file
   extensions (``.html``, ``.php`` …) are dropped; numbers are kept (years, versions).
   Words are compared after a light plural stemming (``tips`` = ``tip``).
2. Weights. Every word gets an IDF weight over the own pages: a word on every page ("docs",
   a locale, the brand) weighs ~0, a word on one page weighs most. In a URL the LAST path segment
   counts fully and earlier segments progressively less (1, 1/2, 1/3 …): the slug names the
   topic, the leading folders only the section. In a page, title and h1 count fully and the
   description half.
3. Candidates. An inverted index (word → pages, highest weight first) gathers candidate pages
   for the finding's words; words that are not on the site at all are mapped to the nearest
   site words by rapidfuzz (spelling and inflection variants: "prerequisities",
   "onmouseup" ~ "mouseup").
4. Score. For the best candidates: *recall* — the share of the finding's (IDF-weighted) meaning
   the page explains — and *precision* — the share of the page's own meaning found in the
   finding — are combined into an F-score (recall counts double), plus a rapidfuzz string
   similarity of the dead URL's slug / anchor text to the page's title and slug. The result is
   0–100; below the threshold nothing is suggested.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

__all__ = ["DEFAULT_THRESHOLD", "Finding", "Match", "Matcher", "OwnPage", "text_tokens", "url_tokens"]

#: Default minimum score (0–100) for :meth:`Matcher.best` and :meth:`Matcher.for_mention`.
DEFAULT_THRESHOLD = 35.0


@dataclass(frozen=True)
class OwnPage:
    url: str
    title: str = ""
    h1: str = ""
    description: str = ""


@dataclass(frozen=True)
class Finding:
    target_url: str = ""      # the dead URL (broken_link)
    anchor_text: str = ""
    context: str = ""         # text around the link / the mention
    page_title: str = ""      # title of the page that links to it


@dataclass(frozen=True)
class Match:
    url: str
    title: str
    score: float              # 0–100
    signal: str               # what matched, for people: "url: heart health ~ title: Heart health guide"


# --------------------------------------------------------------------------------------------
# Words

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves
""".split())

#: File extensions dropped from the end of a URL path ("sleep_tips-2019.html").
FILE_EXTENSIONS = frozenset(
    "html htm xhtml shtml php php3 php4 php5 asp aspx jsp jspx cfm cgi pl py rb do action".split())

KEEP_STOP_IN_IDENTIFIERS = True
DECAY = 1.0
DECAY_POW = 0.5
IDENT_BONUS = 0.0
PRECISION_MODE = "all"
SLUG_SEGMENTS = 1
SLUG_SHARE = 0.0
LINEAR = None
FUZZY_ALL = 0
DIRECTORY_INDEXES = frozenset(("index", "default"))

_RUN = re.compile(r"[^\W_]+")
_CHUNKS = re.compile(r"[0-9]+|[^\W\d_]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def _split_run(run: str) -> list[str]:
    """Split one alphanumeric run between letters and digits and at camelCase humps.

    Letters and digits are only separated when the letters are a word of their own (3+ letters):
    "html5" → html, 5 and "Firefox23" → firefox, 23, but "h4", "mp3", "e2e", "i18n", "3d" stay whole.
    """
    chunks = _CHUNKS.findall(run)
    glued: list[str] = []
    short_letters = False  # did the previous chunk end in a letter run of 1-2 letters?
    for chunk in chunks:
        is_digits = chunk.isdigit()
        if glued and ((is_digits and short_letters) or (not is_digits and len(chunk) <= 2)):
            glued[-1] += chunk
        else:
            glued.append(chunk)
        short_letters = not is_digits and len(chunk) <= 2
    parts: list[str] = []
    for piece in glued:
        if piece.isascii() and piece.isalpha():
            parts.extend(_CAMEL.findall(piece))
        else:
            parts.append(piece)
    return parts


def _words(text: str) -> list[str]:
    """Lower-case words of a text: split on non-alphanumerics, camelCase and letter/digit changes.

    Stop-words and single letters are dropped — unless nothing else is left ("About", "/with").
    """
    out: list[str] = []
    kept_stop: list[str] = []
    for run in _RUN.findall(text):
        parts = _split_run(run)
        for part in parts:
            word = part.lower()
            if len(word) > 1 or word.isdigit():
                if word in STOP_WORDS and (len(parts) == 1 or not KEEP_STOP_IN_IDENTIFIERS):
                    kept_stop.append(word)
                else:
                    out.append(word)
    return out or kept_stop


def text_tokens(text: str) -> list[str]:
    """The words of a title, anchor text or snippet (same rules as :func:`url_tokens`)."""
    return _words(text)


def _split_path(url: str) -> tuple[str, list[str]]:
    """(host, percent-decoded path segments) of a URL; query and fragment are left out.

    The extension of the last segment is cut ("tips.html" → "tips") and a directory index
    ("index.html", "default.aspx") stands for its folder.
    """
    url = url.strip()
    if "://" not in url and not url.startswith(("/", "//")):
        url = "/" + url  # a bare path such as "guides/sleep"
    try:
        parts = urlsplit(url)
        host, path = (parts.hostname or ""), parts.path
    except ValueError:
        host, path = "", url
    if host.startswith("www."):
        host = host[4:]
    segments = [s for s in unquote(path).split("/") if s]
    if segments:
        match = _EXTENSION.search(segments[-1])
        if match and match.group(1).lower() in FILE_EXTENSIONS:
            segments[-1] = segments[-1][:match.start()]
            if segments[-1].lower() in DIRECTORY_INDEXES:
                segments[-1] = ""
            if not segments[-1]:
                segments.pop()
    return host, segments


def _path_segments(url: str) -> list[str]:
    """The path segments of a URL, wiki-style "Namespace:Title" parts counted as segments too."""
    out: list[str] = []
    for segment in _split_path(url)[1]:
        out.extend(part for part in segment.split(":") if part)
    return out


def _query_values(url: str) -> list[str]:
    """Query-string values that contain letters (``?title=Sleep_tips`` yes, ``?id=123`` no)."""
    try:
        query = urlsplit(url.strip()).query
    except ValueError:
        return []
    values = []
    for pair in query.split("&"):
        _, _, value = pair.partition("=")
        value = unquote(value.replace("+", " "))
        if any(c.isalpha() for c in value):
            values.append(value)
    return values


def url_tokens(url: str) -> list[str]:
    """The words of a URL's path (and of query values containing letters), in order.

    Host, fragment and query keys are ignored; the path is percent-decoded; the file extension
    of the last segment is dropped; words are split on ``- _ / . :`` and any other
    non-alphanumeric, at camelCase humps and between letters and digits; stop-words and single
    letters are dropped. Pure numbers are KEPT ("2019", "23"): versions and years often tell
    pages apart, and the IDF weighting makes numbers that are everywhere count for nothing.

    >>> url_tokens("https://example.com/HeartHealthGuide/sleep_tips-2019.html")
    ['heart', 'health', 'guide', 'sleep', 'tips', '2019']
    """
    words: list[str] = []
    for segment in _path_segments(url):
        words.extend(_words(segment))
    for value in _query_values(url):
        words.extend(_words(value))
    return words


def stem(word: str) -> str:
    """A light English stemmer: plurals and a few inflections (``tips``→``tip``, ``studies``→``study``)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _segment_weight(depth_from_end: int) -> float:
    """Weight of a path segment: the last counts 1, the one before 1/2, then 1/3 …"""
    return 1.0 / (1 + DECAY * depth_from_end) ** DECAY_POW


def _weighted_url_words(url: str) -> list[tuple[str, float]]:
    """(word, position weight) for a URL: the last segment (and query values) weigh 1."""
    segments = _path_segments(url)
    out: list[tuple[str, float]] = []
    n = len(segments)
    for i, segment in enumerate(segments):
        w = _segment_weight(n - 1 - i)
        out.extend((word, w) for word in _words(segment))
    for value in _query_values(url):
        out.extend((word, 1.0) for word in _words(value))
    return out


def _key(text: str) -> str:
    """A name reduced to its lower-case letters and digits: "setTimeout()" → "settimeout"."""
    return "".join(_RUN.findall(text)).lower()


def _dead_keys(url: str, anchor: str) -> set[str]:
    """Names a dead link stands for: its last segment, that segment's dotted/colon parts, the anchor."""
    keys = {_key(anchor)}
    segments = _split_path(url)[1] if url else []
    if segments:
        last = segments[-1]
        keys.add(_key(last))
        keys.update(_key(part) for part in re.split(r"[.:]", last))
    keys.discard("")
    return keys


def _path_depth(url: str) -> tuple[int, int]:
    segments = _path_segments(url)
    return len(segments), sum(len(s) for s in segments)


# --------------------------------------------------------------------------------------------
# Matcher

# Field weights of a page's words (a word's weight in a page is its best field's weight).
TITLE_WEIGHT = 1.0
H1_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
# Word similarity: words not on the site are mapped to site words at least this similar.
FUZZY_CUTOFF = 80.0
FUZZY_LIMIT = 3
# Candidate generation: postings read per word, candidates rescored.
MAX_POSTINGS = 400
CANDIDATES = 30
# Share of the final score given to the rapidfuzz string similarity (re-rank).
STRING_SHARE = 0.25
# F-beta: recall (how much of the dead link the page explains) counts BETA times as much.
BETA = 2.0
JOIN_PAIRS = True
STRING_MODE = "sort"
# Points for the nearest existing ancestor of a dead URL on the own site (1/depth for farther ones).
ANCESTOR_BONUS = 5.0
# Points the text around a dead link can add (the same topic around the link).
CONTEXT_BONUS = 10.0
# Mentions: confidence grows with the IDF mass of page words found in the context.
MENTION_MASS = 4.0
# Words weighing less than this (IDF) are not named in a Match's signal ("docs", a locale).
SIGNAL_MIN_IDF = 1.0


class _Query:
    """A finding's words: stem -> weight 0..1, with the word as written and where it came from."""

    __slots__ = ("terms", "words", "sources", "phrase")

    def __init__(self) -> None:
        self.terms: dict[str, float] = {}
        self.words: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.phrase = ""  # what the rapidfuzz re-rank compares (anchor text or slug words)


class Matcher:
    """Ranks the own pages for findings. Build once per site; then :meth:`rank` / :meth:`rank_many`."""

    def __init__(self, pages: Sequence[OwnPage], threshold: float = DEFAULT_THRESHOLD):
        self.threshold = float(threshold)
        self.pages: list[OwnPage] = list(pages)
        self._page_terms: list[dict[str, float]] = []
        self._page_fields: list[dict[str, str]] = []
        self._phrases: list[tuple[str, str]] = []   # (title words, slug words) for the re-rank
        self._by_path: dict[tuple[str, tuple[str, ...]], int] = {}
        self._keys: list[set[str]] = []
        self._slug_stems: list[tuple[str, ...]] = []
        self._field_terms: list[tuple[dict[str, float], dict[str, float]]] = []
        df: dict[str, int] = {}
        for pid, page in enumerate(self.pages):
            terms: dict[str, float] = {}
            fields: dict[str, str] = {}
            for field, pairs in (
                    ("url", _weighted_url_words(page.url)),
                    ("description", [(w, DESCRIPTION_WEIGHT) for w in _words(page.description)]),
                    ("h1", [(w, H1_WEIGHT) for w in _words(page.h1)]),
                    ("title", [(w, TITLE_WEIGHT) for w in _words(page.title)])):
                for word, weight in pairs:
                    s = stem(word)
                    if weight >= terms.get(s, 0.0):
                        terms[s] = weight
                        fields[s] = field
            self._page_terms.append(terms)
            self._page_fields.append(fields)
            self._field_terms.append((
                {stem(w): x for w, x in _weighted_url_words(page.url)},
                {stem(w): 1.0 for w in _words(page.title) + _words(page.h1)}))
            for s in terms:
                df[s] = df.get(s, 0) + 1
            host, segments = _split_path(page.url)
            self._by_path.setdefault((host, tuple(seg.lower() for seg in segments)), pid)
            slug = " ".join(_words(" ".join(segments[-SLUG_SEGMENTS:]))) if segments else ""
            self._phrases.append((" ".join(_words(page.title or page.h1)), slug))
            self._slug_stems.append(tuple({stem(w) for w in _words(segments[-1])}) if segments else ())
            keys = {_key(page.title), _key(page.h1), _key(segments[-1]) if segments else ""}
            keys.discard("")
            self._keys.append(keys)
        n = len(self.pages)
        self._hosts = {host for host, _ in self._by_path}
        self._idf = {s: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for s, d in df.items()}
        self._max_idf = math.log(1.0 + (n + 0.5) / 0.5)
        idf = self._idf
        self._mass = [sum(idf[s] * w for s, w in terms.items()) for terms in self._page_terms]
        postings: dict[str, list[tuple[int, float]]] = {}
        for pid, terms in enumerate(self._page_terms):
            for s, w in terms.items():
                postings.setdefault(s, []).append((pid, w))
        mass = self._mass
        # Impact order: heaviest occurrence first; among equals, the page with the least else on it.
        self._postings = {s: sorted(p, key=lambda e: (-e[1], mass[e[0]]))[:MAX_POSTINGS]
                          for s, p in postings.items()}
        self._vocab = sorted(postings)
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}
        self._compounds: dict[str, tuple[str, ...]] = {}
        self._home = min(range(n), key=lambda i: (_path_depth(self.pages[i].url), len(self.pages[i].url), i)) \
            if n else None

    # -- words -> site words ------------------------------------------------------------------

    def _expand(self, s: str) -> tuple[tuple[str, float], ...]:
        """Site words standing for the stem ``s``, with a similarity 0..1 (itself, if on the site)."""
        cached = self._expansions.get(s)
        if cached is not None:
            return cached
        if s in self._idf and FUZZY_ALL and len(s) >= 5 and not s.isdigit():
            found = process.extract(s, self._vocab, scorer=fuzz.ratio, limit=FUZZY_LIMIT + 1,
                                    score_cutoff=FUZZY_ALL)
            result = ((s, 1.0),) + tuple((word, (score / 100.0) ** 2) for word, score, _ in found if word != s and not word.isdigit())
        elif s in self._idf:
            result: tuple[tuple[str, float], ...] = ((s, 1.0),)
        elif len(s) >= 4 and not s.isdigit():
            found = process.extract(s, self._vocab, scorer=fuzz.ratio, limit=FUZZY_LIMIT,
                                    score_cutoff=FUZZY_CUTOFF)
            result = tuple((word, (score / 100.0) ** 2) for word, score, _ in found if not word.isdigit())
        else:
            result = ()
        self._expansions[s] = result
        return result

    def _split_compound(self, s: str) -> tuple[str, ...]:
        """Site words a word unknown to the site is glued from ("addons" → add, ons), else ()."""
        cached = self._compounds.get(s)
        if cached is not None:
            return cached
        best: tuple[str, ...] = ()
        best_len = 0
        if s.isalpha() and len(s) >= 5 and s not in self._idf:
            for i in range(2, len(s) - 1):
                left, right = s[:i], stem(s[i:])
                if right not in self._idf or len(right) < 2:
                    continue
                if left in self._idf:
                    parts: tuple[str, ...] = (left, right)
                elif left in STOP_WORDS:
                    parts = (right,)  # "onmouseup" → mouseup
                else:
                    continue
                shorter = min(len(left), len(right))
                if shorter > best_len:
                    best, best_len = parts, shorter
        self._compounds[s] = best
        return best

    def _idf_of(self, s: str) -> float:
        idf = self._idf.get(s)
        if idf is not None:
            return idf
        exp = self._expand(s)
        return self._idf[exp[0][0]] if exp else self._max_idf

    # -- finding -> query ---------------------------------------------------------------------

    def _add(self, q: _Query, word: str, weight: float, source: str) -> None:
        s = stem(word)
        stems: tuple[str, ...] = (s,)
        if s not in self._idf and not self._expand(s):
            stems = self._split_compound(s) or stems
        for s in stems:
            if weight > q.terms.get(s, 0.0):
                q.terms[s] = weight
                q.words[s] = word
                q.sources[s] = source

    def _add_joined(self, q: _Query, words: list[tuple[str, float, str]]) -> None:
        """Two neighbouring words the site writes as one ("full screen" → "fullscreen") count as that too."""
        for (a, wa, source), (b, wb, _) in zip(words, words[1:]):
            if wa == wb:
                joined = stem(a + b)
                if joined in self._idf and joined not in q.terms:
                    if JOIN_PAIRS == 2:
                        for part in (stem(a), stem(b)):
                            if q.terms.get(part) == wa:
                                q.terms[part] = wa / 2
                    q.terms[joined] = wa
                    q.words[joined] = a + b
                    q.sources[joined] = source

    def _query(self, finding: Finding) -> tuple[_Query, _Query]:
        """(primary, secondary) queries: URL + anchor words; context + linking page's title words."""
        primary = _Query()
        url_words = _weighted_url_words(finding.target_url) if finding.target_url else []
        for word, w in url_words:
            self._add(primary, word, w, "url")
        anchor = _words(finding.anchor_text)
        for word in anchor:
            self._add(primary, word, 1.0, "anchor")
        if JOIN_PAIRS:
            self._add_joined(primary, [(w, weight, "url") for w, weight in url_words])
            self._add_joined(primary, [(w, 1.0, "anchor") for w in anchor])
        segs = _path_segments(finding.target_url) if finding.target_url else []
        primary.phrase = " ".join(anchor) if anchor else " ".join(_words(" ".join(segs[-SLUG_SEGMENTS:])))
        secondary = _Query()
        for word in _words(finding.context):
            self._add(secondary, word, 1.0, "context")
        for word in _words(finding.page_title):
            self._add(secondary, word, 1.0, "page title")
        return primary, secondary

    def _ancestor(self, url: str) -> tuple[int, int] | None:
        """(page, levels up) of the nearest existing ancestor of a URL on the own site, if any."""
        host, segments = _split_path(url)
        if host not in self._hosts:
            return None
        key = tuple(seg.lower() for seg in segments)
        for up in range(1, len(key) + 1):
            pid = self._by_path.get((host, key[:len(key) - up]))
            if pid is not None:
                return pid, up
        return None

    # -- scoring ------------------------------------------------------------------------------

    def _candidates(self, q: _Query, limit: int) -> list[int]:
        acc: dict[int, float] = {}
        get = acc.get
        postings = self._postings
        for s, qw in q.terms.items():
            f0 = self._idf_of(s) * qw
            for u, sim in self._expand(s):
                f = f0 * sim
                for pid, pw in postings.get(u, ()):
                    acc[pid] = get(pid, 0.0) + f * pw
        if len(acc) <= limit:
            return sorted(acc, key=acc.__getitem__, reverse=True)
        return heapq.nlargest(limit, acc, key=acc.__getitem__)

    def _cover(self, q: _Query) -> dict[str, float]:
        """Site word -> how strongly the query contains it (0..1)."""
        cover: dict[str, float] = {}
        for s, qw in q.terms.items():
            for u, sim in self._expand(s):
                v = qw * sim
                if v > cover.get(u, 0.0):
                    cover[u] = v
        return cover

    def _recall_precision(self, q: _Query, cover: dict[str, float], pid: int) -> tuple[float, float, float]:
        """(recall, precision, matched page mass) of page ``pid`` for query ``q``."""
        terms = self._page_terms[pid]
        num = den = 0.0
        for s, qw in q.terms.items():
            w = self._idf_of(s) * qw
            den += w
            best = 0.0
            for u, sim in self._expand(s):
                pw = terms.get(u)
                if pw is not None and pw * sim > best:
                    best = pw * sim
            num += w * best
        recall = num / den if den > 0 else 0.0
        explained = 0.0
        idf = self._idf
        for u, pw in terms.items():
            c = cover.get(u)
            if c:
                explained += idf[u] * pw * c
        mass = self._mass[pid]
        precision = explained / mass if mass > 0 else 0.0
        if PRECISION_MODE == "max":
            for fterms in self._field_terms[pid]:
                fm = fe = 0.0
                for u, pw in fterms.items():
                    fm += idf[u] * pw
                    c = cover.get(u)
                    if c:
                        fe += idf[u] * pw * c
                if fm > 0 and fe / fm > precision:
                    precision = fe / fm
        return recall, precision, explained

    def _den(self, q):
        return sum(self._idf_of(s) * qw for s, qw in q.terms.items())

    def _string_score(self, phrase: str, pid: int) -> float:
        if not phrase:
            return 0.0
        title, slug = self._phrases[pid]
        if STRING_MODE == "sort":
            return max(fuzz.token_sort_ratio(phrase, title), fuzz.token_sort_ratio(phrase, slug)) / 100.0
        if STRING_MODE == "set":
            return max(fuzz.token_set_ratio(phrase, title), fuzz.token_set_ratio(phrase, slug)) / 100.0
        if STRING_MODE == "w":
            return max(fuzz.WRatio(phrase, title), fuzz.WRatio(phrase, slug)) / 100.0
        if STRING_MODE == "key":
            return max(fuzz.ratio(phrase.replace(" ", ""), title.replace(" ", "")),
                       fuzz.ratio(phrase.replace(" ", ""), slug.replace(" ", ""))) / 100.0
        if STRING_MODE == "slugkey":
            return fuzz.ratio(phrase.replace(" ", ""), slug.replace(" ", "")) / 100.0
        if STRING_MODE == "slugsort":
            return fuzz.token_sort_ratio(phrase, slug) / 100.0
        if STRING_MODE == "titlesort":
            return fuzz.token_sort_ratio(phrase, title) / 100.0
        raise ValueError

    def _score_primary(self, q: _Query, cover: dict[str, float], pid: int) -> float:
        recall, precision, _ = self._recall_precision(q, cover, pid)
        if recall <= 0.0:
            return 0.0
        b2 = BETA * BETA
        f = (1 + b2) * precision * recall / (b2 * precision + recall)
        if LINEAR is not None:
            mass = self._mass[pid]
            explained = precision * mass
            f = recall - LINEAR * (mass - explained) / max(self._den(q), 1e-9)
        sp = 0.0
        if SLUG_SHARE:
            tot = cov = 0.0
            for u in self._slug_stems[pid]:
                i = self._idf[u]
                tot += i
                cov += i * cover.get(u, 0.0)
            sp = cov / tot if tot > 0 else 0.0
        return 100.0 * ((1 - STRING_SHARE - SLUG_SHARE) * f + STRING_SHARE * self._string_score(q.phrase, pid) * recall
                        + SLUG_SHARE * sp * recall)

    def _score_mention(self, q: _Query, cover: dict[str, float], pid: int) -> float:
        _, precision, explained = self._recall_precision(q, cover, pid)
        return 100.0 * precision * (1.0 - math.exp(-explained / MENTION_MASS))

    # -- explanation --------------------------------------------------------------------------

    def _signal(self, q: _Query, pid: int) -> str:
        """"url: heart health ~ title: Heart health guide": the finding's words that matched and where."""
        terms = self._page_terms[pid]
        fields = self._page_fields[pid]
        matched: list[tuple[str, str, str, float]] = []  # (source, word, field, weight)
        for s, qw in q.terms.items():
            for u, sim in self._expand(s):
                if u in terms:
                    matched.append((q.sources[s], q.words[s], fields[u], self._idf[u] * terms[u] * sim * qw))
                    break
        if not matched:
            return ""
        informative = [m for m in matched if self._idf_of(stem(m[1])) >= SIGNAL_MIN_IDF] or matched
        by_source: dict[str, float] = {}
        by_field: dict[str, float] = {}
        for source, _, field, weight in informative:
            by_source[source] = by_source.get(source, 0.0) + weight
            by_field[field] = by_field.get(field, 0.0) + weight
        source = max(by_source, key=by_source.__getitem__)
        field = max(by_field, key=by_field.__getitem__)
        words = list(dict.fromkeys(word for src, word, _, _ in informative if src == source))
        page = self.pages[pid]
        shown = {"title": page.title, "h1": page.h1, "description": page.description}.get(field) \
            or urlsplit(page.url).path or page.url
        return f"{source}: {' '.join(words)} ~ {field}: {shown}"

    def _match(self, q: _Query, pid: int, score: float) -> Match:
        page = self.pages[pid]
        return Match(page.url, page.title, round(min(100.0, max(0.0, score)), 1), self._signal(q, pid))

    # -- public -------------------------------------------------------------------------------

    def rank(self, finding: Finding, k: int = 5) -> list[Match]:
        """The k best own pages for a finding, best first, scores 0–100 (may be fewer than k)."""
        if k <= 0 or not self.pages:
            return []
        primary, secondary = self._query(finding)
        if not primary.terms:
            # Nothing to go on but the text around the link: rank like a mention.
            return self._rank_mention(secondary, k) if secondary.terms else []
        cover = self._cover(primary)
        cover2 = self._cover(secondary) if secondary.terms else None
        candidates = self._candidates(primary, max(CANDIDATES, k))
        ancestor = self._ancestor(finding.target_url) if finding.target_url else None
        if ancestor is not None and ancestor[0] not in candidates:
            candidates.append(ancestor[0])
        keys = _dead_keys(finding.target_url, finding.anchor_text)
        scored = []
        for pid in candidates:
            score = self._score_primary(primary, cover, pid)
            if score <= 0.0:
                continue
            if keys & self._keys[pid]:
                score += IDENT_BONUS
            if cover2 is not None:
                score += CONTEXT_BONUS * self._score_mention(secondary, cover2, pid) / 100.0
            if ancestor is not None and pid == ancestor[0]:
                score += ANCESTOR_BONUS / ancestor[1]
            scored.append((min(score, 100.0), -self._mass[pid], pid))
        scored.sort(reverse=True)
        return [self._match(primary, pid, score) for score, _, pid in scored[:k]]

    def _rank_mention(self, q: _Query, k: int) -> list[Match]:
        cover = self._cover(q)
        scored = []
        for pid in self._candidates(q, max(CANDIDATES, k)):
            score = self._score_mention(q, cover, pid)
            if score > 0:
                scored.append((score, -self._mass[pid], pid))
        scored.sort(reverse=True)
        return [self._match(q, pid, score) for score, _, pid in scored[:k]]

    def best(self, finding: Finding) -> Match | None:
        """The best page, or None when even the best is below the threshold."""
        ranked = self.rank(finding, k=1)
        if ranked and ranked[0].score >= self.threshold:
            return ranked[0]
        return None

    def for_mention(self, finding: Finding) -> Match | None:
        """The page that best fits a mention's context, else the home page (None only without pages)."""
        if self._home is None:
            return None
        _, q = self._query(finding)
        for word in _words(finding.anchor_text):
            self._add(q, word, 1.0, "anchor")
        if q.terms:
            ranked = self._rank_mention(q, 1)
            if ranked and ranked[0].score >= self.threshold:
                return ranked[0]
        home = self.pages[self._home]
        return Match(home.url, home.title, 0.0, "home page: no page fits the context better")

    def rank_many(self, findings: Sequence[Finding], k: int = 5) -> list[list[Match]]:
        """:meth:`rank` for many findings (identical findings are ranked once)."""
        done: dict[Finding, list[Match]] = {}
        out = []
        for finding in findings:
            ranked = done.get(finding)
            if ranked is None:
                ranked = done[finding] = self.rank(finding, k)
            out.append(ranked)
        return out


def pages_from_rows(rows: Iterable[tuple[str, str]]) -> list[OwnPage]:
    """OwnPage objects from (url, title) rows."""
    return [OwnPage(url, title) for url, title in rows]
