"""The coach's agenda and pipeline across many applications."""

from __future__ import annotations

from datetime import date

import pandas as pd

from followup_kit.core import Stage, agenda, pipeline
from followup_kit.core.agenda import AGENDA_COLUMNS, BUCKETS
from tests.scenarios import application, at, candidate, done, event, round_


def caseload() -> dict[str, object]:
    return {
        "fresh": application(),  # interview 3 Mar: thank-yous overdue by 9 Mar
        "waiting": application(
            candidate=candidate(name="Zoë O'Brien"),
            rounds=(round_(day="2026-03-05", decision_expected=date(2026, 3, 6)),),
            thanked=True,
        ),
        "rejected": application(
            company="Globex",
            events=(event("rejected", at("2026-03-06", 9)),),
        ),
        "offer": application(company="Initech", events=(event("offer", at("2026-03-06", 9)),)),
    }


def test_agenda_buckets_overdue_today_and_this_week_sorted() -> None:
    now = at("2026-03-09", 8)
    frame = agenda(caseload(), now, days=7)
    assert tuple(frame.columns) == AGENDA_COLUMNS
    assert list(frame["bucket"].cat.categories) == list(BUCKETS)
    order = [BUCKETS.index(b) for b in frame["bucket"]]
    assert order == sorted(order)
    for bucket in BUCKETS:
        dues = list(frame.loc[frame["bucket"] == bucket, "due"])
        assert dues == sorted(dues)
    overdue = frame[frame["bucket"] == "overdue"]
    assert set(overdue["application"]) >= {"fresh"}
    assert set(frame["application"]) <= {"fresh", "waiting", "rejected", "offer"}
    # After an offer nothing chases any more; what still matters stays (issue 13): the
    # unsent thank-yous to the future colleagues, the agreed LinkedIn request, the close-out.
    offer_kinds = set(frame.loc[frame["application"] == "offer", "kind"])
    assert offer_kinds <= {
        "thank_you",
        "linkedin_request",
        "linkedin_ask_first",
        "profile_check",
        "offer_close_out",
    }
    assert "offer_close_out" in offer_kinds
    # Optional steps never sit in the overdue bucket.
    assert not set(overdue["kind"]) & {"linkedin_ask_first", "profile_check", "keep_searching"}
    week = frame[frame["bucket"] == "this week"]
    # Waiting: decision Fri 6 Mar -> first check Wed 11 Mar, inside the week.
    assert any(
        (row.application, row.kind) == ("waiting", "status_check") for row in week.itertuples()
    )
    today = frame[frame["bucket"] == "today"]
    assert all(d.date() == date(2026, 3, 9) for d in today["due"])


def test_agenda_horizon_excludes_later_actions() -> None:
    now = at("2026-03-09", 8)
    short = agenda(caseload(), now, days=1)
    long = agenda(caseload(), now, days=30)
    assert len(short) < len(long)
    assert all(d <= now.replace(day=10) for d in short["due"])


def test_agenda_reports_applications_it_cannot_plan() -> None:
    broken = application(events=(done("thank_you", at("2026-03-20", 9), "Ana Ruiz"),))
    frame = agenda({"broken": broken, **caseload()}, at("2026-03-09", 8))
    assert len(frame.attrs["problems"]) == 1
    assert "after now" in frame.attrs["problems"][0]
    assert "broken" not in set(frame["application"])


def test_pipeline_has_one_row_per_application_most_urgent_first() -> None:
    frame = pipeline(caseload(), at("2026-03-09", 8))
    assert len(frame) == 4
    stages = dict(zip(frame["application"], frame["stage"], strict=True))
    assert stages == {
        "fresh": Stage.THANKING.value,
        "waiting": Stage.WAITING.value,
        "rejected": Stage.REJECTED.value,
        "offer": Stage.OFFER.value,
    }
    assert frame.iloc[0]["application"] == "fresh"  # most overdue first
    offer = frame[frame["application"] == "offer"].iloc[0]
    assert offer["next_action"] in ("thank_you", "linkedin_request", "offer_close_out")
    assert not pd.isna(offer["next_action"])
