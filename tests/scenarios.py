"""Small builders for the fixed scenarios every test module uses.

All times are in Europe/London for a candidate in GB unless a test says otherwise. Dates are
chosen so the weekday matters: 2026-03-03 is a Tuesday, 2026-03-06 a Friday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from followup_kit.core import Application, Candidate, Event, Interviewer, Round

LONDON = ZoneInfo("Europe/London")


def at(day: date | str, hour: int = 10, minute: int = 0, zone: ZoneInfo = LONDON) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def candidate(**changes: Any) -> Candidate:
    fields: dict[str, Any] = {
        "name": "Sam Okafor",
        "email": "sam.okafor@example.org",
        "time_zone": "Europe/London",
        "country": "GB",
        "subdivision": "ENG",
        "linkedin_profile_ready": True,
    }
    return Candidate(**{**fields, **changes})


def ana(**changes: Any) -> Interviewer:
    fields: dict[str, Any] = {
        "name": "Ana Ruiz",
        "title": "Head of Analytics",
        "email": "ana.ruiz@acme.example",
        "preferred_channel": "email",
        "agreed_to_connect": True,
        "card_collected": True,
        "topics": ("her team's move to dbt",),
        "interests": ("open data",),
    }
    return Interviewer(**{**fields, **changes})


def bo(**changes: Any) -> Interviewer:
    fields: dict[str, Any] = {
        "name": "Bo Chen",
        "title": "Senior Analyst",
        "email": "bo.chen@acme.example",
        "preferred_channel": "post",
        "topics": ("the cycling club at the office",),
        "interests": ("urban cycling",),
    }
    return Interviewer(**{**fields, **changes})


def round_(
    number: int = 1,
    day: str = "2026-03-03",
    start_hour: int = 10,
    hours: int = 1,
    interviewers: tuple[Interviewer, ...] | None = None,
    **changes: Any,
) -> Round:
    start = at(day, start_hour)
    fields: dict[str, Any] = {
        "number": number,
        "start": start,
        "end": start + timedelta(hours=hours),
        "format": "on_site",
        "interviewers": (ana(), bo()) if interviewers is None else interviewers,
        "decision_expected": date.fromisoformat(day) + timedelta(days=7),
        "qualifications": ("SQL and dbt", "dashboard design for non-specialists"),
        "culture_fit": "I like how the team shares its work openly",
        "topics": ("the new customer data platform",),
    }
    return Round(**{**fields, **changes})


def application(
    rounds: tuple[Round, ...] | None = None,
    events: tuple[Event, ...] = (),
    *,
    thanked: bool = False,
    **changes: Any,
) -> Application:
    """The standard application; `thanked` records every round's thank-yous as sent."""
    rounds = (round_(),) if rounds is None else rounds
    if thanked:
        sent = tuple(
            done("thank_you", r.end + timedelta(hours=1), p.name, r.number)
            for r in rounds
            for p in r.interviewers
        )
        events = tuple(sorted((*sent, *events), key=lambda e: e.at))
    fields: dict[str, Any] = {
        "company": "Acme Analytics",
        "role": "Data Analyst",
        "candidate": candidate(),
        "rounds": rounds,
        "events": events,
    }
    return Application(**{**fields, **changes})


def done(
    action: str, when: datetime, interviewer: str | None = None, rnd: int | None = None
) -> Event:
    return Event(kind="done", action=action, at=when, interviewer=interviewer, round=rnd)


def event(kind: str, when: datetime, **changes: Any) -> Event:
    return Event(kind=kind, at=when, **changes)
