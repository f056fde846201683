"""Issue 13, point by point: plain dated cases with the expected dates worked out by hand.

Calendar facts used below (2026): Fri 6 Mar; Good Friday Fri 3 Apr and Easter Monday Mon 6 Apr
(England and Wales, not Scotland; Singapore keeps Good Friday only); the English summer bank
holiday is Mon 31 Aug, Scotland's is Mon 3 Aug. London is on GMT until Sun 29 Mar, then BST
(UTC+1); Singapore is UTC+8 all year. Belarus works on Sat 25 Apr 2026 (a moved working day).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_kit.core import (
    ActionFlag,
    ActionKind,
    ActionStatus,
    Channel,
    Interviewer,
    Plan,
    Policy,
    agenda,
    build_plan,
    pipeline,
    plan_warnings,
)
from followup_kit.render.labels import when
from tests.scenarios import ana, application, at, bo, candidate, done, event, round_

TY = ActionKind.THANK_YOU
CHECK = ActionKind.STATUS_CHECK
SINGAPORE = ZoneInfo("Asia/Singapore")
MINSK = ZoneInfo("Europe/Minsk")


def only(plan: Plan, kind: ActionKind, recipient: str | None = None, seq: int = 1):
    found = [
        a
        for a in plan.actions
        if a.kind is kind and (recipient is None or a.recipient == recipient) and a.sequence == seq
    ]
    assert len(found) == 1, f"expected one {kind} for {recipient} #{seq}, found {len(found)}"
    return found[0]


def checks(plan: Plan, rnd: int = 1):
    return sorted((a for a in plan.of_kind(CHECK) if a.round == rnd), key=lambda a: a.sequence)


def cited(why: str) -> tuple[str, ...]:
    match = re.search(r"\(((?:R-[A-F]\d, )*R-[A-F]\d); sources [S0-9, ]+\)$", why)
    assert match, why
    return tuple(match.group(1).split(", "))


# 1. Outcomes keep what still matters ---------------------------------------------------------
def test_rejection_keeps_the_agreed_linkedin_request_open() -> None:
    app = application(events=(event("rejected", at("2026-03-04", 9)),))
    plan = build_plan(app, now=at("2026-03-04", 10))
    request = only(plan, ActionKind.LINKEDIN_REQUEST, "Ana Ruiz")
    assert request.status is ActionStatus.DUE
    assert all(a.status is ActionStatus.CANCELLED for a in plan.of_kind(CHECK))
    assert plan.closed


def test_offer_keeps_unsent_thank_yous_and_plans_a_close_out_to_the_recruiter() -> None:
    panel = (ana(role="peer"), bo(role="recruiter"))
    app = application(
        rounds=(round_(interviewers=panel),),
        events=(event("offer", at("2026-03-03", 15)),),
    )
    plan = build_plan(app, now=at("2026-03-03", 16))
    assert only(plan, TY, "Ana Ruiz").status is ActionStatus.DUE  # Wed 4 Mar 11:00
    assert only(plan, TY, "Ana Ruiz").due == at("2026-03-04", 11)
    close = only(plan, ActionKind.OFFER_CLOSE_OUT)
    assert close.recipient == "Bo Chen"  # the recruiter
    assert close.due == at("2026-03-05", 15)  # Tue 15:00 + 48 h, a Thursday
    assert close.rules == ("R-F4", "R-C2")
    assert "negotiating" in close.why


def test_withdrawal_gets_a_courtesy_note_and_cancels_the_thank_yous() -> None:
    app = application(events=(event("withdrawn", at("2026-03-09", 9)),), thanked=False)
    plan = build_plan(app, now=at("2026-03-09", 10))
    note = only(plan, ActionKind.WITHDRAWAL_NOTE)
    assert note.due == at("2026-03-11", 9)  # Mon 9:00 + 48 h
    assert note.recipient == "Ana Ruiz"
    assert all(a.status is ActionStatus.CANCELLED for a in plan.of_kind(TY))


# 2. Optional steps never nag -------------------------------------------------------------------
def test_ask_before_connecting_is_never_overdue_and_lapses_after_its_window() -> None:
    app = application(thanked=True)
    # Bo's ask-first: due Tue 10 Mar 11:00 (a week on), lapses Thu 2 Apr 11:00 (30 days on).
    mid = only(build_plan(app, now=at("2026-03-20", 9)), ActionKind.LINKEDIN_ASK_FIRST)
    assert mid.due == at("2026-03-10", 11)
    assert mid.status is ActionStatus.DUE
    gone = only(build_plan(app, now=at("2026-04-02", 12)), ActionKind.LINKEDIN_ASK_FIRST)
    assert gone.status is ActionStatus.CANCELLED
    assert ActionFlag.LATE not in gone.flags


def test_an_optional_step_whose_day_has_gone_leaves_every_to_do_list() -> None:
    # Bo's ask-first was due Tue 10 Mar 11:00; on Fri 20 Mar its window is still open (DUE),
    # but it no longer heads today's list, the coach's agenda or the pipeline's next step.
    app = application(thanked=True)
    now = at("2026-03-20", 9)
    plan = build_plan(app, now=now)
    ask = only(plan, ActionKind.LINKEDIN_ASK_FIRST)
    assert ask.is_open
    assert ask not in plan.to_do_today()
    frame = agenda({"sam": app}, now, days=7)
    assert ActionKind.LINKEDIN_ASK_FIRST.value not in set(frame["kind"])
    row = pipeline({"sam": app}, now).iloc[0]
    assert row["next_action"] != ActionKind.LINKEDIN_ASK_FIRST.value
    # On its own day it is on the list.
    assert ask.id in {a.id for a in build_plan(app, now=at("2026-03-10", 9)).to_do_today()}


def test_profile_check_is_optional_and_never_overdue() -> None:
    app = application(candidate=candidate(linkedin_profile_ready=False), thanked=True)
    plan = build_plan(app, now=at("2026-03-04", 15))  # past its due, Wed 4 Mar 11:00
    profile = only(plan, ActionKind.PROFILE_CHECK)
    assert profile.due == at("2026-03-04", 11)
    assert profile.status is ActionStatus.DUE
    assert ActionFlag.OPTIONAL in profile.flags


def test_notes_stop_being_overdue_once_the_thank_yous_are_sent() -> None:
    unsent = build_plan(application(), now=at("2026-03-03", 18))
    assert only(unsent, ActionKind.WRITE_NOTES).status is ActionStatus.OVERDUE
    sent = build_plan(application(thanked=True), now=at("2026-03-03", 18))
    notes = only(sent, ActionKind.WRITE_NOTES)
    assert notes.status is not ActionStatus.OVERDUE
    assert "optional" in notes.why


def test_keep_warm_after_a_rejection_is_never_overdue() -> None:
    app = application(events=(event("rejected", at("2026-03-06", 9)),), thanked=True)
    # 6 Mar + 30 days = Sun 5 Apr -> Tue 7 Apr (Easter Monday in between), due 10:00.
    plan = build_plan(app, now=at("2026-04-09", 9))
    warm = only(plan, ActionKind.KEEP_WARM)
    assert warm.due == at("2026-04-07", 10)
    assert warm.status is ActionStatus.DUE


def test_optional_steps_stay_out_of_the_overdue_bucket() -> None:
    apps = {"a": application(candidate=candidate(linkedin_profile_ready=False))}
    frame = agenda(apps, at("2026-03-20", 9))
    overdue = set(frame.loc[frame["bucket"] == "overdue", "kind"])
    assert "thank_you" in overdue
    assert not overdue & {"linkedin_ask_first", "profile_check", "keep_searching"}


# 3. Cancelled steps keep their dates -------------------------------------------------------------
@pytest.mark.parametrize("now", [at("2026-03-20", 9), at("2026-03-24", 9), at("2026-04-27", 9)])
def test_a_cancelled_check_keeps_the_dates_it_had_when_the_chase_stopped(now: datetime) -> None:
    # Check 1 was due Fri 13 Mar and still unsent when the process went on hold on Wed 18 Mar,
    # so check 2 then stood a week after the hold: Wed 25 Mar 10:00.
    app = application(events=(event("on_hold", at("2026-03-18", 9)),), thanked=True)
    first, second = checks(build_plan(app, now=now))
    assert (first.status, second.status) == (ActionStatus.CANCELLED, ActionStatus.CANCELLED)
    assert first.due == at("2026-03-13", 10)
    assert second.due == at("2026-03-25", 10)


# 4. Weekends and public holidays -----------------------------------------------------------------
def test_a_rejection_reply_due_on_saturday_moves_to_monday() -> None:
    app = application(events=(event("rejected", at("2026-03-06", 14)),), thanked=True)
    reply = only(build_plan(app, now=at("2026-03-06", 15)), ActionKind.REJECTION_REPLY)
    assert reply.due == at("2026-03-09", 10)
    assert ActionFlag.MOVED in reply.flags
    assert "Saturday is not a working day" in reply.why


def test_a_reply_due_on_good_friday_skips_easter_monday_too() -> None:
    app = application(events=(event("rejected", at("2026-04-02", 11)),), thanked=True)
    reply = only(build_plan(app, now=at("2026-04-02", 12)), ActionKind.REJECTION_REPLY)
    assert reply.due == at("2026-04-07", 10)
    assert "Good Friday is not a working day" in reply.why


def test_a_linkedin_request_due_on_saturday_moves_to_monday() -> None:
    app = application(rounds=(round_(day="2026-03-05"),))  # Thu 10-11 -> due Sat 7 Mar 11:00
    request = only(build_plan(app, now=at("2026-03-05", 12)), ActionKind.LINKEDIN_REQUEST)
    assert request.due == at("2026-03-09", 10)
    assert "moves to Mon 9 Mar" in request.why


def test_notes_after_a_saturday_interview_stay_on_saturday_and_are_flagged() -> None:
    app = application(rounds=(round_(day="2026-03-07"),))
    notes = only(build_plan(app, now=at("2026-03-07", 11, 30)), ActionKind.WRITE_NOTES)
    assert notes.due == at("2026-03-07", 13)
    assert ActionFlag.NON_WORKING_DAY in notes.flags
    assert "for you" in notes.why


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("ENG", at("2026-09-02", 10)),  # Fri 28, (Mon 31 Aug bank holiday), Tue 1, Wed 2
        ("SCT", at("2026-09-01", 10)),  # Fri 28, Mon 31, Tue 1
        (None, at("2026-09-02", 10)),  # no region: England is assumed, and the plan says so
    ],
)
def test_august_bank_holiday_depends_on_the_region(region: str | None, expected: datetime) -> None:
    app = application(
        rounds=(round_(day="2026-08-20", decision_expected=date(2026, 8, 27)),),
        candidate=candidate(subdivision=region),
        thanked=True,
    )
    plan = build_plan(app, now=at("2026-08-21", 9))
    assert checks(plan)[0].due == expected
    assert any("assumes ENG" in note for note in plan.notes) is (region is None)


# 5. Phone and post ---------------------------------------------------------------------------
def test_phone_thank_you_after_friday_afternoon_also_gets_a_written_note_within_24h() -> None:
    caller = ana(preferred_channel="phone", phone="+44 20 7946 0000")
    app = application(rounds=(round_(day="2026-03-06", start_hour=14, interviewers=(caller,)),))
    plan = build_plan(app, now=at("2026-03-06", 16))
    call = only(plan, TY, "Ana Ruiz", 1)
    assert (call.channel, call.due) == (Channel.PHONE, at("2026-03-09", 10))
    note = only(plan, TY, "Ana Ruiz", 2)
    assert (note.channel, note.due) == (Channel.EMAIL, at("2026-03-07", 15))
    assert {"R-C1", "R-C3"} <= set(note.rules)
    assert "within 24 hours as well" in call.why


def test_the_written_note_and_the_call_are_marked_done_separately() -> None:
    caller = ana(preferred_channel="phone", phone="+44 20 7946 0000")
    rnd = round_(day="2026-03-06", start_hour=14, interviewers=(caller,))
    sent = done("thank_you", at("2026-03-06", 18), "Ana Ruiz").with_changes(channel="email")
    plan = build_plan(application(rounds=(rnd,), events=(sent,)), now=at("2026-03-07", 9))
    assert only(plan, TY, "Ana Ruiz", 2).status is ActionStatus.DONE
    assert only(plan, TY, "Ana Ruiz", 1).status is ActionStatus.DUE  # the call, on Monday


def test_phone_thank_you_without_an_email_says_why_there_is_no_written_note() -> None:
    caller = ana(preferred_channel="phone", phone="+44 20 7946 0000", email=None)
    app = application(rounds=(round_(day="2026-03-06", start_hour=14, interviewers=(caller,)),))
    plan = build_plan(app, now=at("2026-03-06", 16))
    assert len(plan.of_kind(TY)) == 1
    call = only(plan, TY, "Ana Ruiz")
    assert "no email for Ana Ruiz" in call.why
    assert "R-A4" in call.rules


def test_a_card_after_the_last_post_goes_at_the_next_collection_with_email_offered() -> None:
    app = application(rounds=(round_(start_hour=17, interviewers=(bo(),)),))  # ends 18:00
    card = only(build_plan(app, now=at("2026-03-03", 18, 5)), TY, "Bo Chen")
    assert card.due == at("2026-03-04", 17, 30)
    assert {ActionFlag.MOVED, ActionFlag.SLOW_CHANNEL} <= card.flags
    assert "next collection on Wed 4 Mar" in card.why
    assert "email" in card.why
    assert "R-C4" in card.rules


def test_a_card_after_friday_last_post_goes_on_monday() -> None:
    app = application(rounds=(round_(day="2026-03-06", start_hour=17, interviewers=(bo(),)),))
    card = only(build_plan(app, now=at("2026-03-06", 18, 5)), TY, "Bo Chen")
    assert card.due == at("2026-03-09", 17, 30)


# 6. Whose clock ---------------------------------------------------------------------------
def singapore_with_london_employer(**changes: object):
    caller = ana(preferred_channel="phone", phone="+44 20 7946 0000")
    fields: dict[str, object] = {
        "candidate": candidate(time_zone="Asia/Singapore", country="SG", subdivision=None),
        "employer_time_zone": "Europe/London",
        "employer_country": "GB",
        "employer_subdivision": "ENG",
        "rounds": (round_(interviewers=(caller,)),),  # Tue 3 Mar 10:00-11:00 London
    }
    return application(**{**fields, **changes})


def test_singapore_candidate_calls_london_inside_london_business_hours() -> None:
    plan = build_plan(singapore_with_london_employer(), now=at("2026-03-03", 12))
    call = only(plan, TY, "Ana Ruiz")
    assert call.due == at("2026-03-04", 10)  # Wed 10:00 London
    assert call.due.astimezone(SINGAPORE).hour == 18  # 18:00 for the candidate
    assert "10:00 their time (Europe/London)" in call.why
    first = checks(plan)[0]
    assert first.due == at("2026-03-13", 10)  # Fri 13 Mar 10:00 London, 18:00 in Singapore
    assert first.channel is Channel.PHONE


def test_status_checks_count_the_employers_working_days() -> None:
    # Decision Tue 31 Mar. London: Wed 1, Thu 2, (Good Friday, Easter Monday), Tue 7 Apr.
    # Singapore alone would have counted Mon 6 Apr (it keeps Good Friday, not Easter Monday).
    rnd = round_(day="2026-03-24", decision_expected=date(2026, 3, 31))
    plan = build_plan(singapore_with_london_employer(rounds=(rnd,)), now=at("2026-03-24", 12))
    assert checks(plan)[0].due == at("2026-04-07", 10)  # 17:00 in Singapore (BST)
    assert checks(plan)[0].due.astimezone(SINGAPORE).hour == 17
    local = build_plan(
        singapore_with_london_employer(
            rounds=(rnd,), employer_time_zone=None, employer_country=None
        ),
        now=at("2026-03-24", 12),
    )
    assert checks(local)[0].due == datetime(2026, 4, 6, 10, tzinfo=SINGAPORE)


def test_a_round_can_override_the_employer_zone() -> None:
    rnd = round_(
        interviewers=(ana(preferred_channel="phone", phone="+1 212 555 0100"),),
        employer_time_zone="America/New_York",
        employer_country="US",
        employer_subdivision="NY",
    )
    plan = build_plan(singapore_with_london_employer(rounds=(rnd,)), now=at("2026-03-03", 12))
    call = only(plan, TY, "Ana Ruiz")
    assert call.due == datetime(2026, 3, 4, 10, tzinfo=ZoneInfo("America/New_York"))


# 7. Regions and the holidays package's own working days ---------------------------------------
def test_a_moved_working_saturday_counts_as_a_business_day() -> None:
    app = application(
        candidate=candidate(time_zone="Europe/Minsk", country="BY", subdivision=None),
        rounds=(round_(day="2026-04-20", decision_expected=date(2026, 4, 24)),),
        thanked=True,
    )
    plan = build_plan(app, Policy(status_check_grace_business_days=1), now=at("2026-04-21"))
    assert checks(plan)[0].due == datetime(2026, 4, 25, 10, tzinfo=MINSK)  # a working Saturday


def test_a_country_with_regional_holidays_and_no_region_gets_a_warning() -> None:
    app = application(candidate=candidate(country="US", subdivision=None))
    problems = plan_warnings(app, at("2026-03-03", 12))
    assert [p.location for p in problems] == ["candidate.subdivision"]
    assert "nationwide" in problems[0].message
    assert plan_warnings(application(), at("2026-03-03", 12)) == ()


# 8. Who gets chased, and how -----------------------------------------------------------------
def panel(**changes: object) -> tuple[Interviewer, ...]:
    return (
        ana(role="peer"),
        bo(role="hiring_manager", preferred_channel="email"),
        ana(**{"name": "Cy Park", "role": "recruiter", "email": "cy@acme.example", **changes}),
    )


def test_status_checks_go_to_the_recruiter_else_the_hiring_manager() -> None:
    app = application(rounds=(round_(interviewers=panel()),), thanked=True)
    assert checks(build_plan(app, now=at("2026-03-04")))[0].recipient == "Cy Park"
    app = application(rounds=(round_(interviewers=panel()[:2]),), thanked=True)
    assert checks(build_plan(app, now=at("2026-03-04")))[0].recipient == "Bo Chen"
    chosen = application(
        rounds=(round_(interviewers=panel()),), thanked=True, status_contact="Ana Ruiz"
    )
    assert checks(build_plan(chosen, now=at("2026-03-04")))[0].recipient == "Ana Ruiz"


def test_a_linkedin_contact_without_an_email_gets_a_why_that_says_so() -> None:
    app = application(
        rounds=(round_(interviewers=panel(preferred_channel="linkedin", email=None)),),
        thanked=True,
    )
    first = checks(build_plan(app, now=at("2026-03-04")))[0]
    assert first.channel is Channel.EMAIL
    assert ActionFlag.MISSING_CONTACT in first.flags
    assert "no address is noted" in first.why
    assert "R-A4" in first.rules


def test_a_phone_contact_without_a_number_is_emailed_and_told_why() -> None:
    app = application(
        rounds=(round_(interviewers=panel(preferred_channel="phone", phone=None)),),
        thanked=True,
    )
    first = checks(build_plan(app, now=at("2026-03-04")))[0]
    assert first.channel is Channel.EMAIL
    assert "no number was noted" in first.why
    assert "R-A4" in first.rules


# 9. Preferences not asked ------------------------------------------------------------------
def test_not_asked_yet_means_email_and_a_reminder_to_ask() -> None:
    person = Interviewer(name="Dee Marsh", email="dee@acme.example")
    assert person.preferred_channel is None
    app = application(rounds=(round_(interviewers=(person,)),))
    thanks = only(build_plan(app, now=at("2026-03-03", 12)), TY, "Dee Marsh")
    assert thanks.channel is Channel.EMAIL
    assert "R-A2" in thanks.rules
    assert "not asked how Dee Marsh likes to be contacted" in thanks.why
    stored = Interviewer.model_validate({"name": "Dee Marsh", "preferred_channel": "email"})
    assert stored.preferred_channel is Channel.EMAIL


# 10. Standing guidance ------------------------------------------------------------------------
def test_keep_searching_is_there_from_the_first_plan_and_never_overdue() -> None:
    plan = build_plan(application(), now=at("2026-03-03", 12))
    guidance = only(plan, ActionKind.KEEP_SEARCHING)
    assert {"R-E6", "R-E7"} <= set(guidance.rules)
    assert guidance.opens == at("2026-03-03", 11)
    for later in ("2026-03-12", "2026-03-25"):
        again = only(
            build_plan(application(thanked=True), now=at(later)), ActionKind.KEEP_SEARCHING
        )
        assert again.status is not ActionStatus.OVERDUE


# 11. Rules and why agree ------------------------------------------------------------------------
def test_keep_warm_cites_what_its_rules_say() -> None:
    app = application(events=(event("on_hold", at("2026-03-12", 9)),), thanked=True)
    for action in build_plan(app, now=at("2026-03-12", 10)).actions:
        assert cited(action.why) == action.rules


# 12. Old dates ----------------------------------------------------------------------------------
def test_an_interview_a_year_ago_is_warned_about_and_nothing_is_overdue_for_a_year() -> None:
    app = application(rounds=(round_(day="2025-03-03"),))
    now = at("2026-03-10", 9)
    problems = plan_warnings(app, now)
    assert [p.location for p in problems] == ["rounds[0].start"]
    assert "check the year" in problems[0].message
    plan = build_plan(app, now=now)
    assert not [a for a in plan.actions if a.status is ActionStatus.OVERDUE]
    thanks = only(plan, TY, "Ana Ruiz")
    assert thanks.status is ActionStatus.CANCELLED
    assert ActionFlag.STALE in thanks.flags
    assert "no longer worth doing" in thanks.why
    assert any("check the year" in note for note in plan.notes)


def test_dates_outside_the_current_year_carry_the_year() -> None:
    assert when(at("2025-03-04", 11), at("2025-03-04").tzinfo, year=2026) == "Tue 4 Mar 2025 11:00"
    assert when(at("2026-03-04", 11), at("2026-03-04").tzinfo, year=2026) == "Wed 4 Mar 11:00"


def test_a_recent_interview_gets_no_old_date_warning() -> None:
    app = application()
    assert plan_warnings(app, at("2026-03-03", 12) + timedelta(days=30)) == ()


# The new fields where a coach reads them: the command line and the exports ------------------
def test_the_command_line_plan_names_the_employers_clock_contact_and_warnings() -> None:
    from followup_kit.cli.text import plan_text

    app = singapore_with_london_employer(rounds=(round_(day="2025-03-03"),))
    text = plan_text(build_plan(app, now=at("2026-03-10", 9)))
    assert "Employer's clock and calendar: Europe/London GB-ENG" in text
    assert "Status checks go to: Ana Ruiz" in text
    assert "check the year" in text
    assert "Mar 2025, " in text  # an old date carries its year
    assert "2026, " not in text.split("What to do")[1]  # this year's dates do not


def test_the_markdown_export_names_the_employers_clock_and_the_role() -> None:
    from followup_kit.render.export import to_markdown

    app = singapore_with_london_employer(
        rounds=(round_(interviewers=(ana(role="hiring_manager"),)),)
    )
    page = to_markdown(build_plan(app, now=at("2026-03-03", 12)))
    assert "follow the employer's clock (Europe/London)" in page
    assert "hiring manager, gets the status checks" in page
