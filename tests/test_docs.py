"""The README documents every command, every setting of ours and every verdict reason."""

from __future__ import annotations

import re

import pytest

from mentionfinder import settings
from mentionfinder.check.verdicts import REASONS
from mentionfinder.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
OUR_SETTINGS = sorted(name for name in vars(settings) if name.startswith("MENTIONFINDER_") or name == "RESOLVE")


@pytest.mark.parametrize("name", OUR_SETTINGS)
def test_setting_is_documented(name):
    assert re.search(rf"\|\s*`{name}`\s*\|", README), f"{name} missing from the README's settings table"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_command_is_documented(command):
    assert f"mentionfinder {command}" in README


@pytest.mark.parametrize("reason", sorted({r for reasons in REASONS.values() for r in reasons}))
def test_reason_is_documented(reason):
    assert f"`{reason}`" in README


def test_readme_names_the_test_command_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "make test" in ci and "make test" in README
