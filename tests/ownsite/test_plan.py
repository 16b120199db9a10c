"""mentionfinder.ownsite.plan.OwnSitePlan from a real store: read the sitemaps again, or fetch the stale pages."""

from __future__ import annotations

from mentionfinder.ownsite.plan import OwnSitePlan
from mentionfinder.store import Store


def test_an_empty_store_reads_the_sitemaps(tmp_path):
    store = Store(tmp_path / "p.db")
    try:
        assert OwnSitePlan.from_store(store, 24, 50) == OwnSitePlan(read_sitemaps=True, limit=50)
        store.write([], [], "run", own_pages=[{"url": "http://own.test/a", "sitemap": "http://own.test/sitemap.xml"}])
        plan = OwnSitePlan.from_store(store, 24, 50)  # listed just now, never fetched
        assert (plan.read_sitemaps, plan.to_fetch, plan.fresh) == (False, ("http://own.test/a",), frozenset())
    finally:
        store.close()


def test_scale_out_reads_the_whole_site():
    assert OwnSitePlan.whole_site(7) == OwnSitePlan(read_sitemaps=True, to_fetch=(), fresh=frozenset(), limit=7)
