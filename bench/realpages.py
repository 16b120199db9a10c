"""How the page rules judge real pages: the real-pages corpus crawled by the real spider, per class.

    python bench/realpages.py [--corpus DIR] [--extra] [--cache DIR]

Serves ../shared/data/real-pages (or --corpus, or $MENTIONFINDER_REAL_PAGES) on loopback as its README says
(tests/realweb.py), crawls it with `scrapy crawl resources` and prints per class: pages, dead, blocked,
unverified, alive and recall (the share judged right), then every page judged wrong with its verdict,
reason and signal. `--extra` then does the same for default and error pages taken from public packages at
run time (bench/extrapages.py): a check that the rules were not fitted to the corpus. Exit 1 when a target
is missed (soft404 recall < 0.95, parked < 0.90, any challenge or normal page dead).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.realweb import CLASSES, RealWeb, corpus_dir, crawl, load, recall, tally  # noqa: E402

TARGETS = {"soft404": 0.95, "parked": 0.90}


def report(results, title: str) -> bool:
    """Print the per-class table and the misses; True when every target is met."""
    table = tally(results)
    print(f"\n{title}")
    print(
        f"{'class':10} {'pages':>5} {'dead':>5} {'blocked':>7} {'unverif':>7} {'alive':>5} {'other':>5} {'recall':>6}"
    )
    ok = True
    for cls in CLASSES:
        row = table[cls]
        if not row["pages"]:
            continue
        r = recall(row, cls)
        print(
            f"{cls:10} {row['pages']:5d} {row['dead']:5d} {row['blocked']:7d} {row['unverified']:7d} "
            f"{row['alive']:5d} {row['other']:5d} {r:6.2f}"
        )
        ok &= r >= TARGETS.get(cls, 1.0)
    dead = [r for r in results if r.verdict == "dead"]
    by_probe = sum("random missing path" in r.signal for r in dead)
    print(f"dead by what the page says: {len(dead) - by_probe}, only by the probe (same as a random path): {by_probe}")
    misses = [r for r in results if not r.right]
    if misses:
        print("\nmisses:")
    for r in sorted(misses, key=lambda r: (r.page.cls, r.page.id)):
        print(f"  {r.page.cls:9} {r.page.id:32} {r.verdict}/{r.reason}: {r.signal[-160:]}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="the real-pages folder (default: ../shared/...)")
    parser.add_argument("--extra", action="store_true", help="also judge default/error pages from public packages")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "extrapages")
    args = parser.parse_args(argv)
    folder = args.corpus or corpus_dir()
    ok = True
    with tempfile.TemporaryDirectory(prefix="realpages-") as tmp:
        if (folder / "manifest.tsv").is_file():
            pages = load(folder)
            with RealWeb(pages) as web:
                ok = report(crawl(web, Path(tmp) / "corpus"), f"real pages: {folder} ({len(pages)} pages)")
        else:
            print(f"no corpus at {folder} (set --corpus or $MENTIONFINDER_REAL_PAGES)")
            ok = False
        if args.extra:
            from bench.extrapages import collect  # only when asked: it downloads packages

            extra = collect(args.cache)
            with RealWeb(extra) as web:
                report(crawl(web, Path(tmp) / "extra"), f"extra pages from public packages ({len(extra)} pages)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
