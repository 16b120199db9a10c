"""Replacement matcher: which of our own pages best replaces a dead link, or best fits a mention.

Pure: no Scrapy/Twisted, no I/O; only the standard library and rapidfuzz.

How a page is scored for a finding (general ideas only, nothing specific to one site):

1. Words. URLs and texts are cut into lower-case words (:func:`url_tokens`, :func:`text_tokens`):
   on every non-alphanumeric character after percent-decoding, at camelCase humps
   ("HeartHealthGuide") and between letters and digits ("html5"). English stop-words and single
   letters are dropped, file extensions and directory indexes ("index.html") too; numbers are
   kept. Words are compared after a light plural stemming ("tips" = "tip").
2. Weights. Every word gets an IDF weight over the own pages: a word on every page (a locale,
   "docs", the brand) weighs ~0, a word on one page weighs most. In a URL the LAST path segment
   counts fully and earlier folders less (1, 0.71, 0.58, 0.5 … = 1/sqrt(1 + levels up)): the slug
   names the topic, the folders the section (query values such as ``?title=Heart_health`` name
   the page when there are any). In a page, title and h1 count fully, the description half.
3. Site words. A word of the finding that is not on the site is split into site words
   ("addons" → add, ons; "onmouseup" → mouseup) or else mapped to the nearest site words by
   rapidfuzz ``ratio`` ("prerequisities" ~ "prerequisites"; short words must be closer), with a
   lower similarity; two neighbouring words the site writes as one count as that word too
   ("full screen" → "fullscreen"). A folder name the site has nothing like counts half: it is
   another site's structure rather than the topic.
4. Candidates. An inverted index (word → pages, heaviest occurrence first) gathers the pages that
   share the most weighted words with the finding; a word on very many pages only lends its
   heaviest occurrences, and the pages having two such common words of the finding are found by
   intersecting their page sets. Only the best 30 candidates are scored.
5. Score (0–100). *Recall* — the share of the finding's weighted words the page has — and
   *precision* — the share of the page's own weighted words found in the finding — make an
   F-score in which recall counts double (F2), blended 3:1 with a rapidfuzz ``token_sort_ratio``
   of the dead URL's slug (or the anchor text) against the page's title and slug. The text
   around the link and the linking page's title add up to 15 points (the page's words found
   there), and a dead URL on the own site gives its nearest existing ancestor page 5 points.
   A mention (:meth:`Matcher.for_mention`) is scored by the share of the page found in its
   context, trusted more the more IDF weight that is; below the threshold, the home page.

Below the threshold (:data:`DEFAULT_THRESHOLD`) :meth:`Matcher.best` suggests nothing rather than
something wrong.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

__all__ = ["DEFAULT_THRESHOLD", "Finding", "Match", "Matcher", "OwnPage", "stem", "text_tokens", "url_tokens"]

#: Default minimum score for :meth:`Matcher.best` and :meth:`Matcher.for_mention`. Chosen on the
#: benchmark (``bench/matcher.py``, real redirect maps) as the point where dead URLs from an
#: unrelated site are rarely matched (MDN URLs against the CHT docs site: 1.4% get a suggestion)
#: while most real dead URLs still get one (MDN 89%, CHT 84%); the first suggestion above it is
#: the human's choice a little more often than overall (MDN 0.55 vs 0.50, CHT 0.27 vs 0.23): the
#: cut removes noise rather than good answers.
DEFAULT_THRESHOLD = 35.0


@dataclass(frozen=True)
class OwnPage:
    url: str
    title: str = ""
    h1: str = ""
    description: str = ""


@dataclass(frozen=True)
class Finding:
    target_url: str = ""  # the dead URL (broken_link)
    anchor_text: str = ""
    context: str = ""  # text around the link / the mention
    page_title: str = ""  # title of the page that links to it


@dataclass(frozen=True)
class Match:
    url: str
    title: str
    score: float  # 0–100
    signal: str  # what matched, for people: "url: heart health ~ title: Heart health guide"


# --------------------------------------------------------------------------------------------
# Words

STOP_WORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up us very was we were what when where which while
who whom why will with would you your yours yourself yourselves
""".split()
)

#: Extensions cut from the end of a URL path ("sleep_tips-2019.html" → "sleep_tips-2019").
FILE_EXTENSIONS = frozenset("html htm xhtml shtml php php3 php4 php5 asp aspx jsp jspx cfm cgi pl do action".split())
#: A last segment that only names the folder's index page ("/guides/index.html" = "/guides/").
DIRECTORY_INDEXES = frozenset(("index", "default"))

_RUN = re.compile(r"[^\W_]+")
_CHUNKS = re.compile(r"[0-9]+|[^\W\d_]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")


def _split_run(run: str) -> list[str]:
    """Split one alphanumeric run between letters and digits and at camelCase humps.

    Letters and digits are only separated when the letters are a word of their own (3+ letters):
    "html5" → html, 5 and "Firefox23" → Firefox, 23, but "h4", "mp3", "e2e", "i18n", "3d" stay whole.
    """
    if run.isalpha() and (run.islower() or run.istitle()):
        return [run]  # the common case: a plain word
    glued: list[str] = []
    short_letters = False  # did the previous chunk end in a run of 1–2 letters?
    for chunk in _CHUNKS.findall(run):
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
    """Lower-case words of a text (see :func:`url_tokens` for the rules)."""
    out: list[str] = []
    stop: list[str] = []
    for run in _RUN.findall(text):
        if run.isalpha() and (run.islower() or run.istitle()):  # a plain word: the common case
            word = run.lower()
            if len(word) > 1:
                (stop if word in STOP_WORDS else out).append(word)
            continue
        parts = _split_run(run)
        for part in parts:
            word = part.lower()
            if len(word) > 1 or word.isdigit():
                # A stop-word inside an identifier is part of a name: "insertBefore", "isNaN".
                if len(parts) == 1 and word in STOP_WORDS:
                    stop.append(word)
                else:
                    out.append(word)
    return out or stop


def text_tokens(text: str) -> list[str]:
    """The words of a title, anchor text or snippet, by the same rules as :func:`url_tokens`."""
    return _words(text)


class _Url:
    """A URL cut up once: host (without "www."), path segments, query values with letters."""

    __slots__ = ("host", "segments", "values")

    def __init__(self, url: str) -> None:
        url = url.strip()
        if "://" not in url and not url.startswith(("/", "//")):
            url = "/" + url  # a bare path such as "guides/sleep"
        try:
            parts = urlsplit(url)
            host, path, query = (parts.hostname or ""), parts.path, parts.query
        except ValueError:
            host, path, query = "", url, ""
        self.host = host[4:] if host.startswith("www.") else host
        segments = [seg for seg in unquote(path).split("/") if seg]
        if segments:
            match = _EXTENSION.search(segments[-1])
            if match and match.group(1).lower() in FILE_EXTENSIONS:
                # "tips.html" → "tips"; "index.html" stands for its folder.
                last = segments[-1][: match.start()]
                if last and last.lower() not in DIRECTORY_INDEXES:
                    segments[-1] = last
                else:
                    segments.pop()
        self.segments = segments
        self.values: list[str] = []
        for pair in query.split("&") if query else ():
            value = unquote(pair.partition("=")[2].replace("+", " "))
            if any(c.isalpha() for c in value):
                self.values.append(value)

    def parts(self) -> list[str]:
        """Path segments; wiki-style "Namespace:Title" parts count as segments of their own."""
        if not any(":" in seg for seg in self.segments):
            return self.segments
        return [part for seg in self.segments for part in seg.split(":") if part]

    def weighted_words(self) -> list[tuple[str, float]]:
        """(word, weight): the last segment weighs 1, its folders less (see _segment_weight).

        Query values with letters ("index.php?title=Heart_health", "?p=sleep-tips") name the
        page: they weigh 1 and the whole path counts as folders.
        """
        parts = self.parts()
        last = len(parts) - (0 if self.values else 1)
        out: list[tuple[str, float]] = []
        for i, part in enumerate(parts):
            up = last - i
            weight = _SEGMENT_WEIGHTS[up] if up < len(_SEGMENT_WEIGHTS) else _segment_weight(up)
            out.extend((word, weight) for word in _segment_words(part))
        for value in self.values:
            out.extend((word, 1.0) for word in _words(value))
        return out

    def slug_words(self) -> list[str]:
        """The words that name the page: query values with letters, else the last segment."""
        if self.values:
            return [word for value in self.values for word in _words(value)]
        parts = self.parts()
        return list(_segment_words(parts[-1])) if parts else []


@lru_cache(maxsize=1 << 16)
def _segment_words(segment: str) -> tuple[str, ...]:
    """The words of one path segment (folder names repeat: cached)."""
    return tuple(_words(segment))


def url_tokens(url: str) -> list[str]:
    """The words of a URL's path (and of query values that contain letters), in order.

    - host, fragment and query keys are ignored; the path is percent-decoded;
    - the extension of the last segment is dropped ("tips.html"), and "index.html" altogether;
    - words are split on ``- _ / . : ~ +`` and every other non-alphanumeric, at camelCase humps
      ("HeartHealthGuide" → heart, health, guide) and between letters and digits when the
      letters make a word ("html5" → html, 5; but "h4", "mp3", "i18n" stay whole);
    - lower-cased; single letters and English stop-words are dropped ("on", "a", "the"), except
      inside a camelCase name ("insertBefore") or when nothing else is left ("/about");
    - pure numbers are KEPT ("2019", "23"): versions and years tell pages apart, and the IDF
      weighting makes a number found everywhere count for nothing.

    >>> url_tokens("https://example.com/HeartHealthGuide/sleep_tips-2019.html")
    ['heart', 'health', 'guide', 'sleep', 'tips', '2019']
    """
    parsed = _Url(url)
    words = [word for part in parsed.parts() for word in _segment_words(part)]
    for value in parsed.values:
        words.extend(_words(value))
    return words


_VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """A light English stemmer so that plural and singular meet: "tips"/"tip" → "tip",
    "studies"/"study" → "studi", "guides"/"guide" → "guid", "matches"/"match" → "match".

    Only for comparing words; the words shown to people are never stemmed.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "i"
    elif word[-1] == "s" and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) >= 4 and word[-1] == "e":
        word = word[:-1]
    if len(word) >= 4 and word[-1] == "y" and word[-2] not in _VOWELS:
        word = word[:-1] + "i"
    return word


def _segment_weight(levels_up: int) -> float:
    """Weight of a path segment's words: the last segment 1, its folder 0.71, then 0.58, 0.5 …"""
    return 1.0 / math.sqrt(1 + levels_up)


_SEGMENT_WEIGHTS = tuple(_segment_weight(i) for i in range(16))


# --------------------------------------------------------------------------------------------
# Matcher

# A page word's weight is that of its best field (URL words: by segment, see above).
TITLE_WEIGHT = 1.0
H1_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
# Words unknown to the site are mapped to site words at least this similar (fuzz.ratio).
FUZZY_CUTOFF = 80.0
FUZZY_CUTOFF_SHORT = 85.0
FUZZY_MIN_LENGTH = 5
FUZZY_LIMIT = 3
# Candidate generation: postings read per word (heaviest first); candidates scored in full;
# words weighing less than this share of the finding's heaviest word do not gather candidates.
MAX_POSTINGS = 100
CANDIDATES = 30
GATHER_MIN_SHARE = 0.2
INTERSECT_WORDS = 3
INTERSECT_MAX = 500
# Score = 100 * ((1 - STRING_SHARE) * F_BETA + STRING_SHARE * string similarity * recall) + bonuses.
BETA = 2.0
STRING_SHARE = 0.25
CONTEXT_BONUS = 15.0  # at most, for a page whose words the text around the link contains
ANCESTOR_BONUS = 5.0  # nearest existing ancestor of a dead URL on the own site (÷ levels up)
# Mentions: the confidence grows with the IDF mass of page words found in the context.
MENTION_MASS = 4.0
# A folder word of a dead URL that the site has nothing like counts this much (see _add).
UNKNOWN_FOLDER_FACTOR = 0.5
# Look-ups remembered between findings (words seen, their site words), at most.
CACHE_LIMIT = 200_000
# Words weighing less than this (IDF) are not named in a Match's signal ("docs", a locale).
SIGNAL_MIN_IDF = 1.0


class _Query:
    """A finding's words: stem → weight 0..1, with the word as written and where it came from."""

    __slots__ = ("terms", "words", "sources", "phrase", "plan", "total")

    def __init__(self) -> None:
        self.terms: dict[str, float] = {}
        self.words: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.phrase = ""  # compared by rapidfuzz with each candidate's title and slug
        # (stem, weight, IDF * weight, site words standing for it with their similarity)
        self.plan: list[tuple[str, float, float, tuple[tuple[str, float], ...]]] = []
        self.total = 0.0  # sum of IDF * weight


class Matcher:
    """Ranks the own pages for findings. Build once per site, then :meth:`rank` / :meth:`rank_many`."""

    def __init__(self, pages: Sequence[OwnPage], threshold: float = DEFAULT_THRESHOLD):
        self.threshold = float(threshold)
        self.pages: list[OwnPage] = list(pages)
        n = len(self.pages)
        stems: dict[str, str] = {}
        self._stems = stems
        self._page_terms: list[dict[str, float]] = []
        self._phrases: list[tuple[str, str]] = []  # (title words, slug words) for rapidfuzz
        self._url_stems: list[str] = []  # the URL's stems, for signals
        self._by_path: dict[tuple[str, tuple[str, ...]], int] = {}
        # word → {weight: pages having the word at that weight}
        postings: dict[str, dict[float, list[int]]] = {}
        self._home: int | None = None
        home_depth = (1 << 30, 0)
        for pid, page in enumerate(self.pages):
            terms: dict[str, float] = {}
            parsed = _Url(page.url)
            url_words = parsed.weighted_words()
            title_words = _words(page.title)
            fields = [url_words, [(w, TITLE_WEIGHT) for w in title_words]]
            if page.h1:
                fields.append([(w, H1_WEIGHT) for w in _words(page.h1)])
            if page.description:
                fields.append([(w, DESCRIPTION_WEIGHT) for w in _words(page.description)])
            for pairs in fields:
                for word, weight in pairs:
                    s = stems.get(word)
                    if s is None:
                        s = stems[word] = stem(word)
                    if weight > terms.get(s, 0.0):
                        terms[s] = weight
            self._page_terms.append(terms)
            for s, w in terms.items():
                groups = postings.get(s)
                if groups is None:
                    postings[s] = {w: [pid]}
                else:
                    same = groups.get(w)
                    if same is None:
                        groups[w] = [pid]
                    else:
                        same.append(pid)
            path = tuple(seg.lower() for seg in parsed.segments)
            self._by_path.setdefault((parsed.host, path), pid)
            depth = (len(path), len(page.url))
            if depth < home_depth:
                self._home, home_depth = pid, depth
            self._phrases.append((" ".join(title_words or _words(page.h1)), " ".join(parsed.slug_words())))
            self._url_stems.append(" ".join([stems[w] for w, _ in url_words]))
        self._hosts = {host for host, _ in self._by_path}
        self._idf: dict[str, float] = {}
        idf = self._idf
        for s, groups in postings.items():
            d = sum(map(len, groups.values()))
            idf[s] = math.log(1.0 + (n - d + 0.5) / (d + 0.5))
        self._max_idf = math.log(1.0 + (n + 0.5) / 0.5)
        self._mass = mass = [sum(idf[s] * w for s, w in terms.items()) for terms in self._page_terms]
        # Postings in impact order: heaviest occurrence first, and only the MAX_POSTINGS first of a
        # common word (among equals, the pages with the least else on them). Common words also keep
        # their full page set, to intersect (see _candidates).
        self._postings: dict[str, list[tuple[float, list[int]]]] = {}
        self._common: dict[str, frozenset[int]] = {}
        for s, groups in postings.items():
            ordered = sorted(groups.items(), reverse=True)
            if len(groups) == 1 and len(ordered[0][1]) <= MAX_POSTINGS:
                self._postings[s] = ordered
                continue
            total = sum(len(pids) for _, pids in ordered)
            if total > MAX_POSTINGS:
                self._common[s] = frozenset(itertools.chain.from_iterable(groups.values()))
                kept: list[tuple[float, list[int]]] = []
                room = MAX_POSTINGS
                for w, pids in ordered:
                    if room <= 0:
                        break
                    if len(pids) > room:
                        pids = sorted(pids, key=mass.__getitem__)[:room]
                    kept.append((w, pids))
                    room -= len(pids)
                ordered = kept
            self._postings[s] = ordered
        self._fuzzy_vocab = [s for s in postings if len(s) >= 3 and s.isalpha()]
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}
        self._compounds: dict[str, tuple[str, ...]] = {}

    @property
    def home(self) -> OwnPage | None:
        """The site's home page: the page with the shortest path."""
        return self.pages[self._home] if self._home is not None else None

    # -- words → site words -------------------------------------------------------------------

    def _stem(self, word: str) -> str:
        s = self._stems.get(word)
        if s is None:
            if len(self._stems) > CACHE_LIMIT:
                self._stems.clear()
            s = self._stems[word] = stem(word)
        return s

    def _expand(self, s: str) -> tuple[tuple[str, float], ...]:
        """The site words standing for stem ``s``, each with a similarity 0..1."""
        found = self._expansions.get(s)
        if found is not None:
            return found
        if s in self._idf:
            result: tuple[tuple[str, float], ...] = ((s, 1.0),)
        elif len(s) >= FUZZY_MIN_LENGTH and s.isalpha():
            # Short words need to be closer: one letter off in "vale" is another word ("value").
            cutoff = FUZZY_CUTOFF if len(s) >= 8 else FUZZY_CUTOFF_SHORT
            near = process.extract(s, self._fuzzy_vocab, scorer=fuzz.ratio, limit=FUZZY_LIMIT, score_cutoff=cutoff)
            # Similarity 0.4 at the cut-off, 1 for the same word: a near word is weak evidence.
            result = tuple((word, 0.4 + 0.6 * (score - cutoff) / (100.0 - cutoff)) for word, score, _ in near)
        else:
            result = ()
        if len(self._expansions) > CACHE_LIMIT:
            self._expansions.clear()
        self._expansions[s] = result
        return result

    def _split_compound(self, s: str) -> tuple[str, ...]:
        """The site words an unknown word is glued from ("addons" → add, ons; "onblur" → blur), or ()."""
        found = self._compounds.get(s)
        if found is not None:
            return found
        best: tuple[str, ...] = ()
        best_len = 0
        if s.isalpha() and len(s) >= 5:
            for i in range(2, len(s) - 1):
                left, right = s[:i], stem(s[i:])
                if right not in self._idf:
                    continue
                if stem(left) in self._idf:
                    parts: tuple[str, ...] = (stem(left), right)
                elif left in STOP_WORDS and len(right) >= 5:
                    parts = (right,)
                else:
                    continue
                shorter = min(len(left), len(right))
                if shorter > best_len:
                    best, best_len = parts, shorter
        if len(self._compounds) > CACHE_LIMIT:
            self._compounds.clear()
        self._compounds[s] = best
        return best

    def _idf_of(self, s: str) -> float:
        """IDF of a finding's word: a word unknown to the site weighs like its nearest site word,
        or the most (it is the finding's most specific word and no page has it)."""
        idf = self._idf.get(s)
        if idf is not None:
            return idf
        near = self._expand(s)
        return self._idf[near[0][0]] if near else self._max_idf

    # -- finding → query ----------------------------------------------------------------------

    def _add(self, q: _Query, word: str, weight: float, source: str) -> None:
        s = self._stem(word)
        parts: tuple[str, ...] = (s,)
        if s not in self._idf:
            compound = self._split_compound(s)
            if compound:
                parts = compound
            elif weight < 1.0 and not self._expand(s):
                # A folder name the site has nothing like: another site's structure, not the topic.
                weight *= UNKNOWN_FOLDER_FACTOR
        for s in parts:
            if weight > q.terms.get(s, 0.0):
                q.terms[s] = weight
                q.words[s] = word
                q.sources[s] = source

    def _add_joined(self, q: _Query, words: list[tuple[str, float]], source: str) -> None:
        """Two neighbouring words the site writes as one ("full screen" → "fullscreen") count as that too."""
        for (a, wa), (b, wb) in zip(words, words[1:]):
            if wa == wb:
                joined = self._stem(a + b)
                if joined in self._idf and joined not in q.terms:
                    q.terms[joined] = wa
                    q.words[joined] = a + b
                    q.sources[joined] = source

    def _queries(self, finding: Finding) -> tuple[_Query, _Query]:
        """(link words: URL + anchor text, topic words: text around the link + linking page's title)."""
        link = _Query()
        parsed = _Url(finding.target_url) if finding.target_url else None
        url_words = parsed.weighted_words() if parsed else []
        for word, weight in url_words:
            self._add(link, word, weight, "url")
        anchor = _words(finding.anchor_text)
        for word in anchor:
            self._add(link, word, 1.0, "anchor")
        self._add_joined(link, url_words, "url")
        self._add_joined(link, [(w, 1.0) for w in anchor], "anchor")
        link.phrase = " ".join(anchor) if anchor else " ".join(parsed.slug_words() if parsed else ())
        topic = _Query()
        for word in _words(finding.context):
            self._add(topic, word, 1.0, "context")
        for word in _words(finding.page_title):
            self._add(topic, word, 1.0, "page title")
        self._plan(link)
        self._plan(topic)
        return link, topic

    def _plan(self, q: _Query) -> None:
        q.plan = [(s, qw, self._idf_of(s) * qw, self._expand(s)) for s, qw in q.terms.items()]
        q.total = sum(w for _, _, w, _ in q.plan)

    def _ancestor(self, url: str) -> tuple[int, int] | None:
        """(page, levels up) of the nearest existing ancestor of a URL on the own site, if any."""
        parsed = _Url(url)
        if parsed.host not in self._hosts:
            return None
        key = tuple(seg.lower() for seg in parsed.segments)
        for up in range(1, len(key) + 1):
            pid = self._by_path.get((parsed.host, key[: len(key) - up]))
            if pid is not None:
                return pid, up
        return None

    # -- scoring ------------------------------------------------------------------------------

    def _candidates(self, q: _Query, limit: int) -> list[int]:
        """The pages sharing the most weighted words with the query (inverted index)."""
        if not q.plan:
            return []
        floor = GATHER_MIN_SHARE * max(w for _, _, w, _ in q.plan)
        acc: dict[int, float] = {}
        get = acc.get
        postings = self._postings
        for _, _, w, near in q.plan:
            if w < floor:
                continue
            for u, sim in near:
                f = w * sim
                for pw, pids in postings.get(u, ()):
                    add = f * pw
                    for pid in pids:
                        acc[pid] = get(pid, 0.0) + add
        # Postings of common words were cut to the MAX_POSTINGS heaviest: the pages that have two
        # of the finding's common words may be in neither part, so intersect the full page sets.
        common = self._common
        strong = sorted(
            ((w * near[0][1], near[0][0]) for _, _, w, near in q.plan if near and w >= floor and near[0][0] in common),
            reverse=True,
        )[:INTERSECT_WORDS]
        if len(strong) >= 2:
            page_terms = self._page_terms
            for i, (wa, a) in enumerate(strong):
                for wb, b in strong[i + 1 :]:
                    both = common[a] & common[b]
                    if len(both) > INTERSECT_MAX:
                        continue
                    for pid in both:
                        terms = page_terms[pid]
                        acc[pid] = get(pid, 0.0) + wa * terms[a] + wb * terms[b]
        if len(acc) > 4 * limit:
            # Most pages share one light word only: drop them before sorting.
            cut = 0.2 * max(acc.values())
            acc = {pid: v for pid, v in acc.items() if v >= cut}
        if len(acc) <= limit:
            return sorted(acc, key=acc.__getitem__, reverse=True)
        return heapq.nlargest(limit, acc, key=acc.__getitem__)

    def _cover(self, q: _Query) -> dict[str, float]:
        """Site word → how strongly the query contains it (0..1)."""
        cover: dict[str, float] = {}
        for _, qw, _, near in q.plan:
            for u, sim in near:
                v = qw * sim
                if v > cover.get(u, 0.0):
                    cover[u] = v
        return cover

    def _explained(self, cover: dict[str, float], pid: int) -> float:
        """The IDF mass of page ``pid``'s words that the query contains."""
        idf = self._idf
        explained = 0.0
        for u, pw in self._page_terms[pid].items():
            c = cover.get(u)
            if c:
                explained += idf[u] * pw * c
        return explained

    def _recall(self, q: _Query, pid: int) -> float:
        """The share of the query's weighted words that page ``pid`` contains."""
        terms = self._page_terms[pid]
        num = 0.0
        for _, _, w, near in q.plan:
            best = 0.0
            for u, sim in near:
                pw = terms.get(u)
                if pw is not None and pw * sim > best:
                    best = pw * sim
            num += w * best
        return num / q.total if q.total > 0 else 0.0

    def _string_similarity(self, phrase: str, pid: int) -> float:
        if not phrase:
            return 0.0
        title, slug = self._phrases[pid]
        return max(fuzz.token_sort_ratio(phrase, title), fuzz.token_sort_ratio(phrase, slug)) / 100.0

    def _link_score(self, q: _Query, cover: dict[str, float], pid: int) -> float:
        recall = self._recall(q, pid)
        if recall <= 0.0:
            return 0.0
        mass = self._mass[pid]
        precision = self._explained(cover, pid) / mass if mass > 0 else 0.0
        b2 = BETA * BETA
        f = (1 + b2) * precision * recall / (b2 * precision + recall)
        return 100.0 * ((1 - STRING_SHARE) * f + STRING_SHARE * recall * self._string_similarity(q.phrase, pid))

    def _context_bonus(self, cover: dict[str, float], pid: int) -> float:
        """Points for the page's words found in the text around a link (their IDF mass, saturating)."""
        return CONTEXT_BONUS * (1.0 - math.exp(-self._explained(cover, pid) / MENTION_MASS))

    def _topic_score(self, cover: dict[str, float], pid: int) -> float:
        """How much of the page the text contains (precision), trusted more the more it weighs."""
        mass = self._mass[pid]
        if mass <= 0:
            return 0.0
        explained = self._explained(cover, pid)
        return 100.0 * (explained / mass) * (1.0 - math.exp(-explained / MENTION_MASS))

    # -- explanation --------------------------------------------------------------------------

    def _field_of(self, pid: int, stems: list[str]) -> dict[str, str]:
        """Where page ``pid`` has each of the given site words: "title", "h1", "url" or "description"."""
        page = self.pages[pid]
        fields: dict[str, str] = {}
        texts = (("title", self._phrases[pid][0]), ("h1", page.h1), ("url", None), ("description", page.description))
        for field, text in texts:
            missing = [s for s in stems if s not in fields]
            if not missing:
                break
            if text is None:
                words = set(self._url_stems[pid].split())
            elif text:
                words = {self._stem(w) for w in _words(text)}
            else:
                continue
            fields.update((s, field) for s in missing if s in words)
        return fields

    def _signal(self, q: _Query, pid: int) -> str:
        """What matched, for people: "url: heart health ~ title: Heart health guide"."""
        terms = self._page_terms[pid]
        hits: list[tuple[str, str, str, float]] = []  # source, word, site word, weight
        for s, qw, _, near in q.plan:
            for u, sim in near:
                if u in terms:
                    hits.append((q.sources[s], q.words[s], u, self._idf[u] * terms[u] * sim * qw))
                    break
        fields = self._field_of(pid, [u for _, _, u, _ in hits])
        matched = [(source, word, fields.get(u, "url"), weight, self._idf[u]) for source, word, u, weight in hits]
        if not matched:
            return ""
        informative = [m for m in matched if m[4] >= SIGNAL_MIN_IDF] or matched
        by_source: dict[str, float] = {}
        by_field: dict[str, float] = {}
        for source, _, field, weight, _ in informative:
            by_source[source] = by_source.get(source, 0.0) + weight
            by_field[field] = by_field.get(field, 0.0) + weight
        source = max(by_source, key=by_source.__getitem__)
        field = max(by_field, key=by_field.__getitem__)
        words = " ".join(dict.fromkeys(m[1] for m in informative if m[0] == source))
        page = self.pages[pid]
        shown = (
            {"title": page.title, "h1": page.h1, "description": page.description}.get(field)
            or unquote(urlsplit(page.url).path)
            or page.url
        )
        return f"{source}: {words} ~ {field}: {' '.join(shown.split())}"

    def _match(self, q: _Query, pid: int, score: float) -> Match:
        page = self.pages[pid]
        return Match(page.url, page.title, round(min(100.0, max(0.0, score)), 1), self._signal(q, pid))

    # -- public -------------------------------------------------------------------------------

    def rank(self, finding: Finding, k: int = 5) -> list[Match]:
        """The k best own pages to replace a dead link, best first, scores 0–100 (may be fewer than k).

        Ranked by the dead URL and the anchor text; the text around the link and the linking page's
        title add a bonus. Without URL words or anchor text the page is ranked as for a mention.
        """
        if k <= 0 or not self.pages:
            return []
        link, topic = self._queries(finding)
        if not link.terms:
            return self._rank_topic(topic, k) if topic.terms else []
        cover = self._cover(link)
        topic_cover = self._cover(topic) if topic.terms else None
        candidates = self._candidates(link, max(CANDIDATES, k))
        ancestor = self._ancestor(finding.target_url) if finding.target_url else None
        if ancestor is not None and ancestor[0] not in candidates:
            candidates.append(ancestor[0])
        scored = []
        for pid in candidates:
            score = self._link_score(link, cover, pid)
            if score <= 0.0:
                continue
            if ancestor is not None and pid == ancestor[0]:
                score += ANCESTOR_BONUS / ancestor[1]
            scored.append((score, -self._mass[pid], -pid))
        scored.sort(reverse=True)
        if topic_cover is not None and scored:
            # The text around the link adds at most CONTEXT_BONUS: only pages that could then
            # reach the first k need it.
            floor = scored[min(k, len(scored)) - 1][0] - CONTEXT_BONUS
            scored = [
                (score + self._context_bonus(topic_cover, -neg_pid), tie, neg_pid)
                for score, tie, neg_pid in scored
                if score >= floor
            ]
            scored.sort(reverse=True)
        scored = [(min(score, 100.0), tie, neg_pid) for score, tie, neg_pid in scored]
        return [self._match(link, -neg_pid, score) for score, _, neg_pid in scored[:k]]

    def _rank_topic(self, q: _Query, k: int) -> list[Match]:
        cover = self._cover(q)
        scored = []
        for pid in self._candidates(q, max(CANDIDATES, k)):
            score = self._topic_score(cover, pid)
            if score > 0.0:
                scored.append((score, -self._mass[pid], -pid))
        scored.sort(reverse=True)
        return [self._match(q, -neg_pid, score) for score, _, neg_pid in scored[:k]]

    def best(self, finding: Finding) -> Match | None:
        """The best page to replace a dead link, or None when even the best is below the threshold."""
        return self.top(self.rank(finding, k=1))

    def top(self, ranked: list[Match]) -> Match | None:
        """The first of a ranking when it reaches the threshold (a ranking already made is not redone)."""
        return ranked[0] if ranked and ranked[0].score >= self.threshold else None

    def for_mention(self, finding: Finding) -> Match | None:
        """The page that best fits a mention's context, else the home page (None only without pages).

        Ranked by the context and the mentioning page's title; the mention text itself
        (``anchor_text``, the brand name) is left out: it names the site, not one of its pages.
        A page must reach the threshold, otherwise the home page is suggested with score 0.
        """
        if self._home is None:
            return None
        _, q = self._queries(finding)
        brand = {self._stem(word) for word in _words(finding.anchor_text)}
        if brand:
            for s in brand & q.terms.keys():
                del q.terms[s]
            self._plan(q)
        if q.terms:
            ranked = self._rank_topic(q, 1)
            if ranked and ranked[0].score >= self.threshold:
                return ranked[0]
        home = self.pages[self._home]
        return Match(home.url, home.title, 0.0, "home page: no page fits the context")

    def rank_many(self, findings: Sequence[Finding], k: int = 5) -> list[list[Match]]:
        """:meth:`rank` for many findings (identical findings are ranked once; word look-ups are shared)."""
        done: dict[Finding, list[Match]] = {}
        out = []
        for finding in findings:
            ranked = done.get(finding)
            if ranked is None:
                ranked = done[finding] = self.rank(finding, k)
            out.append(ranked)
        return out
