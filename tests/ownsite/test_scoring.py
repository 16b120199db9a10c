"""mentionfinder.ownsite.scoring: a Query's words against the page index → the best pages, scored 0–100."""

import pytest

from mentionfinder.ownsite.index import OwnPage, PageIndex
from mentionfinder.ownsite.scoring import ANCESTOR_BONUS, Query, rank_link, rank_topic

PAGES = [
    ("/", "Home | Brand"),
    ("/tools/", "Health calculators | Brand"),
    ("/tools/bmi-calculator/", "BMI calculator | Brand"),
    ("/tools/calorie-counter/", "Calorie counter | Brand"),
    ("/guides/sleep-hygiene/", "Sleep hygiene | Brand"),
]


@pytest.fixture(scope="module")
def index():
    return PageIndex([OwnPage("https://b.test" + path, title) for path, title in PAGES])


def query(index, words, phrase=""):
    q = Query()
    for word, weight in words:
        s = index.stem(word)
        q.terms[s], q.words[s], q.sources[s] = weight, word, "url"
    q.phrase = phrase
    q.make_plan(index)
    return q


def test_a_plan_weighs_each_word_by_its_idf(index):
    q = query(index, [("calorie", 1.0), ("counter", 0.5)])
    assert [(s, w) for s, _, w, _ in q.plan] == [
        ("calori", index.idf["calori"]),
        ("counter", 0.5 * index.idf["counter"]),
    ]
    assert q.total == pytest.approx(index.idf["calori"] + 0.5 * index.idf["counter"])


def test_rank_link_puts_the_page_with_the_words_first(index):
    q = query(index, [("bmi", 1.0), ("calculator", 1.0)], phrase="bmi calculator")
    ranked = rank_link(index, q, Query(), 5, None)
    assert ranked[0][1] == 2
    scores = [score for score, _ in ranked]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s <= 100.0 for s in scores)
    assert len(rank_link(index, q, Query(), 1, None)) == 1


def test_the_nearest_ancestor_of_a_dead_own_url_gets_a_bonus(index):
    q = query(index, [("calculator", 1.0)])
    plain = {pid: score for score, pid in rank_link(index, q, Query(), 5, None)}
    helped = {pid: score for score, pid in rank_link(index, q, Query(), 5, (1, 1))}
    assert helped[1] == pytest.approx(plain[1] + ANCESTOR_BONUS)


def test_the_text_around_the_link_decides_between_equals(index):
    q = query(index, [("calculator", 1.0)])
    topic = query(index, [("bmi", 1.0)])
    assert rank_link(index, q, topic, 1, None)[0][1] == 2


def test_rank_topic_scores_how_much_of_a_page_a_text_holds(index):
    ranked = rank_topic(index, query(index, [("sleep", 1.0), ("hygiene", 1.0), ("brand", 1.0)]), 3)
    assert ranked[0][1] == 4 and 0.0 < ranked[0][0] <= 100.0
    assert rank_topic(index, Query(), 3) == []
