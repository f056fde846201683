"""Business days: weekends, public holidays and official working weekend days, from the
`holidays` package's own calendar of a country and region.

The arithmetic (is this a working day? the n-th working day after a date) is the package's
(`is_working_day`, `get_nth_working_day`): it knows countries whose weekend is not Saturday and
Sunday and the weekend days some countries declare working days. Answers are cached per
(country, region, day), because the plan engine asks thousands of times when a coach re-plans a
whole caseload.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

__all__ = ["DEFAULT_SUBDIVISION", "REGIONAL_COUNTRIES", "BusinessCalendar", "region_in_use"]

_DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday

# Countries whose public holidays differ by region, so the region must be asked for (issue 13).
REGIONAL_COUNTRIES = frozenset(
    {"AT", "AU", "BR", "CA", "CH", "DE", "ES", "GB", "IN", "IT", "MX", "MY", "US"}
)
# Where the nationwide list alone would be wrong for most people, the region assumed when none
# is given (the plan says so). For the UK, the nationwide list omits Easter Monday and the August
# bank holiday, which England and Wales both keep.
DEFAULT_SUBDIVISION = {"GB": "ENG"}


def region_in_use(country: str | None, subdivision: str | None) -> str | None:
    """The region whose holidays apply: the one given, else the assumed default, else None."""
    if country is None:
        return None
    return subdivision or DEFAULT_SUBDIVISION.get(country)


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str | None) -> Any:
    import holidays  # on first use: importing it costs ~50 ms

    return holidays.country_holidays(country, subdiv=subdivision)


@lru_cache(maxsize=65536)
def _working(country: str, subdivision: str | None, day: date) -> bool:
    return bool(_calendar(country, subdivision).is_working_day(day))


@lru_cache(maxsize=65536)
def _nth_working(country: str, subdivision: str | None, day: date, count: int) -> date:
    result: date = _calendar(country, subdivision).get_nth_working_day(day, count)
    return result


@lru_cache(maxsize=256)
def _weekend(country: str | None, subdivision: str | None) -> frozenset[int]:
    if country is None:
        return _DEFAULT_WEEKEND
    return frozenset(_calendar(country, subdivision).weekend)


@lru_cache(maxsize=512)
def _holiday_name(country: str, subdivision: str | None, day: date) -> str | None:
    name = _calendar(country, subdivision).get(day)
    return None if name is None else str(name)


class BusinessCalendar:
    """Which days are working days in one country and region (weekends only without one)."""

    __slots__ = ("country", "subdivision", "weekend")

    def __init__(self, country: str | None = None, subdivision: str | None = None) -> None:
        self.country = country
        self.subdivision = region_in_use(country, subdivision)
        self.weekend = _weekend(country, self.subdivision)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BusinessCalendar) and (self.country, self.subdivision) == (
            other.country,
            other.subdivision,
        )

    def __hash__(self) -> int:
        return hash((self.country, self.subdivision))

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def holiday_name(self, day: date) -> str | None:
        return _holiday_name(self.country, self.subdivision, day) if self.country else None

    def is_business_day(self, day: date) -> bool:
        if self.country is None:
            return day.weekday() not in _DEFAULT_WEEKEND
        return _working(self.country, self.subdivision, day)

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend

    def why_not_working(self, day: date) -> str | None:
        """None on a working day, else what the day is: 'Good Friday' or 'a Saturday'."""
        if self.is_business_day(day):
            return None
        name = self.holiday_name(day)
        return name if name else f"a {day:%A}"

    def next_business_day(self, day: date) -> date:
        """`day` itself if it is a business day, else the first one after it."""
        if self.country is None:
            while not self.is_business_day(day):
                day += timedelta(days=1)
            return day
        return _nth_working(self.country, self.subdivision, day, 0)

    def add_business_days(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (day itself is not counted)."""
        if count < 0:
            raise ValueError(f"count {count} is negative; expected 0 or more business days")
        if count == 0:
            return day
        if self.country is None:
            while count:
                day += timedelta(days=1)
                if self.is_business_day(day):
                    count -= 1
            return day
        return _nth_working(self.country, self.subdivision, day, count)

    def non_business_days(self, first: date, last: date) -> list[date]:
        """Weekend days and holidays from `first` to `last` inclusive (for chart shading)."""
        days = []
        day = first
        while day <= last:
            if not self.is_business_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days
