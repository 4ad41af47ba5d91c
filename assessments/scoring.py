"""Combine partner assessments into one picture: a pure function, no database.

`aggregate()` takes each organisation's ratings and returns per-characteristic statistics,
an overall readiness score, disagreement flags and the weakest characteristics. Keeping it
free of the ORM means it can be tested exhaustively (see tests/assessments/test_scoring.py).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Thresholds:
    readiness: int = 60  # readiness (0-100) at or above which the gate check passes
    floor: float = 2.0  # a characteristic whose mean is below this needs a justification
    spread: int = 2  # max - min at or above this is a disagreement
    outlier_gap: float = 2.0  # an organisation this far from the others' mean is an outlier
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
    outliers: tuple[str, ...] = ()
    below_floor: bool = False

    @property
    def flagged(self) -> bool:
        return self.spread_flag or bool(self.outliers)


@dataclass(frozen=True)
class Aggregate:
    organisations: tuple[str, ...]
    characteristics: tuple[CharacteristicResult, ...]
    readiness: int
    weakest: tuple[str, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def flags(self) -> list[CharacteristicResult]:
        return [c for c in self.characteristics if c.flagged]

    @property
    def below_floor(self) -> list[CharacteristicResult]:
        return [c for c in self.characteristics if c.below_floor]

    @property
    def is_ready(self) -> bool:
        return self.readiness >= self.thresholds.readiness

    def for_code(self, code: str) -> CharacteristicResult | None:
        return next((c for c in self.characteristics if c.code == code), None)


def aggregate(
    codes: Sequence[str],
    submissions: Iterable[OrgRatings],
    thresholds: Thresholds | None = None,
) -> Aggregate:
    """Combine the organisations' ratings for the characteristics `codes` (in display order).

    Steps:
    1. Put the organisations in name order, so the result never depends on the order in
       which assessments arrived.
    2. For each characteristic, collect the 1-5 ratings; count the organisations that said
       "don't know" separately (they are neither high nor low, so they do not move the mean).
    3. From the ratings work out the mean, minimum, maximum and spread (maximum - minimum);
       with no ratings they are all None.
    4. Flag a disagreement when the spread is at least `thresholds.spread`, or when, with three
       or more ratings, one organisation is at least `thresholds.outlier_gap` points from the
       mean of the others (an outlier, named in the flag).
    5. Mark the characteristic below the floor when its mean is under `thresholds.floor`.
    6. Readiness: each characteristic scores (mean - 1) / 4, from 0 for a mean of 1 to 1 for a
       mean of 5; a characteristic nobody could rate scores 0 (unknown is not ready). Readiness
       is the average over the characteristics times 100, rounded to a whole number; with no
       characteristics it is 0.
    7. The weakest characteristics are the rated ones with the lowest means, ties broken by
       display order, at most `thresholds.weakest_count` of them.
    """
    thresholds = thresholds or Thresholds()
    orgs = sorted(submissions, key=lambda s: s.organisation)  # step 1
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
            for name, r in rated:
                others_mean = (total - r) / (len(values) - 1)
                if abs(r - others_mean) >= thresholds.outlier_gap:
                    outliers.append(name)
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
    )
