"""The pure packages take plain values and return plain values: no Scrapy, no Twisted, no sockets, no HTTP
client, no files, no database, no subprocess — so they can be used and tested without a reactor or a network.

Every module of a pure package is checked, found by walking the package (a new module is covered the day
it is added), by importing it in a fresh interpreter and by reading its source.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

PURE_PACKAGES = ("mentionfinder.page", "mentionfinder.check", "mentionfinder.ownsite")
PURE_MODULES = (
    "mentionfinder.domains",
    "mentionfinder.netguard",
    "mentionfinder.output.tables",
    "mentionfinder.output.layouts",
    "mentionfinder.output.export",
)

# Modules whose import means I/O of a kind the pure stages never do.
FORBIDDEN_IMPORTS = {
    "scrapy",
    "twisted",
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "requests",
    "aiohttp",
    "redis",
    "sqlite3",
    "sqlite_utils",
    "subprocess",
    "shutil",
    "tempfile",
    "asyncio",
    "threading",
    "multiprocessing",
}
# Calls and methods that read or write files.
FORBIDDEN_CALLS = {
    "open",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "unlink",
    "mkdir",
    "rmdir",
    "remove",
    "rename",
    "replace_file",
    "iterdir",
    "glob",
    "rglob",
    "urlopen",
}


def modules_of(package: str) -> list[str]:
    root = importlib.import_module(package)
    return [package, *sorted(m.name for m in pkgutil.walk_packages(root.__path__, package + "."))]


PURE = [module for package in PURE_PACKAGES for module in modules_of(package)] + list(PURE_MODULES)

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("scrapy", "twisted", "aiohttp", "redis", "sqlite_utils"))
print(" ".join(heavy) or "clean")
"""


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_imports_no_crawler_machinery(package):
    for module in modules_of(package):
        result = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "clean", f"{module} pulls in: {result.stdout.strip()}"


def io_in_source(path: Path) -> list[str]:
    """Imports of I/O modules and file-touching calls in a module's source, as 'line: what' strings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            names = []
        for name in names:
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_IMPORTS):
                found.append(f"{node.lineno}: import {name}")
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in FORBIDDEN_CALLS:
                found.append(f"{node.lineno}: {called}()")
    return found


@pytest.mark.parametrize("module", PURE)
def test_pure_module_does_no_io(module):
    path = Path(importlib.import_module(module).__file__)
    assert io_in_source(path) == [], f"{module} does I/O"


def test_the_io_check_can_fail(tmp_path):
    # The check above is only as good as its detection: show it catches each kind of I/O.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import socket\nfrom urllib.request import urlopen\nimport sqlite3\n"
        "def f(p):\n    return open(p).read() + p.read_text()\n"
    )
    assert sorted(line.split(": ")[1] for line in io_in_source(sample)) == sorted(
        [
            "import socket",
            "import urllib.request",
            "import urllib.request.urlopen",
            "import sqlite3",
            "open()",
            "read_text()",
        ]
    )
