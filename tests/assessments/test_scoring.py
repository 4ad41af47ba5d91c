"""The aggregation is a pure function: edge cases and its invariants under hypothesis."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import OrgRatings, Thresholds, aggregate

CODES = ["vision", "trust", "funding"]


def test_one_organisation_has_no_spread_and_no_flag():
    result = aggregate(CODES, [OrgRatings("Police", {"vision": 4, "trust": 2, "funding": 5})])
    vision = result.for_code("vision")
    assert (vision.mean, vision.minimum, vision.maximum, vision.spread) == (4, 4, 4, 0)
    assert vision.answered == 1 and vision.dont_know == 0
    assert result.flags == []
    # (3/4 + 1/4 + 4/4) / 3 = 2/3
    assert result.readiness == 67
    assert result.weakest == ("trust", "vision", "funding")


def test_all_dont_know_gives_no_statistics_and_zero_readiness():
    orgs = [OrgRatings(n, dict.fromkeys(CODES)) for n in ("Police", "Fire")]
    result = aggregate(CODES, orgs)
    for c in result.characteristics:
        assert c.mean is None and c.spread is None
        assert c.answered == 0 and c.dont_know == 2
        assert not c.flagged and not c.below_floor
    assert result.readiness == 0
    assert result.weakest == ()
    assert not result.is_ready


def test_dont_know_does_not_move_the_mean_and_is_counted():
    result = aggregate(
        ["vision"], [OrgRatings("Police", {"vision": 4}), OrgRatings("Fire", {"vision": None})]
    )
    c = result.for_code("vision")
    assert c.mean == 4 and c.answered == 1 and c.dont_know == 1


def test_unanswered_is_neither_rated_nor_dont_know():
    result = aggregate(["vision"], [OrgRatings("Police", {})])
    c = result.for_code("vision")
    assert c.answered == 0 and c.dont_know == 0 and c.ratings == ()


def test_ties_for_weakest_are_broken_by_display_order():
    orgs = [OrgRatings("Police", {"vision": 3, "trust": 3, "funding": 3})]
    assert aggregate(CODES, orgs, Thresholds(weakest_count=2)).weakest == ("vision", "trust")


def test_spread_of_two_is_flagged_and_of_one_is_not():
    orgs = [
        OrgRatings("Police", {"vision": 5, "trust": 4}),
        OrgRatings("Fire", {"vision": 3, "trust": 3}),
    ]
    result = aggregate(["vision", "trust"], orgs)
    assert result.for_code("vision").spread_flag
    assert not result.for_code("trust").flagged
    assert [c.code for c in result.flags] == ["vision"]


def test_an_outlier_organisation_is_named():
    orgs = [
        OrgRatings("Police", {"vision": 5}),
        OrgRatings("Fire", {"vision": 5}),
        OrgRatings("Ambulance", {"vision": 5}),
        OrgRatings("Council", {"vision": 2}),
    ]
    c = aggregate(["vision"], orgs).for_code("vision")
    assert c.outliers == ("Council",)
    assert c.flagged


def test_outlier_is_flagged_even_when_spread_threshold_is_higher():
    orgs = [OrgRatings(n, {"vision": 5}) for n in ("A", "B", "C")] + [
        OrgRatings("D", {"vision": 3})
    ]
    c = aggregate(["vision"], orgs, Thresholds(spread=3, outlier_gap=2)).for_code("vision")
    assert not c.spread_flag and c.outliers == ("D",) and c.flagged


def test_two_organisations_have_no_outlier_only_spread():
    orgs = [OrgRatings("A", {"vision": 5}), OrgRatings("B", {"vision": 1})]
    c = aggregate(["vision"], orgs).for_code("vision")
    assert c.outliers == () and c.spread_flag


def test_mean_below_floor_is_marked():
    orgs = [OrgRatings("A", {"vision": 1}), OrgRatings("B", {"vision": 2})]
    assert aggregate(["vision"], orgs).for_code("vision").below_floor
    orgs = [OrgRatings("A", {"vision": 2}), OrgRatings("B", {"vision": 2})]
    assert not aggregate(["vision"], orgs).for_code("vision").below_floor


def test_readiness_bounds_and_threshold():
    top = aggregate(["vision"], [OrgRatings("A", {"vision": 5})])
    bottom = aggregate(["vision"], [OrgRatings("A", {"vision": 1})])
    assert (top.readiness, bottom.readiness) == (100, 0)
    assert top.is_ready and not bottom.is_ready
    assert aggregate([], []).readiness == 0


ratings = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
codes_st = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), unique=True, max_size=6)


@st.composite
def submissions(draw):
    codes = draw(codes_st)
    names = draw(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=7))
    orgs = []
    for name in names:
        answered = draw(st.lists(st.sampled_from(codes), unique=True) if codes else st.just([]))
        orgs.append(OrgRatings(name, {code: draw(ratings) for code in answered}))
    return codes, orgs


@settings(max_examples=300, deadline=None)
@given(submissions())
def test_invariants_hold_for_any_ratings(data):
    codes, orgs = data
    result = aggregate(codes, orgs)
    assert 0 <= result.readiness <= 100
    assert [c.code for c in result.characteristics] == codes
    for c in result.characteristics:
        if c.mean is None:
            assert c.answered == 0 and c.spread is None
        else:
            assert c.minimum <= c.mean <= c.maximum
            assert c.spread >= 0 and c.spread == c.maximum - c.minimum
            assert c.minimum >= 1 and c.maximum <= 5
        assert c.answered + c.dont_know <= len(orgs)
        assert c.flagged == (c.spread_flag or bool(c.outliers))
    assert set(result.weakest) <= {c.code for c in result.characteristics if c.mean is not None}


@settings(max_examples=200, deadline=None)
@given(submissions(), st.randoms(use_true_random=False))
def test_order_of_organisations_does_not_matter(data, rnd: random.Random):
    codes, orgs = data
    shuffled = list(orgs)
    rnd.shuffle(shuffled)
    assert aggregate(codes, orgs) == aggregate(codes, shuffled)
