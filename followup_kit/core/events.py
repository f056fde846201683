"""Turning "I did this" or "this happened" on a given day into a valid Event."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from followup_kit.core.models import Event
from followup_kit.core.plan import Action
from followup_kit.core.vocabulary import Channel, EventKind

__all__ = ["done_event", "event_time", "outcome_event"]

# A day picked in the past is recorded at midday: late enough to follow that day's interview
# in most cases, early enough never to pass `now` on the same day.
_MIDDAY = time(12, 0)


def event_time(
    day: date, now: datetime, zone: tzinfo, *, not_before: datetime | None = None
) -> datetime:
    """The moment to record for something that happened on `day` (the candidate's zone).

    Today means now; an earlier day means its midday, but never before `not_before` (e.g. the
    interview's end) and never after `now`."""
    local_now = now.astimezone(zone)
    when = local_now if day >= local_now.date() else datetime.combine(day, _MIDDAY, tzinfo=zone)
    if not_before is not None and when < not_before:
        when = min(not_before, local_now)
    return min(when, local_now)


def done_event(action: Action, at: datetime, note: str = "") -> Event:
    """The event that marks `action` done (sent, written, asked …)."""
    return Event(
        kind=EventKind.DONE,
        action=action.kind,
        at=at,
        round=action.round,
        interviewer=action.recipient,
        channel=action.channel if action.channel is not Channel.IN_PERSON else None,
        note=note,
    )


def outcome_event(
    kind: EventKind, at: datetime, *, round_number: int | None = None, decision: date | None = None
) -> Event:
    """heard back / next round booked / on hold / rejected / offer / withdrawn."""
    if kind is EventKind.DONE:
        raise ValueError("kind 'done' needs an action; use done_event(action, at)")
    return Event(
        kind=kind,
        at=at,
        round=round_number,
        decision_expected=decision if kind is EventKind.HEARD_BACK else None,
    )
