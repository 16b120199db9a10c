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
   names the topic, the folders the section. In a page, title and h1 count fully, the
   description half.
3. Site words. A word of the finding that is not on the site is mapped to the nearest site words
   by rapidfuzz (spelling and inflection variants: "prerequisities", "onmouseup" ~ "mouseup") or
   split into two site words ("addons" → add, ons); two neighbouring words the site writes as
   one count as that word too ("full screen" → "fullscreen").
4. Candidates. An inverted index (word → pages, heaviest occurrence first) gathers the pages that
   share the most weighted words with the finding; only those are scored.
5. Score (0–100). *Recall* — the share of the finding's weighted words the page explains — and
   *precision* — the share of the page's own weighted words found in the finding — make an
   F-score in which recall counts double (F2), blended 3:1 with a rapidfuzz ``token_sort_ratio``
   of the dead URL's slug (or the anchor text) against the page's title and slug. The text
   around the link can add up to 10 points (same topic), and a dead URL on the own site gives
   its nearest existing ancestor page 5 points (a removed page's section).

Below the threshold (:data:`DEFAULT_THRESHOLD`) :meth:`Matcher.best` suggests nothing rather than
something wrong.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

__all__ = ["DEFAULT_THRESHOLD", "Finding", "Match", "Matcher", "OwnPage", "stem", "text_tokens", "url_tokens"]

#: Default minimum score for :meth:`Matcher.best` and :meth:`Matcher.for_mention` (see the README
#: of the benchmark: at 30, the first suggestion for a real redirect map is right about half the
#: time, while dead links about nothing on the site stay below it).
DEFAULT_THRESHOLD = 30.0


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
they this those through to too under until up us very was we were what when where which while
who whom why will with would you your yours yourself yourselves
""".split())

#: Extensions cut from the end of a URL path ("sleep_tips-2019.html" → "sleep_tips-2019").
FILE_EXTENSIONS = frozenset(
    "html htm xhtml shtml php php3 php4 php5 asp aspx jsp jspx cfm cgi pl do action".split())
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


def _split_path(url: str) -> tuple[str, list[str]]:
    """(host without "www.", percent-decoded path segments) of a URL; query and fragment left out.

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
            last = segments[-1][:match.start()]
            if last and last.lower() not in DIRECTORY_INDEXES:
                segments[-1] = last
            else:
                segments.pop()
    return host, segments


def _path_segments(url: str) -> list[str]:
    """Path segments; wiki-style "Namespace:Title" parts count as segments of their own."""
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
        value = unquote(pair.partition("=")[2].replace("+", " "))
        if any(c.isalpha() for c in value):
            values.append(value)
    return values


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
    words: list[str] = []
    for segment in _path_segments(url):
        words.extend(_words(segment))
    for value in _query_values(url):
        words.extend(_words(value))
    return words


def stem(word: str) -> str:
    """A light English stemmer for plurals: "tips" → "tip", "studies" → "study", "boxes" → "box"."""
    if len(word) <= 3 or not word.isalpha() or word[-1] != "s":
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def _segment_weight(levels_up: int) -> float:
    """Weight of a path segment's words: the last segment 1, its folder 0.71, then 0.58, 0.5 …"""
    return 1.0 / math.sqrt(1 + levels_up)


def _weighted_url_words(url: str) -> list[tuple[str, float]]:
    """(word, weight) for a URL: the last segment and query values weigh 1, folders less."""
    segments = _path_segments(url)
    out: list[tuple[str, float]] = []
    n = len(segments)
    for i, segment in enumerate(segments):
        weight = _segment_weight(n - 1 - i)
        out.extend((word, weight) for word in _words(segment))
    for value in _query_values(url):
        out.extend((word, 1.0) for word in _words(value))
    return out


def _slug_words(url: str) -> list[str]:
    segments = _path_segments(url)
    return _words(segments[-1]) if segments else []


# --------------------------------------------------------------------------------------------
# Matcher

# A page word's weight is that of its best field (URL words: by segment, see above).
TITLE_WEIGHT = 1.0
H1_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
# Words unknown to the site are mapped to site words at least this similar (fuzz.ratio).
FUZZY_CUTOFF = 80.0
FUZZY_LIMIT = 3
# Candidate generation: postings read per word (heaviest first); candidates scored in full;
# words weighing less than this share of the finding's heaviest word do not gather candidates.
MAX_POSTINGS = 200
CANDIDATES = 30
GATHER_MIN_SHARE = 0.2
# Score = 100 * ((1 - STRING_SHARE) * F_BETA + STRING_SHARE * string similarity * recall) + bonuses.
BETA = 2.0
STRING_SHARE = 0.25
CONTEXT_BONUS = 10.0      # at most, for a page whose words the text around the link contains
ANCESTOR_BONUS = 5.0      # nearest existing ancestor of a dead URL on the own site (÷ levels up)
# Mentions: the confidence grows with the IDF mass of page words found in the context.
MENTION_MASS = 4.0
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
        self.plan: list[tuple[float, tuple[tuple[str, float], ...]]] = []  # (IDF * weight, site words)
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
        self._phrases: list[tuple[str, str]] = []    # (title words, slug words) for rapidfuzz
        self._by_path: dict[tuple[str, tuple[str, ...]], int] = {}
        df: dict[str, int] = {}
        for pid, page in enumerate(self.pages):
            terms: dict[str, float] = {}
            url_words = _weighted_url_words(page.url)
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
            for s in terms:
                df[s] = df.get(s, 0) + 1
            host, segments = _split_path(page.url)
            self._by_path.setdefault((host, tuple(seg.lower() for seg in segments)), pid)
            self._phrases.append((" ".join(title_words or _words(page.h1)), " ".join(_slug_words(page.url))))
        self._hosts = {host for host, _ in self._by_path}
        self._idf = idf = {s: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for s, d in df.items()}
        self._max_idf = math.log(1.0 + (n + 0.5) / 0.5)
        self._mass = mass = [sum(idf[s] * w for s, w in terms.items()) for terms in self._page_terms]
        postings: dict[str, list[tuple[int, float]]] = {}
        for pid, terms in enumerate(self._page_terms):
            for s, w in terms.items():
                entry = (pid, w)
                bucket = postings.get(s)
                if bucket is None:
                    postings[s] = [entry]
                else:
                    bucket.append(entry)
        # Impact order: heaviest occurrence first; among equals, the page with the least else on it.
        for s, bucket in postings.items():
            if len(bucket) > 1:
                bucket.sort(key=lambda e: (-e[1], mass[e[0]]))
                del bucket[MAX_POSTINGS:]
        self._postings = postings
        self._fuzzy_vocab = [s for s in postings if len(s) >= 3 and s.isalpha()]
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}
        self._compounds: dict[str, tuple[str, ...]] = {}
        self._home = min(range(n), key=lambda i: (len(_split_path(self.pages[i].url)[1]),
                                                  len(self.pages[i].url), i)) if n else None

    @property
    def home(self) -> OwnPage | None:
        """The site's home page: the page with the shortest path."""
        return self.pages[self._home] if self._home is not None else None

    # -- words → site words -------------------------------------------------------------------

    def _stem(self, word: str) -> str:
        s = self._stems.get(word)
        if s is None:
            s = self._stems[word] = stem(word)
        return s

    def _expand(self, s: str) -> tuple[tuple[str, float], ...]:
        """The site words standing for stem ``s``, each with a similarity 0..1."""
        found = self._expansions.get(s)
        if found is not None:
            return found
        if s in self._idf:
            result: tuple[tuple[str, float], ...] = ((s, 1.0),)
        elif len(s) >= 4 and s.isalpha():
            near = process.extract(s, self._fuzzy_vocab, scorer=fuzz.ratio, limit=FUZZY_LIMIT,
                                   score_cutoff=FUZZY_CUTOFF)
            result = tuple((word, (score / 100.0) ** 2) for word, score, _ in near)
        else:
            result = ()
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
                if left in self._idf:
                    parts: tuple[str, ...] = (left, right)
                elif left in STOP_WORDS:
                    parts = (right,)
                else:
                    continue
                shorter = min(len(left), len(right))
                if shorter > best_len:
                    best, best_len = parts, shorter
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
        if s not in self._idf and not self._expand(s):
            parts = self._split_compound(s) or parts
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
        url_words = _weighted_url_words(finding.target_url) if finding.target_url else []
        for word, weight in url_words:
            self._add(link, word, weight, "url")
        anchor = _words(finding.anchor_text)
        for word in anchor:
            self._add(link, word, 1.0, "anchor")
        self._add_joined(link, url_words, "url")
        self._add_joined(link, [(w, 1.0) for w in anchor], "anchor")
        link.phrase = " ".join(anchor) if anchor else " ".join(_slug_words(finding.target_url))
        topic = _Query()
        for word in _words(finding.context):
            self._add(topic, word, 1.0, "context")
        for word in _words(finding.page_title):
            self._add(topic, word, 1.0, "page title")
        self._plan(link)
        self._plan(topic)
        return link, topic

    def _plan(self, q: _Query) -> None:
        q.plan = [(self._idf_of(s) * qw, self._expand(s)) for s, qw in q.terms.items()]
        q.total = sum(w for w, _ in q.plan)

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
        """The pages sharing the most weighted words with the query (inverted index)."""
        if not q.plan:
            return []
        floor = GATHER_MIN_SHARE * max(w for w, _ in q.plan)
        acc: dict[int, float] = {}
        get = acc.get
        postings = self._postings
        for w, near in q.plan:
            if w < floor:
                continue
            for u, sim in near:
                f = w * sim
                for pid, pw in postings.get(u, ()):
                    acc[pid] = get(pid, 0.0) + f * pw
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
        for s, qw in q.terms.items():
            for u, sim in self._expand(s):
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
        for w, near in q.plan:
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

    def _topic_score(self, cover: dict[str, float], pid: int) -> float:
        """How much of the page the text contains (precision), trusted more the more it weighs."""
        mass = self._mass[pid]
        if mass <= 0:
            return 0.0
        explained = self._explained(cover, pid)
        return 100.0 * (explained / mass) * (1.0 - math.exp(-explained / MENTION_MASS))

    # -- explanation --------------------------------------------------------------------------

    def _field_of(self, pid: int) -> dict[str, str]:
        """Page stem → the field shown for it in a signal: title first, then URL, h1, description."""
        page = self.pages[pid]
        fields: dict[str, str] = {}
        for field, text in (("description", page.description), ("h1", page.h1)):
            if text:
                fields.update((self._stem(w), field) for w in _words(text))
        fields.update((self._stem(w), "url") for w, _ in _weighted_url_words(page.url))
        fields.update((self._stem(w), "title") for w in self._phrases[pid][0].split())
        return fields

    def _signal(self, q: _Query, pid: int) -> str:
        """What matched, for people: "url: heart health ~ title: Heart health guide"."""
        terms = self._page_terms[pid]
        fields = self._field_of(pid)
        matched: list[tuple[str, str, str, float, float]] = []  # source, word, field, weight, idf
        for s, qw in q.terms.items():
            for u, sim in self._expand(s):
                if u in terms:
                    idf = self._idf[u]
                    matched.append((q.sources[s], q.words[s], fields.get(u, "url"), idf * terms[u] * sim * qw, idf))
                    break
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
        shown = {"title": page.title, "h1": page.h1, "description": page.description}.get(field) \
            or unquote(urlsplit(page.url).path) or page.url
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
            scored = [(score + CONTEXT_BONUS * self._topic_score(topic_cover, -neg_pid) / 100.0, tie, neg_pid)
                      for score, tie, neg_pid in scored if score >= floor]
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
        ranked = self.rank(finding, k=1)
        if ranked and ranked[0].score >= self.threshold:
            return ranked[0]
        return None

    def for_mention(self, finding: Finding) -> Match | None:
        """The page that best fits a mention's context, else the home page (None only without pages).

        Uses the context, the mentioning page's title and the anchor (mention) text; a page must
        reach the threshold, otherwise the home page is suggested with score 0.
        """
        if self._home is None:
            return None
        _, q = self._queries(finding)
        for word in _words(finding.anchor_text):
            self._add(q, word, 1.0, "mention")
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
