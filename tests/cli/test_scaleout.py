"""`mentionfinder seed` and `ingest` as a user runs them: the brand config first, one-line errors."""

from __future__ import annotations

import subprocess

from mentionfinder.demo.run import crawl_env
from tests.helpers import assert_one_line_error, run


def seed(project, cwd, *args: str, env_config: str | None = None) -> subprocess.CompletedProcess:
    """`mentionfinder seed` against a loopback port where nothing listens: it gets as far as Redis at most."""
    env = {k: v for k, v in crawl_env().items() if k != "MENTIONFINDER_CONFIG"}
    if env_config is not None:
        env["MENTIONFINDER_CONFIG"] = env_config
    nowhere = f"redis://127.0.0.1:{project.web.closed_port}/0"
    return run(
        "-m", "mentionfinder.cli", "seed", "--niche", str(project.pack), "--redis", nowhere, *args, cwd=cwd, env=env
    )


def test_seed_without_brand_config_fails_before_redis(project, tmp_path):
    # Run where there is no mentionfinder.toml: without one, no finding would get a replacement.
    done = seed(project, tmp_path)
    assert_one_line_error(done, "brand config not found", "mentionfinder.toml", "--config", "MENTIONFINDER_CONFIG")
    assert "Redis" not in done.stderr


def test_seed_reads_the_config_named_by_the_environment(project, tmp_path):
    assert_one_line_error(seed(project, tmp_path, env_config=str(project.config)), "cannot reach Redis")
    missing = str(tmp_path / "brand.toml")
    assert_one_line_error(seed(project, tmp_path, env_config=missing), f"brand config not found: {missing}")
    # --config wins over the environment.
    done = seed(project, tmp_path, "--config", str(project.config), env_config=missing)
    assert_one_line_error(done, "cannot reach Redis")
