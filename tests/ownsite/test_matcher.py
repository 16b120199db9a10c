"""The replacement matcher: ranking a small hand-made health site for dead links and mentions."""

import pytest

from mentionfinder.ownsite.matcher import DEFAULT_THRESHOLD, Finding, Match, Matcher, OwnPage
from tests.helpers import cases

SITE = "https://vitalishealth.test"
MORE_PAGES = cases(
    r"""
/guides/heart-health/ ~ Heart health guide | Vitalis Health
/guides/stress-management/ ~ Managing stress | Vitalis Health
/guides/running-for-beginners/ ~ Running for beginners | Vitalis Health
/tools/ ~ Health calculators | Vitalis Health
/tools/bmi-calculator/ ~ BMI calculator | Vitalis Health
/tools/calorie-counter/ ~ Calorie counter | Vitalis Health
/tools/water-intake-calculator/ ~ Daily water intake calculator | Vitalis Health
/recipes/ ~ Healthy recipes | Vitalis Health
/recipes/vegetarian-meal-prep/ ~ Vegetarian meal prep for the week | Vitalis Health
/blog/vitamin-d-in-winter/ ~ Do you need vitamin D in winter? | Vitalis Health
/about/ ~ About Vitalis Health
/contact/ ~ Contact us | Vitalis Health
"""
)


PAGES = [
    OwnPage(f"{SITE}/", "Vitalis Health: evidence-based health guides"),
    OwnPage(f"{SITE}/guides/", "Health guides | Vitalis Health"),
    OwnPage(
        f"{SITE}/guides/healthy-eating/", "Healthy eating: a practical guide | Vitalis Health", h1="Healthy eating"
    ),
    OwnPage(
        f"{SITE}/guides/sleep-hygiene/",
        "Sleep hygiene: how to sleep better | Vitalis Health",
        description="Tips for better sleep: bedtime routines, light, caffeine and naps.",
    ),
    *(OwnPage(f"{SITE}{path}", title) for path, title in MORE_PAGES),
]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(PAGES)


# -- ranking dead links -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding, expected",
    [
        # dead URL and anchor text say the same thing
        (
            Finding("https://oldhealthblog.example/healthy-eating-on-a-budget", "Healthy eating on a budget"),
            "/guides/healthy-eating/",
        ),
        # plural and extension, different words for the rest ("tips" is in the description)
        (Finding("https://example.org/articles/sleep_tips.html"), "/guides/sleep-hygiene/"),
        # camelCase slug
        (Finding("https://example.org/HeartHealthGuide.aspx"), "/guides/heart-health/"),
        # an extra word in the slug
        (Finding("https://example.org/calorie-counter-app"), "/tools/calorie-counter/"),
        # a misspelled word
        (Finding("https://example.org/vegetarian-meal-preperation/"), "/recipes/vegetarian-meal-prep/"),
        # dated folders of another site
        (Finding("https://example.org/blog/2019/04/vitamin-d-in-winter/"), "/blog/vitamin-d-in-winter/"),
        # the URL is opaque: the anchor text decides
        (Finding("https://example.org/page?id=123", "BMI calculator for adults"), "/tools/bmi-calculator/"),
        (Finding("https://example.org/page?id=123", "Daily water calculator"), "/tools/water-intake-calculator/"),
        (Finding("https://example.org/p/12345", "Stress management techniques"), "/guides/stress-management/"),
        # the page is named in the query string
        (Finding("https://example.org/wiki/index.php?title=Heart_health"), "/guides/heart-health/"),
        # a removed page of the own site
        (Finding(f"{SITE}/tools/bmi-calculator-for-kids/"), "/tools/bmi-calculator/"),
        (Finding(f"{SITE}/guides/stress-and-anxiety/"), "/guides/stress-management/"),
        # the text around the link tells which calculator ("calculator" alone: the tools hub)
        (Finding("https://example.org/calculator"), "/tools/"),
        (
            Finding("https://example.org/calculator", context="Work out your body mass index (BMI) in seconds"),
            "/tools/bmi-calculator/",
        ),
    ],
)
def test_best_replacement(matcher, finding, expected):
    match = matcher.best(finding)
    assert match is not None, matcher.rank(finding)
    assert match.url == SITE + expected, matcher.rank(finding)
    assert match.score >= matcher.threshold


@pytest.mark.parametrize(
    "finding",
    [
        Finding("https://example.org/quantum-chromodynamics-lecture-notes", "Quantum chromodynamics lecture notes"),
        Finding("https://example.org/page?id=123"),  # nothing to go on
        Finding("https://example.org/some-page", "click here"),
        Finding("https://example.org/resources/running-shoes-review", "Best running shoes of 2019"),
        Finding(),
    ],
)
def test_nothing_convincing_suggests_nothing(matcher, finding):
    assert matcher.best(finding) is None


def test_signal_says_what_matched(matcher):
    match = matcher.best(Finding("https://oldhealthblog.example/healthy-eating-on-a-budget"))
    title = "Healthy eating: a practical guide | Vitalis Health"
    assert match == Match(f"{SITE}/guides/healthy-eating/", title, match.score, f"url: healthy eating ~ title: {title}")
    anchor = matcher.best(Finding("https://example.org/page?id=123", "BMI calculator for adults"))
    assert anchor.signal.startswith("anchor: bmi calculator ~ title: BMI calculator")


@pytest.mark.parametrize("k", [1, 2, 3, 5, 20])
def test_k_honoured_and_scores_descending_in_range(matcher, k):
    ranked = matcher.rank(Finding("https://example.org/health-guide-calculator"), k=k)
    assert 1 <= len(ranked) <= k
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert len({m.url for m in ranked}) == len(ranked)


def test_rank_zero_or_no_pages():
    assert Matcher(PAGES).rank(Finding("https://example.org/heart-health"), k=0) == []
    empty = Matcher([])
    assert empty.rank(Finding("https://example.org/heart-health")) == []
    assert empty.best(Finding("https://example.org/heart-health")) is None
    assert empty.for_mention(Finding(context="heart health")) is None
    assert empty.rank_many([Finding("https://example.org/x")]) == [[]]


def test_threshold_is_configurable():
    finding = Finding("https://example.org/HeartHealthGuide")
    assert Matcher(PAGES).best(finding) is not None
    assert Matcher(PAGES, threshold=100.1).best(finding) is None
    assert Matcher(PAGES).threshold == DEFAULT_THRESHOLD


def test_rank_many_equals_rank(matcher):
    findings = [
        Finding("https://example.org/sleep_tips.html"),
        Finding("https://example.org/calorie-counter-app"),
        Finding("https://example.org/sleep_tips.html"),
        Finding("https://example.org/quantum-physics"),
    ]
    assert matcher.rank_many(findings, k=3) == [matcher.rank(f, k=3) for f in findings]


# -- mentions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "context, expected",
    [
        (
            "Vitalis Health has a great piece on sleep hygiene and bedtime routines that helped me sleep better.",
            "/guides/sleep-hygiene/",
        ),
        ("I started jogging with the Vitalis Health running plan for beginners.", "/guides/running-for-beginners/"),
        ("Vitalis Health's BMI calculator is handy.", "/tools/bmi-calculator/"),
        # nothing on the site fits: the home page
        ("We visited the Vitalis Health stand at the Berlin trade fair last spring.", "/"),
        ("Vitalis Health", "/"),
        ("", "/"),
    ],
)
def test_for_mention(matcher, context, expected):
    match = matcher.for_mention(Finding(anchor_text="Vitalis Health", context=context))
    assert match is not None
    assert match.url == SITE + expected
    if expected == "/":
        assert match.score == 0.0 and match.signal.startswith("home page")
    else:
        assert match.score >= matcher.threshold


def test_home_page_is_the_shortest_path():
    pages = [
        OwnPage("https://b.test/blog/post/"),
        OwnPage("https://b.test/index.html", "Home"),
        OwnPage("https://b.test/about/"),
    ]
    matcher = Matcher(pages)
    assert matcher.home == pages[1]
    assert matcher.for_mention(Finding(context="nothing in common")).url == "https://b.test/index.html"
