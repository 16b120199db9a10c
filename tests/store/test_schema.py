"""mentionfinder.store.schema: migrations of the files older releases wrote."""

from __future__ import annotations

import sqlite_utils

from mentionfinder.store import Store
from mentionfinder.store.schema import migrations
from tests.store.test_crawl import TARGETS, target_domains


def test_migration_fills_the_target_domain_of_older_rows(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m004_link_target_domain")  # a database as the last release left it
    db["links"].insert_all(
        [
            {"id": f"l{n}", "page_url": "http://links.site.test/", "target_url": t, "target_domain": ""}
            for n, t in enumerate(TARGETS)
        ]
    )
    db["links"].insert({"id": "null", "page_url": "http://links.site.test/", "target_url": "http://x.example.com/"})
    db.close()
    Store(path).close()
    assert target_domains(path) == {**TARGETS, "http://x.example.com/": "example.com"}
