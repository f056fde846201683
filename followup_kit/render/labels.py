"""The words the kit shows for its closed vocabularies: one place, so the notebooks, the
exports and the command line always agree."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from followup_kit.core.kinds import KINDS
from followup_kit.core.vocabulary import (
    ActionKind,
    ActionStatus,
    Channel,
    EventKind,
    InterviewerRole,
    Stage,
)

__all__ = [
    "CHANNEL",
    "DRAFT_CHANNEL",
    "EVENT",
    "KIND",
    "KIND_SHORT",
    "NOT_ASKED",
    "ROLE",
    "STAGE",
    "STATUS",
    "day_month",
    "weekday",
    "when",
]

# Kind labels come from the one table of kinds (core/kinds.py): long for views and exports,
# short for charts and agenda rows.
KIND: dict[ActionKind, str] = {kind: spec.label for kind, spec in KINDS.items()}
KIND_SHORT: dict[ActionKind, str] = {kind: spec.short for kind, spec in KINDS.items()}
CHANNEL: dict[Channel, str] = {
    Channel.EMAIL: "email",
    Channel.PHONE: "phone call",
    Channel.POST: "handwritten card by post",
    Channel.LINKEDIN: "LinkedIn",
    Channel.IN_PERSON: "in person",
}
# An interviewer's preferred channel when nobody asked yet (R-A2): email is used meanwhile.
NOT_ASKED = "not asked yet"
ROLE: dict[InterviewerRole, str] = {
    InterviewerRole.NOT_SAID: "not recorded",
    InterviewerRole.HIRING_MANAGER: "hiring manager",
    InterviewerRole.RECRUITER: "recruiter or HR",
    InterviewerRole.PEER: "future colleague",
    InterviewerRole.SENIOR_LEADER: "senior leader",
}
STATUS: dict[ActionStatus, str] = {
    ActionStatus.OVERDUE: "Overdue",
    ActionStatus.DUE: "Due now",
    ActionStatus.UPCOMING: "Coming up",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "No longer needed",
}
STAGE: dict[Stage, str] = {
    Stage.NO_INTERVIEW: "no interview recorded yet",
    Stage.INTERVIEW_BOOKED: "interview booked",
    Stage.INTERVIEWING: "interview under way",
    Stage.THANKING: "thank-you notes to send",
    Stage.WAITING: "waiting for their decision",
    Stage.CHASING: "time for a status check",
    Stage.NO_ANSWER: "no answer after the status checks",
    Stage.NEXT_ROUND: "next round booked",
    Stage.ON_HOLD: "process on hold",
    Stage.REJECTED: "not successful this time",
    Stage.OFFER: "offer received",
    Stage.WITHDRAWN: "withdrawn",
}
EVENT: dict[EventKind, str] = {
    EventKind.DONE: "done",
    EventKind.HEARD_BACK: "heard back",
    EventKind.NEXT_ROUND_BOOKED: "next round booked",
    EventKind.ON_HOLD: "on hold",
    EventKind.REJECTED: "rejected",
    EventKind.OFFER: "offer",
    EventKind.WITHDRAWN: "withdrawn",
}


# How a thank-you by each channel is named on a chart ("Thank-you card").
DRAFT_CHANNEL: dict[Channel, str] = {
    Channel.EMAIL: "email",
    Channel.POST: "card",
    Channel.PHONE: "call",
    Channel.LINKEDIN: "message",
    Channel.IN_PERSON: "conversation",
}


def day_month(day: date) -> str:
    """3 March (the drafts' date format)."""
    return f"{day.day} {day:%B}"


def weekday(day: date) -> str:
    """Tuesday."""
    return f"{day:%A}"


def when(moment: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """'Wed 4 Mar 11:00' in the reader's zone (no leading zeros); 'Wed 4 Mar 2025 11:00' when
    it falls outside `year` (the plan's current year), so an old date never passes for new."""
    local = moment.astimezone(zone)
    if year is not None and local.year != year:
        return f"{local:%a} {local.day} {local:%b} {local.year} {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"
