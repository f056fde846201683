"""Message checks: each one fires on a bad example and stays silent on the good draft.

The checks read plain text, so every example here is a hand edit of a generated draft
(`recheck`), exactly as a candidate would make it in the workbook.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from followup_kit.core import ActionKind, Application, Channel, Interviewer, Policy, build_plan
from followup_kit.core.checks import (
    LIMITS,
    check_inputs,
    check_message,
    count_sentences,
    count_words,
    recheck,
)
from followup_kit.core.messages import Contact, Draft, Finding, Level
from followup_kit.core.vocabulary import MESSAGE_KINDS
from followup_kit.render.drafts import draft_message
from tests.scenarios import ana, application, at, bo, event, round_

GOOD_THANKS = """Dear Ana,

Thank you for taking the time to meet me about the Data Analyst role. I especially enjoyed talking about your team's move to dbt.

The role is a close match for what I bring: SQL and dbt, and dashboard design for non-specialists.

I look forward to hearing from you.

Best wishes,
Sam Okafor"""


def _app() -> Application:
    return application(
        rounds=(
            round_(
                interviewers=(ana(), bo(name="Will Smith", topics=("the will-writing app",))),
                mishaps=("spilled my water",),
            ),
        )
    )


def _draft(kind: ActionKind = ActionKind.THANK_YOU, who: str = "Ana Ruiz") -> Draft:
    app = _app()
    events = (event("on_hold", at("2026-03-08")),) if kind is ActionKind.KEEP_WARM else ()
    app = app.with_changes(events=[e.model_dump() for e in events])
    plan = build_plan(app, now=at("2026-03-10", 9))
    action = next(a for a in plan.of_kind(kind) if a.recipient == who)
    return draft_message(action, app)


def _checks(draft: Draft) -> set[str]:
    return {f.check for f in draft.checks}


def _edit(
    body: str, kind: ActionKind = ActionKind.THANK_YOU, policy: Policy | None = None
) -> Draft:
    return recheck(_draft(kind), body, _app(), policy=policy)


# --------------------------------------------------------------------------------------------
# Each check: fires on a bad example, silent on the good draft
# --------------------------------------------------------------------------------------------
BAD_THANK_YOU: list[tuple[str, str, Level, str]] = [
    # (case, body, expected level, check)
    (
        "square-bracket gap",
        GOOD_THANKS.replace("Dear Ana", "Dear [Name]"),
        Level.ERROR,
        "placeholder",
    ),
    (
        "jinja left-over",
        GOOD_THANKS.replace("Ana,", "{{ person.name }},"),
        Level.ERROR,
        "placeholder",
    ),
    ("jinja block", GOOD_THANKS + "\n{% if x %}", Level.ERROR, "placeholder"),
    ("angle-bracket gap", GOOD_THANKS.replace("dbt.", "<topic>."), Level.ERROR, "placeholder"),
    ("TODO", GOOD_THANKS.replace("role.", "role. TODO add detail."), Level.ERROR, "placeholder"),
    ("XXX", GOOD_THANKS.replace("role.", "role XXX."), Level.ERROR, "placeholder"),
    ("ASAP", GOOD_THANKS.replace("from you.", "from you ASAP."), Level.ERROR, "pushy"),
    (
        "as soon as possible",
        GOOD_THANKS.replace("from you.", "from you as soon as possible."),
        Level.ERROR,
        "pushy",
    ),
    ("I need an answer", GOOD_THANKS + "\nI need an answer by Friday.", Level.ERROR, "pushy"),
    (
        "just checking in",
        GOOD_THANKS.replace("Thank you for", "Just checking in. Thank you for"),
        Level.WARNING,  # checking in is what S0 and S4 advise; a bare one says nothing
        "pushy",
    ),
    ("why haven't you", GOOD_THANKS + "\nWhy haven't you replied?", Level.ERROR, "pushy"),
    ("still waiting", GOOD_THANKS + "\nI am still waiting to hear.", Level.ERROR, "pushy"),
    ("why was I rejected", GOOD_THANKS + "\nWhy was I rejected?", Level.ERROR, "arguing"),
    ("reconsider", GOOD_THANKS + "\nPlease reconsider my application.", Level.ERROR, "arguing"),
    (
        "recorded mishap",
        GOOD_THANKS.replace("role.", "role, even though I spilled my water."),
        Level.ERROR,
        "trivia",
    ),
    (
        "sorry for spilling",
        GOOD_THANKS + "\nSorry for spilling coffee on your desk.",
        Level.ERROR,
        "trivia",
    ),
    ("sorry for being late", GOOD_THANKS + "\nApologies for being late.", Level.ERROR, "trivia"),
    (
        "plain apology",
        GOOD_THANKS + "\nSorry my answer on budgets was muddled.",
        Level.WARNING,  # S1: put a real slip right without an apology
        "apology",
    ),
    ("accent dropped", GOOD_THANKS.replace("Dear Ana", "Dear Ána"), Level.ERROR, "name"),
    ("name missing", GOOD_THANKS.replace("Dear Ana,", "Hello,"), Level.WARNING, "name"),
    (
        "title changed",
        GOOD_THANKS.replace("role.", "role with you, the head of analytics."),
        Level.WARNING,
        "title",
    ),
    (
        "no detail",
        GOOD_THANKS.replace(" I especially enjoyed talking about your team's move to dbt.", ""),
        Level.WARNING,
        "personal_detail",
    ),
    (
        "no thanks",
        GOOD_THANKS.replace("Thank you for taking the time to meet", "I met"),
        Level.WARNING,
        "thanks",
    ),
    ("no sign-off", GOOD_THANKS.replace("\nSam Okafor", ""), Level.TIP, "sign_off"),
    ("exclamations", GOOD_THANKS.replace("from you.", "from you!!"), Level.TIP, "exclamation"),
    (
        "too long",
        GOOD_THANKS.replace("from you.", "from you. " + "I am keen to help the team grow. " * 6),
        Level.WARNING,
        "length",
    ),
    (
        "a page",
        GOOD_THANKS.replace(
            "from you.", "from you. " + "I am keen to help the team grow this year. " * 30
        ),
        Level.ERROR,
        "length",
    ),
]


def test_the_good_thank_you_has_no_findings() -> None:
    good = _edit(GOOD_THANKS)
    assert good.checks == ()


@pytest.mark.parametrize(
    ("body", "level", "check"),
    [pytest.param(body, level, check, id=case) for case, body, level, check in BAD_THANK_YOU],
)
def test_each_check_fires_on_a_bad_thank_you(body: str, level: Level, check: str) -> None:
    assert check not in _checks(_edit(GOOD_THANKS))
    findings = [f for f in _edit(body).checks if f.check == check]
    assert findings, f"{check} did not fire"
    assert level in {f.level for f in findings}
    assert all(f.rule.startswith("R-") for f in findings)
    assert all(f.message.endswith((".", ")")) for f in findings)


def test_an_ordinary_word_that_is_also_a_name_is_not_a_misspelling() -> None:
    draft = _draft(ActionKind.THANK_YOU, "Will Smith")
    body = draft.body.replace("I look forward", "I will look forward")
    assert "name" not in _checks(recheck(draft, body, _app()))
    misspelt = body.replace("Dear Will", "Dear WILL")
    assert "name" in {f.check for f in recheck(draft, misspelt, _app()).errors}


def test_apostrophe_names_are_checked_loosely_but_reported_exactly() -> None:
    app = application(rounds=(round_(interviewers=(ana(name="Tom O'Brien"),)),))
    plan = build_plan(app, now=at("2026-03-03", 15))
    draft = draft_message(plan.of_kind(ActionKind.THANK_YOU)[0], app)
    curly = recheck(draft, draft.body + "\nTom O\u2019Brien", app)
    assert "name" not in _checks(curly)
    wrong = recheck(draft, draft.body.replace("Dear Tom", "Dear Tom Obrien"), app)
    [finding] = [f for f in wrong.errors if f.check == "name"]
    assert "“Obrien” should be spelled “O'Brien”" in finding.message


GOOD_NOTE = (
    "Hi Ana, it was good to meet you at my Data Analyst interview and to talk about your "
    "team's move to dbt. I'd be glad to stay in touch here. Sam Okafor"
)


def test_linkedin_cap() -> None:
    assert len(GOOD_NOTE) <= 200
    assert "linkedin_cap" not in _checks(_edit(GOOD_NOTE, ActionKind.LINKEDIN_REQUEST))
    long_note = GOOD_NOTE.replace(
        "here.", "here, and to hear more about the analytics team and its plans as it grows."
    )
    assert len(long_note) > 200
    over = _edit(long_note, ActionKind.LINKEDIN_REQUEST)
    [finding] = [f for f in over.checks if f.check == "linkedin_cap"]
    assert finding.level is Level.ERROR
    assert finding.rule == "R-D1"
    assert f"this one has {len(long_note)}" in finding.message
    assert "shorter version" in finding.message  # the draft offers one
    paid = _edit(long_note, ActionKind.LINKEDIN_REQUEST, Policy(linkedin_note_max_chars=300))
    assert "linkedin_cap" not in _checks(paid)


def test_a_generic_or_blank_linkedin_note_is_an_error() -> None:
    # R-D1: never a blank or generic request, so neither counts as ready.
    for generic in ("Hi Ana, I'd like to add you to my network. Sam Okafor", "", "  \n"):
        draft = _edit(generic, ActionKind.LINKEDIN_REQUEST)
        assert [(f.level, f.rule) for f in draft.checks if f.check == "personal_detail"] == [
            (Level.ERROR, "R-D1")
        ]
        assert not draft.ready


def test_keep_warm_asking_for_news_and_missing_link() -> None:
    draft = _draft(ActionKind.KEEP_WARM)
    assert "news_request" not in _checks(draft)
    # The generated note leaves a [link] slot: an error of its own until it is filled (12.7).
    assert "link_slot" in {f.check for f in draft.errors}
    assert not draft.ready
    with_link = recheck(draft, draft.body.replace("[link]", "https://example.org/a"), _app())
    assert not {"link", "link_slot"} & _checks(with_link)
    assert with_link.ready
    nagging = recheck(draft, draft.body + "\nAny news on the decision?", _app())
    assert [f.level for f in nagging.checks if f.check == "news_request"] == [Level.WARNING]


def test_keep_warm_without_their_interest_gets_a_tip() -> None:
    draft = _draft(ActionKind.KEEP_WARM)
    plain = recheck(draft, "Dear Ana,\n\nI hope all is well.\n\nBest wishes,\nSam Okafor", _app())
    assert [f.level for f in plain.checks if f.check == "interest"] == [Level.TIP]


def test_missing_address_and_missing_recipient() -> None:
    draft = _draft()
    no_address = replace(draft, recipient=Contact("Ana Ruiz", None))
    assert [f.check for f in check_message(no_address, _app())] == ["address"]
    phone = replace(draft, channel=Channel.PHONE, recipient=Contact("Ana Ruiz", None))
    assert "phone number" in check_message(phone, _app())[0].message
    nobody = replace(draft, recipient=Contact(None, None), body=GOOD_THANKS.replace("Ana", "there"))
    assert [f.check for f in check_message(nobody, _app())] == ["recipient"]


def test_findings_are_listed_errors_first() -> None:
    body = GOOD_THANKS.replace("from you.", "from you ASAP!!").replace("\nSam Okafor", "")
    levels = [f.level for f in _edit(body).checks]
    assert levels == sorted(levels, key=lambda level: level.rank)
    assert levels[0] is Level.ERROR
    assert levels[-1] is Level.TIP


def test_recheck_returns_a_new_draft_and_leaves_the_old_one_alone() -> None:
    draft = _draft()
    edited = recheck(draft, draft.body + "\nASAP please.", _app())
    assert edited is not draft
    assert draft.ready
    assert not edited.ready
    assert edited.body.endswith("ASAP please.")
    assert edited.rules == draft.rules
    assert edited.recipient == draft.recipient


def test_a_later_rounds_limit_is_tighter_and_a_correction_gets_room() -> None:
    filler = " ".join(["I enjoyed it."] * 5)
    body = f"Dear Ana,\n\nThank you for your time. {filler} Your team's move to dbt.\n\nBest wishes,\nSam Okafor"
    first = application(rounds=(round_(interviewers=(ana(),)),))
    plan = build_plan(first, now=at("2026-03-03", 15))
    draft = draft_message(plan.of_kind(ActionKind.THANK_YOU)[0], first)
    assert "length" not in _checks(recheck(draft, body, first))  # 7 sentences: fine
    later = application(
        rounds=(round_(interviewers=(bo(),)), round_(2, day="2026-03-12", interviewers=(ana(),)))
    )
    plan = build_plan(later, now=at("2026-03-12", 15))
    second = draft_message(plan.of_kind(ActionKind.THANK_YOU)[-1], later)
    assert second.round == 2
    assert "length" in _checks(recheck(second, body, later))  # round 2: at most 6
    slip = application(
        rounds=(round_(interviewers=(ana(),), mistake_to_correct="I meant 2019, not 2009"),)
    )
    plan = build_plan(slip, now=at("2026-03-03", 15))
    corrected = draft_message(plan.of_kind(ActionKind.THANK_YOU)[0], slip)
    longer = body.replace("Your team's", "I enjoyed it. I enjoyed it. Your team's")
    assert "length" not in _checks(recheck(corrected, longer, slip))


# --------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "sentences", "words"),
    [
        (GOOD_THANKS, 4, 49),
        ("Hi Ana, thanks. See you. Sam", 2, 6),
        ("One. Two! Three? 四。", 4, 4),
        ("Dear Bo,\n\n- First point.\n- Second point.\n\nWith warm wishes,\nSam Okafor", 2, 4),
        ("no punctuation at all", 0, 4),
    ],
)
def test_counts_leave_out_greeting_and_sign_off(body: str, sentences: int, words: int) -> None:
    assert count_sentences(body) == sentences
    assert count_words(body) == words


def test_every_limit_is_positive_and_every_message_kind_has_one() -> None:
    assert all(limit.sentences > 0 and limit.words > 0 for limit in LIMITS.values())
    assert {kind for kind, _ in LIMITS} == set(MESSAGE_KINDS)


# --------------------------------------------------------------------------------------------
# Inputs, before anything is drafted
# --------------------------------------------------------------------------------------------
def _inputs(app: Application) -> dict[tuple[str, str], Finding]:
    return {(f.check, f.location): f for f in check_inputs(app)}


def test_a_complete_application_needs_nothing_more() -> None:
    findings = check_inputs(application())
    assert [f for f in findings if f.level is not Level.TIP] == []


@pytest.mark.parametrize(
    ("person", "check", "field", "level"),
    [
        (ana(topics=()), "topics", "topics", Level.WARNING),
        (ana(email=None), "email", "email", Level.WARNING),
        (ana(preferred_channel="phone", phone=None), "phone", "phone", Level.WARNING),
        (ana(title=""), "title", "title", Level.TIP),
        (ana(interests=()), "interests", "interests", Level.TIP),
        (ana(name="Ruiz, Ana"), "name", "name", Level.TIP),
        (
            ana(preferred_channel="linkedin", agreed_to_connect=False),
            "linkedin",
            "agreed_to_connect",
            Level.WARNING,
        ),
    ],
)
def test_each_input_check(person: Interviewer, check: str, field: str, level: Level) -> None:
    good = _inputs(application(rounds=(round_(interviewers=(ana(),)),)))
    location = f"rounds[0].interviewers[0].{field}"
    assert (check, location) not in good
    found = _inputs(application(rounds=(round_(interviewers=(person,)),)))
    assert found[(check, location)].level is level


def test_round_inputs() -> None:
    app = application(
        rounds=(
            round_(
                interviewers=(),
                qualifications=(),
                culture_fit="",
                mistake_to_correct="I said the wrong thing " * 12,
            ),
        )
    )
    found = _inputs(app)
    assert found[("interviewers", "rounds[0].interviewers")].level is Level.WARNING
    assert found[("qualifications", "rounds[0].qualifications")].level is Level.WARNING
    assert found[("culture_fit", "rounds[0].culture_fit")].level is Level.TIP
    assert found[("mistake", "rounds[0].mistake_to_correct")].level is Level.TIP
    many = _inputs(application(rounds=(round_(qualifications=("a", "b", "c", "d")),)))
    assert many[("qualifications", "rounds[0].qualifications")].level is Level.TIP


def test_the_first_interviewer_needs_an_email_for_status_checks_even_if_they_prefer_post() -> None:
    app = application(rounds=(round_(interviewers=(bo(email=None), ana(email=None))),))
    found = _inputs(app)
    first = found[("email", "rounds[0].interviewers[0].email")]
    assert "status checks" in first.message
    assert ("email", "rounds[0].interviewers[1].email") in found  # Ana prefers email
    post_second = application(rounds=(round_(interviewers=(ana(), bo(email=None))),))
    assert ("email", "rounds[0].interviewers[1].email") not in _inputs(post_second)
