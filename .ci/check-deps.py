#!/usr/bin/env python3
"""Every third-party import is declared in pyproject.toml.

Walks the AST of every module (imports inside functions too), maps each top-level import to the
distribution that provides it in the running environment (importlib.metadata.packages_distributions()),
and fails when that distribution is not declared: mentionfinder/ and spiders/ need it in `dependencies`,
tests/ and bench/ in `dependencies` or the `test` extra. Run it with the project's venv python after
`make install`, from the repository root (`make lint` runs it).
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

FIRST_PARTY = {"mentionfinder", "spiders", "tests", "bench", "__future__"}
# Modules of bench/ that it imports from its own folder (bench/run.py imports `web`, ...).
LOCAL = {p.stem for p in Path("bench").glob("*.py")}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> set[str]:
    return {normalise(re.match(r"[A-Za-z0-9._-]+", r.strip()).group(0)) for r in requirements}


def imports(root: str) -> dict[str, set[str]]:
    """Top-level third-party module → the files importing it."""
    found: dict[str, set[str]] = {}
    for path in sorted(Path(root).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in FIRST_PARTY or (root == "bench" and top in LOCAL):
                    continue
                found.setdefault(top, set()).add(str(path))
    return found


def main() -> int:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = declared(project["dependencies"])
    test = runtime | declared(project.get("optional-dependencies", {}).get("test", []))
    providers = md.packages_distributions()
    problems = []
    for root, allowed, where in [
        ("mentionfinder", runtime, "dependencies"),
        ("spiders", runtime, "dependencies"),
        ("tests", test, "dependencies or the test extra"),
        ("bench", test, "dependencies or the test extra"),
    ]:
        for module, files in sorted(imports(root).items()):
            dists = providers.get(module)
            if not dists:
                problems.append(f"{module}: imported by {', '.join(sorted(files))} but not installed here")
            elif not {normalise(d) for d in dists} & allowed:
                problems.append(
                    f"{module} (distribution {', '.join(dists)}): imported by {', '.join(sorted(files))}"
                    f" but not declared in pyproject.toml {where}"
                )
    for problem in problems:
        print(f"check-deps: {problem}", file=sys.stderr)
    if not problems:
        print("check-deps: every third-party import is declared in pyproject.toml")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
