"""Matcher index: the own pages → their weighted words, IDF weights and an inverted index (word → pages)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from mentionfinder.ownsite.tokens import STOP_WORDS, ParsedUrl, stem, text_tokens

__all__ = ["OwnPage", "PageIndex"]

# A page word's weight is that of its best field (URL words: by segment, see ParsedUrl.weighted_words).
TITLE_WEIGHT = 1.0
H1_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
# Words unknown to the site are mapped to site words at least this similar (fuzz.ratio).
FUZZY_CUTOFF = 80.0
FUZZY_CUTOFF_SHORT = 85.0
FUZZY_MIN_LENGTH = 5
FUZZY_LIMIT = 3
# Postings kept per word (heaviest first): a word on very many pages only lends its heaviest occurrences.
MAX_POSTINGS = 100
# Look-ups remembered between findings (words seen, their site words), at most.
CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class OwnPage:
    url: str
    title: str = ""
    h1: str = ""
    description: str = ""


class PageIndex:
    """The own pages' words, built once per site; page ids are positions in :attr:`pages`."""

    def __init__(self, pages: Sequence[OwnPage]):
        self.pages: list[OwnPage] = list(pages)
        n = len(self.pages)
        stems: dict[str, str] = {}
        self._stems = stems
        self.page_terms: list[dict[str, float]] = []
        self.phrases: list[tuple[str, str]] = []  # (title words, slug words) for rapidfuzz
        self.url_stems: list[str] = []  # the URL's stems, for signals
        self.by_path: dict[tuple[str, tuple[str, ...]], int] = {}
        # word → {weight: pages having the word at that weight}
        postings: dict[str, dict[float, list[int]]] = {}
        self.home: int | None = None  # the page with the shortest path
        home_depth = (1 << 30, 0)
        for pid, page in enumerate(self.pages):
            terms: dict[str, float] = {}
            parsed = ParsedUrl(page.url)
            url_words = parsed.weighted_words()
            title_words = text_tokens(page.title)
            fields = [url_words, [(w, TITLE_WEIGHT) for w in title_words]]
            if page.h1:
                fields.append([(w, H1_WEIGHT) for w in text_tokens(page.h1)])
            if page.description:
                fields.append([(w, DESCRIPTION_WEIGHT) for w in text_tokens(page.description)])
            for pairs in fields:
                for word, weight in pairs:
                    s = stems.get(word)
                    if s is None:
                        s = stems[word] = stem(word)
                    if weight > terms.get(s, 0.0):
                        terms[s] = weight
            self.page_terms.append(terms)
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
            self.by_path.setdefault((parsed.host, path), pid)
            depth = (len(path), len(page.url))
            if depth < home_depth:
                self.home, home_depth = pid, depth
            self.phrases.append((" ".join(title_words or text_tokens(page.h1)), " ".join(parsed.slug_words())))
            self.url_stems.append(" ".join([stems[w] for w, _ in url_words]))
        self.hosts = {host for host, _ in self.by_path}
        self.idf: dict[str, float] = {}
        idf = self.idf
        for s, groups in postings.items():
            d = sum(map(len, groups.values()))
            idf[s] = math.log(1.0 + (n - d + 0.5) / (d + 0.5))
        self.max_idf = math.log(1.0 + (n + 0.5) / 0.5)
        self.mass = mass = [sum(idf[s] * w for s, w in terms.items()) for terms in self.page_terms]
        # Postings in impact order: heaviest occurrence first, and only the MAX_POSTINGS first of a
        # common word (among equals, the pages with the least else on them). Common words also keep
        # their full page set, to intersect (see scoring.candidates).
        self.postings: dict[str, list[tuple[float, list[int]]]] = {}
        self.common: dict[str, frozenset[int]] = {}
        for s, groups in postings.items():
            ordered = sorted(groups.items(), reverse=True)
            if len(groups) == 1 and len(ordered[0][1]) <= MAX_POSTINGS:
                self.postings[s] = ordered
                continue
            total = sum(len(pids) for _, pids in ordered)
            if total > MAX_POSTINGS:
                self.common[s] = frozenset(itertools.chain.from_iterable(groups.values()))
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
            self.postings[s] = ordered
        self._fuzzy_vocab = [s for s in postings if len(s) >= 3 and s.isalpha()]
        self._expansions: dict[str, tuple[tuple[str, float], ...]] = {}
        self._compounds: dict[str, tuple[str, ...]] = {}

    # -- words → site words -------------------------------------------------------------------

    def stem(self, word: str) -> str:
        s = self._stems.get(word)
        if s is None:
            if len(self._stems) > CACHE_LIMIT:
                self._stems.clear()
            s = self._stems[word] = stem(word)
        return s

    def expand(self, s: str) -> tuple[tuple[str, float], ...]:
        """The site words standing for stem ``s``, each with a similarity 0..1."""
        found = self._expansions.get(s)
        if found is not None:
            return found
        if s in self.idf:
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

    def split_compound(self, s: str) -> tuple[str, ...]:
        """The site words an unknown word is glued from ("addons" → add, ons; "onblur" → blur), or ()."""
        found = self._compounds.get(s)
        if found is not None:
            return found
        best: tuple[str, ...] = ()
        best_len = 0
        if s.isalpha() and len(s) >= 5:
            for i in range(2, len(s) - 1):
                left, right = s[:i], stem(s[i:])
                if right not in self.idf:
                    continue
                if stem(left) in self.idf:
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

    def idf_of(self, s: str) -> float:
        """IDF of a finding's word: a word unknown to the site weighs like its nearest site word,
        or the most (it is the finding's most specific word and no page has it)."""
        idf = self.idf.get(s)
        if idf is not None:
            return idf
        near = self.expand(s)
        return self.idf[near[0][0]] if near else self.max_idf

    def ancestor(self, url: str) -> tuple[int, int] | None:
        """(page, levels up) of the nearest existing ancestor of a URL on the own site, if any."""
        parsed = ParsedUrl(url)
        if parsed.host not in self.hosts:
            return None
        key = tuple(seg.lower() for seg in parsed.segments)
        for up in range(1, len(key) + 1):
            pid = self.by_path.get((parsed.host, key[: len(key) - up]))
            if pid is not None:
                return pid, up
        return None
