"""The options the commands share: --since read as a date, an ISO time or `last`; the brand config's errors."""

from __future__ import annotations

import click
import pytest

from mentionfinder.cli.options import brand_from, resolve_since
from mentionfinder.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "s.db")
    yield store
    store.close()


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (None, None),
        ("", None),
        ("2026-11-01", "2026-11-01T00:00:00Z"),
        ("2026-11-01T10:30:00Z", "2026-11-01T10:30:00Z"),
        ("2026-11-01T12:30:00+02:00", "2026-11-01T10:30:00Z"),
    ],
)
def test_since_as_a_date_or_a_time(store, since, expected):
    assert resolve_since(store, since) == expected


def test_since_last_is_the_previous_export(store):
    assert resolve_since(store, "last") is None  # nothing exported yet: everything counts
    store.record_export(3, "export")
    assert resolve_since(store, "last") == store.last_export_at()


def test_since_that_is_no_date_says_what_to_write(store):
    with pytest.raises(click.BadParameter, match="YYYY-MM-DD"):
        resolve_since(store, "yesterday")


def test_a_missing_brand_config_names_the_option_and_the_variable(tmp_path):
    with pytest.raises(click.ClickException, match=r"--config PATH \(or env MENTIONFINDER_CONFIG\)"):
        brand_from(str(tmp_path / "none.toml"))
