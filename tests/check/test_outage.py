"""mentionfinder.check.outage: network failures wait for a round, and the round's controls decide."""

from __future__ import annotations

import pytest

from mentionfinder.check.outage import (
    ConfirmPolicy,
    ControlPool,
    PendingFailure,
    RoundControls,
    chunks,
    due,
    majority,
    needs_confirmation,
    page_step,
)
from mentionfinder.check.verdicts import ERR_DNS, ERR_OTHER, ERR_REFUSED, ERR_TIMEOUT, ERR_TLS, Attempt


@pytest.mark.parametrize(
    ("error", "status", "confirm"),
    [(ERR_DNS, None, True), (ERR_REFUSED, None, True), (ERR_TIMEOUT, None, True), (ERR_TLS, None, False)]
    + [(ERR_OTHER, None, True), (None, 404, False), (None, 200, False)],
)
def test_only_failures_that_look_like_our_network_wait(error, status, confirm):
    assert needs_confirmation(Attempt("GET", "http://a.test/", status=status, error=error)) is confirm


def test_control_pool_keeps_the_latest_url_of_each_answering_host():
    pool = ControlPool(size=3)
    for host in ("a.test", "b.test", "c.test", "d.test"):
        pool.answered(host, f"http://{host}/x")
    pool.answered("b.test", "http://b.test/latest")
    assert pool.pick(5) == ["http://b.test/latest", "http://d.test/x", "http://c.test/x"]  # a.test fell out
    assert pool.pick(2, exclude={"b.test"}) == ["http://d.test/x", "http://c.test/x"]


def test_a_host_that_answered_badly_counts_as_answering_but_is_no_control():
    pool = ControlPool()
    pool.answered("busy.test", "http://busy.test/", control=False)  # a 429 or a 503: a round would wait on it
    assert pool.pick(3) == [] and pool.hosts_ok == {"busy.test"}


def test_a_host_that_failed_is_no_control_until_it_answers_again():
    pool = ControlPool()
    pool.answered("a.test", "http://a.test/")
    pool.failed("a.test")
    assert pool.pick(3) == []
    assert pool.hosts_ok == pool.hosts_failed == {"a.test"}
    pool.answered("a.test", "http://a.test/again")
    assert pool.pick(3) == ["http://a.test/again"]


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [((), False), ((True,), True), ((False,), False), ((True, False), False), ((True, True, False), True)],
)
def test_majority_is_more_than_half(outcomes, expected):
    assert majority(outcomes) is expected


@pytest.mark.parametrize(
    ("answered", "lookups", "error", "works"),
    [
        ((True, True, True), (), ERR_REFUSED, True),
        ((True, True, False), (), ERR_REFUSED, True),
        ((True, False, False), (), ERR_REFUSED, False),
        ((), (), ERR_REFUSED, False),  # nothing ever answered: nothing can be confirmed
        # a name that did not resolve: the controls' names must resolve afresh (their connections may be cached)
        ((True, True, True), (False, False, True), ERR_DNS, False),
        ((True, True, True), (True, True, False), ERR_DNS, True),
        ((True, True, True), (), ERR_DNS, True),  # controls pinned or written as addresses: no lookup to make
        ((True, True, True), (False, False, False), ERR_REFUSED, True),  # a refusal needs no name resolved
        ((True, True, True), (False, False, False), ERR_TIMEOUT, False),  # a timeout may be a lookup lost
    ],
)
def test_the_round_controls_decide_whether_a_repeated_failure_is_believed(answered, lookups, error, works):
    assert RoundControls(answered, lookups).network_works(error) is works


def test_round_summary_says_what_the_controls_did():
    assert RoundControls((True, False), (True,)).summary() == "1/2 control URLs answered, 1/1 names resolved afresh"
    assert RoundControls((True,)).summary() == "1/1 control URLs answered"


def _pending(n: int, since: float = 0.0) -> list[PendingFailure]:
    return [PendingFailure(f"http://h{i}.test/", [], since) for i in range(n)]


def test_a_round_is_due_when_a_chunk_is_full_or_the_oldest_waited_long_enough():
    policy = ConfirmPolicy(chunk=4, every=60)
    assert not due([], 1000, policy)
    assert not due(_pending(3, since=990), 1000, policy)
    assert due(_pending(4, since=990), 1000, policy)
    assert due(_pending(1, since=900), 1000, policy)
    # Back from a round whose controls did not answer: by time only, never at once by number.
    back = [PendingFailure(f"http://h{i}.test/", [], 990, rounds=1) for i in range(10)]
    assert not due(back, 1000, policy)
    assert due(back, 1050, policy)


def test_failures_go_in_chunks_of_the_policy_size():
    assert [len(c) for c in chunks(_pending(70), ConfirmPolicy(chunk=32))] == [32, 32, 6]
    assert chunks([], ConfirmPolicy()) == []


def test_a_held_page_is_fetched_again_when_the_controls_answer_or_none_is_known_yet():
    answered = RoundControls(answered=(True, True, False))
    silent = RoundControls(answered=(False, False))
    assert page_step(answered, ERR_REFUSED, last_round=True) == "confirmed"
    # The seeds themselves failed: nothing answered yet to compare with, so the page is simply tried again.
    assert page_step(None, ERR_REFUSED, last_round=True) == "again"
    assert page_step(silent, ERR_REFUSED, last_round=False) == "wait"
    assert page_step(silent, ERR_REFUSED, last_round=True) == "give_up"
    # A name that did not resolve needs the controls' names to resolve afresh too.
    no_lookups = RoundControls(answered=(True, True), lookups=(False, False))
    assert page_step(no_lookups, ERR_DNS, last_round=False) == "wait"
