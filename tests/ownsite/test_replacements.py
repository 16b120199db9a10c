"""mentionfinder.ownsite.replacements: the own page a human would pick for a dead link."""

from __future__ import annotations

import pytest

from mentionfinder.ownsite.replacements import match_all
from mentionfinder.store import Store
from tests.helpers import jsonl


@pytest.mark.parametrize(
    "target, replacement",
    [
        ("http://alive.test:{{PORT}}/missing-page", "/guides/healthy-eating-on-a-budget/"),
        ("http://gone.test:{{PORT}}/old", "/vaccines/schedule/"),
        ("http://rootredirect.test:{{PORT}}/programs/diabetes/support-groups.html", "/diabetes/support/"),
    ],
)
def test_dead_links_get_the_replacement_a_human_would_pick(outreach, web, target, replacement):
    record = next(r for r in jsonl(outreach.db) if r["target_url"] == web.fill(target))
    assert record["replacement_url"] == web.url("vitalishealth.test", replacement)
    assert 0 < record["match_score"] <= 100 and record["replacement_title"]


def test_matching_copes_with_own_pages_known_only_by_url(tmp_path):
    store = Store(tmp_path / "own.db")
    try:
        store.write([], [], "run", own_pages=[{"url": "http://own.test/guides/sleep-tips/"}])  # listed, not fetched
        assert match_all(store) == "0 of 0 findings have a replacement among 1 own pages"
    finally:
        store.close()
