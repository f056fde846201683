"""What a printed or exported plan shows: the plan's facts as ready-to-print words.

Markdown, HTML, CSV and the calendar all show the same things (the interview summary, each
dated action with its channel, recipient and why, the drafted messages and a checklist); this
module gathers them once, in the candidate's time zone, so every format agrees. The wording
here is the export's own; templates only lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from urllib.parse import quote

from followup_kit.core.kinds import CHANNEL_NOUN, KINDS
from followup_kit.core.messages import Draft, Finding
from followup_kit.core.models import Application, Concern, Interviewer, Round
from followup_kit.core.plan import Action, Plan, status_contact
from followup_kit.core.vocabulary import (
    MESSAGE_KINDS,
    ActionFlag,
    ActionKind,
    ActionStatus,
    Channel,
    InterviewerRole,
    InterviewFormat,
)
from followup_kit.render.drafts import draft_plan
from followup_kit.render.labels import CHANNEL as CHANNEL_LABELS
from followup_kit.render.labels import KIND_SHORT, NOT_ASKED
from followup_kit.render.labels import ROLE as ROLE_LABELS
from followup_kit.render.labels import STAGE as STAGE_LABELS
from followup_kit.render.labels import STATUS as STATUS_LABELS

__all__ = [
    "ActionItem",
    "InterviewerLine",
    "PlanDocument",
    "RoundSummary",
    "action_title",
    "drafts_by_action",
    "fmt_day",
    "fmt_moment",
    "mailto_link",
    "plan_document",
    "short_title",
]

FORMAT_LABELS: Mapping[InterviewFormat, str] = {
    InterviewFormat.ON_SITE: "on site",
    InterviewFormat.VIDEO: "video call",
    InterviewFormat.PHONE: "phone interview",
}
FLAG_NOTES: Mapping[ActionFlag, str] = {
    ActionFlag.LATE: "past the latest sensible time, but still worth doing",
    ActionFlag.WEEKEND: "falls at the weekend",
    ActionFlag.OPTIONAL: "optional",
    ActionFlag.SLOW_CHANNEL: "post can be slow, so send it today",
    ActionFlag.ASSUMED_DECISION_DATE: "timed from an assumed decision date",
    ActionFlag.MISSING_CONTACT: "a contact detail is missing",
    ActionFlag.MOVED: "moved off a day off",
    ActionFlag.NON_WORKING_DAY: "falls on a day off",
    ActionFlag.STALE: "no longer worth doing",
}
DRAFT_LABELS: Mapping[Channel, str] = {
    Channel.EMAIL: "Draft email",
    Channel.PHONE: "What to say on the call",
    Channel.POST: "Text for the card",
    Channel.LINKEDIN: "Draft LinkedIn message",
    Channel.IN_PERSON: "What to say",
}
# The order a person scans a flag list in: what is urgent first.
_FLAG_ORDER = tuple(FLAG_NOTES)


def fmt_day(day: date) -> str:
    """'Wed 4 Mar 2026' (no leading zero on any platform)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def fmt_moment(when: datetime, zone: tzinfo) -> str:
    """'Wed 4 Mar 2026, 11:00' in `zone`."""
    local = when.astimezone(zone)
    return f"{fmt_day(local.date())}, {local:%H:%M}"


def action_title(action: Action) -> str:
    """A short imperative headline for one action ("Thank-you email to Ana Ruiz"), from the
    kind's title in the one table of kinds."""
    channel = action.channel or Channel.EMAIL
    noun = CHANNEL_NOUN[channel]
    return KINDS[action.kind].title.format(
        who=action.recipient or "your contact",
        round=action.round,
        sequence=action.sequence,
        noun=noun,
        by="" if channel is Channel.IN_PERSON else f" by {noun}",
    )


KIND_LABELS: Mapping[ActionKind, str] = KIND_SHORT  # from the one table of kinds


def short_title(kind: ActionKind, channel: Channel | None, recipient: str | None) -> str:
    """A one-line label when only the kind, channel and person are known (an agenda row):
    'Thank-you by email to Ana Ruiz'."""
    text = KIND_LABELS[kind]
    if channel is not None and kind in MESSAGE_KINDS and kind is not ActionKind.LINKEDIN_REQUEST:
        text += f" by {CHANNEL_LABELS[channel]}"
    if recipient:
        text += f" {'with' if kind is ActionKind.LINKEDIN_ASK_FIRST else 'to'} {recipient}"
    return text


def mailto_link(draft: Draft) -> str:
    """A mailto: URL that opens the draft in the reader's mail program (RFC 6068: every
    character outside the unreserved set is percent-encoded; line breaks become CRLF)."""
    to = quote(draft.recipient.address or "", safe="@")
    fields = []
    if draft.subject:
        fields.append("subject=" + quote(" ".join(draft.subject.split()), safe=""))
    body = "\r\n".join(draft.body.splitlines())
    fields.append("body=" + quote(body, safe=""))
    return f"mailto:{to}?{'&'.join(fields)}"


def drafts_by_action(plan: Plan, drafts: Sequence[Draft] | None) -> dict[str, Draft]:
    """The drafts to show, by action id: the ones given (the candidate may have edited them),
    else a fresh draft for every open message action."""
    chosen = draft_plan(plan) if drafts is None else drafts
    return {d.action_id: d for d in chosen if d.action_id is not None}


# What the plan says when a list would be empty (shared by every format).
NO_ROUNDS = "No interview is recorded yet: add the interview round and the plan fills in."
NOTHING_DUE = "Nothing is due at the moment; the next step is listed below with its date."
ALL_CLEAR = "Nothing is due and nothing is left to plan."


@dataclass(frozen=True, slots=True)
class InterviewerLine:
    name: str
    title: str
    prefers: str
    contact: str
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundSummary:
    number: int
    when: str
    format: str
    interviewers: tuple[InterviewerLine, ...]
    decision: str
    strengths: tuple[str, ...]
    culture_fit: str
    concerns: tuple[str, ...]
    slip: str
    topics: tuple[str, ...]
    upcoming: bool


@dataclass(frozen=True, slots=True)
class ActionItem:
    """One dated action, in words; `number` is its place in the plan's list (0 if dropped)."""

    id: str
    number: int
    title: str
    status: str
    status_key: str
    when: str
    opens: str
    latest: str
    channel: str
    recipient: str
    why: str
    notes: tuple[str, ...]
    draft: Draft | None
    draft_label: str
    findings: tuple[Finding, ...]
    mailto: str | None
    is_open: bool
    is_message: bool
    action: Action


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """Everything the human-readable exports show, in the order they show it."""

    title: str
    candidate: str
    company: str
    role: str
    as_of: str
    zone: str
    stage: str
    rounds: tuple[RoundSummary, ...]
    notes: str
    items: tuple[ActionItem, ...]
    # Whose clock the times follow and warnings worth reading first (issue 13).
    context: tuple[str, ...] = ()

    @property
    def open_items(self) -> tuple[ActionItem, ...]:
        return tuple(item for item in self.items if item.is_open)

    @property
    def no_rounds(self) -> str:
        return NO_ROUNDS

    @property
    def nothing_due(self) -> str:
        """What "Right now" says when nothing is overdue or due."""
        if not self.rounds:
            return NO_ROUNDS
        return NOTHING_DUE if self.open_items else ALL_CLEAR

    @property
    def listed(self) -> tuple[ActionItem, ...]:
        """The actions the plan lists in full: everything except what was dropped."""
        return tuple(item for item in self.items if item.status_key != "cancelled")

    @property
    def dropped(self) -> tuple[ActionItem, ...]:
        """Actions an event made unnecessary (shown apart, briefly, with the reason)."""
        return tuple(item for item in self.items if item.status_key == "cancelled")

    @property
    def urgent(self) -> tuple[ActionItem, ...]:
        """What to do now: overdue first, then what is due."""
        order = {"overdue": 0, "due": 1}
        return tuple(
            sorted(
                (
                    item
                    for item in self.items
                    # Standing guidance (keep searching) is advice for the whole wait, not a
                    # task for right now.
                    if item.status_key in order
                    and item.action.kind is not ActionKind.KEEP_SEARCHING
                ),
                key=lambda item: order[item.status_key],
            )
        )


def _interviewer(person: Interviewer, chased: bool = False) -> InterviewerLine:
    contact = str(person.email) if person.email else (person.phone or "")
    role = ROLE_LABELS[person.role] if person.role is not InterviewerRole.NOT_SAID else ""
    title = ", ".join(part for part in (person.title, role) if part)
    if chased:
        title = ", ".join(part for part in (title, "gets the status checks") if part)
    return InterviewerLine(
        name=person.name,
        title=title,
        prefers=CHANNEL_LABELS[person.preferred_channel]
        if person.preferred_channel is not None
        else NOT_ASKED,
        contact=contact,
        topics=person.topics,
    )


def _decision(plan: Plan, rnd: Round) -> str:
    for decision in plan.decision_dates:
        if decision.round == rnd.number:
            day = fmt_day(decision.date)
            if decision.assumed:
                return f"{day} (assumed: nobody gave a date)"
            return f"{day} (the date they gave)"
    return "not known yet"


def _concern(concern: Concern) -> str:
    """'my notice period (raised by Tom O'Brien; your answer: I can start in May)'."""
    said = [f"raised by {', '.join(concern.raised_by)}"] if concern.raised_by else []
    said += [f"your answer: {concern.answer}"] if concern.answer else ["no answer noted yet"]
    return f"{concern.text} ({'; '.join(said)})"


def _round(plan: Plan, rnd: Round, zone: tzinfo) -> RoundSummary:
    start, end = rnd.start.astimezone(zone), rnd.end.astimezone(zone)
    return RoundSummary(
        number=rnd.number,
        when=f"{fmt_day(start.date())}, {start:%H:%M}\u2013{end:%H:%M}",
        format=FORMAT_LABELS[rnd.format],
        interviewers=tuple(
            _interviewer(p, chased=p is status_contact(plan.application, rnd))
            for p in rnd.interviewers
        ),
        decision=_decision(plan, rnd),
        strengths=rnd.qualifications,
        culture_fit=rnd.culture_fit,
        concerns=tuple(_concern(c) for c in rnd.concerns),
        slip=rnd.mistake_to_correct,
        topics=rnd.topics,
        upcoming=rnd.start > plan.now,
    )


def _item(number: int, action: Action, draft: Draft | None, zone: tzinfo) -> ActionItem:
    # Flags advise on what is still to do; a done or cancelled action only says when.
    notes = (
        tuple(FLAG_NOTES[flag] for flag in _FLAG_ORDER if flag in action.flags)
        if action.is_open
        else ()
    )
    if action.done_at is not None:
        notes = (f"done {fmt_moment(action.done_at, zone)}",)
    mailto = mailto_link(draft) if draft is not None and draft.channel is Channel.EMAIL else None
    return ActionItem(
        id=action.id,
        number=number,
        title=action_title(action),
        status=STATUS_LABELS[action.status],
        status_key=action.status.value,
        when=fmt_moment(action.due, zone),
        opens=fmt_moment(action.opens, zone),
        latest=fmt_moment(action.latest, zone),
        channel=CHANNEL_LABELS[action.channel] if action.channel else "",
        recipient=action.recipient or "",
        why=action.why,
        notes=notes,
        draft=draft,
        draft_label=DRAFT_LABELS[draft.channel] if draft is not None else "",
        findings=tuple(sorted(draft.checks, key=lambda f: f.level.rank)) if draft else (),
        mailto=mailto,
        is_open=action.is_open,
        is_message=action.kind in MESSAGE_KINDS,
        action=action,
    )


def _numbers(actions: Sequence[Action]) -> list[int]:
    """1, 2, 3 … for the actions the plan lists, 0 for dropped ones (they are not numbered,
    so the numbers a candidate sees have no gaps)."""
    numbers, count = [], 0
    for action in actions:
        listed = action.status is not ActionStatus.CANCELLED
        count += listed
        numbers.append(count if listed else 0)
    return numbers


def plan_document(plan: Plan, drafts: Sequence[Draft] | None = None) -> PlanDocument:
    """The export's view of `plan`; `drafts` as for `drafts_by_action`."""
    app: Application = plan.application
    zone = app.candidate.zone
    by_action = drafts_by_action(plan, drafts)
    items = tuple(
        _item(number, action, by_action.get(action.id), zone)
        for number, action in zip(_numbers(plan.actions), plan.actions, strict=True)
    )
    return PlanDocument(
        title=f"Follow-up plan: {app.company}, {app.role}",
        candidate=app.candidate.name,
        company=app.company,
        role=app.role,
        as_of=fmt_moment(plan.now, zone),
        zone=app.candidate.time_zone,
        stage=STAGE_LABELS[plan.stage],
        rounds=tuple(_round(plan, rnd, zone) for rnd in app.rounds),
        notes=app.notes,
        items=items,
        context=_context(plan),
    )


def _context(plan: Plan) -> tuple[str, ...]:
    app = plan.application
    lines = []
    if app.employer_time_zone or app.employer_country:
        where = "-".join(p for p in (app.employer_country, app.employer_subdivision) if p)
        zone = app.employer_time_zone or app.candidate.time_zone
        lines.append(
            f"Calls and status checks follow the employer's clock ({zone}) and working days"
            f"{' (' + where + ')' if where else ''}."
        )
    return (*lines, *plan.notes)
