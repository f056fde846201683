"""Bad input is refused with a ValueError that names the field, the value and what is expected."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_kit.core import Application, Candidate, Event, Interviewer, Round, localize
from followup_kit.core.serialization import (
    FORMAT_VERSION,
    dump_application,
    load_application,
)
from followup_kit.errors import InvalidInputError
from tests.scenarios import LONDON, ana, application, at, bo, done, event, round_


def problems_of(model: type[Any], data: dict[str, Any]) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        model.parse(data)
    assert isinstance(info.value, ValueError)
    return info.value


def round_data(**changes: Any) -> dict[str, Any]:
    return {**round_().model_dump(), **changes}


@pytest.mark.parametrize(
    ("model", "data", "location", "words"),
    [
        (
            Round,
            round_data(end=at("2026-03-03", 9)),
            "",
            ["end 2026-03-03T09:00:00+00:00", "start 2026-03-03T10:00", "expected"],
        ),
        (
            Round,
            round_data(decision_expected=date(2026, 3, 1)),
            "",
            ["decision_expected 2026-03-01", "before the interview on 2026-03-03", "on or after"],
        ),
        (
            Round,
            round_data(interviewers=[ana().model_dump(), ana(title="CEO").model_dump()]),
            "",
            ["'Ana Ruiz' appears twice in round 1", "expected each interviewer once"],
        ),
        (
            Round,
            round_data(interviewers=[{"name": "   "}]),
            "interviewers[0].name",
            ["is empty", "expected at least one visible character"],
        ),
        (
            Interviewer,
            {"name": "Ana", "email": "ana@"},
            "email",
            ["'ana@'", "not a valid email address"],
        ),
        (
            Interviewer,
            {"name": "Ana", "preferred_channel": "pigeon"},
            "preferred_channel",
            ["'pigeon'", "'email', 'phone', 'post', 'linkedin'"],
        ),
        (
            Interviewer,
            {"name": "Ana", "preferred_channel": "in_person"},
            "preferred_channel",
            ["in_person", "expected email, phone, post or linkedin"],
        ),
        (
            Interviewer,
            {"name": "Ana\nBcc: x@evil.example"},
            "name",
            ["line breaks", "expected plain text"],
        ),
        (
            Round,
            round_data(start=datetime(2026, 3, 3, 10), end=datetime(2026, 3, 3, 11)),
            ("start", "end"),
            ["2026-03-03T10:00:00 has no time zone", "localize(time, candidate.time_zone)"],
        ),
        (
            Candidate,
            {"name": "Sam", "time_zone": "Mars/Olympus"},
            "time_zone",
            ["'Mars/Olympus' is unknown", "'Europe/London'"],
        ),
        (
            Candidate,
            {"name": "Sam", "country": "XX"},
            "country",
            ["'XX'", "two-letter ISO code"],
        ),
    ],
)
def test_bad_input_names_field_value_and_expectation(
    model: type[Any], data: dict[str, Any], location: str | tuple[str, ...], words: list[str]
) -> None:
    error = problems_of(model, data)
    assert error.locations == (location if isinstance(location, tuple) else (location,))
    for word in words:
        assert word in str(error)


def test_plain_construction_raises_a_value_error_too() -> None:
    with pytest.raises(ValueError, match="decision_expected 2026-03-01 is before the interview"):
        round_(decision_expected=date(2026, 3, 1))


@pytest.mark.parametrize(
    ("events", "location", "words"),
    [
        (
            [done("thank_you", at("2026-03-02", 9), "Ana Ruiz")],
            "events[0].at",
            ["before the interview", "expected a time after the interview started"],
        ),
        (
            [done("thank_you", at("2026-03-03", 14), "Carla Gómez")],
            "events[0].interviewer",
            ["'Carla Gómez' is not an interviewer of this application", "Ana Ruiz, Bo Chen"],
        ),
        (
            [event("heard_back", at("2026-03-04", 9), round=3)],
            "events[0].round",
            ["3 is not a round of this application", "expected one of 1"],
        ),
    ],
)
def test_bad_events_are_refused_with_their_location(
    events: list[Event], location: str, words: list[str]
) -> None:
    data = application().model_dump()
    data["events"] = [e.model_dump() for e in events]
    error = problems_of(Application, data)
    assert str(error).startswith(location)
    for word in words:
        assert word in str(error)


def test_a_done_event_must_say_what_was_done_and_for_whom() -> None:
    with pytest.raises(ValueError, match="needs `action`"):
        Event(kind="done", at=at("2026-03-03", 14))
    with pytest.raises(ValueError, match="needs `interviewer`"):
        Event(kind="done", action="thank_you", at=at("2026-03-03", 14))


def test_nested_locations_are_dotted_paths() -> None:
    data = application(rounds=(round_(), round_(number=2, day="2026-03-17"))).model_dump()
    data["rounds"][1]["interviewers"][0]["email"] = "not-an-email"
    error = problems_of(Application, data)
    assert error.locations == ("rounds[1].interviewers[0].email",)
    assert error.for_location("rounds[1]") == list(error.problems)


def test_giving_a_decision_date_means_next_steps_were_asked() -> None:
    assert round_().next_steps_asked
    assert not round_(decision_expected=None).next_steps_asked


def test_localize_attaches_the_zone_explicitly() -> None:
    when = localize(datetime(2026, 3, 3, 10), "Europe/London")
    assert when.tzinfo is not None
    assert when.utcoffset() == timedelta(0)
    with pytest.raises(ValueError, match="already has a time zone"):
        localize(when, "Europe/London")


def test_with_changes_validates() -> None:
    person = bo()
    assert person.with_changes(title="Lead").title == "Lead"
    with pytest.raises(InvalidInputError, match="email"):
        person.with_changes(email="nope")


# -- the JSON format -------------------------------------------------------------------------
def test_json_round_trip_is_lossless_and_versioned() -> None:
    app = application(
        events=(
            done("thank_you", at("2026-03-03", 14), "Ana Ruiz"),
            event("heard_back", at("2026-03-05", 9), decision_expected=date(2026, 3, 12)),
        )
    )
    text = dump_application(app)
    document = json.loads(text)
    assert document["format"] == "followup_kit.application"
    assert document["version"] == FORMAT_VERSION
    again = load_application(text)
    assert again == app
    assert dump_application(again) == text


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
    topic=st.text(min_size=1, max_size=60).filter(lambda s: s.strip()),
    minutes=st.integers(1, 600),
)
def test_any_valid_application_round_trips(name: str, topic: str, minutes: int) -> None:
    start = datetime(2026, 3, 3, 10, tzinfo=LONDON)
    try:
        person = Interviewer(name=name, topics=(topic,))
    except ValueError:
        return  # names with control characters are refused by design (tested above)
    end = start + timedelta(minutes=minutes)
    app = application(rounds=(Round(number=1, start=start, end=end, interviewers=(person,)),))
    assert load_application(dump_application(app)) == app


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", ["not valid JSON", "line 1"]),
        ('{"format": "something.else", "version": 1}', ["format", "expected a followup_kit"]),
        (
            json.dumps({"format": "followup_kit.application", "version": 99, "application": {}}),
            ["version 99 is newer", "update followup_kit"],
        ),
        (
            json.dumps({"format": "followup_kit.application", "version": 1, "application": {}}),
            ["company", "role", "candidate"],
        ),
    ],
)
def test_bad_files_are_refused_clearly(text: str, words: list[str]) -> None:
    with pytest.raises(InvalidInputError) as info:
        load_application(text)
    for word in words:
        assert word in str(info.value)


def test_an_event_tied_to_a_round_must_name_one_of_its_interviewers() -> None:
    data = application().model_dump()
    data["events"] = [done("thank_you", at("2026-03-03", 14), "Carla Gómez", rnd=1).model_dump()]
    error = problems_of(Application, data)
    assert "'Carla Gómez' is not an interviewer of round 1" in str(error)


def test_cross_field_problems_are_located_at_their_field() -> None:
    data = application().model_dump()
    data["events"] = [done("thank_you", at("2026-03-03", 14), "Carla").model_dump()]
    error = problems_of(Application, data)
    assert error.locations == ("events[0].interviewer",)
    assert error.problems[0].message.startswith("'Carla' is not an interviewer")


def test_a_missing_field_says_so_plainly() -> None:
    data = application().model_dump()
    del data["company"]
    assert str(problems_of(Application, data)) == "company: is missing; fill it in"
