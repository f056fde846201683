"""Invariants of the plan engine over generated applications (hypothesis)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import holidays
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup_kit.core import (
    ActionFlag,
    ActionKind,
    ActionStatus,
    Application,
    Channel,
    Event,
    Interviewer,
    Policy,
    Round,
    Stage,
    build_plan,
)
from followup_kit.errors import InvalidInputError
from tests.scenarios import LONDON, candidate

CHANNELS = ("email", "phone", "post", "linkedin", None)  # None: not asked yet
ROLES = ("not_said", "hiring_manager", "recruiter", "peer", "senior_leader")
OUTCOMES = ("heard_back", "next_round_booked", "on_hold", "rejected", "offer", "withdrawn")
DONE_KINDS = (
    "thank_you",
    "status_check",
    "linkedin_request",
    "keep_warm",
    "write_notes",
    "keep_searching",
    "rejection_reply",
    "offer_close_out",
)


@st.composite
def interviewers(draw: st.DrawFn) -> tuple[Interviewer, ...]:
    names = draw(
        st.lists(
            st.sampled_from(["Ana Ruiz", "Bo Chen", "Zoë O'Brien", "李小龙", "Dev Patel"]),
            max_size=4,
            unique=True,
        )
    )
    return tuple(
        Interviewer(
            name=name,
            preferred_channel=draw(st.sampled_from(CHANNELS)),
            agreed_to_connect=draw(st.booleans()),
            email=draw(st.sampled_from(["person@example.com", None])),
            phone=draw(st.sampled_from(["+44 20 7946 0000", None])),
            role=draw(st.sampled_from(ROLES)),
            topics=("a topic",),
        )
        for name in names
    )


@st.composite
def applications(draw: st.DrawFn) -> tuple[Application, datetime]:
    """An application with 1-3 rounds, random events, and a `now` after all of them."""
    start = datetime(2026, 1, 5, 9, tzinfo=LONDON) + timedelta(
        days=draw(st.integers(0, 300)), hours=draw(st.integers(0, 9))
    )
    rounds = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        length = timedelta(minutes=draw(st.sampled_from([30, 60, 90, 240])))
        decision = draw(st.one_of(st.none(), st.integers(0, 21)))
        rounds.append(
            Round(
                number=number,
                start=start,
                end=start + length,
                interviewers=draw(interviewers()),
                decision_expected=None if decision is None else start.date() + timedelta(decision),
                next_steps_asked=draw(st.booleans()),
            )
        )
        start += timedelta(days=draw(st.integers(3, 30)))
    first = rounds[0].start
    events = []
    for _ in range(draw(st.integers(0, 6))):
        when = first + timedelta(hours=draw(st.integers(1, 24 * 60)))
        if draw(st.booleans()):
            rnd = next(r for r in reversed(rounds) if r.start <= when)
            kind = draw(st.sampled_from(DONE_KINDS))
            who = (
                draw(st.sampled_from(rnd.interviewers)).name
                if kind in ("thank_you", "linkedin_request") and rnd.interviewers
                else None
            )
            assume(who is not None or kind not in ("thank_you", "linkedin_request"))
            events.append(Event(kind="done", action=kind, at=when, interviewer=who))
        else:
            outcome = draw(st.sampled_from(OUTCOMES))
            given_date = draw(st.one_of(st.none(), st.integers(0, 20)))
            events.append(
                Event(
                    kind=outcome,
                    at=when,
                    decision_expected=None
                    if given_date is None or outcome != "heard_back"
                    else when.date() + timedelta(given_date),
                )
            )
    events.sort(key=lambda e: e.at)
    latest = max([r.end for r in rounds] + [e.at for e in events])
    now = latest + timedelta(hours=draw(st.integers(-24 * 20, 24 * 120)))
    now = max(now, max([e.at for e in events], default=now))
    try:
        app = Application(
            company="Acme",
            role="Analyst",
            candidate=candidate(linkedin_profile_ready=draw(st.booleans())),
            rounds=tuple(rounds),
            events=tuple(events),
        )
    except (InvalidInputError, ValueError):
        assume(False)
        raise  # pragma: no cover - assume() stops the example
    return app, now


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(applications())
def test_one_thank_you_per_interviewer_per_round(case: tuple[Application, datetime]) -> None:
    """One each; a second (a written note within 24 h) only beside a call delayed by days off."""
    app, now = case
    plan = build_plan(app, now=now)
    firsts = Counter(
        (a.round, a.recipient) for a in plan.of_kind(ActionKind.THANK_YOU) if a.sequence == 1
    )
    expected = Counter((r.number, p.name) for r in app.rounds for p in r.interviewers)
    assert firsts == expected
    for extra in (a for a in plan.of_kind(ActionKind.THANK_YOU) if a.sequence == 2):
        call = next(
            a
            for a in plan.of_kind(ActionKind.THANK_YOU)
            if (a.round, a.recipient, a.sequence) == (extra.round, extra.recipient, 1)
        )
        assert call.channel is Channel.PHONE
        assert extra.channel is Channel.EMAIL
        assert extra.due < call.due


@PROPERTY_SETTINGS
@given(applications())
def test_no_status_check_before_the_decision_date(case: tuple[Application, datetime]) -> None:
    app, now = case
    plan = build_plan(app, now=now)
    anchors: dict[int, date] = {d.round: d.date for d in plan.decision_dates}
    for action in plan.of_kind(ActionKind.STATUS_CHECK):
        assert action.round is not None
        anchor = anchors[action.round]
        assert action.opens.date() > anchor
        assert action.due.date() > anchor


@PROPERTY_SETTINGS
@given(applications())
def test_at_most_max_status_checks_per_round(case: tuple[Application, datetime]) -> None:
    app, now = case
    policy = Policy()
    plan = build_plan(app, policy, now=now)
    per_round = Counter(a.round for a in plan.of_kind(ActionKind.STATUS_CHECK))
    assert all(count <= policy.max_status_checks for count in per_round.values())


@PROPERTY_SETTINGS
@given(applications())
def test_nothing_due_before_the_interview_but_asking_next_steps(
    case: tuple[Application, datetime],
) -> None:
    app, now = case
    plan = build_plan(app, now=now)
    ends = {r.number: r.end for r in app.rounds}
    for action in plan.actions:
        if action.kind is ActionKind.ASK_NEXT_STEPS or action.round is None:
            continue
        assert action.due >= ends[action.round], action


@PROPERTY_SETTINGS
@given(applications())
def test_nothing_open_after_an_outcome(case: tuple[Application, datetime]) -> None:
    app, now = case
    plan = build_plan(app, now=now)
    courtesies = {
        ActionKind.LINKEDIN_REQUEST,
        ActionKind.LINKEDIN_ASK_FIRST,
        ActionKind.PROFILE_CHECK,
    }
    if plan.stage is Stage.OFFER:
        assert {a.kind for a in plan.open_actions} <= courtesies | {
            ActionKind.OFFER_CLOSE_OUT,
            ActionKind.THANK_YOU,
        }
    if plan.stage is Stage.WITHDRAWN:
        assert {a.kind for a in plan.open_actions} <= courtesies | {ActionKind.WITHDRAWAL_NOTE}
    if plan.stage is Stage.REJECTED:
        assert {a.kind for a in plan.open_actions} <= courtesies | {
            ActionKind.REJECTION_REPLY,
            ActionKind.KEEP_WARM,
        }


@PROPERTY_SETTINGS
@given(applications())
def test_same_input_same_plan_sorted_with_unique_ids(case: tuple[Application, datetime]) -> None:
    app, now = case
    plan = build_plan(app, now=now)
    again = build_plan(Application.model_validate_json(app.model_dump_json()), now=now)
    assert plan.actions == again.actions
    dues = [a.due for a in plan.actions]
    assert dues == sorted(dues)
    assert len({a.id for a in plan.actions}) == len(plan.actions)
    assert all(a.opens <= a.due <= a.latest for a in plan.actions)
    for action in plan.actions:
        if action.status is ActionStatus.OVERDUE:
            assert now > action.due
        if action.status is ActionStatus.UPCOMING:
            assert now < action.opens


# -- issue 13 -----------------------------------------------------------------------------------
_CITED = re.compile(r"\(((?:R-[A-F]\d, )*R-[A-F]\d); sources [S0-9, ]+\)$")
_ENGLAND = holidays.country_holidays("GB", subdiv="ENG")


@PROPERTY_SETTINGS
@given(applications())
def test_no_open_optional_step_is_ever_overdue(case: tuple[Application, datetime]) -> None:
    app, now = case
    for action in build_plan(app, now=now).actions:
        if ActionFlag.OPTIONAL in action.flags:
            assert action.status is not ActionStatus.OVERDUE, action


@PROPERTY_SETTINGS
@given(applications(), st.integers(1, 24 * 400))
def test_cancelled_and_done_steps_keep_their_dates_as_now_moves(
    case: tuple[Application, datetime], hours: int
) -> None:
    app, now = case
    before = build_plan(app, now=now)
    after = {a.id: a for a in build_plan(app, now=now + timedelta(hours=hours)).actions}
    for action in before.actions:
        if action.status in (ActionStatus.CANCELLED, ActionStatus.DONE):
            later = after[action.id]
            assert (later.opens, later.due, later.latest) == (
                action.opens,
                action.due,
                action.latest,
            ), action


@PROPERTY_SETTINGS
@given(applications())
def test_every_actions_rules_are_the_ids_its_why_cites(case: tuple[Application, datetime]) -> None:
    app, now = case
    for action in build_plan(app, now=now).actions:
        match = _CITED.search(action.why)
        assert match, action.why
        assert tuple(match.group(1).split(", ")) == action.rules


@PROPERTY_SETTINGS
@given(applications())
def test_no_step_but_a_thank_you_falls_on_a_day_off_unflagged(
    case: tuple[Application, datetime],
) -> None:
    app, now = case
    flagged = {ActionFlag.WEEKEND, ActionFlag.NON_WORKING_DAY}
    for action in build_plan(app, now=now).actions:
        if action.kind is ActionKind.THANK_YOU or action.channel is Channel.IN_PERSON:
            continue  # R-C3 thank-yous go at the weekend; asking in person is at the interview
        day = action.due.astimezone(LONDON).date()
        off = day.weekday() >= 5 or day in _ENGLAND
        assert not off or action.flags & flagged, (action.kind, day, action.why)
