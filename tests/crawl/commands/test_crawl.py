"""mentionfinder.crawl.commands.crawl: the `scrapy crawl` command mentionfinder installs."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("gen0, expected", [(50_000, "50000 True"), (0, "700 False")])
def test_crawl_process_garbage_collector_tuning(gen0, expected):
    # In a fresh interpreter: the setting changes the process it runs in.
    code = (
        "import gc; from mentionfinder.crawl.commands.crawl import tune_gc; "
        f"tune_gc({gen0}); print(gc.get_threshold()[0], gc.get_freeze_count() > 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == expected, done.stderr
