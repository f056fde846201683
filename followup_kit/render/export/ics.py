"""The plan as a calendar file (iCalendar, RFC 5545) with a reminder before every action.

Why VEVENT and not VTODO: the plan's actions are to-dos, but most people's calendars ignore
VTODO on import (Google Calendar, Outlook), so the reminder would silently vanish. Each action
is therefore a short VEVENT at its due time with a VALARM before it, marked TRANSPARENT so it
never shows the candidate as busy.

Re-importing an updated plan updates instead of duplicating: each UID is the action's stable id
(``<action id>@followup-kit``), DTSTAMP is the plan's `now` (never the clock, so the same input
gives the same bytes) and SEQUENCE counts the events recorded on the application, which is
what moves a plan forward. Cancelled actions stay in the file with STATUS:CANCELLED so an update
removes them from the calendar; done actions stay as "Done: …" without an alarm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from followup_kit.core.messages import Draft
from followup_kit.core.models import Round
from followup_kit.core.plan import Action, Plan, application_key
from followup_kit.core.vocabulary import ActionStatus
from followup_kit.render.export.document import (
    DRAFT_LABELS,
    FORMAT_LABELS,
    action_title,
    drafts_by_action,
    fmt_moment,
)
from followup_kit.render.labels import CHANNEL as CHANNEL_LABELS
from followup_kit.render.labels import STATUS as STATUS_LABELS

__all__ = ["DOMAIN", "INTERVIEW_REMINDERS", "Reminder", "to_ics"]

DOMAIN = "followup-kit"
PRODID = "-//followup_kit//Follow-up plan//EN"
# How long an action's calendar entry lasts: long enough to see, short enough not to clutter.
EVENT_LENGTH = timedelta(minutes=15)
# Reminders before a booked interview: the day before (to prepare) and an hour before.
INTERVIEW_REMINDERS = (timedelta(hours=24), timedelta(hours=1))


@dataclass(frozen=True, slots=True)
class Reminder:
    """When the alarm before each action goes off: at `morning` on the day it is due (default
    08:30 local), or `before` a fixed time ahead of it when given.

    When the due time is at or before the morning time, the alarm goes off `fallback` ahead
    instead, so no alarm ever rings after the moment it reminds of."""

    morning: time = time(8, 30)
    before: timedelta | None = None
    fallback: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if self.before is not None and self.before < timedelta(0):
            raise ValueError(
                f"reminder before={self.before} is negative; expected a time ahead of the action"
            )

    def ahead_of(self, due: datetime) -> timedelta:
        """How long before `due` (a local time) the alarm goes off."""
        if self.before is not None:
            return self.before
        morning = datetime.combine(due.date(), self.morning, tzinfo=due.tzinfo)
        return due - morning if morning < due else self.fallback


def _sequence(plan: Plan) -> int:
    return len(plan.application.events)


def _alarm(ahead: timedelta, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -ahead)
    return alarm


def _describe(action: Action, draft: Draft | None, plan: Plan) -> str:
    zone = plan.application.candidate.zone
    lines = [
        f"{STATUS_LABELS[action.status]}: due {fmt_moment(action.due, zone)}.",
        f"Window: from {fmt_moment(action.opens, zone)}, still fine until "
        f"{fmt_moment(action.latest, zone)}.",
    ]
    if action.channel is not None:
        how = CHANNEL_LABELS[action.channel]
        lines.append(f"How: {how}" + (f", to {action.recipient}." if action.recipient else "."))
    lines += ["", f"Why: {action.why}"]
    if draft is not None:
        lines += ["", f"{DRAFT_LABELS[draft.channel]}:"]
        if draft.subject:
            lines.append(f"Subject: {draft.subject}")
        lines += ["", draft.body]
    return "\n".join(lines)


def _action_event(action: Action, draft: Draft | None, plan: Plan, reminder: Reminder) -> Event:
    zone = plan.application.candidate.zone
    due = action.due.astimezone(zone)
    title = f"{action_title(action)} ({plan.application.company})"
    event = Event()
    event.add("uid", f"{action.id}@{DOMAIN}")
    event.add("dtstamp", plan.now)
    event.add("sequence", _sequence(plan))
    event.add("dtstart", due)
    event.add("dtend", due + EVENT_LENGTH)
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Follow-up"])
    if action.status is ActionStatus.DONE:
        event.add("summary", f"Done: {title}")
        event.add("status", "CONFIRMED")
    elif action.status is ActionStatus.CANCELLED:
        event.add("summary", f"No longer needed: {title}")
        event.add("status", "CANCELLED")
    else:
        event.add("summary", title)
        event.add("status", "CONFIRMED")
        event.add_component(_alarm(reminder.ahead_of(due), title))
    event.add("description", _describe(action, draft, plan))
    return event


def _interview_event(rnd: Round, plan: Plan, reminders: Sequence[timedelta]) -> Event:
    app = plan.application
    zone = app.candidate.zone
    names = ", ".join(p.name + (f" ({p.title})" if p.title else "") for p in rnd.interviewers)
    title = f"Interview, round {rnd.number}: {app.company}, {app.role}"
    event = Event()
    event.add("uid", f"round-{rnd.number}-{application_key(app)}@{DOMAIN}")
    event.add("dtstamp", plan.now)
    event.add("sequence", _sequence(plan))
    event.add("dtstart", rnd.start.astimezone(zone))
    event.add("dtend", rnd.end.astimezone(zone))
    event.add("summary", title)
    event.add("status", "CONFIRMED")
    event.add("categories", ["Interview"])
    lines = [f"Format: {FORMAT_LABELS[rnd.format]}."]
    if names:
        lines.append(f"With: {names}.")
    lines.append(
        "Before it ends, ask when they expect to decide, how each person prefers to be "
        "contacted and whether they are happy to connect on LinkedIn."
    )
    event.add("description", "\n".join(lines))
    for ahead in sorted(set(reminders), reverse=True):
        event.add_component(_alarm(ahead, title))
    return event


def _year_span(plan: Plan) -> tuple[date, date]:
    """The years the calendar's times fall in (VTIMEZONE only needs to cover those)."""
    times = [plan.now] + [a.due for a in plan.actions] + [r.start for r in plan.application.rounds]
    return date(min(times).year, 1, 1), date(max(times).year + 2, 1, 1)


def to_ics(
    plan: Plan,
    *,
    drafts: Sequence[Draft] | None = None,
    reminder: Reminder | None = None,
    interview_reminders: Sequence[timedelta] = INTERVIEW_REMINDERS,
) -> bytes:
    """The plan as iCalendar bytes: one event per action (its draft in the description) and
    one per interview round still to come, each with reminders; times in the candidate's
    zone with its VTIMEZONE."""
    reminder = reminder or Reminder()
    app = plan.application
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Follow-up: {app.company}, {app.role}")
    calendar.add("x-wr-timezone", app.candidate.time_zone)
    by_action = drafts_by_action(plan, drafts)
    for rnd in app.rounds:
        if rnd.start > plan.now:
            calendar.add_component(_interview_event(rnd, plan, interview_reminders))
    for action in plan.actions:
        calendar.add_component(_action_event(action, by_action.get(action.id), plan, reminder))
    first, last = _year_span(plan)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())
