"""mentionfinder/__init__.py: the version the package reports is the one it is built with."""

from __future__ import annotations

import tomllib

import mentionfinder
from tests.conftest import ROOT


def test_version_and_user_agent():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert mentionfinder.__version__ == project["version"]
    assert mentionfinder.HOMEPAGE == project["urls"]["Homepage"]
    assert mentionfinder.USER_AGENT == f"mentionfinder/{project['version']} (+{project['urls']['Homepage']})"
