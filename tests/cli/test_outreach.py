"""`mentionfinder export`, `status`, `push` as a user runs them: what a missing database says."""

from __future__ import annotations

from tests.helpers import assert_one_line_error, run


def test_export_without_database_says_what_to_do(tmp_path):
    done = run("-m", "mentionfinder.cli", "export", "--db", str(tmp_path / "none.db"))
    assert_one_line_error(done, "no database", "scrapy crawl resources")
