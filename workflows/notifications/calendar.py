"""Working hours in the UK: when an e-mail may go out, and when a daily digest is due.

Bank holidays of England and Wales come from GOV.UK (https://www.gov.uk/bank-holidays), shipped
as data in data/bank_holidays_england_wales.json, so no network call is needed at send time.
"""

import json
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

UK = ZoneInfo("Europe/London")
HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "bank_holidays_england_wales.json"


@cache
def bank_holidays() -> frozenset[date]:
    data = json.loads(HOLIDAYS_FILE.read_text())
    return frozenset(date.fromisoformat(e["date"]) for e in data["events"])


def working_hours() -> tuple[time, time]:
    start, end = settings.NOTIFICATIONS_WORKING_HOURS
    return time(start), time(end)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def _morning(day: date) -> datetime:
    # Built in UK time, so 08:00 stays 08:00 across the clock changes.
    return datetime.combine(day, working_hours()[0], tzinfo=UK)


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_working_moment(moment: datetime) -> datetime:
    """The moment itself if it is inside working hours, else the next working morning."""
    local = moment.astimezone(UK)
    start, end = working_hours()
    if is_working_day(local.date()):
        if start <= local.time() < end:
            return moment
        if local.time() < start:
            return _morning(local.date())
    return _morning(next_working_day(local.date()))


def next_digest_time(moment: datetime) -> datetime:
    """The first working morning strictly after the moment: the daily digest goes then."""
    local = moment.astimezone(UK)
    if is_working_day(local.date()) and local < _morning(local.date()):
        return _morning(local.date())
    return _morning(next_working_day(local.date()))
