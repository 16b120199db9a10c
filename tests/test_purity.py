"""The pure stages import neither Scrapy nor Twisted, so they can be used and tested without a reactor."""

import subprocess
import sys

import pytest

PURE_MODULES = [
    "ownsite.matcher",
    "ownsite.tokens",
    "ownsite.index",
    "ownsite.scoring",
    "ownsite.replacements",
    "output.layouts",
    "output.webhook",
    "check.clues",
    "check.bodytext",
    "check.notfound",
    "check.parking",
    "check.challenges",
    "check.outage",
    "ownsite.sitemaps",
    "ownsite.gunzip",
    "page.contacts",
    "page.emails",
    "page.addresses",
    "page.htmltext",
    "page.extract",
    "page.mentions",
    "check.verdicts",
    "page.footprints",
    "domains",
    "netguard",
    "config",
    "output.export",
    "page.analysis",
    "output.tables",
]

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("scrapy", "twisted"))
print(" ".join(heavy) or "clean")
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_scrapy_or_twisted(module):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, f"mentionfinder.{module}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean", f"mentionfinder.{module} pulls in: {result.stdout.strip()}"
