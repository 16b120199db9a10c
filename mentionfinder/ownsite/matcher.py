"""Replacement matcher: a finding and the own pages → the page that best replaces a dead link or fits a mention.

Pure: no Scrapy/Twisted, no I/O; only the standard library and rapidfuzz. This module is the public
entry (:class:`Matcher`, :class:`Finding`, :class:`OwnPage`, :class:`Match`); the words are cut in
:mod:`~mentionfinder.ownsite.tokens`, the own pages indexed in :mod:`~mentionfinder.ownsite.index`
and scored in :mod:`~mentionfinder.ownsite.scoring`.

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

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mentionfinder.ownsite.index import OwnPage, PageIndex
from mentionfinder.ownsite.scoring import Query, rank_link, rank_topic
from mentionfinder.ownsite.tokens import ParsedUrl, text_tokens

__all__ = ["DEFAULT_THRESHOLD", "Finding", "Match", "Matcher", "OwnPage"]

#: Default minimum score for :meth:`Matcher.best` and :meth:`Matcher.for_mention`. Chosen on the
#: benchmark (``bench/matcher.py``, real redirect maps) as the point where dead URLs from an
#: unrelated site are rarely matched (MDN URLs against the CHT docs site: 1.4% get a suggestion)
#: while most real dead URLs still get one (MDN 89%, CHT 84%); the first suggestion above it is
#: the human's choice a little more often than overall (MDN 0.55 vs 0.50, CHT 0.27 vs 0.23): the
#: cut removes noise rather than good answers.
DEFAULT_THRESHOLD = 35.0
# A folder word of a dead URL that the site has nothing like counts this much (see _add).
UNKNOWN_FOLDER_FACTOR = 0.5
# Words weighing less than this (IDF) are not named in a Match's signal ("docs", a locale).
SIGNAL_MIN_IDF = 1.0


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


class Matcher:
    """Ranks the own pages for findings. Build once per site, then :meth:`rank` / :meth:`rank_many`."""

    def __init__(self, pages: Sequence[OwnPage], threshold: float = DEFAULT_THRESHOLD):
        self.threshold = float(threshold)
        self._index = PageIndex(pages)
        self.pages: list[OwnPage] = self._index.pages

    @property
    def home(self) -> OwnPage | None:
        """The site's home page: the page with the shortest path."""
        home = self._index.home
        return self.pages[home] if home is not None else None

    # -- finding → query ----------------------------------------------------------------------

    def _add(self, q: Query, word: str, weight: float, source: str) -> None:
        index = self._index
        s = index.stem(word)
        parts: tuple[str, ...] = (s,)
        if s not in index.idf:
            compound = index.split_compound(s)
            if compound:
                parts = compound
            elif weight < 1.0 and not index.expand(s):
                # A folder name the site has nothing like: another site's structure, not the topic.
                weight *= UNKNOWN_FOLDER_FACTOR
        for s in parts:
            if weight > q.terms.get(s, 0.0):
                q.terms[s] = weight
                q.words[s] = word
                q.sources[s] = source

    def _add_joined(self, q: Query, words: list[tuple[str, float]], source: str) -> None:
        """Two neighbouring words the site writes as one ("full screen" → "fullscreen") count as that too."""
        for (a, wa), (b, wb) in zip(words, words[1:]):
            if wa == wb:
                joined = self._index.stem(a + b)
                if joined in self._index.idf and joined not in q.terms:
                    q.terms[joined] = wa
                    q.words[joined] = a + b
                    q.sources[joined] = source

    def _queries(self, finding: Finding) -> tuple[Query, Query]:
        """(link words: URL + anchor text, topic words: text around the link + linking page's title)."""
        link = Query()
        parsed = ParsedUrl(finding.target_url) if finding.target_url else None
        url_words = parsed.weighted_words() if parsed else []
        for word, weight in url_words:
            self._add(link, word, weight, "url")
        anchor = text_tokens(finding.anchor_text)
        for word in anchor:
            self._add(link, word, 1.0, "anchor")
        self._add_joined(link, url_words, "url")
        self._add_joined(link, [(w, 1.0) for w in anchor], "anchor")
        link.phrase = " ".join(anchor) if anchor else " ".join(parsed.slug_words() if parsed else ())
        topic = Query()
        for word in text_tokens(finding.context):
            self._add(topic, word, 1.0, "context")
        for word in text_tokens(finding.page_title):
            self._add(topic, word, 1.0, "page title")
        link.make_plan(self._index)
        topic.make_plan(self._index)
        return link, topic

    # -- explanation --------------------------------------------------------------------------

    def _field_of(self, pid: int, stems: list[str]) -> dict[str, str]:
        """Where page ``pid`` has each of the given site words: "title", "h1", "url" or "description"."""
        index = self._index
        page = self.pages[pid]
        fields: dict[str, str] = {}
        texts = (("title", index.phrases[pid][0]), ("h1", page.h1), ("url", None), ("description", page.description))
        for field, text in texts:
            missing = [s for s in stems if s not in fields]
            if not missing:
                break
            if text is None:
                words = set(index.url_stems[pid].split())
            elif text:
                words = {index.stem(w) for w in text_tokens(text)}
            else:
                continue
            fields.update((s, field) for s in missing if s in words)
        return fields

    def _signal(self, q: Query, pid: int) -> str:
        """What matched, for people: "url: heart health ~ title: Heart health guide"."""
        idf = self._index.idf
        terms = self._index.page_terms[pid]
        hits: list[tuple[str, str, str, float]] = []  # source, word, site word, weight
        for s, qw, _, near in q.plan:
            for u, sim in near:
                if u in terms:
                    hits.append((q.sources[s], q.words[s], u, idf[u] * terms[u] * sim * qw))
                    break
        fields = self._field_of(pid, [u for _, _, u, _ in hits])
        matched = [(source, word, fields.get(u, "url"), weight, idf[u]) for source, word, u, weight in hits]
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

    def _matches(self, q: Query, scored: list[tuple[float, int]]) -> list[Match]:
        out = []
        for score, pid in scored:
            page = self.pages[pid]
            out.append(Match(page.url, page.title, round(min(100.0, max(0.0, score)), 1), self._signal(q, pid)))
        return out

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
            return self._matches(topic, rank_topic(self._index, topic, k)) if topic.terms else []
        ancestor = self._index.ancestor(finding.target_url) if finding.target_url else None
        return self._matches(link, rank_link(self._index, link, topic, k, ancestor))

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
        home = self.home
        if home is None:
            return None
        _, q = self._queries(finding)
        brand = {self._index.stem(word) for word in text_tokens(finding.anchor_text)}
        if brand:
            for s in brand & q.terms.keys():
                del q.terms[s]
            q.make_plan(self._index)
        if q.terms:
            ranked = self._matches(q, rank_topic(self._index, q, 1))
            if ranked and ranked[0].score >= self.threshold:
                return ranked[0]
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
