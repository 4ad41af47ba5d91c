"""The aggregation is a pure function: edge cases and its invariants under hypothesis."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import OrgRatings, Outlier, Thresholds, aggregate

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


def test_weakest_are_listed_lowest_mean_first_not_in_framework_order():
    orgs = [
        OrgRatings("Police", {"vision": 4, "trust": 3, "funding": 5}),
        OrgRatings("Fire", {"vision": 3, "trust": 3, "funding": 5}),
        OrgRatings("Ambulance", {"vision": 3, "trust": 3, "funding": 5}),
    ]
    result = aggregate(CODES, orgs, Thresholds(weakest_count=2))
    # trust averages 3.0, vision 3.3: 3.0 comes first although vision is first in the framework.
    assert result.weakest == ("trust", "vision")


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


def test_the_outlier_is_one_organisation_far_from_the_others_who_agree():
    orgs = [
        OrgRatings("Ambulance", {"vision": 1}),
        OrgRatings("Fire", {"vision": 5}),
        OrgRatings("Police", {"vision": 5}),
    ]
    c = aggregate(["vision"], orgs).for_code("vision")
    # Before, both 5s were 2 points from the others' mean (3) and were named too.
    assert c.outliers == ("Ambulance",)
    assert c.outlier == Outlier("Ambulance", 1, (("Fire", 5), ("Police", 5)))
    assert c.spread_flag and c.flagged


def test_two_of_three_far_apart_is_a_split_not_two_outliers():
    orgs = [
        OrgRatings("Ambulance", {"vision": 1}),
        OrgRatings("Fire", {"vision": 3}),
        OrgRatings("Police", {"vision": 5}),
    ]
    c = aggregate(["vision"], orgs).for_code("vision")
    # Ambulance and Police are each 3 points from the others' mean, but neither is "the odd
    # one out": the partners are split, which the spread flag says.
    assert c.outliers == () and c.outlier is None
    assert c.spread_flag and c.flagged


def test_the_majority_is_never_the_outlier():
    orgs = [
        OrgRatings("Ambulance", {"vision": 5}),
        OrgRatings("Council", {"vision": 1}),
        OrgRatings("Fire", {"vision": 1}),
        OrgRatings("Police", {"vision": 2}),
    ]
    c = aggregate(["vision"], orgs).for_code("vision")
    assert c.outliers == ("Ambulance",)


def test_several_far_from_the_rest_are_not_outliers_even_with_loose_thresholds():
    # With a wide spread allowed, 1 and 5 each look far from "the others": nobody is singled out.
    orgs = [OrgRatings(n, {"vision": r}) for n, r in (("A", 1), ("B", 1), ("C", 5), ("D", 5))]
    c = aggregate(["vision"], orgs, Thresholds(spread=5, outlier_gap=1)).for_code("vision")
    assert c.outliers == ()


def test_quorum_counts_the_expected_organisations_that_submitted():
    orgs = [OrgRatings("Police", {"vision": 5}), OrgRatings("Fire", {"vision": 5})]
    result = aggregate(["vision"], orgs, expected=["Police", "Fire", "Ambulance"])
    assert (result.submitted_count, result.expected_count) == (2, 3)
    assert not result.has_quorum
    assert result.quorum_message == "2 of 3 organisations have submitted"
    # The scores are worked out, but one organisation short is never "ready".
    assert result.readiness == 100 and not result.is_ready
    one = aggregate(["vision"], orgs[:1], expected=["Police", "Fire", "Ambulance"])
    assert one.quorum_message == "1 of 3 organisations has submitted"
    everyone = aggregate(["vision"], orgs, expected=["Fire", "Police"])
    assert everyone.has_quorum and everyone.is_ready
    assert everyone.quorum_message == "2 of 2 organisations have submitted"


def test_a_submission_from_an_organisation_not_expected_does_not_make_the_quorum():
    orgs = [OrgRatings("Police", {"vision": 5}), OrgRatings("Former partner", {"vision": 5})]
    result = aggregate(["vision"], orgs, expected=["Police", "Fire"])
    assert (result.submitted_count, result.expected_count) == (1, 2)
    assert not result.has_quorum


def test_nobody_expected_and_nobody_submitted_is_no_quorum():
    assert not aggregate(["vision"], [], expected=[]).has_quorum
    assert not aggregate(["vision"], []).has_quorum
    assert aggregate(["vision"], [], expected=["Police"]).quorum_message == (
        "0 of 1 organisation has submitted"
    )


def test_without_expected_the_submissions_are_the_quorum():
    result = aggregate(["vision"], [OrgRatings("Police", {"vision": 4})])
    assert result.has_quorum and result.expected == ("Police",)


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
        _assert_outlier_rule(c, result.thresholds)
    assert set(result.weakest) <= {c.code for c in result.characteristics if c.mean is not None}
    means = [result.for_code(code).mean for code in result.weakest]
    assert means == sorted(means)  # lowest first
    # No `expected`: the organisations that submitted are the quorum.
    assert result.has_quorum == bool(orgs)


def _assert_outlier_rule(c, thresholds):
    """An outlier is one organisation, at least the gap from the others' mean, while the others
    agree among themselves; so it is never the majority or part of a group."""
    assert len(c.outliers) <= 1
    if not c.outliers:
        assert c.outlier is None
        return
    o = c.outlier
    others = [r for _, r in o.others]
    assert len(others) >= 2
    assert abs(o.rating - sum(others) / len(others)) >= thresholds.outlier_gap
    assert max(others) - min(others) < thresholds.spread
    assert sum(1 for r in others if r == o.rating) == 0


quorum_names = st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), unique=True, max_size=5)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c"]), unique=True, min_size=1),
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(min_value=1, max_value=5)
    ),
    quorum_names,
    st.integers(min_value=1, max_value=4),
    st.floats(min_value=0.5, max_value=4),
)
def test_quorum_and_outliers_hold_for_any_partners_and_thresholds(
    codes, by_org, expected, spread, gap
):
    orgs = [OrgRatings(name, dict.fromkeys(codes, r)) for name, r in by_org.items()]
    thresholds = Thresholds(spread=spread, outlier_gap=gap)
    result = aggregate(codes, orgs, thresholds, expected=expected)
    assert result.expected == tuple(sorted(expected))
    assert result.submitted_count == len(set(expected) & set(by_org))
    assert result.has_quorum == (bool(expected) and set(expected) <= set(by_org))
    if result.is_ready:
        assert result.has_quorum
    for c in result.characteristics:
        _assert_outlier_rule(c, thresholds)


@settings(max_examples=200, deadline=None)
@given(submissions(), st.randoms(use_true_random=False))
def test_order_of_organisations_does_not_matter(data, rnd: random.Random):
    codes, orgs = data
    shuffled = list(orgs)
    rnd.shuffle(shuffled)
    assert aggregate(codes, orgs) == aggregate(codes, shuffled)
