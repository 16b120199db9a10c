"""mentionfinder.check.outage.OutageGuard: a network outage is not a run of dead links."""

from __future__ import annotations

from mentionfinder.check.outage import OutageGuard, OutagePolicy


def test_outage_guard_needs_answers_before_believing_failures():
    guard = OutageGuard()
    guard.record("a.test", answered=False)
    assert not guard.healthy
    for host in ("b.test", "c.test", "d.test"):
        guard.record(host, answered=True)
    assert guard.healthy and guard.run_was_healthy


def test_outage_guard_sees_most_hosts_failing():
    guard = OutageGuard(OutagePolicy(window=10, min_ok_hosts=3, max_fail_ratio=0.8))
    for i in range(5):
        guard.record(f"ok{i}.test", answered=True)
    for i in range(20):
        guard.record(f"down{i}.test", answered=False)
    assert not guard.healthy and guard.outage_seen
    for i in range(10):
        guard.record(f"back{i}.test", answered=True)
    assert guard.healthy and not guard.run_was_healthy  # the outage is remembered for held failures


def test_many_dead_domains_on_one_old_page_are_not_an_outage():
    guard = OutageGuard()
    for i in range(10):
        guard.record(f"alive{i}.test", answered=True)
    for i in range(12):  # 12 vanished domains among the last 20 hosts: 60 %, under the 80 % bar
        guard.record(f"vanished{i}.test", answered=False)
    assert guard.healthy and guard.run_was_healthy
