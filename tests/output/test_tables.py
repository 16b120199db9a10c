"""mentionfinder.output.tables: aligned text tables, the end-of-crawl summary, the one-line failure."""

from __future__ import annotations

from mentionfinder.output.tables import no_page_fetched_line, summary_text, table


def test_table_aligns_and_cuts_long_cells():
    out = table([("a", None), ("long " * 20, 12)], ("what", "n"), max_width=10)
    assert out.splitlines() == ["what        n", "----------  --", "a", "long long…  12"]


COUNTS = {"pages": 4, "resource_pages": 2, "pages_failed": 1, "links": 30, "checks": 20, "reused": 0}


def test_summary_names_counts_database_and_next_command():
    counts = {
        **COUNTS,
        "checks_by_reason": [("dead", "http_404", 3)],
        "findings": {"broken_link": 3, "unlinked_mention": 1},
    }
    text = summary_text(counts, "/tmp/my db.db", "health", "finished")
    assert "crawl of niche 'health' finished" in text and "http_404" in text and "fresh, reused" not in text
    assert (
        text.splitlines()[-1]
        == "next: mentionfinder export --db '/tmp/my db.db' --niche health --format csv -o opportunities.csv"
    )
    assert "network outage" not in text


def test_summary_of_a_stopped_run_warns_of_an_outage():
    counts = {
        **COUNTS,
        "reused": 5,
        "network_outage": 8,
        "checks_by_reason": [],
        "findings": {"broken_link": 0, "unlinked_mention": 0},
    }
    text = summary_text(counts, "c.db", "n", "shutdown")
    assert "stopped: shutdown" in text and "no links checked" in text and "fresh, reused" in text
    assert "8 links could not be reached" in text


def test_no_page_fetched_names_the_errors_most_first():
    line = no_page_fetched_line(3, "n", {"dns": 1, "timeout": 2})
    assert "(3 tried: timeout 2, dns 1)" in line and "niche 'n'" in line
    assert "(1 tried: failed)" in no_page_fetched_line(1, "n", {})
