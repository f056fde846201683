"""Business days: weekends and public holidays of the candidate's country (`holidays` package).

Lookups are cached per (country, subdivision, year) as plain frozensets, because the plan engine
asks thousands of times when a coach re-plans a whole caseload.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

__all__ = ["BusinessCalendar"]

_DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@lru_cache(maxsize=512)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    import holidays  # on first use: importing it costs ~50 ms

    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@lru_cache(maxsize=256)
def _weekend(country: str | None) -> frozenset[int]:
    if country is None:
        return _DEFAULT_WEEKEND
    import holidays

    return frozenset(holidays.country_holidays(country).weekend)


@lru_cache(maxsize=512)
def _holiday_name(country: str, subdivision: str | None, day: date) -> str | None:
    import holidays

    name = holidays.country_holidays(country, subdiv=subdivision, years=day.year).get(day)
    return None if name is None else str(name)


class BusinessCalendar:
    """Which days are working days for one candidate."""

    __slots__ = ("country", "subdivision", "weekend")

    def __init__(self, country: str | None = None, subdivision: str | None = None) -> None:
        self.country = country
        self.subdivision = subdivision if country else None
        self.weekend = _weekend(country)

    def is_holiday(self, day: date) -> bool:
        return self.country is not None and day in _holidays(
            self.country, self.subdivision, day.year
        )

    def holiday_name(self, day: date) -> str | None:
        return _holiday_name(self.country, self.subdivision, day) if self.country else None

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and not self.is_holiday(day)

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend

    def next_business_day(self, day: date) -> date:
        """`day` itself if it is a business day, else the first one after it."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (day itself is not counted)."""
        if count < 0:
            raise ValueError(f"count {count} is negative; expected 0 or more business days")
        while count:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count -= 1
        return day

    def non_business_days(self, first: date, last: date) -> list[date]:
        """Weekend days and holidays from `first` to `last` inclusive (for chart shading)."""
        days = []
        day = first
        while day <= last:
            if not self.is_business_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days
