"""Benchmark the replacement matcher on a real redirect map, then on a large synthetic site.

    python bench/matcher.py --pages PAGES.tsv --pairs REDIRECTS.tsv [--k 5] [--no-speed] [--verbose]

Accuracy: every redirect pair's old URL is treated as a dead link (no anchor text, no context)
and the pages (``url<TAB>title``, header row, no quoting) as the own site; prints the share of
pairs whose new URL is ranked first (``top1``) and among the first k (``top5``), plus the
precision of the first suggestion at a few score thresholds (how to choose the threshold).

Speed: 10,000 findings against 50,000 own pages, generated deterministically (fixed seed) from
the words of the given pages file: pages in nested sections with slugs and titles drawn from
that vocabulary, findings derived from pages the way links rot (a word dropped, added or
misspelled, the section renamed, camelCase or .html slugs, anchor text present or not) plus
findings about nothing on the site.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentionfinder.ownsite.matcher import Finding, Matcher, OwnPage
from mentionfinder.ownsite.tokens import text_tokens, url_tokens

THRESHOLDS = (20, 25, 30, 35, 40, 45, 50, 60)


def read_tsv(path: str | Path) -> list[tuple[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        next(handle, None)  # header
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            first, _, second = line.partition("\t")
            rows.append((first, second))
    return rows


def accuracy(pages_path: str, pairs_path: str, k: int = 5, verbose: bool = False) -> None:
    pages = [OwnPage(url, title) for url, title in read_tsv(pages_path)]
    pairs = read_tsv(pairs_path)
    start = time.perf_counter()
    matcher = Matcher(pages)
    ranked = matcher.rank_many([Finding(target_url=old) for old, _ in pairs], k=k)
    elapsed = time.perf_counter() - start
    top1 = topk = 0
    firsts: list[tuple[float, bool]] = []
    for (old, new), matches in zip(pairs, ranked):
        urls = [m.url for m in matches]
        hit1 = bool(urls) and urls[0] == new
        top1 += hit1
        topk += new in urls
        if matches:
            firsts.append((matches[0].score, hit1))
        if verbose and not hit1:
            print(
                f"MISS {old}\n  want {new}\n  got  "
                + "\n       ".join(f"{m.score:5.1f} {m.url}  [{m.signal}]" for m in matches[:3])
            )
    n = len(pairs) or 1
    print(f"pairs: {len(pairs)}  pages: {len(pages)}")
    print(f"top1: {top1 / n:.3f}")
    print(f"top{k}: {topk / n:.3f}")
    parts = []
    for t in sorted({*THRESHOLDS, matcher.threshold}):
        above = [hit for score, hit in firsts if score >= t]
        if above:
            mark = "*" if t == matcher.threshold else ""
            parts.append(f">={t:g}{mark}: {sum(above) / len(above):.2f} ({len(above) / n:.0%})")
    print("top1 precision by score threshold (share of pairs suggested; * default): " + "  ".join(parts))
    print(f"time: {elapsed:.2f} s ({len(pairs)} findings x {len(pages)} pages, index included)")


# --------------------------------------------------------------------------------------------
# Synthetic site


def _vocabulary(pages_path: str) -> tuple[list[str], list[int]]:
    counts: Counter[str] = Counter()
    for url, title in read_tsv(pages_path):
        counts.update(w for w in url_tokens(url) + text_tokens(title) if w.isalpha() and len(w) > 2)
    words = sorted(counts)
    return words, [counts[w] for w in words]


def _misspell(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    choice = rng.random()
    if choice < 0.4:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if choice < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    return word + ("s" if not word.endswith("s") else "")  # plural


def _nonsense(rng: random.Random) -> str:
    """A made-up word ("bofaluk"): nothing on any site should match it."""
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def _slug(words: list[str], style: int) -> str:
    if style == 0:
        return "-".join(words)
    if style == 1:
        return "_".join(w.capitalize() for w in words)
    if style == 2:
        return "".join(w.capitalize() for w in words)
    return "_".join(words) + ".html"


def synthetic(
    pages_path: str, n_pages: int = 50_000, n_findings: int = 10_000, seed: int = 20240611
) -> tuple[list[OwnPage], list[Finding], list[int | None]]:
    """(pages, findings, the page each finding was derived from or None for made-up findings)."""
    rng = random.Random(seed)
    words, weights = _vocabulary(pages_path)
    cumulative = list(itertools.accumulate(weights))
    draw = lambda n: rng.choices(words, cum_weights=cumulative, k=n)  # noqa: E731  (real frequencies)
    sections = rng.sample(words, 12)
    subsections = [rng.sample(words, 40) for _ in sections]
    pages: list[OwnPage] = [OwnPage("https://site.example/", "Home")]
    origins: list[tuple[int, int, list[str]]] = [(-1, -1, [])]
    seen: set[str] = set()
    while len(pages) < n_pages:
        si, sub = rng.randrange(len(sections)), rng.randrange(40)
        slug = draw(rng.randint(1, 4))
        url = f"https://site.example/{sections[si]}/{subsections[si][sub]}/{'-'.join(slug)}/"
        if url in seen:
            continue
        seen.add(url)
        title_words = slug + draw(rng.choice((0, 0, 1, 2)))
        rng.shuffle(title_words)
        pages.append(
            OwnPage(url, " ".join(w.capitalize() for w in title_words), description=" ".join(draw(rng.randint(0, 12))))
        )
        origins.append((si, sub, slug))
    findings: list[Finding] = []
    sources: list[int | None] = []
    while len(findings) < n_findings:
        if rng.random() < 0.25:  # about nothing on the site
            slug = [_nonsense(rng) for _ in range(rng.randint(1, 3))]
            findings.append(
                Finding(
                    f"https://other.example/{_slug(slug, rng.randrange(4))}",
                    anchor_text=" ".join(slug) if rng.random() < 0.5 else "",
                )
            )
            sources.append(None)
            continue
        pid = rng.randrange(1, len(pages))
        si, sub, slug = origins[pid]
        slug = list(slug)
        change = rng.random()
        if change < 0.2 and len(slug) > 1:
            slug.pop(rng.randrange(len(slug)))  # a word dropped
        elif change < 0.4:
            slug.insert(rng.randrange(len(slug) + 1), draw(1)[0])  # a word added
        elif change < 0.6:
            j = rng.randrange(len(slug))
            slug[j] = _misspell(slug[j], rng)  # a word misspelled
        section = sections[si] if rng.random() < 0.6 else rng.choice(sections)
        host = "site.example" if rng.random() < 0.5 else "old-site.example"
        url = f"https://{host}/{section}/{subsections[si][sub]}/{_slug(slug, rng.randrange(4))}"
        anchor = " ".join(slug) if rng.random() < 0.5 else ""
        findings.append(
            Finding(
                url,
                anchor_text=anchor,
                context=" ".join(draw(rng.randint(0, 25))),
                page_title=" ".join(draw(rng.randint(0, 6))),
            )
        )
        sources.append(pid)
    return pages, findings, sources


def speed(pages_path: str, n_pages: int = 50_000, n_findings: int = 10_000, k: int = 5) -> None:
    pages, findings, sources = synthetic(pages_path, n_pages, n_findings)
    start, cpu = time.perf_counter(), time.process_time()
    matcher = Matcher(pages)
    built = time.perf_counter()
    ranked = matcher.rank_many(findings, k=k)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    real = [(r, pages[pid].url) for r, pid in zip(ranked, sources) if pid is not None]
    junk = [r for r, pid in zip(ranked, sources) if pid is None]
    top1 = sum(bool(r) and r[0].url == url for r, url in real) / max(1, len(real))
    above = sum(bool(r) and r[0].score >= matcher.threshold for r, _ in real) / max(1, len(real))
    junk_above = sum(bool(r) and r[0].score >= matcher.threshold for r in junk) / max(1, len(junk))
    print(
        f"speed: {len(findings)} findings x {len(pages)} pages in {done - start:.1f} s "
        f"(index {built - start:.1f} s, ranking {done - built:.1f} s; CPU time {cpu:.1f} s)"
    )
    print(
        f"synthetic: top1 {top1:.3f} of derived findings, above threshold {above:.0%}; "
        f"made-up findings above threshold {junk_above:.0%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, help="url<TAB>title, header row (also the speed test's vocabulary)")
    parser.add_argument("--pairs", help="old_url<TAB>new_url, header row (without: only the speed test)")
    parser.add_argument("--k", type=int, default=5, help="top-k to report beside top-1 (default 5)")
    parser.add_argument(
        "--speed",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the speed test after the accuracy part (default: yes)",
    )
    parser.add_argument("--speed-pages", type=int, default=50_000)
    parser.add_argument("--speed-findings", type=int, default=10_000)
    parser.add_argument("--verbose", action="store_true", help="print every pair whose new URL is not first")
    args = parser.parse_args(argv)
    if args.pairs:
        accuracy(args.pages, args.pairs, args.k, args.verbose)
    if args.speed:
        speed(args.pages, args.speed_pages, args.speed_findings, k=args.k)
    return 0


if __name__ == "__main__":
    sys.exit(main())
