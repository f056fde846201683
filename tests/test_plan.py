"""The plan engine against the scenario table of issue 2, with exact expected dates.

Dates are worked out by hand from the rule sheet, not copied from the engine's output:
2026-03-03 is a Tuesday; in GB, 2026-04-03 (Good Friday) and 2026-04-06 (Easter Monday) are
public holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from followup_kit.core import (
    ActionFlag,
    ActionKind,
    ActionStatus,
    Channel,
    Plan,
    Policy,
    Stage,
    build_plan,
)
from followup_kit.errors import InvalidInputError
from tests.scenarios import (
    LONDON,
    ana,
    application,
    at,
    bo,
    candidate,
    done,
    event,
    round_,
)

TY = ActionKind.THANK_YOU
CHECK = ActionKind.STATUS_CHECK


def only(plan: Plan, kind: ActionKind, recipient: str | None = None, rnd: int | None = None):
    found = [
        a
        for a in plan.actions
        if a.kind is kind
        and (recipient is None or a.recipient == recipient)
        and (rnd is None or a.round == rnd)
    ]
    assert len(found) == 1, f"expected one {kind} for {recipient}, found {len(found)}"
    return found[0]


def checks(plan: Plan, rnd: int = 1):
    return sorted((a for a in plan.of_kind(CHECK) if a.round == rnd), key=lambda a: a.sequence)


# 1. Tuesday 10:00-11:00, Ana by email, Bo by post, decision a week later ------------------
def test_tuesday_interview_two_interviewers_full_cycle() -> None:
    plan = build_plan(application(), now=at("2026-03-03", 12))

    email = only(plan, TY, "Ana Ruiz")
    assert email.channel is Channel.EMAIL
    assert email.due == at("2026-03-04", 11)  # Wednesday 11:00, 24 h after the end
    assert email.latest == at("2026-03-05", 11)  # 48 h hard latest
    assert email.status is ActionStatus.DUE

    card = only(plan, TY, "Bo Chen")
    assert card.channel is Channel.POST
    assert card.due.date() == date(2026, 3, 3)  # posted the same day
    assert ActionFlag.SLOW_CHANNEL in card.flags
    assert email.id != card.id

    notes = only(plan, ActionKind.WRITE_NOTES)
    assert notes.due.date() == date(2026, 3, 3)

    first, second = checks(plan)  # exactly two: no third
    decision = datetime(2026, 3, 10, 23, 59, tzinfo=LONDON)
    assert first.opens > decision
    assert second.opens > decision
    assert first.due == at("2026-03-13", 10)  # Tue 10 + 3 business days = Fri 13
    assert second.due == at("2026-03-20", 10)  # about a week later
    assert (first.recipient, first.channel) == ("Ana Ruiz", Channel.EMAIL)
    assert all(a.status is ActionStatus.UPCOMING for a in (first, second))
    assert plan.decision_dates[0].date == date(2026, 3, 10)
    assert not plan.decision_dates[0].assumed
    assert plan.stage is Stage.THANKING


# 2. Friday afternoon: due Saturday, read on Monday (R-C3) -----------------------------------
def test_friday_interview_note_due_saturday_waiting_on_monday() -> None:
    app = application(rounds=(round_(day="2026-03-06", start_hour=14),))
    plan = build_plan(app, now=at("2026-03-06", 16))
    email = only(plan, TY, "Ana Ruiz")
    assert email.due == at("2026-03-07", 15)  # Saturday, still within 24 h
    assert ActionFlag.WEEKEND in email.flags
    assert "Monday" in email.why
    assert "R-C3" in email.rules
    assert "R-C3" in email.why


# 3. No decision date: say so, assume 7 days, flag it ----------------------------------------
def test_no_decision_date_assumes_seven_days_and_flags_it() -> None:
    app = application(rounds=(round_(decision_expected=None),))
    plan = build_plan(app, now=at("2026-03-03", 12))
    ask = only(plan, ActionKind.ASK_NEXT_STEPS)
    assert ActionFlag.ASSUMED_DECISION_DATE in ask.flags
    assert "Nobody asked about next steps" in ask.why
    assert "Tue 10 Mar" in ask.why
    assert plan.decision_dates[0].date == date(2026, 3, 10)
    assert plan.decision_dates[0].assumed
    first = checks(plan)[0]
    assert first.due == at("2026-03-13", 10)
    assert first.assumed
    assert "assumed" in first.why


def test_next_steps_asked_without_a_date_still_assumes_but_does_not_nag() -> None:
    app = application(rounds=(round_(decision_expected=None, next_steps_asked=True),))
    plan = build_plan(app, now=at("2026-03-03", 12))
    assert not plan.of_kind(ActionKind.ASK_NEXT_STEPS)
    assert plan.decision_dates[0].assumed


def test_a_booked_round_reminds_to_ask_before_it_ends() -> None:
    app = application(rounds=(round_(decision_expected=None),))
    plan = build_plan(app, now=at("2026-03-02", 9))
    ask = only(plan, ActionKind.ASK_NEXT_STEPS)
    assert ask.channel is Channel.IN_PERSON
    assert (ask.opens, ask.due) == (at("2026-03-03", 10), at("2026-03-03", 11))
    assert plan.stage is Stage.INTERVIEW_BOOKED


# 4. A public holiday in the grace period moves the check ----------------------------------
@pytest.mark.parametrize(
    ("country", "expected_due"),
    [
        ("GB", at("2026-04-07", 10)),  # England: skips Good Friday and Easter Monday
        (None, at("2026-04-03", 10)),  # weekends only
    ],
)
def test_public_holiday_in_grace_period_moves_the_check(
    country: str | None, expected_due: datetime
) -> None:
    app = application(
        rounds=(round_(day="2026-03-24", decision_expected=date(2026, 3, 31)),),
        candidate=candidate(country=country, subdivision="ENG" if country else None),
    )
    plan = build_plan(app, now=at("2026-03-24", 12))
    assert checks(plan)[0].due == expected_due


# 5. done / overdue / late -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "sent", "status", "late"),
    [
        (at("2026-03-03", 15), True, ActionStatus.DONE, False),
        (at("2026-03-04", 10), False, ActionStatus.DUE, False),
        (at("2026-03-04", 12), False, ActionStatus.OVERDUE, False),
        (at("2026-03-05", 12), False, ActionStatus.OVERDUE, True),
    ],
)
def test_thank_you_status_follows_events_and_time(
    now: datetime, sent: bool, status: ActionStatus, late: bool
) -> None:
    events = (done("thank_you", at("2026-03-03", 14), "Ana Ruiz"),) if sent else ()
    plan = build_plan(application(events=events), now=now)
    email = only(plan, TY, "Ana Ruiz")
    assert email.status is status
    assert email.late is late
    if sent:
        assert email.done_at == at("2026-03-03", 14)


# 6. Rejected: only a short reply (plus an optional keep-warm) -----------------------------
def test_rejection_cancels_chasers_and_plans_a_gracious_reply() -> None:
    rejected = at("2026-03-12", 14)
    app = application(events=(event("rejected", rejected, interviewer="Bo Chen"),))
    plan = build_plan(app, now=at("2026-03-12", 15))
    reply = only(plan, ActionKind.REJECTION_REPLY)
    assert reply.recipient == "Bo Chen"
    assert reply.due == rejected + timedelta(hours=24)
    assert reply.status is ActionStatus.DUE
    # The agreed LinkedIn request stays: the contact is worth most even after a no (issue 13).
    assert {a.kind for a in plan.open_actions} == {
        ActionKind.REJECTION_REPLY,
        ActionKind.KEEP_WARM,
        ActionKind.LINKEDIN_REQUEST,
        ActionKind.LINKEDIN_ASK_FIRST,
    }
    warm = only(plan, ActionKind.KEEP_WARM)
    assert ActionFlag.OPTIONAL in warm.flags
    assert all(a.status is ActionStatus.CANCELLED for a in plan.of_kind(CHECK))
    assert plan.stage is Stage.REJECTED
    assert plan.closed


# 7. On hold: chasers cancelled, monthly keep-warm with their interests ---------------------
def test_on_hold_swaps_chasers_for_monthly_keep_warm() -> None:
    app = application(events=(event("on_hold", at("2026-03-12", 9)),))
    plan = build_plan(app, now=at("2026-03-12", 10))
    assert all(a.status is ActionStatus.CANCELLED for a in plan.of_kind(CHECK))
    warm = sorted(plan.of_kind(ActionKind.KEEP_WARM), key=lambda a: a.sequence)
    # 12 Mar + 30 days = Sat 11 Apr -> Mon 13 Apr; then +30 -> Wed 13 May; +30 -> Fri 12 Jun.
    assert [a.due for a in warm] == [
        at("2026-04-13", 10),
        at("2026-05-13", 10),
        at("2026-06-12", 10),
    ]
    assert all("open data" in a.why and a.recipient == "Ana Ruiz" for a in warm)
    assert all("instead of asking for news" in a.why for a in warm)
    assert plan.stage is Stage.ON_HOLD


def test_heard_back_after_hold_resumes_with_the_new_date() -> None:
    app = application(
        events=(
            event("on_hold", at("2026-03-12", 9)),
            event("heard_back", at("2026-04-01", 9), decision_expected=date(2026, 4, 15)),
        ),
        thanked=True,
    )
    plan = build_plan(app, now=at("2026-04-01", 10))
    assert not [a for a in plan.of_kind(ActionKind.KEEP_WARM) if a.is_open]
    first = checks(plan)[0]
    assert first.due == at("2026-04-20", 10)  # Wed 15 Apr + 3 business days = Mon 20 Apr
    assert first.status is ActionStatus.UPCOMING
    assert plan.stage is Stage.WAITING


# 8. Offer or withdrawn: the chase closes; a closing note and what still matters stay --------
@pytest.mark.parametrize(
    ("outcome", "note"),
    [("offer", ActionKind.OFFER_CLOSE_OUT), ("withdrawn", ActionKind.WITHDRAWAL_NOTE)],
)
def test_offer_or_withdrawal_closes_the_chase(outcome: str, note: ActionKind) -> None:
    app = application(events=(event(outcome, at("2026-03-05", 12)),))
    plan = build_plan(app, now=at("2026-03-06", 9))
    assert plan.closed
    assert plan.stage is Stage(outcome)
    assert all(a.status is ActionStatus.CANCELLED for a in plan.of_kind(CHECK))
    closing = only(plan, note)
    # Thu 5 Mar 12:00 + 48 h = Sat 7 Mar: moved to Mon 9 Mar 10:00, and the why says so.
    assert closing.due == at("2026-03-09", 10)
    assert ActionFlag.MOVED in closing.flags
    assert "Saturday is not a working day" in closing.why
    assert closing.channel is Channel.EMAIL
    assert only(plan, ActionKind.LINKEDIN_REQUEST).is_open
    thanks = plan.of_kind(TY)
    if outcome == "offer":
        assert "R-F4" in closing.rules
        assert "R-F4" in closing.why
        assert all(a.is_open for a in thanks)  # the panel are future colleagues
    else:
        assert all(a.status is ActionStatus.CANCELLED for a in thanks)


# 9. Next round: earlier chasers cancelled, a fresh cycle for the new interviewers ------------
def test_next_round_restarts_the_cycle_for_its_interviewers() -> None:
    cara = ana(name="Cara Lindqvist", title="CTO", email="cara@acme.example", topics=("Go",))
    dev = bo(name="Dev Patel", email="dev@acme.example", preferred_channel="email")
    rounds = (
        round_(),
        round_(number=2, day="2026-03-17", interviewers=(cara, dev)),
    )
    events = (
        done("thank_you", at("2026-03-03", 14), "Ana Ruiz"),
        done("thank_you", at("2026-03-03", 15), "Bo Chen"),
        event("next_round_booked", at("2026-03-09", 9)),
    )
    plan = build_plan(application(rounds=rounds, events=events), now=at("2026-03-17", 12))
    assert all(a.status is ActionStatus.CANCELLED for a in checks(plan, 1))
    assert only(plan, TY, "Cara Lindqvist", 2).due == at("2026-03-18", 11)
    assert only(plan, TY, "Dev Patel", 2).status is ActionStatus.DUE
    assert "R-F3" in only(plan, TY, "Dev Patel", 2).rules
    first = checks(plan, 2)[0]
    assert first.due == at("2026-03-27", 10)  # 24 Mar + 3 business days
    assert plan.decision_dates[1].date == date(2026, 3, 24)


def test_next_round_booked_before_it_is_entered_stops_the_chasers() -> None:
    app = application(events=(event("next_round_booked", at("2026-03-09", 9)),))
    plan = build_plan(app, now=at("2026-03-09", 10))
    assert all(a.status is ActionStatus.CANCELLED for a in checks(plan))
    assert plan.stage is Stage.NEXT_ROUND


# 10. LinkedIn: request only after a yes in person; profile check first ----------------------
@pytest.mark.parametrize("profile_ready", [True, False])
def test_linkedin_request_only_for_those_who_agreed(profile_ready: bool) -> None:
    app = application(candidate=candidate(linkedin_profile_ready=profile_ready))
    plan = build_plan(app, now=at("2026-03-03", 12))
    request = only(plan, ActionKind.LINKEDIN_REQUEST)
    assert request.recipient == "Ana Ruiz"
    assert request.channel is Channel.LINKEDIN
    ask = only(plan, ActionKind.LINKEDIN_ASK_FIRST)
    assert ask.recipient == "Bo Chen"
    profile = plan.of_kind(ActionKind.PROFILE_CHECK)
    if profile_ready:
        assert profile == ()
    else:
        assert len(profile) == 1
        assert profile[0].due <= request.due


# 11. Two unanswered status checks: stop chasing, keep searching -----------------------------
def test_two_unanswered_checks_stop_the_chase() -> None:
    events = (
        done("status_check", at("2026-03-13", 10)),
        done("status_check", at("2026-03-20", 11)),
    )
    plan = build_plan(application(events=events), now=at("2026-03-30", 9))
    assert [a.status for a in checks(plan)] == [ActionStatus.DONE, ActionStatus.DONE]
    assert not [a for a in plan.of_kind(CHECK) if a.is_open]
    nudge = only(plan, ActionKind.KEEP_SEARCHING)
    assert nudge.due == at("2026-03-27", 11)  # a week after the last check
    assert nudge.is_open
    assert "R-E7" in nudge.rules
    assert plan.stage is Stage.NO_ANSWER


def test_second_check_is_spaced_from_when_the_first_was_actually_sent() -> None:
    events = (done("status_check", at("2026-03-16", 9)),)  # sent late, on Monday
    plan = build_plan(application(events=events), now=at("2026-03-16", 10))
    assert checks(plan)[1].due == at("2026-03-23", 10)


def test_policy_knobs_change_the_plan() -> None:
    policy = Policy(thank_you_due_hours=12, max_status_checks=1, status_check_grace_business_days=1)
    plan = build_plan(application(), policy, now=at("2026-03-03", 12))
    assert only(plan, TY, "Ana Ruiz").due == at("2026-03-03", 23)
    assert [a.due for a in checks(plan)] == [at("2026-03-11", 10)]


def test_to_frame_has_one_typed_row_per_action() -> None:
    plan = build_plan(application(), now=at("2026-03-03", 12))
    frame = plan.to_frame()
    assert len(frame) == len(plan.actions)
    assert list(frame["id"]) == [a.id for a in plan.actions]
    assert str(frame["kind"].dtype) == "category"
    assert str(frame["due"].dtype) == "datetime64[us, Europe/London]" or str(
        frame["due"].dtype
    ).endswith("Europe/London]")
    assert str(frame["round"].dtype) == "Int64"
    assert frame.loc[0, "due"] == plan.actions[0].due


def test_to_do_today_lists_due_and_overdue_actions() -> None:
    plan = build_plan(application(), now=at("2026-03-04", 12))
    today = plan.to_do_today()
    assert {(a.kind, a.recipient) for a in today} >= {(TY, "Ana Ruiz")}
    assert all(a.is_open for a in today)


def test_events_in_the_future_are_refused() -> None:
    app = application(events=(done("thank_you", at("2026-03-05", 9), "Ana Ruiz"),))
    with pytest.raises(InvalidInputError) as info:
        build_plan(app, now=at("2026-03-04", 9))
    assert info.value.locations == ("events[0].at",)
    assert "after now" in str(info.value)


def test_naive_now_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="no time zone"):
        build_plan(application(), now=datetime(2026, 3, 4, 9))


def test_action_ids_survive_replanning() -> None:
    before = build_plan(application(), now=at("2026-03-03", 12))
    after = build_plan(
        application(events=(done("thank_you", at("2026-03-03", 14), "Ana Ruiz"),)),
        now=at("2026-03-09", 12),
    )
    assert {a.id for a in before.actions} == {a.id for a in after.actions}


def test_a_check_sent_too_early_does_not_pull_the_next_one_before_the_decision_date() -> None:
    # Found by the property test: the second check was spaced from an early first one.
    app = application(events=(done("status_check", at("2026-03-03", 12)),))
    plan = build_plan(app, now=at("2026-03-03", 13))
    second = checks(plan)[1]
    assert second.opens.date() > date(2026, 3, 10)
    assert second.due == at("2026-03-11", 10)


def test_plans_do_not_depend_on_how_event_times_were_written() -> None:
    # Found by the property test: a week after an event, across the DST change, must be the
    # same wall-clock time whether the event was stored as Europe/London or as +00:00.
    from datetime import timezone

    sent = datetime(2026, 3, 22, 1, tzinfo=timezone.utc)
    events = (done("status_check", at("2026-03-13", 10)), done("status_check", sent))
    stored = application(events=events)
    plan = build_plan(stored, now=at("2026-03-30", 9))
    again = build_plan(
        type(stored).model_validate_json(stored.model_dump_json()), now=at("2026-03-30", 9)
    )
    assert plan.actions == again.actions


def test_an_optional_step_lapses_instead_of_nagging() -> None:
    plan = build_plan(application(), now=at("2026-04-20", 9))
    ask = only(plan, ActionKind.LINKEDIN_ASK_FIRST)
    assert ask.status is ActionStatus.CANCELLED
    assert not ask.late


@pytest.mark.parametrize(("agreed", "channel"), [(True, Channel.LINKEDIN), (False, Channel.EMAIL)])
def test_linkedin_is_used_only_once_they_agreed_to_connect(agreed: bool, channel: Channel) -> None:
    person = ana(preferred_channel="linkedin", agreed_to_connect=agreed)
    plan = build_plan(
        application(rounds=(round_(interviewers=(person,)),)), now=at("2026-03-03", 12)
    )
    assert only(plan, TY, "Ana Ruiz").channel is channel


def test_an_overdue_first_check_pushes_the_second_instead_of_doubling_up() -> None:
    plan = build_plan(application(thanked=True), now=at("2026-03-18", 9))
    first, second = checks(plan)
    assert first.status is ActionStatus.OVERDUE
    assert second.status is ActionStatus.UPCOMING
    assert second.due == at("2026-03-25", 10)  # a week after now, not a week after Fri 13


def test_keep_warm_windows_open_on_working_days() -> None:
    app = application(events=(event("on_hold", at("2026-03-12", 9)),), thanked=True)
    plan = build_plan(app, now=at("2026-03-12", 10))
    for action in plan.of_kind(ActionKind.KEEP_WARM):
        assert action.opens.weekday() < 5
        assert action.opens <= action.due
