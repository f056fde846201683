"""Words in, sentences out: typed inputs → fitted phrases (core/fitting.py).

Each row is something a candidate really typed into the form (lead-ins, capitals, full
stops, exclamation marks, whole sentences, pronouns about the interviewer) and the phrase the
drafts must put into their sentence. Proper nouns, acronyms and brands keep their capitals.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from followup_kit.core.fitting import (
    Shape,
    after_joint,
    classify,
    concern_subject,
    culture_fit,
    deed_phrase,
    fit_problems,
    keeps_case,
    own_sentences,
    question_phrase,
    strength_phrase,
    strip_lead_in,
    to_reader,
    topic_phrase,
)
from tests.scenarios import ana, application, bo, round_

COMPANY = "Acme Analytics"
KEEP = (COMPANY,)


def _topic(text: str) -> str:
    return topic_phrase(text, keep=KEEP)


def _strength(text: str) -> str | None:
    return strength_phrase(text, keep=KEEP)


def _deed(text: str) -> str | None:
    return deed_phrase(text, keep=KEEP)


def _culture(text: str) -> tuple[str, str]:
    return culture_fit(text, COMPANY)


def _concern(text: str) -> tuple[str, bool]:
    return concern_subject(text, keep=KEEP)


def _question(text: str) -> str:
    return question_phrase(text, keep=KEEP)


ROWS: list[tuple[Callable[[str], object], str, object]] = [
    # What you talked about with them, to follow "talking about …"
    (_topic, "We talked about his team's move to Kubernetes.", "your team's move to Kubernetes"),
    (_topic, "her team's move to dbt", "your team's move to dbt"),
    (_topic, "Her plans for the Berlin office!", "your plans for the Berlin office"),
    (_topic, "we discussed the new SAP S/4HANA rollout", "the new SAP S/4HANA rollout"),
    (_topic, "I really enjoyed hearing about the iOS app relaunch", "the iOS app relaunch"),
    (_topic, "Talked about AWS cost savings.", "AWS cost savings"),
    (_topic, "The mentoring scheme for new analysts.", "the mentoring scheme for new analysts"),
    (
        _topic,
        "how she built the data team from scratch",
        "how you built the data team from scratch",
    ),
    (
        _topic,
        "She is hiring two more analysts this year",
        "how you are hiring two more analysts this year",
    ),
    (_topic, "he runs the on-call rota", "how you run the on-call rota"),
    (_topic, "their move to a four-day week", "your move to a four-day week"),
    (_topic, "Power BI adoption across the business", "Power BI adoption across the business"),
    (_topic, "McKinsey's report on retail analytics", "McKinsey's report on retail analytics"),
    (_topic, "chatted about cycling to work", "cycling to work"),
    (_topic, "  - the quarterly data clinic ", "the quarterly data clinic"),
    (_topic, '"open data"', "open data"),
    (_topic, "We had a long chat about his time at Google.", "your time at Google"),
    (_topic, "Discussed: the Berlin office", "the Berlin office"),
    (_topic, "her daughter's football team", "your daughter's football team"),
    (_topic, "how his team does code review", "how your team does code review"),
    (_topic, "what drew her to Acme", "what drew you to Acme"),
    (_topic, "she's moving the team to Snowflake", "how you're moving the team to Snowflake"),
    (_topic, "he watches every release closely", "how you watch every release closely"),
    (_topic, "His book on Python testing", "your book on Python testing"),
    (_topic, "the company's five-year plan", "your five-year plan"),
    (_topic, "Reporting automation", "reporting automation"),
    (_topic, "Data mesh", "data mesh"),
    (_topic, "Kubernetes in production", "Kubernetes in production"),
    (_topic, "Berlin", "Berlin"),
    # Strengths, listed after "what I bring:" (None: a deed or the candidate's own sentence)
    (_strength, "SQL.", "SQL"),
    (_strength, "Python!", "Python"),
    (_strength, "five years of SQL", "five years of SQL"),
    (_strength, "Advanced Excel", "advanced Excel"),
    (_strength, "Fluent Spanish and Portuguese", "fluent Spanish and Portuguese"),
    (_strength, "Stakeholder management", "stakeholder management"),
    (_strength, "Strong communication skills", "strong communication skills"),
    (_strength, "PRINCE2 certified", "PRINCE2 certified"),
    (_strength, "Experience with SAP S/4HANA", "experience with SAP S/4HANA"),
    (_strength, "Led the migration of our payments service to Go.", None),
    (_strength, "I have ten years of experience in retail analytics.", None),
    # Deeds, said after "I"
    (
        _deed,
        "Led the migration of our payments service to Go.",
        "led the migration of our payments service to Go",
    ),
    (_deed, "I led the move to BigQuery", "led the move to BigQuery"),
    (
        _deed,
        "Grew a newsletter from 4,000 to 19,000 readers",
        "grew a newsletter from 4,000 to 19,000 readers",
    ),
    (_deed, "Cut our AWS bill by 40% in 2024.", "cut our AWS bill by 40% in 2024"),
    (_deed, "Managed a team of five analysts", "managed a team of five analysts"),
    (_deed, "Built dashboards in Tableau", "built dashboards in Tableau"),
    (_deed, "Advanced Excel", None),
    # Why the company suits you, turned to the reader
    (_culture, "They publish their data openly!", ("clause", "you publish your data openly")),
    (
        _culture,
        "Acme Analytics publishes its data openly.",
        ("clause", "you publish your data openly"),
    ),
    (_culture, "Their move to data-driven buying", ("phrase", "your move to data-driven buying")),
    (
        _culture,
        "I like how the team shares its work openly",
        ("own", "I like how the team shares its work openly."),
    ),
    (_culture, "open data culture", ("phrase", "your open data culture")),
    (_culture, "Focus on public health", ("phrase", "your focus on public health")),
    (
        _culture,
        "Acme Analytics's mission to make data useful",
        ("phrase", "your mission to make data useful"),
    ),
    (_culture, "i love the mentoring culture.", ("own", "I love the mentoring culture.")),
    (_culture, "they care about their members", ("clause", "you care about your members")),
    (
        _culture,
        "Their commitment to accessibility.",
        ("phrase", "your commitment to accessibility"),
    ),
    (_topic, "Chatted w/ her about her new role as CTO", "your new role as CTO"),
    (_topic, "The fact that they are moving to AWS", "how you are moving to AWS"),
    (_topic, "Discussed how they onboard new analysts", "how you onboard new analysts"),
    (_topic, "I asked about the team structure", "the team structure"),
    (_topic, "They're hiring a second analyst", "how you're hiring a second analyst"),
    (_topic, "re: the Dublin office", "the Dublin office"),
    (_strength, "Background in economics", "background in economics"),
    (_strength, "Self-taught in R", "self-taught in R"),
    (_strength, "Experienced in stakeholder management", "experienced in stakeholder management"),
    (_deed, "Reduced churn by 12%", "reduced churn by 12%"),
    (_deed, "Delivered a £2m programme on time", "delivered a £2m programme on time"),
    (_culture, "Love their mission!!", ("own", "I love your mission.")),
    (_culture, "it's a B Corp", ("clause", "you're a B Corp")),
    (_culture, "Remote-first", ("clause", "you are remote-first")),
    (_culture, "Acme Analytics is a B Corp", ("clause", "you are a B Corp")),
    (
        _culture,
        "Their focus on sustainability matches my values",
        ("clause", "your focus on sustainability matches my values"),
    ),
    (_culture, "They invest in training.", ("clause", "you invest in training")),
    # What a concern was about (and whether it is a clause)
    (_concern, "my notice period", ("my notice period", False)),
    (
        _concern,
        "She worried about my three-month notice period.",
        ("my three-month notice period", False),
    ),
    (
        _concern,
        "I haven't used Kubernetes in production",
        ("I haven't used Kubernetes in production", True),
    ),
    (
        _concern,
        "you worried about my lack of people management",
        ("I lack people management", True),
    ),
    (_concern, "Concern about my salary expectations", ("my salary expectations", False)),
    (_concern, "that I have no retail experience", ("I have no retail experience", True)),
    (_concern, "He was concerned that I lack SQL depth", ("I lack SQL depth", True)),
    (_concern, "They asked about the gap in my CV", ("the gap in my CV", False)),
    (
        _concern,
        "no experience with their ticketing system",
        ("I have no experience with your ticketing system", True),
    ),
    (
        _concern,
        "Less Kubernetes experience than they hoped",
        ("I have less Kubernetes experience than you hoped", True),
    ),
    # The question a slip answers, to follow "When you asked"
    (_question, "How do I handle conflict?", "how I handle conflict"),
    (_question, "stakeholder management", "about stakeholder management"),
    (_question, "about my biggest failure", "about my biggest failure"),
    (_question, "Why did I leave my last job?", "why I left my last job"),
    (_question, "what would I do in the first 90 days", "what I would do in the first 90 days"),
    (_question, "Have you used Airflow?", "whether I have used Airflow"),
    (_question, "my experience with Python", "about my experience with Python"),
]


@pytest.mark.parametrize(("fit", "typed", "expected"), ROWS, ids=[row[1][:40] for row in ROWS])
def test_typed_input_is_fitted(fit: Callable[[str], object], typed: str, expected: object) -> None:
    assert fit(typed) == expected


def test_the_table_is_big_enough_to_mean_something() -> None:
    assert len(ROWS) >= 60


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("i forgot to say i cut costs by 40%", "I forgot to say I cut costs by 40%."),
        ("Great team!!", "Great team!"),
        ("  - it halved our report time..", "It halved our report time."),
        ("Happy to start in May", "Happy to start in May."),
    ],
)
def test_own_sentences(typed: str, expected: str) -> None:
    assert own_sentences(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "I've agreed with my employer that I can leave after six weeks.",
            "I've agreed with my employer that I can leave after six weeks",
        ),
        (
            "My employer has agreed to release me early!",
            "my employer has agreed to release me early",
        ),
        ("AWS certification is booked for May", "AWS certification is booked for May"),
        ("It cut our costs. It also saved time.", ""),
    ],
)
def test_after_joint(typed: str, expected: str) -> None:
    assert after_joint(typed) == expected


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("AWS", True),
        ("iOS", True),
        ("McKinsey", True),
        ("Berlin", True),
        ("S/4HANA", True),
        ("I", True),
        ("The", False),
        ("Reporting", False),
        ("Team", False),
        ("Led", False),
    ],
)
def test_keeps_case(word: str, kept: bool) -> None:
    assert keeps_case(word) is kept


@pytest.mark.parametrize(
    ("typed", "shape"),
    [
        ("her team's move to dbt", Shape.PHRASE),
        ("led the move to BigQuery", Shape.DEED),
        ("She is hiring", Shape.CLAUSE),
        ("I haven't used Go", Shape.CLAUSE),
        ("We use Go. It is fast.", Shape.SENTENCES),
        ("The team is small", Shape.CLAUSE),
    ],
)
def test_classify(typed: str, shape: Shape) -> None:
    assert classify(typed) is shape


def test_lead_ins_and_pronouns() -> None:
    assert strip_lead_in("Forgot to mention that I cut our AWS bill by 40%.") == (
        "I cut our AWS bill by 40%"
    )
    assert strip_lead_in("I think the team is great") == "the team is great"
    assert to_reader("she runs his old team") == "you run your old team"
    assert to_reader("what drew her to it") == "what drew you to it"
    assert to_reader("He is new and she has plans") == "You are new and you have plans"


def test_fit_problems_name_the_field_and_give_an_example() -> None:
    app = application(
        rounds=(
            round_(
                interviewers=(
                    ana(topics=("We talked a lot. It was about dbt and the roadmap.",)),
                    bo(share_link="https://example.org/x"),
                ),
                qualifications=("I know SQL. I also know Python.",),
                concerns=({"text": "my notice period"}, {"text": "commute", "raised_by": "Zed"}),
                slips=({"missing": "the BigQuery move"},),
            ),
        )
    )
    found = {p.location: p.message for p in fit_problems(app)}
    assert "rounds[0].interviewers[0].topics[0]" in found
    assert "e.g." in found["rounds[0].interviewers[0].topics[0]"]
    assert "rounds[0].qualifications[0]" in found
    assert "rounds[0].concerns[0].answer" in found
    assert "rounds[0].concerns[0].raised_by" in found  # a panel: who raised it?
    assert "Zed" in found["rounds[0].concerns[1].raised_by"]
    assert "rounds[0].slips[0].raised_by" in found
    assert "rounds[0].interviewers[1].share_title" in found


def test_well_typed_inputs_have_no_fit_problems() -> None:
    app = application(
        rounds=(
            round_(
                concerns=(
                    {
                        "text": "my notice period",
                        "answer": "I can start in May",
                        "raised_by": "Ana Ruiz",
                    },
                ),
            ),
        )
    )
    assert fit_problems(app) == []
