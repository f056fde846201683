"""The closed vocabularies shared by the model, the plan engine and every renderer."""

from __future__ import annotations

from enum import Enum


class _Word(str, Enum):
    """A str-valued enum whose str() is its value (so it prints and serialises as plain text)."""

    def __str__(self) -> str:
        return str(self.value)


class Channel(_Word):
    """How a message reaches someone (R-A2, R-C4, R-E5)."""

    EMAIL = "email"
    PHONE = "phone"
    POST = "post"  # a handwritten card
    LINKEDIN = "linkedin"
    IN_PERSON = "in_person"  # only for things done during an interview, never a preference


CONTACT_CHANNELS = (Channel.EMAIL, Channel.PHONE, Channel.POST, Channel.LINKEDIN)


class InterviewerRole(_Word):
    """What an interviewer is to the candidate; it shapes their note and who gets the status check."""

    NOT_SAID = "not_said"
    HIRING_MANAGER = "hiring_manager"
    RECRUITER = "recruiter"  # recruiter or HR
    PEER = "peer"  # a future colleague
    SENIOR_LEADER = "senior_leader"


class InterviewFormat(_Word):
    ON_SITE = "on_site"
    VIDEO = "video"
    PHONE = "phone"


class ActionKind(_Word):
    """Everything the plan can ask the candidate to do."""

    ASK_NEXT_STEPS = "ask_next_steps"  # R-A1
    WRITE_NOTES = "write_notes"  # R-B1
    THANK_YOU = "thank_you"  # R-C1..R-C6
    PROFILE_CHECK = "profile_check"  # R-D2
    LINKEDIN_REQUEST = "linkedin_request"  # R-D1, R-D3
    LINKEDIN_ASK_FIRST = "linkedin_ask_first"  # R-A3
    STATUS_CHECK = "status_check"  # R-E1..R-E5
    KEEP_SEARCHING = "keep_searching"  # R-E7
    KEEP_WARM = "keep_warm"  # R-F1
    REJECTION_REPLY = "rejection_reply"  # R-F2
    OFFER_CLOSE_OUT = "offer_close_out"  # R-F4: thank the panel; negotiating and accepting are next
    WITHDRAWAL_NOTE = "withdrawal_note"  # a short courtesy note when the candidate withdraws


# Kinds that produce a message to another person (the others are checklist items).
MESSAGE_KINDS = frozenset(
    {
        ActionKind.THANK_YOU,
        ActionKind.LINKEDIN_REQUEST,
        ActionKind.STATUS_CHECK,
        ActionKind.KEEP_WARM,
        ActionKind.REJECTION_REPLY,
        ActionKind.OFFER_CLOSE_OUT,
        ActionKind.WITHDRAWAL_NOTE,
    }
)

# Kinds that chase or nurture the employer; an outcome (rejection, offer, ...) stops them.
CHASER_KINDS = frozenset({ActionKind.STATUS_CHECK, ActionKind.KEEP_WARM, ActionKind.KEEP_SEARCHING})


class ActionStatus(_Word):
    UPCOMING = "upcoming"  # its window has not opened yet
    DUE = "due"  # the window is open and the due time has not passed
    OVERDUE = "overdue"  # the due time has passed and it was not done
    DONE = "done"  # an event records it
    CANCELLED = "cancelled"  # an outcome made it moot


OPEN_STATUSES = frozenset({ActionStatus.UPCOMING, ActionStatus.DUE, ActionStatus.OVERDUE})


class ActionFlag(_Word):
    ASSUMED_DECISION_DATE = "assumed_decision_date"  # R-A1: no date was given
    LATE = "late"  # past the hard latest time, still worth doing
    WEEKEND = "weekend"  # R-C3: due on a weekend, read on the next working day
    OPTIONAL = "optional"
    SLOW_CHANNEL = "slow_channel"  # R-C4: post may be read late
    MOVED = "moved"  # off a weekend or public holiday (or past the last post) to the next one
    NON_WORKING_DAY = "non_working_day"  # left on a day off: it is for the candidate, not them
    MISSING_CONTACT = "missing_contact"  # R-A4: the channel needs a detail nobody noted
    STALE = "stale"  # its moment passed long ago: no longer worth doing


class EventKind(_Word):
    """What can happen to an application; `done` records that the candidate did an action."""

    DONE = "done"
    HEARD_BACK = "heard_back"
    NEXT_ROUND_BOOKED = "next_round_booked"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    OFFER = "offer"
    WITHDRAWN = "withdrawn"


# Outcomes after which nothing is chased any more.
CLOSING_EVENTS = frozenset({EventKind.REJECTED, EventKind.OFFER, EventKind.WITHDRAWN})


class Stage(_Word):
    """Where an application stands, for the coach's pipeline."""

    NO_INTERVIEW = "no_interview"
    INTERVIEW_BOOKED = "interview_booked"
    INTERVIEWING = "interviewing"
    THANKING = "thanking"  # thank-you notes still to send
    WAITING = "waiting"  # for the decision date
    CHASING = "chasing"  # status checks are due
    NO_ANSWER = "no_answer"  # status checks used up
    NEXT_ROUND = "next_round"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    OFFER = "offer"
    WITHDRAWN = "withdrawn"
