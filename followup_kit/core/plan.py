"""The plan engine: from an application, a policy and `now` to dated follow-up actions.

`build_plan` is a pure function. It never reads the clock; statuses (upcoming / due / overdue /
done / cancelled) are derived from the recorded events and the `now` it is given, so the same
input always gives the same plan.

How the engine reads the events (all in time order):
* a `done` event marks the matching action done (per interviewer for thank-yous and LinkedIn,
  the n-th one for status checks and keep-warm contacts);
* the latest of heard_back / next_round_booked / on_hold / rejected / offer / withdrawn sets
  the state: rejected, offer and withdrawn close the plan; on_hold swaps chasers for keep-warm;
* heard_back restarts the wait for the round it belongs to, from the date they gave (or an
  assumed one), with a fresh allowance of status checks;
* a later round (or next_round_booked) supersedes the earlier round's chasers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup_kit.core.business_days import (
    DEFAULT_SUBDIVISION,
    REGIONAL_COUNTRIES,
    BusinessCalendar,
)
from followup_kit.core.models import Application, Event, Interviewer, Round, _name_key
from followup_kit.core.policy import Policy
from followup_kit.core.reasons import Clause, Reason, clause, explain
from followup_kit.core.vocabulary import (
    CHASER_KINDS,
    CLOSING_EVENTS,
    OPEN_STATUSES,
    ActionFlag,
    ActionKind,
    ActionStatus,
    Channel,
    EventKind,
    InterviewerRole,
    Stage,
)
from followup_kit.errors import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Action",
    "DecisionDate",
    "Plan",
    "application_key",
    "build_plan",
    "plan_warnings",
    "status_contact",
]

_END_OF_DAY = time(23, 59)
_STATE_EVENTS = frozenset(
    {
        EventKind.HEARD_BACK,
        EventKind.NEXT_ROUND_BOOKED,
        EventKind.ON_HOLD,
        EventKind.REJECTED,
        EventKind.OFFER,
        EventKind.WITHDRAWN,
    }
)
# Ties on the due time are broken in the order a person would do things.
_KIND_ORDER = {kind: index for index, kind in enumerate(ActionKind)}


@dataclass(frozen=True, slots=True)
class Action:
    """One dated thing to do, with its window: opens → due → latest."""

    application_key: str
    kind: ActionKind
    round: int | None
    recipient: str | None
    channel: Channel | None
    opens: datetime
    due: datetime
    latest: datetime
    status: ActionStatus
    rules: tuple[str, ...]
    reason: Reason
    flags: frozenset[ActionFlag] = frozenset()
    sequence: int = 1
    done_at: datetime | None = None

    @property
    def id(self) -> str:
        """Stable across re-plans: derived from what the action is, never from its dates."""
        return _action_id(
            self.application_key, self.kind, self.round, self.recipient, self.sequence
        )

    @property
    def why(self) -> str:
        """One line on why this action is in the plan, with its rule and source ids."""
        return self.reason.text

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def lapsed_before(self, day: date, zone: tzinfo) -> bool:
        """True for an optional step (or standing guidance) whose day has gone before `day`:
        it lapses quietly, out of every to-do list (issue 13: nothing nags)."""
        return ActionFlag.OPTIONAL in self.flags and self.due.astimezone(zone).date() < day

    @property
    def late(self) -> bool:
        return ActionFlag.LATE in self.flags

    @property
    def assumed(self) -> bool:
        return ActionFlag.ASSUMED_DECISION_DATE in self.flags


@dataclass(frozen=True, slots=True)
class DecisionDate:
    """The date a round's decision is expected: given by the employer, or assumed (R-A1)."""

    round: int
    date: date
    assumed: bool


@dataclass(frozen=True)
class Plan:
    """An application's follow-up actions at one moment, sorted by due time."""

    application: Application
    now: datetime
    actions: tuple[Action, ...]
    decision_dates: tuple[DecisionDate, ...]
    stage: Stage
    policy: Policy = field(default_factory=Policy)
    # Warnings worth reading before trusting the dates (an old interview, an assumed region).
    notes: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    @property
    def closed(self) -> bool:
        """An outcome was recorded and nothing chases the employer any more (courtesies such
        as the outcome's own note or an agreed LinkedIn request may still be open)."""
        return self.stage in (Stage.OFFER, Stage.WITHDRAWN, Stage.REJECTED) and not any(
            a.is_open and a.kind in (ActionKind.STATUS_CHECK, ActionKind.KEEP_SEARCHING)
            for a in self.actions
        )

    @property
    def open_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.is_open)

    def action(self, action_id: str) -> Action:
        for candidate in self.actions:
            if candidate.id == action_id:
                return candidate
        raise KeyError(f"no action {action_id!r} in this plan")

    def of_kind(self, kind: ActionKind) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.kind is kind)

    def to_do_today(self) -> tuple[Action, ...]:
        """Open actions that are overdue, or whose window is open, or that fall due today."""
        zone = self.application.candidate.zone
        today = self.now.astimezone(zone).date()
        return tuple(
            a
            for a in self.actions
            if not a.lapsed_before(today, zone)
            and (
                a.status in (ActionStatus.OVERDUE, ActionStatus.DUE)
                or (a.is_open and a.due.astimezone(zone).date() == today)
            )
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per action with typed columns (times in the candidate's time zone)."""
        from followup_kit.core.frames import plan_frame

        return plan_frame(self)


def application_key(application: Application) -> str:
    """A stable key for an application, derived from who applied where for what."""
    text = "|".join(
        _name_key(part)
        for part in (application.candidate.name, application.company, application.role)
    )
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _action_id(app_key: str, kind: ActionKind, rnd: int | None, who: str | None, seq: int) -> str:
    # Derived from what the action *is*, never from its dates, so a re-plan after new events
    # keeps every id (calendar exports rely on that to update instead of duplicating).
    text = f"{app_key}|{kind.value}|{rnd}|{_name_key(who) if who else ''}|{seq}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _reachable(person: Interviewer) -> Channel:
    """Their preferred channel, except LinkedIn before they agreed to connect: a message to
    someone you are not connected with may never be seen, so email instead (R-A3, R-C4). Not
    asked yet (None) means email, the default for its immediacy (R-A2, R-C4)."""
    preferred = person.preferred_channel
    if preferred is None:
        return Channel.EMAIL
    if preferred is Channel.LINKEDIN and not person.agreed_to_connect:
        return Channel.EMAIL
    return preferred


@dataclass(frozen=True, slots=True)
class _Reach:
    """How a message gets to one person, and what the "why" must add about it."""

    channel: Channel
    clauses: tuple[Clause, ...] = ()
    rules: tuple[str, ...] = ()
    missing: bool = False


def _reach(person: Interviewer, allowed: frozenset[Channel]) -> _Reach:
    """A channel among `allowed` that really reaches `person` (R-C4, R-E5): their preference
    when the detail it needs was noted, else the next best, with a clause that says what is
    missing (R-A4) or that nobody asked how they like to be contacted (R-A2)."""
    name = person.name
    preferred = _reachable(person)
    clauses: list[Clause] = []
    rules: list[str] = []
    if person.preferred_channel is None:
        clauses.append(clause("reach.not_asked", name=name))
        rules.append("R-A2")
    if preferred not in allowed:
        preferred = Channel.EMAIL
    if preferred is Channel.PHONE and not person.phone:
        if person.email:
            clauses.append(clause("reach.no_phone", name=name))
            return _Reach(Channel.EMAIL, tuple(clauses), (*rules, "R-A4"))
        clauses.append(clause("reach.nothing", name=name))
        return _Reach(Channel.PHONE, tuple(clauses), (*rules, "R-A4"), missing=True)
    if preferred is Channel.EMAIL and not person.email:
        if person.preferred_channel is Channel.LINKEDIN:
            clauses.append(clause("reach.linkedin_no_email", name=name))
            return _Reach(Channel.EMAIL, tuple(clauses), (*rules, "R-A4"), missing=True)
        if person.phone and Channel.PHONE in allowed:
            clauses.append(clause("reach.no_email_call", name=name))
            return _Reach(Channel.PHONE, tuple(clauses), (*rules, "R-A4"))
        clauses.append(clause("reach.no_email", name=name))
        return _Reach(Channel.EMAIL, tuple(clauses), (*rules, "R-A4"), missing=True)
    return _Reach(preferred, tuple(clauses), tuple(rules))


# The channels each kind of message can go by (the drafts have a template for each).
_ANY = frozenset({Channel.EMAIL, Channel.PHONE, Channel.POST, Channel.LINKEDIN})
_CHECK_CHANNELS = frozenset({Channel.EMAIL, Channel.PHONE})  # R-E5
_EMAIL_ONLY = frozenset({Channel.EMAIL})


def _at(day: date, when: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, when, tzinfo=zone)


def status_contact(app: Application, rnd: Round) -> Interviewer | None:
    """Who gets a round's status checks: the application's chosen contact when they were in
    this round, else the recruiter, else the hiring manager, else the first interviewer."""
    if app.status_contact:
        chosen = rnd.interviewer(app.status_contact)
        if chosen is not None:
            return chosen
    for role in (InterviewerRole.RECRUITER, InterviewerRole.HIRING_MANAGER):
        found = next((p for p in rnd.interviewers if p.role is role), None)
        if found is not None:
            return found
    return rnd.interviewers[0] if rnd.interviewers else None


# Steps the candidate does for themselves: on a day off they are flagged, never moved.
_PERSONAL = frozenset({ActionKind.WRITE_NOTES, ActionKind.PROFILE_CHECK, ActionKind.KEEP_SEARCHING})
# Steps that only help: they never turn overdue; they lapse quietly after their window.
_OPTIONAL_KINDS = frozenset(
    {ActionKind.LINKEDIN_ASK_FIRST, ActionKind.PROFILE_CHECK, ActionKind.KEEP_SEARCHING}
)


class _Builder:
    """Holds the per-plan context so each rule reads as a short method."""

    def __init__(self, app: Application, policy: Policy, now: datetime) -> None:
        self.app = app
        self.policy = policy
        self.now = now
        self.zone = app.candidate.zone
        self.calendar = BusinessCalendar(app.candidate.country, app.candidate.subdivision)
        self.key = application_key(app)
        self.actions: list[Action] = []
        self.decision_dates: list[DecisionDate] = []
        self.exhausted: set[int] = set()  # rounds whose status checks all went unanswered
        self.events = sorted(
            ((e, self._round_of(e)) for e in app.events), key=lambda pair: pair[0].at
        )
        state_events = [e for e, _ in self.events if e.kind in _STATE_EVENTS]
        self.state: Event | None = state_events[-1] if state_events else None
        # done events indexed by (action kind, round or None, person key or None), so each
        # rule looks up "was this done?" once instead of scanning every event.
        self.done_index: dict[tuple[ActionKind, int | None, str | None], list[datetime]] = {}
        self.done_channels: dict[tuple[int, str], list[tuple[datetime, Channel | None]]] = {}
        for e, number in self.events:
            if e.kind is EventKind.DONE and e.action is not None:
                person = _name_key(e.interviewer) if e.interviewer else None
                at = e.at.astimezone(self.zone)
                for key in {(number, person), (number, None), (None, person), (None, None)}:
                    # In the candidate's zone, so "a week later" is the same wall-clock time
                    # however the event's time was written down.
                    self.done_index.setdefault((e.action, *key), []).append(at)
                if e.action is ActionKind.THANK_YOU and person is not None:
                    self.done_channels.setdefault((number, person), []).append((at, e.channel))
        self._places: dict[int, tuple[tzinfo, BusinessCalendar]] = {}
        self.stale_after = timedelta(days=policy.stale_after_days)

    # -- whose clock and calendar ------------------------------------------------------------
    def place(self, rnd: Round | None) -> tuple[tzinfo, BusinessCalendar]:
        """The employer's zone and calendar for `rnd` (the round's own, else the
        application's, else the candidate's)."""
        number = rnd.number if rnd is not None else 0
        found = self._places.get(number)
        if found is None:
            app = self.app
            zone_name = (rnd.employer_time_zone if rnd else None) or app.employer_time_zone
            country = (rnd.employer_country if rnd else None) or app.employer_country
            if rnd is not None and rnd.employer_country:
                region = rnd.employer_subdivision
            else:
                region = app.employer_subdivision if app.employer_country else None
            zone = ZoneInfo(zone_name) if zone_name else self.zone
            calendar = self.calendar if country is None else BusinessCalendar(country, region)
            found = self._places[number] = (zone, calendar)
        return found

    def their_time(self, due: datetime, zone: tzinfo) -> list[Clause]:
        """A clause giving a contact time in the recipient's zone when it differs from ours."""
        if zone is self.zone:
            return []
        theirs, ours = due.astimezone(zone), due.astimezone(self.zone)
        if theirs.utcoffset() == ours.utcoffset():
            return []
        return [clause("their_time", time=theirs, zone=zone)]

    # -- reading the events ------------------------------------------------------------------
    def _round_of(self, event: Event) -> int:
        if event.round is not None:
            return event.round
        rnd = self.app.round_at(event.at)
        return rnd.number if rnd is not None else self.app.rounds[0].number

    def _done(
        self,
        kind: ActionKind,
        rnd: int | None,
        who: str | None = None,
        after: datetime | None = None,
    ) -> list[datetime]:
        """Times of `done` events for `kind` (in round `rnd` unless None, for `who` if given)."""
        times = self.done_index.get((kind, rnd, _name_key(who) if who else None), [])
        return times if after is None else [t for t in times if t > after]

    @property
    def closed_by(self) -> Event | None:
        return self.state if self.state and self.state.kind in CLOSING_EVENTS else None

    @property
    def on_hold_since(self) -> Event | None:
        return self.state if self.state and self.state.kind is EventKind.ON_HOLD else None

    def superseded_by(self, rnd: Round) -> int | None:
        """The number of the round that replaced `rnd`, if a later one is booked."""
        later = [r.number for r in self.app.rounds if r.number > rnd.number]
        if later:
            return later[0]
        booked = any(
            e.kind is EventKind.NEXT_ROUND_BOOKED and number >= rnd.number
            for e, number in self.events
        )
        return rnd.number + 1 if booked else None

    def stopped_at(self, rnd: Round) -> tuple[bool, datetime | None]:
        """Whether `rnd`'s chasers were stopped, and by an event at what time (None: by a
        later round on record, whose booking time is unknown)."""
        times = [
            e.at
            for e, number in self.events
            if e.kind is EventKind.NEXT_ROUND_BOOKED and number >= rnd.number
        ]
        stopping = self.closed_by or self.on_hold_since
        if stopping is not None:
            times.append(stopping.at)
        if times:
            return True, min(times)
        return self.superseded_by(rnd) is not None, None

    # -- adding actions ----------------------------------------------------------------------
    def add(
        self,
        kind: ActionKind,
        rnd: int | None,
        who: str | None,
        channel: Channel | None,
        window: tuple[datetime, datetime, datetime],
        why: Reason,
        *,
        flags: frozenset[ActionFlag] = frozenset(),
        sequence: int = 1,
        done_at: datetime | None = None,
        cancelled: bool = False,
    ) -> None:
        """One action; its `rules` are exactly the ids its why cites."""
        opens, due, latest = window
        if kind in _OPTIONAL_KINDS:
            flags = flags | {ActionFlag.OPTIONAL}
        optional = ActionFlag.OPTIONAL in flags
        if done_at is not None:
            status = ActionStatus.DONE
        elif cancelled:
            status = ActionStatus.CANCELLED
        elif self.now < opens:
            status = ActionStatus.UPCOMING
        elif optional:
            # Optional steps never nag: open until their window closes, then they lapse.
            status = ActionStatus.DUE if self.now <= latest else ActionStatus.CANCELLED
        elif self.now <= due:
            status = ActionStatus.DUE
        elif self.now > latest + self.stale_after:
            status = ActionStatus.CANCELLED
            flags = flags | {ActionFlag.STALE}
            why = replace(
                why,
                clauses=(*why.clauses, clause("stale", latest=latest.astimezone(self.zone))),
            )
        else:
            status = ActionStatus.OVERDUE
            if self.now > latest:
                flags = flags | {ActionFlag.LATE}
        self.actions.append(
            Action(
                application_key=self.key,
                kind=kind,
                round=rnd,
                recipient=who,
                channel=channel,
                opens=opens,
                due=due,
                latest=latest,
                status=status,
                rules=why.rules,
                reason=why,
                flags=flags,
                sequence=sequence,
                done_at=done_at,
            )
        )

    def settle(
        self, kind: ActionKind, rnd: Round | None, window: tuple[datetime, datetime, datetime]
    ) -> tuple[tuple[datetime, datetime, datetime], list[Clause], frozenset[ActionFlag]]:
        """Keep a step off weekends and public holidays: a message to the employer moves to
        their next working day (at the contact time, in their zone); a step the candidate does
        for themselves stays and is flagged. Either way the why says which day it was."""
        opens, due, latest = window
        if kind in _PERSONAL:
            local = due.astimezone(self.zone)
            what = self.calendar.why_not_working(local.date())
            if what is None:
                return window, [], frozenset()
            return (
                window,
                [clause("day_off.kept", what=what)],
                frozenset({ActionFlag.NON_WORKING_DAY}),
            )
        zone, calendar = self.place(rnd)
        local = due.astimezone(zone)
        what = calendar.why_not_working(local.date())
        if what is None:
            return window, [], frozenset()
        moved = _at(calendar.next_business_day(local.date()), self.policy.contact_time, zone)
        moved = moved.astimezone(self.zone)
        latest = max(latest, moved + (latest - due))
        extra = [clause("day_off.moved", what=what, day=moved), *self.their_time(moved, zone)]
        return (min(opens, moved), moved, latest), extra, frozenset({ActionFlag.MOVED})

    # -- the rules ---------------------------------------------------------------------------
    def anchor(self, rnd: Round) -> tuple[date, bool, datetime | None]:
        """The decision date the round's chasers wait for, whether it is assumed, and the
        heard_back event (if any) that set it."""
        days = timedelta(days=self.policy.default_decision_days)
        heard = [
            e
            for e, number in self.events
            if e.kind is EventKind.HEARD_BACK and number == rnd.number
        ]
        if heard:
            last = heard[-1]
            if last.decision_expected is not None:
                return last.decision_expected, False, last.at
            return last.at.astimezone(self.zone).date() + days, True, last.at
        if rnd.decision_expected is not None:
            return rnd.decision_expected, False, None
        return rnd.end.astimezone(self.zone).date() + days, True, None

    def round_actions(self, rnd: Round) -> None:
        end = rnd.end.astimezone(self.zone)
        superseded = self.superseded_by(rnd)
        # Once the next round has started, this round's unfinished courtesies are moot.
        moot = superseded is not None and any(
            r.number == superseded and r.start <= self.now for r in self.app.rounds
        )
        anchor, assumed, _ = self.anchor(rnd)
        self.decision_dates.append(DecisionDate(rnd.number, anchor, assumed))
        self.ask_next_steps(rnd, end, anchor, moot)
        thanked = all(
            self._done(ActionKind.THANK_YOU, rnd.number, p.name) for p in rnd.interviewers
        )
        self.write_notes(rnd, end, moot, thanked and bool(rnd.interviewers))
        for person in rnd.interviewers:
            self.thank_you(rnd, person, end, moot)
        self.status_checks(rnd, superseded)

    def ask_next_steps(self, rnd: Round, end: datetime, anchor: date, moot: bool) -> None:
        if rnd.next_steps_asked:
            return
        heard = [e.at for e, n in self.events if e.kind is EventKind.HEARD_BACK and n == rnd.number]
        done = (self._done(ActionKind.ASK_NEXT_STEPS, rnd.number) + heard)[:1]
        # Which form the step takes is settled as of the outcome, if one closed the plan, so a
        # cancelled step keeps its dates as `now` moves on.
        as_of = min(self.now, self.closed_by.at) if self.closed_by else self.now
        if as_of < end and not done:
            start = rnd.start.astimezone(self.zone)
            self.add(
                ActionKind.ASK_NEXT_STEPS,
                rnd.number,
                None,
                Channel.IN_PERSON,
                (start, end, end),
                explain("ask_next_steps.ahead", ("R-A1",), round=rnd.number),
                cancelled=moot,
            )
            return
        due = end + timedelta(hours=self.policy.thank_you_due_hours)
        rules = ["R-A1"]
        extra: list[Clause] = []
        flags = {ActionFlag.ASSUMED_DECISION_DATE}
        zone, calendar = self.place(rnd)
        if not calendar.is_business_day(due.astimezone(zone).date()):
            # It rides in the thank-you note, which goes within 24 h even at the weekend (R-C3).
            reader_day = calendar.next_business_day(due.astimezone(zone).date())
            extra.append(clause("thank_you.weekend", weekday=reader_day))
            flags.add(ActionFlag.WEEKEND)
            rules.append("R-C3")
        self.add(
            ActionKind.ASK_NEXT_STEPS,
            rnd.number,
            None,
            Channel.EMAIL,
            (end, due, end + timedelta(hours=self.policy.thank_you_latest_hours)),
            explain(
                "ask_next_steps.missed",
                rules,
                extra=extra,
                round=rnd.number,
                anchor=anchor,
                days=self.policy.default_decision_days,
            ),
            flags=frozenset(flags),
            done_at=done[0] if done else None,
            cancelled=moot,
        )

    def write_notes(self, rnd: Round, end: datetime, moot: bool, thanked: bool) -> None:
        end_of_day = _at(end.date(), _END_OF_DAY, self.zone)
        due = min(end + timedelta(hours=self.policy.notes_due_hours), end_of_day)
        done = self._done(ActionKind.WRITE_NOTES, rnd.number)
        window, extra, flags = self.settle(
            ActionKind.WRITE_NOTES, rnd, (end, due, max(due, end_of_day))
        )
        if thanked and not done:
            # Notes feed the thank-yous; once those are sent, unwritten notes stop nagging.
            flags = flags | {ActionFlag.OPTIONAL}
            extra.append(clause("write_notes.thanked"))
        self.add(
            ActionKind.WRITE_NOTES,
            rnd.number,
            None,
            None,
            window,
            explain("write_notes", ("R-B1",), extra=extra),
            flags=flags,
            done_at=done[0] if done else None,
            cancelled=moot,
        )

    def thank_you(self, rnd: Round, person: Interviewer, end: datetime, moot: bool) -> None:
        policy = self.policy
        due_hours = timedelta(hours=policy.thank_you_due_hours)
        latest = end + timedelta(hours=policy.thank_you_latest_hours)
        rules = ["R-C1", "R-C2", "R-C4", "R-C5"]
        zone, calendar = self.place(rnd)
        reach = _reach(person, _ANY)
        extra: list[Clause] = list(reach.clauses)
        rules += reach.rules
        flags: set[ActionFlag] = {ActionFlag.MISSING_CONTACT} if reach.missing else set()
        channel = reach.channel
        backup: tuple[datetime, datetime, datetime] | None = None
        if channel is Channel.POST:
            post_by = _at(end.date(), policy.card_post_by, self.zone)
            flags.add(ActionFlag.SLOW_CHANNEL)
            key = "thank_you.post"
            if end + timedelta(minutes=30) <= post_by:
                due = post_by
                latest = max(end + due_hours, due)
            else:
                # Today's last post has gone: the next collection, and email as the fast option.
                day = self.calendar.next_business_day(end.date() + timedelta(days=1))
                due = _at(day, policy.card_post_by, self.zone)
                latest = due
                flags.add(ActionFlag.MOVED)
                extra.append(
                    clause(
                        "thank_you.post_missed",
                        post_by=f"{policy.card_post_by:%H:%M}",
                        day=due,
                    )
                )
        elif channel is Channel.PHONE:
            end_there = end.astimezone(zone)
            call_day = calendar.add_business_days(end_there.date(), 1)
            due = _at(call_day, policy.contact_time, zone).astimezone(self.zone)
            latest = max(latest, due + timedelta(hours=24))
            rules.append("R-E5")
            key = "thank_you.phone"
            extra += self.their_time(due, zone)
            if call_day > end_there.date() + timedelta(days=1):
                # Days off before the call: a short written thanks keeps the 24 h (R-C1, R-C3).
                if person.email:
                    backup = (
                        end,
                        end + due_hours,
                        end + timedelta(hours=policy.thank_you_latest_hours),
                    )
                    extra.append(clause("thank_you.phone_backup", day=due))
                else:
                    extra.append(clause("thank_you.phone_no_backup", name=person.name))
                    if "R-A4" not in rules:
                        rules.append("R-A4")
                if "R-C3" not in rules:
                    rules.insert(2, "R-C3")
        else:
            due = end + due_hours
            key = "thank_you.linkedin" if channel is Channel.LINKEDIN else "thank_you.email"
            reader = due.astimezone(zone).date()
            if not calendar.is_business_day(reader):
                # R-C3: still send within 24 h; it will be read on the next working day.
                reader_day = calendar.next_business_day(reader)
                extra.append(clause("thank_you.weekend", weekday=reader_day))
                flags.add(ActionFlag.WEEKEND)
                rules.insert(2, "R-C3")
        if rnd.mistake_to_correct:
            extra.append(clause("thank_you.mistake"))
            rules.append("R-C6")
        if rnd.number > self.app.rounds[0].number:
            extra.append(clause("thank_you.later_round", round=rnd.number))
            rules.append("R-F3")
        sent = self.done_channels.get((rnd.number, _name_key(person.name)), [])
        if backup is None:
            call_done = sent[0][0] if sent else None
            note_done = None
        else:
            # Which record is which: by the channel noted on it, else in the order sent.
            by_email = [t for t, c in sent if c is Channel.EMAIL]
            other = [t for t, c in sent if c is not Channel.EMAIL]
            call_done = other[0] if other else None
            note_done = by_email[0] if by_email else (other[1] if len(other) > 1 else None)
        self.add(
            ActionKind.THANK_YOU,
            rnd.number,
            person.name,
            channel,
            (end, due, latest),
            explain(key, rules, extra=extra, name=person.name, hours=policy.thank_you_due_hours),
            flags=frozenset(flags),
            done_at=call_done,
            cancelled=moot,
        )
        if backup is not None:
            note_rules = ["R-C1", "R-C3", "R-C4"]
            self.add(
                ActionKind.THANK_YOU,
                rnd.number,
                person.name,
                Channel.EMAIL,
                backup,
                explain(
                    "thank_you.written_too",
                    note_rules,
                    name=person.name,
                    hours=policy.thank_you_due_hours,
                    day=due,
                ),
                sequence=2,
                done_at=note_done,
                cancelled=moot,
            )

    def linkedin(self) -> None:
        """One LinkedIn step per person across all rounds (R-A3, R-D1): a request once they
        agreed in person, otherwise a reminder to ask first; a profile check before requests."""
        people: dict[str, tuple[Round, Interviewer]] = {}
        for rnd in self.app.rounds:
            for person in rnd.interviewers:
                key = _name_key(person.name)
                earlier = people.get(key)
                if earlier is None or not earlier[1].agreed_to_connect:
                    people[key] = (rnd, person)
        first_request: datetime | None = None
        for rnd, person in people.values():
            end = rnd.end.astimezone(self.zone)
            if person.agreed_to_connect:
                done = self._done(ActionKind.LINKEDIN_REQUEST, None, person.name)
                extra = (
                    [clause("linkedin_request.article", interest=person.interests[0])]
                    if person.interests
                    else []
                )
                rules = ("R-A3", "R-D1", "R-D3") if extra else ("R-A3", "R-D1")
                due = end + timedelta(hours=self.policy.linkedin_due_hours)
                window, moved, flags = self.settle(
                    ActionKind.LINKEDIN_REQUEST,
                    rnd,
                    (end, due, end + timedelta(days=self.policy.linkedin_latest_days)),
                )
                self.add(
                    ActionKind.LINKEDIN_REQUEST,
                    rnd.number,
                    person.name,
                    Channel.LINKEDIN,
                    window,
                    explain(
                        "linkedin_request",
                        rules,
                        extra=[*extra, *moved],
                        name=person.name,
                        cap=self.policy.linkedin_note_max_chars,
                    ),
                    flags=flags,
                    done_at=done[0] if done else None,
                )
                if not done and (first_request is None or end < first_request):
                    first_request = end
            else:
                due = end + timedelta(days=self.policy.linkedin_latest_days)
                lapses = end + timedelta(days=self.policy.keep_warm_interval_days)
                done = self._done(ActionKind.LINKEDIN_ASK_FIRST, None, person.name)
                window, moved, flags = self.settle(
                    ActionKind.LINKEDIN_ASK_FIRST, rnd, (end, due, lapses)
                )
                self.add(
                    ActionKind.LINKEDIN_ASK_FIRST,
                    rnd.number,
                    person.name,
                    None,
                    window,
                    explain("linkedin_ask_first", ("R-A3",), extra=moved, name=person.name),
                    flags=flags,
                    done_at=done[0] if done else None,
                )
        if first_request is not None and not self.app.candidate.linkedin_profile_ready:
            done = self._done(ActionKind.PROFILE_CHECK, None)
            due = first_request + timedelta(hours=self.policy.thank_you_due_hours)
            latest = first_request + timedelta(hours=self.policy.linkedin_due_hours)
            round_no = self.app.round_at(first_request)
            window, kept, flags = self.settle(
                ActionKind.PROFILE_CHECK, round_no, (first_request, due, latest)
            )
            self.add(
                ActionKind.PROFILE_CHECK,
                round_no.number if round_no else None,
                None,
                None,
                window,
                explain("profile_check", ("R-D2",), extra=kept),
                flags=flags,
                done_at=done[0] if done else None,
            )

    def status_checks(self, rnd: Round, superseded: int | None) -> None:
        policy = self.policy
        anchor, assumed, reset_at = self.anchor(rnd)
        zone, calendar = self.place(rnd)
        contact = status_contact(self.app, rnd)
        reach = _reach(contact, _CHECK_CHANNELS) if contact else _Reach(Channel.EMAIL)
        channel = reach.channel
        who = contact.name if contact else None
        sent = self._done(ActionKind.STATUS_CHECK, rnd.number, after=reset_at)
        stopped, stop_at = self.stopped_at(rnd)
        # A stopped chase keeps the dates it had when it stopped, whatever `now` is.
        as_of = self.now if not stopped else (min(self.now, stop_at) if stop_at else None)
        flags = {ActionFlag.ASSUMED_DECISION_DATE} if assumed else set()
        if reach.missing:
            flags.add(ActionFlag.MISSING_CONTACT)
        spacing = timedelta(days=policy.status_check_spacing_days)
        base: datetime | None = None
        stale_before = False
        for seq in range(1, policy.max_status_checks + 1):
            rules: list[str]
            if seq == 1:
                opens_day = calendar.next_business_day(anchor + timedelta(days=1))
                due_day = calendar.add_business_days(
                    anchor, policy.status_check_grace_business_days
                )
                key, values = (
                    "status_check.first",
                    {
                        "anchor": anchor,
                        "assumed": ", assumed" if assumed else "",
                        "grace": policy.status_check_grace_business_days,
                    },
                )
                rules = ["R-E1", "R-E2", "R-E4", "R-E5", "R-E6"]
                if assumed:
                    rules.insert(0, "R-A1")
            else:
                assert base is not None
                base_day = base.astimezone(zone).date()
                due_day = calendar.next_business_day(base_day + spacing)
                opens_day = calendar.next_business_day(base_day + spacing - timedelta(days=2))
                key, values = "status_check.next", {"previous": seq - 1}
                rules = ["R-E3", "R-E4", "R-E5", "R-E6"]
            # R-E1 holds for every check, also when an earlier one was sent too soon.
            earliest = calendar.next_business_day(anchor + timedelta(days=1))
            opens_day, due_day = max(opens_day, earliest), max(due_day, earliest)
            due = _at(due_day, policy.contact_time, zone).astimezone(self.zone)
            latest = _at(
                calendar.add_business_days(due_day, policy.status_check_latest_business_days),
                policy.contact_time,
                zone,
            ).astimezone(self.zone)
            opens = min(_at(opens_day, policy.contact_time, zone).astimezone(self.zone), due)
            done_at = sent[seq - 1] if seq <= len(sent) else None
            extra: list[Clause] = list(reach.clauses)
            rules += [r for r in reach.rules if r not in rules]
            if channel is Channel.PHONE and not reach.missing:
                extra.append(clause("status_check.phone", name=who))
            extra += self.their_time(due, zone)
            if superseded is not None and done_at is None:
                extra.append(clause("status_check.superseded", next_round=superseded))
                rules.append("R-F3")
            stale = (
                done_at is None
                and not stopped
                and (stale_before or self.now > latest + self.stale_after)
            )
            if stale and stale_before:
                extra.append(clause("stale", latest=latest))
            self.add(
                ActionKind.STATUS_CHECK,
                rnd.number,
                who,
                channel,
                (opens, due, latest),
                explain(key, rules, extra=extra, **values),
                flags=frozenset(flags | ({ActionFlag.STALE} if stale and stale_before else set())),
                sequence=seq,
                done_at=done_at,
                cancelled=stopped or (stale and stale_before),
            )
            stale_before = stale
            # The next check is spaced from when this one really goes out: if it is overdue
            # and unsent, from now (or from when the chase stopped), so two chasers never fall
            # due together (R-E3).
            if done_at is not None:
                base = done_at
            elif as_of is None or stale:
                base = due
            else:
                base = max(due, as_of)
        if policy.max_status_checks and len(sent) >= policy.max_status_checks:
            self.exhausted.add(rnd.number)

    def keep_searching(self) -> None:
        """R-E6, R-E7: standing guidance from the first interview on, never overdue: keep other
        applications moving, and read silence as a slow process, not a no."""
        rounds = self.app.rounds
        first_end = rounds[0].end.astimezone(self.zone)
        last_round = rounds[-1].number
        # Due about when the last round's second check would be: timed from the decision date,
        # never from `now`, so the step keeps its dates once done or cancelled.
        first_checks = [
            a
            for a in self.actions
            if a.kind is ActionKind.STATUS_CHECK and a.round == last_round and a.sequence == 1
        ]
        spacing = timedelta(days=self.policy.status_check_spacing_days)
        horizon = (
            first_checks[0].latest + spacing
            if first_checks
            else rounds[-1].end.astimezone(self.zone) + 2 * spacing
        )
        extra: list[Clause] = []
        rules = ["R-E6", "R-E7"]
        if last_round in self.exhausted:
            last = self._done(ActionKind.STATUS_CHECK, last_round)[-1]
            horizon = last + timedelta(days=self.policy.keep_searching_after_days)
            extra.append(clause("keep_searching.no_answer"))
            rules.insert(0, "R-E3")
        due = max(horizon, first_end)
        latest = due + timedelta(days=self.policy.status_check_spacing_days)
        window, kept, flags = self.settle(ActionKind.KEEP_SEARCHING, None, (first_end, due, latest))
        done = self._done(ActionKind.KEEP_SEARCHING, None)
        self.add(
            ActionKind.KEEP_SEARCHING,
            None,
            None,
            None,
            window,
            explain("keep_searching", rules, extra=[*extra, *kept]),
            flags=flags,
            done_at=done[-1] if done else None,
            cancelled=self.closed_by is not None,
        )

    def keep_warm(self) -> None:
        """R-F1: monthly contacts while on hold; one optional contact after a rejection."""
        hold = self.on_hold_since
        rejected = (
            self.closed_by if self.closed_by and self.closed_by.kind is EventKind.REJECTED else None
        )
        start_event = hold or rejected
        if start_event is None:
            return
        rnd = self.app.round(self._round_of(start_event)) or self.app.rounds[-1]
        zone, calendar = self.place(rnd)
        contact = self._contact(rnd, start_event.interviewer)
        who = contact.name if contact else None
        interest = (
            contact.interests[0]
            if contact and contact.interests
            else "what they told you they care about"
        )
        channel = (
            Channel.LINKEDIN
            if contact and _reachable(contact) is Channel.LINKEDIN
            else Channel.EMAIL
        )
        sent = self._done(ActionKind.KEEP_WARM, None, after=start_event.at)
        count = self.policy.max_keep_warm if hold else min(1, self.policy.max_keep_warm)
        interval = timedelta(days=self.policy.keep_warm_interval_days)
        base = start_event.at.astimezone(zone)
        for seq in range(1, count + 1):
            due_day = calendar.next_business_day((base + interval).date())
            due = _at(due_day, self.policy.contact_time, zone).astimezone(self.zone)
            # Open a few days ahead, on a working day, so there is time to find something to share.
            opens = _at(
                calendar.next_business_day(due_day - timedelta(days=3)),
                self.policy.contact_time,
                zone,
            ).astimezone(self.zone)
            done_at = sent[seq - 1] if seq <= len(sent) else None
            extra = self.their_time(due, zone)
            if hold:
                why = explain(
                    "keep_warm",
                    ("R-F1", "R-E6"),
                    extra=extra,
                    interest=interest,
                    name=who or "your contact",
                    sequence=seq,
                    limit=count,
                )
                flags: frozenset[ActionFlag] = frozenset()
            else:
                why = explain(
                    "keep_warm.after_rejection",
                    ("R-F1", "R-F2"),
                    extra=extra,
                    interest=interest,
                    name=who or "your contact",
                )
                flags = frozenset({ActionFlag.OPTIONAL})
            self.add(
                ActionKind.KEEP_WARM,
                rnd.number,
                who,
                channel,
                (opens, due, due + timedelta(days=7)),
                why,
                flags=flags,
                sequence=seq,
                done_at=done_at,
            )
            base = (done_at or due).astimezone(zone)

    def outcome_note(self) -> None:
        """The one short note an outcome calls for: a reply to a rejection (R-F2), a close-out
        after an offer (R-F4), a courtesy note after a withdrawal."""
        outcome = self.closed_by
        if outcome is None:
            return
        rnd = self.app.round(self._round_of(outcome)) or self.app.rounds[-1]
        contact = self._contact(rnd, outcome.interviewer)
        who = contact.name if contact else None
        reach = _reach(contact, _EMAIL_ONLY) if contact else _Reach(Channel.EMAIL)
        at = outcome.at.astimezone(self.zone)
        policy = self.policy
        if outcome.kind is EventKind.REJECTED:
            kind, key, rules = ActionKind.REJECTION_REPLY, "rejection_reply", ["R-F2"]
            hours = (policy.rejection_reply_due_hours, policy.rejection_reply_latest_hours)
        elif outcome.kind is EventKind.OFFER:
            kind, key, rules = ActionKind.OFFER_CLOSE_OUT, "offer_close_out", ["R-F4", "R-C2"]
            hours = (policy.outcome_note_due_hours, policy.outcome_note_latest_hours)
        else:
            kind, key, rules = ActionKind.WITHDRAWAL_NOTE, "withdrawal_note", ["R-C5"]
            hours = (policy.outcome_note_due_hours, policy.outcome_note_latest_hours)
        window, moved, flags = self.settle(
            kind,
            rnd,
            (at, at + timedelta(hours=hours[0]), at + timedelta(hours=hours[1])),
        )
        rules += [r for r in reach.rules if r not in rules]
        done = self._done(kind, None, after=None)
        self.add(
            kind,
            rnd.number,
            who,
            reach.channel,
            window,
            explain(key, rules, extra=[*reach.clauses, *moved], name=who or "your contact"),
            flags=flags | ({ActionFlag.MISSING_CONTACT} if reach.missing else frozenset()),
            done_at=done[0] if done else None,
        )

    def _contact(self, rnd: Round, name: str | None) -> Interviewer | None:
        if name:
            found = rnd.interviewer(name)
            if found is not None:
                return found
        return status_contact(self.app, rnd)

    def close(self) -> None:
        """An outcome ends the chase: every open action that the outcome made moot is cancelled.
        What still matters stays open: agreed LinkedIn requests (the contact is worth most even
        after a no), the outcome's own note, and after an offer the thank-yous to the panel who
        will be your colleagues."""
        closing = self.closed_by
        if closing is None:
            return
        keep = {
            ActionKind.LINKEDIN_REQUEST,
            ActionKind.LINKEDIN_ASK_FIRST,
            ActionKind.PROFILE_CHECK,
            ActionKind.REJECTION_REPLY,
            ActionKind.OFFER_CLOSE_OUT,
            ActionKind.WITHDRAWAL_NOTE,
        }
        if closing.kind is EventKind.REJECTED:
            keep.add(ActionKind.KEEP_WARM)
        if closing.kind is EventKind.OFFER:
            keep.add(ActionKind.THANK_YOU)
        self.actions = [
            replace(a, status=ActionStatus.CANCELLED, flags=a.flags - {ActionFlag.LATE})
            if a.is_open and a.kind not in keep
            else a
            for a in self.actions
        ]

    def stage(self) -> Stage:
        if not self.app.rounds:
            return Stage.NO_INTERVIEW
        if self.closed_by is not None:
            return Stage(self.closed_by.kind.value)
        if self.on_hold_since is not None:
            return Stage.ON_HOLD
        last = self.app.rounds[-1]
        if self.now < last.start:
            return Stage.NEXT_ROUND if len(self.app.rounds) > 1 else Stage.INTERVIEW_BOOKED
        if self.superseded_by(last) is not None:
            return Stage.NEXT_ROUND
        if self.now < last.end:
            return Stage.INTERVIEWING
        mine = [a for a in self.actions if a.round == last.number]
        if last.number in self.exhausted:
            return Stage.NO_ANSWER
        if any(a.kind is ActionKind.THANK_YOU and a.is_open for a in mine):
            return Stage.THANKING
        if any(
            a.kind is ActionKind.STATUS_CHECK and a.status is not ActionStatus.UPCOMING
            for a in mine
        ):
            return Stage.CHASING
        return Stage.WAITING


def _check_now(application: Application, now: datetime) -> None:
    if now.tzinfo is None:
        raise InvalidInputError(
            [Problem("now", f"now {now.isoformat()} has no time zone; expected an aware time", now)]
        )
    future = application.events_after(now)
    if future:
        raise InvalidInputError(
            [
                Problem(
                    f"events[{index}].at",
                    f"{event.at.isoformat()} is after now ({now.isoformat()}); expected a time "
                    "that has already happened",
                    event.at,
                )
                for index, event in future
            ]
        )


def _region_warning(location: str, country: str | None, subdivision: str | None) -> Problem | None:
    if country is None or subdivision or country not in REGIONAL_COUNTRIES:
        return None
    assumed = DEFAULT_SUBDIVISION.get(country)
    using = (
        f"the plan assumes {assumed}"
        if assumed
        else "the plan uses only the holidays kept nationwide"
    )
    return Problem(
        location,
        f"public holidays in {country} differ by region and none is set, so {using}; "
        "choose the region to get its bank holidays right",
        subdivision,
    )


def plan_warnings(
    application: Application, now: datetime, policy: Policy | None = None
) -> tuple[Problem, ...]:
    """Things worth a second look before trusting the plan, at the field they concern (the form
    shows them beside it): an interview so long ago that the year is probably mistyped, and a
    country whose holidays depend on a region nobody chose. Warnings, not errors: the plan is
    still built."""
    policy = policy or _default_policy()
    found: list[Problem] = []
    zone = application.candidate.zone
    for index, rnd in enumerate(application.rounds):
        age = (now - rnd.end).days
        if age > policy.old_interview_days:
            found.append(
                Problem(
                    f"rounds[{index}].start",
                    f"round {rnd.number} was on {rnd.start.astimezone(zone):%a %d %b %Y}, "
                    f"{age} days ago; check the year. Steps whose moment has long passed are "
                    "shown as no longer worth doing",
                    rnd.start,
                )
            )
    candidate = application.candidate
    for problem in (
        _region_warning("candidate.subdivision", candidate.country, candidate.subdivision),
        _region_warning(
            "employer_subdivision", application.employer_country, application.employer_subdivision
        ),
        *(
            _region_warning(
                f"rounds[{index}].employer_subdivision",
                rnd.employer_country,
                rnd.employer_subdivision,
            )
            for index, rnd in enumerate(application.rounds)
        ),
    ):
        if problem is not None:
            found.append(problem)
    return tuple(found)


def build_plan(application: Application, policy: Policy | None = None, *, now: datetime) -> Plan:
    """The follow-up plan for `application` as it stands at `now` (a pure function)."""
    policy = policy or _default_policy()
    _check_now(application, now)
    builder = _Builder(application, policy, now)
    for rnd in application.rounds:
        builder.round_actions(rnd)
    if application.rounds:
        builder.linkedin()
        builder.keep_searching()
        builder.keep_warm()
        builder.outcome_note()
        builder.close()
    actions = sorted(
        builder.actions,
        key=lambda a: (a.due, _KIND_ORDER[a.kind], a.round or 0, a.sequence, a.recipient or ""),
    )
    return Plan(
        application=application,
        now=now,
        actions=tuple(actions),
        decision_dates=tuple(builder.decision_dates),
        stage=builder.stage(),
        policy=policy,
        notes=tuple(str(p.message) for p in plan_warnings(application, now, policy)),
    )


@lru_cache(maxsize=1)
def _default_policy() -> Policy:
    return Policy()  # built on first use: keeps pydantic's schema building out of the import


def open_chasers(actions: Sequence[Action]) -> list[Action]:
    """Open actions that chase or nurture the employer (what an outcome must cancel)."""
    return [a for a in actions if a.is_open and a.kind in CHASER_KINDS]
