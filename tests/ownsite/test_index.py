"""mentionfinder.ownsite.index: the own pages' weighted words, IDF weights, postings and word look-ups."""

import pytest

from mentionfinder.ownsite.index import MAX_POSTINGS, OwnPage, PageIndex
from mentionfinder.ownsite.tokens import stem

SITE = "https://b.test"


@pytest.fixture(scope="module")
def index():
    return PageIndex(
        [
            OwnPage(f"{SITE}/", "Home | Brand"),
            OwnPage(f"{SITE}/guides/", "Guides | Brand"),
            OwnPage(f"{SITE}/guides/sleep-hygiene/", "Sleep hygiene | Brand", description="Bedtime routines"),
            OwnPage(f"{SITE}/guides/prerequisites/", "Prerequisites | Brand"),
            OwnPage(f"{SITE}/addons/", "Add-ons | Brand"),
        ]
    )


def test_a_word_on_every_page_weighs_least_and_a_rare_word_most(index):
    assert index.idf["brand"] < index.idf["guid"] < index.idf["hygien"]
    assert index.idf["hygien"] < index.max_idf  # a word no page has weighs more still
    assert index.idf_of("quantum") == index.max_idf


def test_a_page_word_weighs_as_its_best_field(index):
    terms = index.page_terms[2]
    assert terms["sleep"] == 1.0  # slug and title
    assert terms["bedtim"] == 0.5  # description only
    assert 0.5 < terms["guid"] < 1.0  # a folder of the URL


def test_home_is_the_page_with_the_shortest_path(index):
    assert index.home == 0


def test_unknown_words_map_to_site_words(index):
    near = index.expand(stem("prerequisities"))
    assert near and near[0][0] == stem("prerequisites") and 0.4 <= near[0][1] < 1.0
    assert index.expand("sleep") == (("sleep", 1.0),)
    assert index.expand("zzz") == ()
    assert index.split_compound("onsleep") == ("sleep",)  # a stop-word glued to a site word
    assert index.split_compound("quantum") == ()


def test_nearest_existing_ancestor_on_the_own_site(index):
    assert index.ancestor(f"{SITE}/guides/sleep-hygiene/old/deeper") == (2, 2)
    assert index.ancestor(f"{SITE}/guides/gone") == (1, 1)
    assert index.ancestor("https://other.test/guides/gone") is None


def test_common_words_keep_their_heaviest_postings_and_their_full_page_set():
    pages = [OwnPage(f"{SITE}/docs/page-{i}/", f"Topic {i}") for i in range(3 * MAX_POSTINGS)]
    index = PageIndex(pages)
    assert sum(len(pids) for _, pids in index.postings["doc"]) == MAX_POSTINGS
    assert index.common["doc"] == frozenset(range(len(pages)))
    assert "topic" in index.common
