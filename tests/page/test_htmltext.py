"""mentionfinder.page.htmltext: HTML → its tree, and the one walk over a tree's visible text."""

import pytest

from mentionfinder.page.htmltext import collapse, parse_html, text_blocks, walk_text


def walk(html, **hooks):
    """(events, cut short?) of a walk: ("text", piece) and ("flush",), plus what the hooks record."""
    events = []
    full = hooks.pop("full", lambda: False)
    cut = walk_text(
        parse_html(html), lambda piece: events.append(("text", piece)), lambda: events.append(("flush",)), full, **hooks
    )
    return events, cut


def test_walk_gives_text_and_tails_in_reading_order_with_block_boundaries():
    events, cut = walk("<p>one <b>two</b> three</p>four<script>x</script> five")
    assert [e[1] for e in events if e[0] == "text"] == ["one ", "two", " three", "four", " five"]
    assert not cut and events[-1] == ("flush",)
    assert events.index(("text", "four")) > events.index(("flush",))  # </p> ends a block


def test_skip_hides_an_element_but_not_its_tail_and_entered_sees_the_others():
    entered = []
    events, _ = walk(
        '<p>a<span class="decoy">b</span>c<i>d</i></p>',
        skip=lambda el: el.get("class") == "decoy",
        entered=lambda el, tag: entered.append(tag),
    )
    assert "".join(e[1] for e in events if e[0] == "text") == "acd"
    assert entered == ["html", "body", "p", "i"]


def test_a_full_walk_stops_without_the_last_flush():
    steps = []
    events, cut = walk("<p>a</p><p>b</p>", full=lambda: steps.append(1) or len(steps) > 5)
    assert cut and events[-1] != ("flush",)


def test_text_blocks_collapse_and_drop_empty_blocks():
    assert text_blocks(parse_html("<div> one\n two <p> </p><li>three</li></div>"), 1000) == (
        ["one two", "three"],
        False,
    )
    assert text_blocks(parse_html("".join(f"<p>block {i}</p>" for i in range(10))), 20) == (
        ["block 0", "block 1", "block 2"],
        True,
    )


def test_deep_nesting_does_not_overflow_the_stack():
    assert text_blocks(parse_html("<p>before</p>" + "<div>" * 5000 + "deep"), 1000)[0][0] == "before"


@pytest.mark.parametrize("html", ["", "   ", b"", b" \n "])
def test_parse_html_of_nothing_is_none(html):
    assert parse_html(html) is None


def test_parse_html_reads_at_most_max_bytes():
    root = parse_html("<p>kept</p><p>dropped</p>", max_bytes=11)
    assert collapse(root.text_content()) == "kept"
    assert parse_html("é<p>x</p>").text_content().startswith("é")  # a str is read as UTF-8
