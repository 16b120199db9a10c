"""Matcher scoring: a finding's weighted words (a Query) and the page index → the best pages, scored 0–100."""

from __future__ import annotations

import heapq
import math

from rapidfuzz import fuzz

from mentionfinder.ownsite.index import PageIndex

__all__ = ["Query", "rank_link", "rank_topic"]

# Candidates scored in full; words weighing less than this share of the finding's heaviest word do
# not gather candidates; the pages having two of the finding's heaviest common words are intersected.
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


class Query:
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

    def make_plan(self, index: PageIndex) -> None:
        """Weigh the words against the index: what they are worth and which site words they stand for."""
        self.plan = [(s, qw, index.idf_of(s) * qw, index.expand(s)) for s, qw in self.terms.items()]
        self.total = sum(w for _, _, w, _ in self.plan)


def rank_link(
    index: PageIndex, link: Query, topic: Query, k: int, ancestor: tuple[int, int] | None
) -> list[tuple[float, int]]:
    """(score, page) of the k best pages for a dead link's words, best first.

    ``topic`` (the text around the link) adds a bonus; ``ancestor`` is (page, levels up) of the dead
    URL's nearest existing ancestor on the own site, if any.
    """
    cover = _cover(link)
    topic_cover = _cover(topic) if topic.terms else None
    candidates = _candidates(index, link, max(CANDIDATES, k))
    if ancestor is not None and ancestor[0] not in candidates:
        candidates.append(ancestor[0])
    mass = index.mass
    scored = []
    for pid in candidates:
        score = _link_score(index, link, cover, pid)
        if score <= 0.0:
            continue
        if ancestor is not None and pid == ancestor[0]:
            score += ANCESTOR_BONUS / ancestor[1]
        scored.append((score, -mass[pid], -pid))
    scored.sort(reverse=True)
    if topic_cover is not None and scored:
        # The text around the link adds at most CONTEXT_BONUS: only pages that could then
        # reach the first k need it.
        floor = scored[min(k, len(scored)) - 1][0] - CONTEXT_BONUS
        scored = [
            (score + _context_bonus(index, topic_cover, -neg_pid), tie, neg_pid)
            for score, tie, neg_pid in scored
            if score >= floor
        ]
        scored.sort(reverse=True)
    return [(min(score, 100.0), -neg_pid) for score, _, neg_pid in scored[:k]]


def rank_topic(index: PageIndex, q: Query, k: int) -> list[tuple[float, int]]:
    """(score, page) of the k best pages for a text (a mention's context), best first."""
    cover = _cover(q)
    scored = []
    for pid in _candidates(index, q, max(CANDIDATES, k)):
        score = _topic_score(index, cover, pid)
        if score > 0.0:
            scored.append((score, -index.mass[pid], -pid))
    scored.sort(reverse=True)
    return [(score, -neg_pid) for score, _, neg_pid in scored[:k]]


def _candidates(index: PageIndex, q: Query, limit: int) -> list[int]:
    """The pages sharing the most weighted words with the query (inverted index)."""
    if not q.plan:
        return []
    floor = GATHER_MIN_SHARE * max(w for _, _, w, _ in q.plan)
    acc: dict[int, float] = {}
    get = acc.get
    postings = index.postings
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
    common = index.common
    strong = sorted(
        ((w * near[0][1], near[0][0]) for _, _, w, near in q.plan if near and w >= floor and near[0][0] in common),
        reverse=True,
    )[:INTERSECT_WORDS]
    if len(strong) >= 2:
        page_terms = index.page_terms
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


def _cover(q: Query) -> dict[str, float]:
    """Site word → how strongly the query contains it (0..1)."""
    cover: dict[str, float] = {}
    for _, qw, _, near in q.plan:
        for u, sim in near:
            v = qw * sim
            if v > cover.get(u, 0.0):
                cover[u] = v
    return cover


def _explained(index: PageIndex, cover: dict[str, float], pid: int) -> float:
    """The IDF mass of page ``pid``'s words that the query contains."""
    idf = index.idf
    explained = 0.0
    for u, pw in index.page_terms[pid].items():
        c = cover.get(u)
        if c:
            explained += idf[u] * pw * c
    return explained


def _recall(index: PageIndex, q: Query, pid: int) -> float:
    """The share of the query's weighted words that page ``pid`` contains."""
    terms = index.page_terms[pid]
    num = 0.0
    for _, _, w, near in q.plan:
        best = 0.0
        for u, sim in near:
            pw = terms.get(u)
            if pw is not None and pw * sim > best:
                best = pw * sim
        num += w * best
    return num / q.total if q.total > 0 else 0.0


def _string_similarity(index: PageIndex, phrase: str, pid: int) -> float:
    if not phrase:
        return 0.0
    title, slug = index.phrases[pid]
    return max(fuzz.token_sort_ratio(phrase, title), fuzz.token_sort_ratio(phrase, slug)) / 100.0


def _link_score(index: PageIndex, q: Query, cover: dict[str, float], pid: int) -> float:
    recall = _recall(index, q, pid)
    if recall <= 0.0:
        return 0.0
    mass = index.mass[pid]
    precision = _explained(index, cover, pid) / mass if mass > 0 else 0.0
    b2 = BETA * BETA
    f = (1 + b2) * precision * recall / (b2 * precision + recall)
    return 100.0 * ((1 - STRING_SHARE) * f + STRING_SHARE * recall * _string_similarity(index, q.phrase, pid))


def _context_bonus(index: PageIndex, cover: dict[str, float], pid: int) -> float:
    """Points for the page's words found in the text around a link (their IDF mass, saturating)."""
    return CONTEXT_BONUS * (1.0 - math.exp(-_explained(index, cover, pid) / MENTION_MASS))


def _topic_score(index: PageIndex, cover: dict[str, float], pid: int) -> float:
    """How much of the page the text contains (precision), trusted more the more it weighs."""
    mass = index.mass[pid]
    if mass <= 0:
        return 0.0
    explained = _explained(index, cover, pid)
    return 100.0 * (explained / mass) * (1.0 - math.exp(-explained / MENTION_MASS))
