"""Working hours in England and Wales: when e-mails may go and when the digest is due."""

import pytest

from tests.workflows.notifications.helpers import uk
from workflows.notifications.calendar import (
    bank_holidays,
    is_working_day,
    next_digest_time,
    next_working_moment,
)


def test_bank_holidays_2025_to_2028_are_shipped_with_their_source():
    days = bank_holidays()
    assert len(days) == 32
    assert {d.year for d in days} == {2025, 2026, 2027, 2028}
    assert uk(2026, 12, 28).date() in days  # Boxing Day substitute


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (uk(2027, 3, 10, 10, 0), uk(2027, 3, 10, 10, 0)),  # Wednesday morning: now
        (uk(2027, 3, 10, 7, 30), uk(2027, 3, 10, 8, 0)),  # early: that morning
        (uk(2027, 3, 10, 18, 0), uk(2027, 3, 11, 8, 0)),  # at 18:00: next morning
        (uk(2027, 3, 12, 19, 0), uk(2027, 3, 15, 8, 0)),  # Friday evening: Monday
        (uk(2027, 3, 13, 10, 0), uk(2027, 3, 15, 8, 0)),  # Saturday: Monday
        # Good Friday, then Easter Monday, across the clock change: Tuesday 08:00 BST.
        (uk(2027, 3, 26, 10, 0), uk(2027, 3, 30, 8, 0)),
        # Christmas Eve evening 2027: 25-26 weekend, 27-28 substitute days.
        (uk(2027, 12, 24, 18, 30), uk(2027, 12, 29, 8, 0)),
    ],
)
def test_next_working_moment(moment, expected):
    assert next_working_moment(moment) == expected


def test_next_working_morning_is_0800_uk_time_in_summer():
    assert next_working_moment(uk(2027, 7, 2, 20, 0)).isoformat() == "2027-07-05T08:00:00+01:00"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (uk(2027, 3, 10, 7, 0), uk(2027, 3, 10, 8, 0)),
        (uk(2027, 3, 10, 8, 0), uk(2027, 3, 11, 8, 0)),
        (uk(2027, 3, 10, 15, 0), uk(2027, 3, 11, 8, 0)),
        (uk(2027, 3, 12, 15, 0), uk(2027, 3, 15, 8, 0)),
    ],
)
def test_digest_goes_on_the_next_working_morning(moment, expected):
    assert next_digest_time(moment) == expected


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(uk(2027, 3, 10).date())
    assert not is_working_day(uk(2027, 3, 13).date())
    assert not is_working_day(uk(2027, 5, 3).date())
