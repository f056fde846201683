"""The sample caseload: every stage a coach meets, still fresh whenever the demo is opened."""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from followup_kit.core import Application, Stage, build_plan, pipeline
from followup_kit.errors import InvalidInputError
from followup_kit.store import Workbook, create_demo_workbook, sample_applications
from followup_kit.store.sample import SAMPLE_CASELOAD, weeks_to_shift

ANCHOR = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)

# company -> the stage it is written to show at the anchor
STAGES = {
    "Harbour Lights Theatre": Stage.WAITING,
    "Greenway Energy": Stage.REJECTED,
    "Lumen Health": Stage.CHASING,
    "Northwind Logistics": Stage.NEXT_ROUND,
    "Bramble & Finch Publishing": Stage.ON_HOLD,
    "Cityline Transport": Stage.THANKING,
    "Prairie State Credit Union": Stage.OFFER,
    "Kestrel Robotics": Stage.NO_ANSWER,
}


def _times(app: Application) -> list[datetime | date]:
    out: list[datetime | date] = []
    for rnd in app.rounds:
        out += [rnd.start, rnd.end]
        out += [rnd.decision_expected] if rnd.decision_expected else []
    for event in app.events:
        out += [event.at]
        out += [event.decision_expected] if event.decision_expected else []
    return out


def test_the_file_records_its_anchor_and_is_where_the_docs_say() -> None:
    packaged = Path(__file__).resolve().parent.parent / "followup_kit" / "data"
    assert Path(str(SAMPLE_CASELOAD)) == packaged / "sample_caseload.json"
    document = json.loads(SAMPLE_CASELOAD.read_text(encoding="utf-8"))
    assert datetime.fromisoformat(document["anchor"]) == ANCHOR


def test_the_caseload_is_small_varied_and_fictional() -> None:
    sample = sample_applications()
    clients = {name for name, _ in sample}
    assert 4 <= len(clients) <= 5
    assert len(sample) == 8
    assert any(not name.isascii() for name in clients)
    assert any("'" in name for name in clients)
    emails = [
        person.email
        for _, app in sample
        for rnd in app.rounds
        for person in rnd.interviewers
        if person.email
    ]
    assert emails
    assert all(re.fullmatch(r"[a-z.\-]+@example\.(com|org)", str(e)) for e in emails)
    for _, app in sample:
        assert app.candidate.name in clients
        assert all(rnd.qualifications for rnd in app.rounds)
        assert all(person.topics for rnd in app.rounds for person in rnd.interviewers)


def test_one_application_gives_no_decision_date() -> None:
    undated = [
        app
        for _, app in sample_applications()
        if all(r.decision_expected is None and not r.next_steps_asked for r in app.rounds)
    ]
    assert [app.company for app in undated] == ["Cityline Transport"]
    assert build_plan(undated[0], now=ANCHOR).decision_dates[0].assumed


def test_every_stage_comes_out_as_written_at_the_anchor() -> None:
    sample = sample_applications()
    stages = {app.company: build_plan(app, now=ANCHOR).stage for _, app in sample}
    assert stages == STAGES
    frame = pipeline([app for _, app in sample], ANCHOR)
    assert frame.attrs["problems"] == []
    assert dict(zip(frame["company"], frame["stage"], strict=True)) == {
        company: stage.value for company, stage in STAGES.items()
    }


def test_the_overdue_follow_up_is_overdue_and_the_fresh_interview_is_due_today() -> None:
    plans = {app.company: build_plan(app, now=ANCHOR) for _, app in sample_applications()}
    frame = pipeline([app for _, app in sample_applications()], ANCHOR)
    # Kestrel's "keep searching" is standing guidance that never nags (issue 13); after
    # Prairie's offer the close-out note and the agreed LinkedIn request are still owed.
    assert sorted(frame.loc[frame["overdue"] > 0, "company"]) == [
        "Lumen Health",
        "Prairie State Credit Union",
    ]
    overdue = [a.kind.value for a in plans["Lumen Health"].open_actions if a.status == "overdue"]
    assert "status_check" in overdue
    today = {a.kind.value for a in plans["Cityline Transport"].to_do_today()}
    assert {"thank_you", "ask_next_steps"} <= today


def test_without_now_nothing_moves() -> None:
    assert sample_applications() == sample_applications(ANCHOR)
    assert sample_applications() == sample_applications(ANCHOR + timedelta(days=6, hours=23))


@pytest.mark.parametrize(
    ("now", "weeks"),
    [
        (ANCHOR, 0),
        (ANCHOR + timedelta(days=7), 1),
        (ANCHOR + timedelta(days=7) - timedelta(seconds=1), 0),
        (ANCHOR - timedelta(seconds=1), -1),
        (datetime(2027, 1, 4, 8, 0, tzinfo=timezone.utc), 42),
    ],
)
def test_the_shift_is_whole_weeks_and_keeps_the_anchor_in_the_past(
    now: datetime, weeks: int
) -> None:
    assert weeks_to_shift(ANCHOR, now) == weeks
    shifted = ANCHOR + timedelta(weeks=weeks)
    assert shifted <= now < shifted + timedelta(days=7)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="has no time zone"):
        sample_applications(datetime(2026, 6, 1, 9, 0))


def test_shifting_keeps_weekdays_and_wall_clock_times() -> None:
    now = datetime(2026, 9, 16, 12, 0, tzinfo=timezone.utc)  # 27 weeks on, after the clocks change
    weeks = weeks_to_shift(ANCHOR, now)
    assert weeks == 27
    for (_, before), (_, after) in zip(
        sample_applications(), sample_applications(now), strict=True
    ):
        zone = before.candidate.zone
        for old, new in zip(_times(before), _times(after), strict=True):
            if isinstance(old, datetime):
                assert isinstance(new, datetime)
                old_local, new_local = old.astimezone(zone), new.astimezone(zone)
                assert new_local.date() - old_local.date() == timedelta(weeks=weeks)
                assert new_local.time() == old_local.time()
            else:
                assert new - old == timedelta(weeks=weeks)


def test_at_any_moment_the_demo_plans_cleanly_and_is_never_all_overdue() -> None:
    rng = random.Random(7)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for _ in range(25):
        now = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 6))
        apps = [app for _, app in sample_applications(now)]
        frame = pipeline(apps, now)
        assert frame.attrs["problems"] == [], now  # nothing recorded after now
        # Later in the week some of the anchor's "due today" items have slipped, as they would.
        assert (frame["overdue"] == 0).sum() >= 3, now
        assert set(frame["stage"]) >= {"waiting", "on_hold", "rejected", "offer"}, now


@pytest.mark.parametrize("weeks", [-30, 1, 5, 26, 52])
def test_exactly_shifted_nows_give_the_same_stages(weeks: int) -> None:
    now = ANCHOR + timedelta(weeks=weeks)
    stages = {app.company: build_plan(app, now=now).stage for _, app in sample_applications(now)}
    assert stages == STAGES


def test_the_demo_workbook_holds_the_shifted_caseload(tmp_path: Path) -> None:
    now = ANCHOR + timedelta(weeks=3, days=1)
    with create_demo_workbook(tmp_path / "demo.sqlite", now=now) as wb:
        records = wb.applications()
        assert len(wb.clients()) == 5
        stored = {r.application.company: r.application for r in records}
        assert stored == {app.company: app for _, app in sample_applications(now)}
        assert {c: build_plan(a, now=now).stage for c, a in stored.items()} == STAGES


def test_the_demo_follows_the_kit_clock_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = ANCHOR + timedelta(weeks=2)
    monkeypatch.setenv("FOLLOWUP_KIT_NOW", later.isoformat())
    with create_demo_workbook(tmp_path / "demo.sqlite") as wb:
        starts = sorted(r.application.rounds[0].start for r in wb.applications())
    expected = sorted(app.rounds[0].start for _, app in sample_applications(later))
    assert starts == expected
    assert starts != sorted(app.rounds[0].start for _, app in sample_applications())


def test_the_demo_never_mixes_with_a_real_caseload(tmp_path: Path) -> None:
    path = tmp_path / "real.sqlite"
    with Workbook.open(path) as wb:
        wb.add_client("A Real Client")
    before = path.read_bytes()
    with pytest.raises(InvalidInputError, match="already holds 1 client"):
        create_demo_workbook(path, now=ANCHOR)
    with Workbook.open(path) as wb:
        assert [c.name for c in wb.clients()] == ["A Real Client"]
        assert wb.applications() == []
    assert len(path.read_bytes()) == len(before)
