"""Run every pure page stage over ~110 real web pages (trafilatura 1.1.0's test cache): 0 exceptions wanted.

    python bench/robustness.py [--cache DIR]

The pages are third-party content: they are downloaded with pip into a cache folder, never committed.
Prints one line per page (time in ms, links, text blocks, mentions, emails) and a summary whose last line
is `pages=N exceptions=E mean_ms=M max_ms=X`. Exits non-zero when any stage raised.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentionfinder.check.clues import page_signals  # noqa: E402
from mentionfinder.page.analysis import analyse  # noqa: E402

SDIST = "trafilatura==1.1.0"
BRAND = ("Wikipedia", "Google", "Twitter", "Facebook")  # names real pages mention, linked or not


def fetch_pages(cache: Path) -> list[Path]:
    pages_dir = cache / "pages"
    if not pages_dir.is_dir() or not any(pages_dir.iterdir()):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                SDIST,
                "-d",
                str(cache),
            ],
            check=True,
        )
        sdist = next(cache.glob("trafilatura-*.tar.gz"))
        pages_dir.mkdir(exist_ok=True)
        with tarfile.open(sdist) as tar:
            for member in tar.getmembers():
                if "/tests/cache/" in member.name and member.isfile():
                    target = pages_dir / Path(member.name).name
                    target.write_bytes(tar.extractfile(member).read())
    return sorted(p for p in pages_dir.iterdir() if p.is_file())


def stages(body: bytes, url: str) -> tuple[int, int, int, int]:
    seen = analyse(
        body, url, brand_names=BRAND, brand_domains=frozenset({"wikipedia.org"}), footprints=("links", "resources")
    )
    page_signals(body, url, {"content-type": "text/html"})
    emails = 0
    try:
        from mentionfinder.page.emails import find_emails
    except ImportError:  # contacts arrive with the outreach feature
        pass
    else:
        emails = len(find_emails(body, url))
    return len(seen.page.links), len(seen.page.text_blocks), len(seen.mentions), emails


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache" / "trafilatura")
    args = parser.parse_args()
    pages = fetch_pages(args.cache)
    failures, times = 0, []
    for path in pages:
        body = path.read_bytes()
        url = f"https://{path.stem.replace('.html', '')}.example/"
        start = time.perf_counter()
        try:
            links, blocks, mentions, emails = stages(body, url)
        except Exception:
            failures += 1
            print(f"EXCEPTION {path.name}\n{traceback.format_exc()}")
            continue
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        print(
            f"{elapsed:8.1f} ms  {path.name[:48]:48}  links={links:4d} blocks={blocks:4d} "
            f"mentions={mentions:3d} emails={emails:2d}"
        )
    mean = sum(times) / len(times) if times else 0.0
    print(f"pages={len(pages)} exceptions={failures} mean_ms={mean:.1f} max_ms={max(times, default=0):.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
