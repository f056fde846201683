"""The words the kit shows for its closed vocabularies: one place, so the notebooks, the
exports and the command line always agree."""

from __future__ import annotations

from datetime import datetime, tzinfo

from followup_kit.core.vocabulary import (
    ActionKind,
    ActionStatus,
    Channel,
    EventKind,
    InterviewerRole,
    Stage,
)

__all__ = ["CHANNEL", "EVENT", "KIND", "NOT_ASKED", "ROLE", "STAGE", "STATUS", "when"]

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
    ActionKind.OFFER_CLOSE_OUT: "Thank the panel for the offer",
    ActionKind.WITHDRAWAL_NOTE: "Let them know you have withdrawn",
}
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


def when(moment: datetime, zone: tzinfo, *, year: int | None = None) -> str:
    """'Wed 4 Mar 11:00' in the reader's zone (no leading zeros); 'Wed 4 Mar 2025 11:00' when
    it falls outside `year` (the plan's current year), so an old date never passes for new."""
    local = moment.astimezone(zone)
    if year is not None and local.year != year:
        return f"{local:%a} {local.day} {local:%b} {local.year} {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"
