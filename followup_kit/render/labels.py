"""The words the kit shows for its closed vocabularies (one place, so every view agrees)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from followup_kit.core.vocabulary import ActionKind, ActionStatus, Channel, EventKind, Stage

__all__ = ["CHANNEL", "EVENT", "KIND", "STAGE", "STATUS", "when"]

KIND: dict[ActionKind, str] = {
    ActionKind.ASK_NEXT_STEPS: "Ask about next steps",
    ActionKind.WRITE_NOTES: "Write your notes",
    ActionKind.THANK_YOU: "Thank-you note",
    ActionKind.PROFILE_CHECK: "Polish your LinkedIn profile",
    ActionKind.LINKEDIN_REQUEST: "LinkedIn request",
    ActionKind.LINKEDIN_ASK_FIRST: "Ask before connecting",
    ActionKind.STATUS_CHECK: "Status check",
    ActionKind.KEEP_SEARCHING: "Keep your search moving",
    ActionKind.KEEP_WARM: "Keep in touch",
    ActionKind.REJECTION_REPLY: "Reply to the decision",
}
CHANNEL: dict[Channel, str] = {
    Channel.EMAIL: "email",
    Channel.PHONE: "phone call",
    Channel.POST: "handwritten card",
    Channel.LINKEDIN: "LinkedIn",
    Channel.IN_PERSON: "in person",
}
STATUS: dict[ActionStatus, str] = {
    ActionStatus.UPCOMING: "upcoming",
    ActionStatus.DUE: "due now",
    ActionStatus.OVERDUE: "overdue",
    ActionStatus.DONE: "done",
    ActionStatus.CANCELLED: "not needed",
}
STAGE: dict[Stage, str] = {
    Stage.NO_INTERVIEW: "no interview yet",
    Stage.INTERVIEW_BOOKED: "interview booked",
    Stage.INTERVIEWING: "interviewing",
    Stage.THANKING: "thank-yous to send",
    Stage.WAITING: "waiting for the decision",
    Stage.CHASING: "time for a status check",
    Stage.NO_ANSWER: "no answer after two checks",
    Stage.NEXT_ROUND: "next round booked",
    Stage.ON_HOLD: "on hold",
    Stage.REJECTED: "not selected",
    Stage.OFFER: "offer",
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


def when(moment: datetime, zone: tzinfo) -> str:
    """'Wed 4 Mar 11:00' in the reader's zone (no leading zeros, no year: plans span weeks)."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"
