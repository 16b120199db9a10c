"""The test tree mirrors the package: mentionfinder/<package>/<module>.py is tested in
tests/<package>/test_<module>.py (spiders/<module>.py in tests/spiders/), and no module is over 400 lines."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

MAX_LINES = 400


def holds_code(path) -> bool:
    """An __init__.py that only documents its package (a docstring, imports, __all__) needs no test file."""
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Expr | ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["__all__"]:
            continue
        return True
    return False


def modules() -> list[str]:
    found = []
    for top in ("mentionfinder", "spiders"):
        for path in sorted((ROOT / top).rglob("*.py")):
            # `python -m` entry points only call the command they name: nothing of their own to test.
            if path.name == "__main__.py":
                continue
            if path.name != "__init__.py" or holds_code(path):
                found.append(path.relative_to(ROOT).as_posix())
    return found


def test_file_for(module: str) -> str:
    """mentionfinder/check/verdicts.py → tests/check/test_verdicts.py; store/__init__.py → tests/store/test_init.py."""
    parts = module.removesuffix(".py").split("/")
    if parts[0] == "mentionfinder":
        parts = parts[1:]
    name = "init" if parts[-1] == "__init__" else parts[-1]
    return "/".join(["tests", *parts[:-1], f"test_{name}.py"])


test_file_for.__test__ = False  # a helper, not a test


@pytest.mark.parametrize(
    "module, expected",
    [
        ("mentionfinder/check/verdicts.py", "tests/check/test_verdicts.py"),
        ("mentionfinder/config.py", "tests/test_config.py"),
    ]
    + [("mentionfinder/crawl/commands/crawl.py", "tests/crawl/commands/test_crawl.py")]
    + [
        ("spiders/resources.py", "tests/spiders/test_resources.py"),
        ("mentionfinder/store/__init__.py", "tests/store/test_init.py"),
    ],
)
def test_mirrored_paths(module, expected):
    assert test_file_for(module) == expected


def test_the_walk_finds_the_modules():
    found = modules()
    assert {"mentionfinder/check/verdicts.py", "mentionfinder/crawl/commands/crawl.py", "spiders/resources.py"} <= set(
        found
    )
    assert "mentionfinder/page/__init__.py" not in found  # a docstring only
    assert "mentionfinder/store/__init__.py" in found  # holds the Store class


@pytest.mark.parametrize("module", modules())
def test_every_module_has_its_test_file(module):
    assert (ROOT / test_file_for(module)).is_file(), f"{module} has no {test_file_for(module)}"


@pytest.mark.parametrize("module", modules())
def test_no_module_is_over_the_line_limit(module):
    lines = len((ROOT / module).read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"
