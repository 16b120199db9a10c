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
        table(
            [
                ("pages visited", counts["pages"]),
                ("  resource pages", counts["resource_pages"]),
                ("  not fetched", counts["pages_failed"]),
                ("outbound links", counts["links"]),
                ("unique links checked", counts["checks"]),
                *([("  fresh, reused", counts["reused"])] if counts.get("reused") else []),
            ],
            ("what", "count"),
        ),
        "",
        table(counts["checks_by_reason"], ("verdict", "reason", "links"))
        if counts["checks_by_reason"]
        else "no links checked",
        "",
        table(
            [("broken_link", findings["broken_link"]), ("unlinked_mention", findings["unlinked_mention"])],
            ("finding", "count"),
        ),
        "",
        *(
            [
                f"warning: network outage suspected — {counts['network_outage']} links could not be reached while "
                "the control URLs did not answer either; they are 'unverified', not dead: re-run when the network "
                "is back",
                "",
            ]
            if counts.get("network_outage")
            else []
        ),
        f"database: {db_path}",
        f"next: mentionfinder export --db {shlex.quote(db_path)} --niche {shlex.quote(niche)} "
        "--format csv -o opportunities.csv",
    ]
    return "\n".join(lines)


def no_page_fetched_line(pages: int, niche: str, errors: dict[str, int]) -> str:
    """The one line a crawl that could read none of its pages ends with (a table of zeros would hide it)."""
    how = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items(), key=lambda e: -e[1])) or "failed"
    return (
        f"error: no seed page could be fetched ({pages} tried: {how}) — check the network connection and the "
        f"seeds of niche '{niche}'; nothing was recorded"
    )


def _attempt_line(a: dict) -> str:
    result = (
        str(a.get("status")) if a.get("status") is not None else f"error: {a.get('error')} {a.get('error_detail', '')}"
    )
    line = f"{a.get('method', '?'):4} {a.get('url')} → {result.strip()}"
    if a.get("redirects"):
        line += " via " + " → ".join([*a["redirects"][1:], a.get("final_url", "")])
    clues = [
        f"{k.replace('_', ' ')}: {a[k]}"
        for k in ("title", "error_phrase", "parked_marker", "challenge_marker")
        if a.get(k)
    ]
    return line + (f"  [{'; '.join(clues)}]" if clues else "")


def explain_text(check: dict) -> str:
    """Why a URL got its verdict, for people: verdict, deciding signal, each request, probe, linking pages."""
    lines = [
        f"url:      {check['url']}",
        f"verdict:  {check['verdict']} ({check['reason']})",
        f"because:  {check['signal']}",
        f"checked:  first {check['first_checked']}, last {check['last_checked']}",
    ]
    if check.get("fail_kind"):
        lines.append(f"failing:  {check['fail_kind']} since {check['fail_since']} ({check['fail_runs']} run(s))")
    lines.append("requests:")
    lines += [f"  {i}. {_attempt_line(a)}" for i, a in enumerate(check["attempts"], 1)]
    if check.get("probe"):
        lines.append(f"probe of a random missing path on the same site:\n     {_attempt_line(check['probe'])}")
    pages = check.get("linked_from") or []
    lines.append(f"linked from {len(pages)} page(s):")
    lines += [f'  {p["page_url"]}  "{p["anchor_text"]}" ({p["placement"]})' for p in pages[:20]]
    return "\n".join(lines)
