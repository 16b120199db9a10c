"""`mentionfinder demo`: serve the bundled sample web on loopback, crawl it with RESOLVE, return the findings."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from mentionfinder.demo.sampleweb import SampleWeb
from mentionfinder.store import Store

# The sample web ships inside the package; pip installs packages as folders, so this is a real path.
DEMO_DIR = Path(str(files("mentionfinder.demo") / "web"))


class DemoError(Exception):
    """The demo could not run; the message says why."""


def crawl_command(web: SampleWeb, pack: Path, config: Path, db: Path, *extra: str) -> list[str]:
    """The `scrapy crawl` command line that crawls a SampleWeb with its hosts pinned to loopback."""
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "resources",
        "-a",
        f"niche={pack}",
        "-s",
        f"RESOLVE={web.resolve_setting()}",
        "-s",
        f"MENTIONFINDER_DB={db}",
        "-s",
        f"MENTIONFINDER_CONFIG={config}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "MENTIONFINDER_CHECK_TIMEOUT=5",
        "-s",
        "RETRY_TIMES=1",
        *extra,
    ]


def crawl_env() -> dict:
    """Environment for a crawl subprocess that may start outside the project folder (no scrapy.cfg there)."""
    return dict(os.environ, SCRAPY_SETTINGS_MODULE="mentionfinder.settings")


def run(db_path: str | None = None, root: Path = DEMO_DIR) -> list[dict]:
    """Crawl the sample web; the crawl's summary goes to stderr; returns the opportunity records."""
    if not (root / "niche.toml").is_file():
        raise DemoError(f"sample web not found in {root} — reinstall mentionfinder from its source folder")
    with tempfile.TemporaryDirectory(prefix="mentionfinder-demo-") as tmp, SampleWeb(root) as web:
        tmpdir = Path(tmp)
        pack = tmpdir / "demo-health.toml"
        pack.write_text(web.fill((root / "niche.toml").read_text("utf-8")), "utf-8")
        config = tmpdir / "mentionfinder.toml"
        config.write_text(web.fill((root / "mentionfinder.toml").read_text("utf-8")), "utf-8")
        db = Path(db_path).resolve() if db_path else tmpdir / "demo.db"
        print(
            f"serving the sample web ({len(web.hosts)} hosts) on {web.address}:{web.port}; crawling…", file=sys.stderr
        )
        done = subprocess.run(
            crawl_command(web, pack, config, db, "-s", "LOG_LEVEL=WARNING"), cwd=tmpdir, env=crawl_env(), timeout=300
        )
        if done.returncode != 0:
            raise DemoError(f"the demo crawl failed (exit {done.returncode}); see the messages above")
        store = Store(db)
        try:
            return list(store.opportunities())
        finally:
            store.close()
