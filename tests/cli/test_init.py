"""The `mentionfinder` group: every command registered, each with help that carries an example."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mentionfinder.cli import main

COMMANDS = {"demo", "explain", "export", "ingest", "inspect", "match", "mentions", "push", "seed", "status"}


def test_every_command_is_registered():
    assert set(main.commands) == COMMANDS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: main " + command in result.output or f"Usage: mentionfinder {command}" in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "version" in result.output
