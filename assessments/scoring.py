"""Combine partner assessments into one picture: a pure function, no database.

`aggregate()` takes each organisation's ratings and returns per-characteristic statistics,
an overall readiness score, disagreement flags and the weakest characteristics. Keeping it
free of the ORM means it can be tested exhaustively (see tests/assessments/test_scoring.py).

The quorum is worked out here too, from the names of the organisations that must assess
(`expected`), so that every reader (the gate, the results page, the plan panel, the report)
gets the same answer from the same place: readiness is only "ready" with a quorum, and the
checks refuse to judge low scores and disagreements without one (assessments/checks.py).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thresholds:
    readiness: int = 60  # readiness (0-100) at or above which the gate check passes
    floor: float = 2.0  # a characteristic whose mean is below this needs a justification
    spread: int = 2  # max - min at or above this is a disagreement
    # One organisation this far from the others' mean, while the others agree among themselves
    # (their spread is under `spread`), is an outlier.
    outlier_gap: float = 2.0
    weakest_count: int = 3


def thresholds_from_settings() -> Thresholds:
    from django.conf import settings

    return Thresholds(
        readiness=settings.ASSESSMENT_READINESS_THRESHOLD,
        floor=settings.ASSESSMENT_FLOOR,
        spread=settings.ASSESSMENT_SPREAD_FLAG,
        outlier_gap=settings.ASSESSMENT_OUTLIER_GAP,
        weakest_count=settings.ASSESSMENT_WEAKEST_COUNT,
    )


@dataclass(frozen=True)
class OrgRatings:
    """One organisation's answers: code -> 1..5, or None for "don't know".

    A code missing from `ratings` was not answered at all.
    """

    organisation: str
    ratings: Mapping[str, int | None]


@dataclass(frozen=True)
class Outlier:
    """The one organisation far from the rest, with the ratings it stands apart from."""

    organisation: str
    rating: int
    others: tuple[tuple[str, int], ...]  # the other organisations' 1-5 ratings, in name order


@dataclass(frozen=True)
class CharacteristicResult:
    code: str
    mean: float | None
    minimum: int | None
    maximum: int | None
    spread: int | None
    answered: int  # organisations that gave a 1-5 rating
    dont_know: int
    # (organisation, rating or None for don't know) for each organisation that answered,
    # in organisation-name order.
    ratings: tuple[tuple[str, int | None], ...]
    spread_flag: bool = False
    # At most one name: an outlier is one organisation far from the rest, never a group.
    outliers: tuple[str, ...] = ()
    below_floor: bool = False

    @property
    def flagged(self) -> bool:
        return self.spread_flag or bool(self.outliers)

    @property
    def outlier(self) -> Outlier | None:
        if not self.outliers:
            return None
        name = self.outliers[0]
        rated = [(org, r) for org, r in self.ratings if r is not None]
        rating = next(r for org, r in rated if org == name)
        return Outlier(name, rating, tuple((org, r) for org, r in rated if org != name))


@dataclass(frozen=True)
class Aggregate:
    organisations: tuple[str, ...]
    characteristics: tuple[CharacteristicResult, ...]
    readiness: int
    weakest: tuple[str, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    # The organisations that must assess, in name order, and how many of them have submitted.
    expected: tuple[str, ...] = ()
    submitted_count: int = 0

    @property
    def expected_count(self) -> int:
        return len(self.expected)

    @property
    def has_quorum(self) -> bool:
        """Every organisation that must assess has submitted (and there is at least one)."""
        return bool(self.expected) and self.submitted_count == self.expected_count

    @property
    def quorum_message(self) -> str:
        """How far the round has got, e.g. "2 of 3 organisations have submitted"."""
        n, of = self.submitted_count, self.expected_count
        noun = "organisation" if of == 1 else "organisations"
        verb = "has" if n == 1 or of == 1 else "have"
        return f"{n} of {of} {noun} {verb} submitted"

    @property
    def flags(self) -> list[CharacteristicResult]:
        return [c for c in self.characteristics if c.flagged]

    @property
    def below_floor(self) -> list[CharacteristicResult]:
        return [c for c in self.characteristics if c.below_floor]

    @property
    def is_ready(self) -> bool:
        # One organisation of three cannot make a plan ready on its own scores.
        return self.has_quorum and self.readiness >= self.thresholds.readiness

    def for_code(self, code: str) -> CharacteristicResult | None:
        return next((c for c in self.characteristics if c.code == code), None)


def aggregate(
    codes: Sequence[str],
    submissions: Iterable[OrgRatings],
    thresholds: Thresholds | None = None,
    *,
    expected: Iterable[str] | None = None,
) -> Aggregate:
    """Combine the organisations' ratings for the characteristics `codes` (in display order).

    `expected` names the organisations that must assess (observers excepted); by default it is
    the organisations that submitted, so a list of submissions on its own has its quorum.

    Steps:
    1. Put the organisations in name order, so the result never depends on the order in
       which assessments arrived.
    2. For each characteristic, collect the 1-5 ratings; count the organisations that said
       "don't know" separately (they are neither high nor low, so they do not move the mean).
    3. From the ratings work out the mean, minimum, maximum and spread (maximum - minimum);
       with no ratings they are all None.
    4. Flag a disagreement when the spread is at least `thresholds.spread`, or when, with three
       or more ratings, one organisation is an outlier: at least `thresholds.outlier_gap` points
       from the mean of the others while the others agree among themselves (their spread is
       under `thresholds.spread`). Only a single organisation can be an outlier: when several
       stand apart (two of three far from the mean, say) the partners are split, not one of
       them wrong, and the spread flag says so.
    5. Mark the characteristic below the floor when its mean is under `thresholds.floor`.
    6. Readiness: each characteristic scores (mean - 1) / 4, from 0 for a mean of 1 to 1 for a
       mean of 5; a characteristic nobody could rate scores 0 (unknown is not ready). Readiness
       is the average over the characteristics times 100, rounded to a whole number; with no
       characteristics it is 0.
    7. The weakest characteristics are the rated ones with the lowest means, lowest first, ties
       broken by display order, at most `thresholds.weakest_count` of them.
    8. Quorum: how many of the `expected` organisations submitted. Readiness is only "ready"
       (`is_ready`) with every one of them; the numbers are still worked out, so the page can
       show the ratings submitted so far, but no reader may present them as a verdict.
    """
    thresholds = thresholds or Thresholds()
    orgs = sorted(submissions, key=lambda s: s.organisation)  # step 1
    submitted_names = {o.organisation for o in orgs}
    must_assess = tuple(sorted(set(submitted_names if expected is None else expected)))
    results = []
    for code in codes:
        given = [(o.organisation, o.ratings[code]) for o in orgs if code in o.ratings]
        rated = [(name, r) for name, r in given if r is not None]  # step 2
        values = [r for _, r in rated]
        dont_know = sum(1 for _, r in given if r is None)
        if values:  # step 3
            total = sum(values)
            mean = total / len(values)
            low, high = min(values), max(values)
            spread = high - low
        else:
            total, mean, low, high, spread = 0, None, None, None, None
        outliers = []
        if len(values) >= 3:  # step 4
            for i, (name, r) in enumerate(rated):
                others = values[:i] + values[i + 1 :]
                others_mean = (total - r) / len(others)
                others_agree = max(others) - min(others) < thresholds.spread
                if others_agree and abs(r - others_mean) >= thresholds.outlier_gap:
                    outliers.append(name)
            if len(outliers) > 1:  # several apart from the rest: a split, not an outlier
                outliers = []
        results.append(
            CharacteristicResult(
                code=code,
                mean=mean,
                minimum=low,
                maximum=high,
                spread=spread,
                answered=len(values),
                dont_know=dont_know,
                ratings=tuple(given),
                spread_flag=spread is not None and spread >= thresholds.spread,
                outliers=tuple(outliers),
                below_floor=mean is not None and mean < thresholds.floor,  # step 5
            )
        )
    scores = [(c.mean - 1) / 4 if c.mean is not None else 0.0 for c in results]  # step 6
    readiness = round(100 * sum(scores) / len(scores)) if scores else 0
    readiness = min(100, max(0, readiness))
    order = {code: i for i, code in enumerate(codes)}  # step 7
    rated_results = sorted(
        (c for c in results if c.mean is not None), key=lambda c: (c.mean, order[c.code])
    )
    weakest = tuple(c.code for c in rated_results[: thresholds.weakest_count])
    return Aggregate(
        organisations=tuple(o.organisation for o in orgs),
        characteristics=tuple(results),
        readiness=readiness,
        weakest=weakest,
        thresholds=thresholds,
        expected=must_assess,
        submitted_count=sum(1 for name in must_assess if name in submitted_names),  # step 8
    )
