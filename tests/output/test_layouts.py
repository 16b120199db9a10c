"""mentionfinder.output.layouts: the column layouts of outreach tools, and one prospect per row."""

from __future__ import annotations

import csv
import io

from mentionfinder.output.layouts import BUZZSTREAM, GROUP_FIELDS, HUNTER, PITCHBOX
from tests.helpers import cli

CLINIC = "http://links.fixture-clinic.co.uk:{{PORT}}/resources/"


def test_layout_columns_match_the_tools_imports(outreach):
    for layout, columns in (("buzzstream", BUZZSTREAM), ("pitchbox", PITCHBOX), ("hunter", HUNTER)):
        rows = list(csv.reader(io.StringIO(cli("export", "--layout", layout, "--db", str(outreach.db)).stdout)))
        assert tuple(rows[0]) == columns, layout
        assert len(rows) > 1, layout
    pitchbox = list(csv.DictReader(io.StringIO(cli("export", "--layout", "pitchbox", "--db", str(outreach.db)).stdout)))
    assert {r["Link Type Rel"] for r in pitchbox} <= {"follow", "nofollow", "sponsored", "ugc"}
    assert "sponsored" in {r["Link Type Rel"] for r in pitchbox}  # the gone.test link is rel="noopener sponsored"
    hunter = list(csv.DictReader(io.StringIO(cli("export", "--layout", "hunter", "--db", str(outreach.db)).stdout)))
    assert all(r["email"] for r in hunter)  # a lead without an address is left out


def test_group_by_page_puts_one_prospect_per_row(outreach, web):
    rows = list(csv.DictReader(io.StringIO(cli("export", "--group", "page", "--db", str(outreach.db)).stdout)))
    assert tuple(rows[0].keys()) == GROUP_FIELDS
    assert len({r["page_url"] for r in rows}) == len(rows)
    clinic = next(r for r in rows if r["page_url"] == web.fill(CLINIC))
    targets, replacements = clinic["target_urls"].split(" | "), clinic["replacement_urls"].split(" | ")
    assert len(targets) == len(replacements) >= 10
    assert replacements[targets.index(web.fill("http://gone.test:{{PORT}}/old"))].endswith("/vaccines/schedule/")
