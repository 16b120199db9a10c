"""Text reports for people: the end-of-crawl summary and plain tables."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence


def table(rows: Iterable[Sequence], headers: Sequence[str], max_width: int = 60) -> str:
    """A plain aligned text table; long cells are cut with an ellipsis."""
    def cell(value) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in body)
    return "\n".join(out)


def summary_text(counts: dict, db_path: str, niche: str, reason: str) -> str:
    """The table printed when a crawl ends: pages, links, checks by verdict and reason, findings."""
    findings = counts["findings"]
    lines = [
        "",
        f"mentionfinder: crawl of niche '{niche}' {'finished' if reason == 'finished' else 'stopped: ' + reason}",
        table([
            ("pages visited", counts["pages"]),
            ("  resource pages", counts["resource_pages"]),
            ("  not fetched", counts["pages_failed"]),
            ("outbound links", counts["links"]),
            ("unique links checked", counts["checks"]),
        ], ("what", "count")),
        "",
        table(counts["checks_by_reason"], ("verdict", "reason", "links")) if counts["checks_by_reason"]
        else "no links checked",
        "",
        table([("broken_link", findings["broken_link"]), ("unlinked_mention", findings["unlinked_mention"])],
              ("finding", "count")),
        "",
        *([f"warning: none of the {counts['pages']} pages could be fetched — check the network connection "
            "and the seeds (see the 'page not crawled' lines above); no finding was recorded from them", ""]
          if counts["pages"] and counts["pages_failed"] == counts["pages"] else []),
        f"database: {db_path}",
        f"next: mentionfinder export --db {shlex.quote(db_path)} --niche {shlex.quote(niche)} "
        "--format csv -o opportunities.csv",
    ]
    return "\n".join(lines)
