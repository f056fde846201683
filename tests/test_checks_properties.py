"""Every draft the kit writes passes its own checks (issue 12.9).

For every sample application, and for hypothesis-generated applications typed the way people
type (noun phrases, whole sentences, first person, a trailing full stop, accents and
apostrophes in names), each drafted message gets no error from `check_message`. The one
error a generated draft may carry by design is the keep-warm note's `[link]` slot, which the
candidate must fill before the note counts as ready (issue 12.7).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_kit.core import Application, Event, Interviewer, Round, build_plan
from followup_kit.core.checks import check_message
from followup_kit.core.messages import Draft, Level
from followup_kit.core.models import Concern, Slip
from followup_kit.core.vocabulary import InterviewerRole
from followup_kit.render.drafts import draft_plan
from followup_kit.store.sample import sample_applications
from tests.scenarios import LONDON, candidate

# Findings a generated draft may carry as errors because the candidate has to act on them.
BY_DESIGN = frozenset({"link_slot"})


def _errors(draft: Draft, app: Application, others: tuple[str, ...] = ()) -> list[str]:
    found = check_message(draft, app, other_companies=others)
    return [
        f"{draft.kind}/{draft.channel} to {draft.recipient.name}: {f.message}"
        for f in found
        if f.level is Level.ERROR and f.check not in BY_DESIGN
    ]


def _moments(app: Application) -> list[datetime]:
    """Times at which a plan has messages to draft: the day after each round, a few days past
    each decision date, and a week past the last event."""
    times = [r.end + timedelta(hours=2) for r in app.rounds]
    times += [
        datetime.combine(r.decision_expected, r.end.timetz()) + timedelta(days=6)
        for r in app.rounds
        if r.decision_expected is not None
    ]
    if not app.events:
        return times
    last = max(e.at for e in app.events)  # a plan cannot be seen before what happened
    times += [last + timedelta(hours=1), last + timedelta(days=8), last + timedelta(days=40)]
    return [t for t in times if t >= last]


SAMPLES = sample_applications()


def _other_companies(client: str, app: Application) -> tuple[str, ...]:
    by_client: dict[str, list[str]] = defaultdict(list)
    for name, other in SAMPLES:
        by_client[name].append(other.company)
    return tuple(c for c in by_client[client] if c != app.company)


@pytest.mark.parametrize(("client", "app"), SAMPLES, ids=[f"{c}: {a.company}" for c, a in SAMPLES])
def test_every_sample_draft_passes_its_own_checks(client: str, app: Application) -> None:
    others = _other_companies(client, app)
    problems = [
        problem
        for now in _moments(app)
        for draft in draft_plan(build_plan(app, now=now))
        for problem in _errors(draft, app, others)
    ]
    assert problems == []


# ---- generated applications ----------------------------------------------------------------
NAMES = [
    "Ana Ruiz",
    "Bo Chen",
    "Zoë Lefèvre",
    "Tom O'Brien",
    "Marcus Webb-Ellis",
    "Aisha Khan",
    "Will Smith",
    "Dev Patel",
    "José María García",
    "陈波",
]
GREETINGS = ["", "", "Dr Khan", "Prof Webb-Ellis", "Bo"]
TOPICS = [
    "her team's move to dbt",
    "We talked about his team's move to Kubernetes.",
    "the new customer data platform",
    "AWS cost savings!",
    "their plans for Power BI in the finance team",
    "I asked about the on-call rota",
    "the cycling club at the office",
    "SAP S/4HANA migration in Berlin",
    "open data",
    "how the team handles urgent care dashboards",
]
QUALIFICATIONS = [
    "SQL and dbt",
    "dashboard design for non-specialists",
    "Led the migration of our payments service to Go.",
    "Python.",
    "I cut our AWS bill by 40% in 2024",
    "stakeholder workshops",
    "NHS data standards",
]
CULTURE = [
    "",
    "I like how the team shares its work openly",
    "great culture!",
    "they publish their data openly.",
    "The focus on patient outcomes",
    "your move to data-driven buying",
]
CONCERNS = ["", "I haven't used Kubernetes in production", "my notice period is three months"]
ANSWERS = [
    "",
    "I ran our staging cluster on Kubernetes for a year.",
    "my notice can be cut to a month",
]
SLIP_PARTS = [
    ("cost savings", "that I cut our AWS bill by 40% in 2024", ""),
    ("", "Forgot to mention that I led the migration to Go.", ""),
    ("stakeholders", "my monthly dashboard clinics", "that is the part of the job I enjoy most"),
]
SHARES = ["", "A field guide to dbt tests", "Utrecht's cycling infrastructure report"]
MISHAPS = ["", "spilled my water", "arrived ten minutes late"]
COMPANIES = ["Acme Analytics", "Northwind Health", "Cityline Transport", "Globex", "Müller & Söhne"]
ROLES = ["Data Analyst", "Clinical Data Lead", "Transport Planner", "Senior Engineer (Platform)"]
CHANNELS = ["email", "email", "post", "phone", "linkedin"]
OUTCOMES = [None, "on_hold", "rejected", "offer", "withdrawn", "heard_back"]


def _some(draw: st.DrawFn, items: list[str], most: int) -> tuple[str, ...]:
    chosen = draw(st.lists(st.sampled_from(items), max_size=most, unique=True))
    return tuple(c for c in chosen if c)


@st.composite
def typed_applications(draw: st.DrawFn) -> Application:
    start = datetime(2026, 3, 2, 9, tzinfo=LONDON) + timedelta(
        days=draw(st.integers(0, 20)), hours=draw(st.integers(0, 8))
    )
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    people = tuple(
        Interviewer(
            name=name,
            greeting_name=draw(st.sampled_from(GREETINGS)),
            title=draw(st.sampled_from(["", "Head of Analytics", "Senior Modeller"])),
            email="person@example.com",
            phone="+44 20 7946 0000",
            preferred_channel=draw(st.sampled_from(CHANNELS)),
            agreed_to_connect=draw(st.booleans()),
            topics=_some(draw, TOPICS, 2),
            interests=_some(draw, TOPICS, 2),
            role=draw(st.sampled_from(list(InterviewerRole))),
            share_title=draw(st.sampled_from(SHARES)),
            share_link=draw(st.sampled_from(["", "https://example.org/piece"])),
        )
        for name in names
    )
    concerns = tuple(
        Concern(text=text, answer=draw(st.sampled_from(ANSWERS)), raised_by=(names[0],))
        for text in _some(draw, CONCERNS, 1)
    )
    slips = tuple(
        Slip(question=question, missing=missing, point=point, raised_by=(names[-1],))
        for question, missing, point in draw(st.lists(st.sampled_from(SLIP_PARTS), max_size=1))
    )
    decision = draw(st.one_of(st.none(), st.integers(1, 14)))
    rnd = Round(
        number=1,
        start=start,
        end=start + timedelta(hours=1),
        interviewers=people,
        decision_expected=None if decision is None else start.date() + timedelta(decision),
        qualifications=_some(draw, QUALIFICATIONS, 3),
        culture_fit=draw(st.sampled_from(CULTURE)),
        concerns=concerns,
        slips=slips,
        mishaps=_some(draw, MISHAPS, 1),
        topics=_some(draw, TOPICS, 1),
    )
    events = ()
    outcome = draw(st.sampled_from(OUTCOMES))
    if outcome is not None:
        events = (Event(kind=outcome, at=start + timedelta(days=draw(st.integers(2, 20)))),)
    return Application(
        company=draw(st.sampled_from(COMPANIES)),
        role=draw(st.sampled_from(ROLES)),
        candidate=candidate(linkedin_premium=draw(st.booleans())),
        rounds=(rnd,),
        events=events,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed_applications())
def test_every_generated_draft_passes_its_own_checks(app: Application) -> None:
    problems = [
        problem
        for now in _moments(app)
        for draft in draft_plan(build_plan(app, now=now))
        for problem in _errors(draft, app)
    ]
    assert problems == []
