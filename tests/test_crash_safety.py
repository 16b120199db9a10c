"""A crawl killed at any moment leaves a consistent database, and the next run completes the work."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

from mentionfinder.demo.run import crawl_env
from mentionfinder.store import integrity_ok
from tests.conftest import make_crawl
from tests.spiders.test_resources import EXPECTED_BROKEN, EXPECTED_UNLINKED, fill


def count_pages(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_sigkill_mid_crawl_then_rerun(web, tmp_path):
    crawl = make_crawl(web, tmp_path / "killed")

    cmd = crawl.command("MENTIONFINDER_BATCH_SIZE=1", "LOG_LEVEL=WARNING")
    proc = subprocess.Popen(
        cmd, cwd=crawl.workdir, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while count_pages(crawl.db) == 0 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        proc.kill()  # SIGKILL: no cleanup of any kind
    finally:
        proc.wait(timeout=30)

    assert integrity_ok(crawl.db)
    assert [s for (s,) in crawl.rows("SELECT status FROM runs")] == ["running"]

    crawl.run()
    assert integrity_ok(crawl.db)
    export = subprocess.run(
        [sys.executable, "-m", "mentionfinder.cli", "export", "--db", str(crawl.db), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    records = [json.loads(line) for line in export.stdout.splitlines()]
    assert {(r["page_url"], r["target_url"], r["reason"]) for r in records if r["type"] == "broken_link"} == fill(
        web, EXPECTED_BROKEN
    )
    assert {r["page_url"] for r in records if r["type"] == "unlinked_mention"} == fill(web, EXPECTED_UNLINKED)
    assert len({r["opportunity_id"] for r in records}) == len(records)
    assert crawl.rows("SELECT count(*) - count(DISTINCT page_url || target_url || anchor_text) FROM links") == [(0,)]
