"""Issue 16's faults, each as a test that failed before the fix: one broken application never
hides the caseload, names of any script draw and export, an export replaces its folder's set in
one step, and the properties over every name the model accepts and every date in its bounds."""

from __future__ import annotations

import csv
import email
import email.utils
import html
import importlib
import io
import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.policy import compat32
from email.policy import default as email_default
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup_kit.cli.main import main
from followup_kit.core import Application, build_plan
from followup_kit.core.agenda import agenda, pipeline
from followup_kit.core.models import FIRST_YEAR, LAST_YEAR, Interviewer
from followup_kit.errors import InvalidInputError
from followup_kit.render.charts import chart_bytes, timeline_figure
from followup_kit.render.drafts import draft_plan
from followup_kit.render.export import export_plan, plan_files
from followup_kit.render.export.csv_table import to_csv
from followup_kit.render.export.eml import to_eml
from followup_kit.render.export.html_page import to_html
from followup_kit.render.export.ics import to_ics
from followup_kit.store import Workbook, create_demo_workbook
from followup_kit.store.schema import document_checksum
from tests.scenarios import ana, application, at, bo, candidate, round_

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
save_module = importlib.import_module("followup_kit.render.export.save")


def _with_names(interviewer: str, client: str = "Sam Okafor") -> Application:
    app = application()
    first = app.rounds[0]
    people = [ana(name=interviewer), bo()]
    return app.with_changes(
        candidate=candidate(name=client).model_dump(),
        rounds=[first.with_changes(interviewers=[p.model_dump() for p in people]).model_dump()],
    )


# -- point 3: one application never takes the caseload down -----------------------------------
def _far_future() -> Application:
    """An application as an older kit could store it: decided in 9999 (the model now refuses
    it, so it is built without validation, as the workbook's fast loader does)."""
    good = application()
    rnd = good.rounds[0].model_copy(update={"decision_expected": date(9999, 12, 31)})
    return good.model_copy(update={"rounds": (rnd,), "company": "Far Future Ltd"})


def test_agenda_and_pipeline_list_a_broken_application_as_a_problem_and_keep_the_rest() -> None:
    apps = {"1": application(), "2": _far_future()}
    frame = agenda(apps, NOW, days=7)
    assert set(frame["application"]) == {"1"}
    assert len(frame) > 0
    [problem] = frame.attrs["problems"]
    assert "Far Future Ltd" in problem
    assert "dates" in problem
    rows = pipeline(apps, NOW)
    assert list(rows["application"]) == ["1"]
    assert "Far Future Ltd" in rows.attrs["problems"][0]


def _edit_first_application(path: Path, *, keep_checksum: bool) -> str:
    """Move the first stored application to 9999 behind the kit's back; its client's name.
    keep_checksum: as an older kit could have stored it (the store reads it, the plan fails);
    else as a damaged file (the store refuses it and lists it in `damaged()`)."""
    conn = sqlite3.connect(path)
    app_id, version, document = conn.execute(
        "SELECT a.id, a.version, h.document FROM applications a JOIN history h "
        "ON h.application_id = a.id AND h.version = a.version ORDER BY a.id LIMIT 1"
    ).fetchone()
    body = json.loads(document)
    body["application"]["rounds"][0]["decision_expected"] = "9999-12-31"
    body["application"]["company"] = "Far Future Ltd"
    text = json.dumps(body)
    checksum = document_checksum(text) if keep_checksum else "0" * 64
    conn.execute(
        "UPDATE history SET document = ?, checksum = ? WHERE application_id = ? AND version = ?",
        (text, checksum, app_id, version),
    )
    conn.commit()
    conn.close()
    return str(body["application"]["candidate"]["name"])


@pytest.fixture
def broken_workbook(tmp_path: Path) -> Path:
    """The demo workbook with one stored application moved to 9999 (checksum kept): it loads
    but cannot be planned."""
    path = tmp_path / "workbook.sqlite"
    with create_demo_workbook(path, NOW):
        pass
    _edit_first_application(path, keep_checksum=True)
    return path


@pytest.fixture
def damaged_workbook(tmp_path: Path) -> tuple[Path, str]:
    """The demo workbook with one stored application changed without its checksum; and the
    name of its client."""
    path = tmp_path / "workbook.sqlite"
    with create_demo_workbook(path, NOW):
        pass
    return path, _edit_first_application(path, keep_checksum=False)


def test_the_agenda_command_prints_the_others_and_names_the_broken_one(
    broken_workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["agenda", "--workbook", str(broken_workbook), "--now", NOW.isoformat()])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    assert "Could not plan" in out
    assert "Far Future Ltd" in out
    with Workbook.open(broken_workbook) as book:
        others = {r.application.candidate.name for r in book.applications()}
    assert sum(name in out for name in others) >= 2  # the other clients are all there


def test_the_dashboard_shows_the_others_and_names_the_broken_one(broken_workbook: Path) -> None:
    from followup_kit.ui import Session
    from followup_kit.ui.dashboard import CoachDashboard

    with Workbook.open(broken_workbook, clock=lambda: NOW) as book:
        session = Session(book, clock=lambda: NOW)
        dashboard = CoachDashboard(session)
        dashboard.refresh()
        total = len(book.applications())
    assert len(dashboard.pipeline_frame) == total - 1
    assert len(dashboard.application.options) == total - 1
    assert "Far Future Ltd" in dashboard.message.value


def test_the_agenda_command_names_a_damaged_record_and_prints_the_others(
    damaged_workbook: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, client = damaged_workbook
    code = main(["agenda", "--workbook", str(path), "--now", NOW.isoformat()])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    problems = out.split("Could not plan")[1]  # the heading is there, the record below it
    assert client in problems
    assert "checksum" in " ".join(problems.split())
    with Workbook.open(path) as book:
        others = {r.application.candidate.name for r in book.applications()} - {client}
    assert sum(name in out for name in others) >= 2  # the other clients are all there


def test_the_dashboard_names_a_damaged_record_and_shows_the_others(
    damaged_workbook: tuple[Path, str],
) -> None:
    from followup_kit.ui import Session
    from followup_kit.ui.dashboard import CoachDashboard

    path, client = damaged_workbook
    with Workbook.open(path, clock=lambda: NOW) as book:
        session = Session(book, clock=lambda: NOW)
        dashboard = CoachDashboard(session)
        dashboard.refresh()
        shown = len(book.applications())
    assert shown > 1
    assert len(dashboard.pipeline_frame) == shown
    assert html.escape(client) in dashboard.message.value
    assert "checksum" in dashboard.message.value


# -- point 4: names in any script draw, and a chart failure costs only the chart -----------------
@pytest.mark.parametrize(
    "name",
    [
        "陈波",
        "김민준",
        "Ana 😀 Ruiz",
        "שלום עליכם",
        "محمد الأحمد",
        r"Ana $\undefinedmacro$ Ruiz",
        "Ana $5 Ruiz$",
        "A" * 160,
        "陈" * 150,
    ],
)
def test_a_name_the_old_chart_could_not_draw_exports_every_file(name: str, tmp_path: Path) -> None:
    result = export_plan(_with_names(name, client=name), tmp_path / "out", now=NOW)
    names = {p.name for p in result.paths}
    assert any(n.endswith("-timeline.png") for n in names)
    assert result.missing == ()
    assert {Path(n).suffix for n in names} >= {".md", ".html", ".ics", ".csv", ".png", ".eml"}


def test_cjk_names_are_drawn_from_a_fallback_font_not_as_boxes() -> None:
    from followup_kit.render.charts.style import font_families, text_width

    if len(font_families()) == 1:
        pytest.skip("fonts-noto-cjk is not installed (see README): CJK draws as boxes")
    # The fallback font's ideographs are wider than the box DejaVu would draw instead.
    assert text_width("陈波", 9.0) != pytest.approx(2 * 9.0 * 0.8)
    png = chart_bytes(timeline_figure(build_plan(_with_names("陈波"), now=NOW)), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_export_whose_chart_fails_writes_every_other_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("No glyphs have been loaded.")

    monkeypatch.setattr(save_module, "chart_png", broken)
    result = export_plan(application(), tmp_path / "out", now=NOW)
    suffixes = {p.suffix for p in result.paths}
    assert suffixes == {".md", ".html", ".ics", ".csv", ".eml"}
    assert all(p.exists() for p in result.paths)
    assert result.missing
    assert "timeline chart" in result.missing[0]


# -- point 7 (export side): one step, no leftovers, no links followed ----------------------------
def test_an_export_cleans_what_interrupted_exports_left(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(5):
        (folder / f".sam-okafor_acme-analytics.html.abc{i}xyz9.tmp").write_text("old client data")
    (tmp_path / ".plans.export-k2j4x8").mkdir()
    (tmp_path / ".plans.export-k2j4x8" / "half.html").write_text("half")
    (tmp_path / ".plans.old-q9w8e7").mkdir()
    export_plan(application(), folder, now=NOW)
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]


def test_a_re_export_replaces_the_set_and_keeps_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    first = export_plan(application(), folder, now=NOW)
    (folder / "my notes.txt").write_text("mine")
    other = export_plan(_with_names("Ana Ruiz", client="Zoë Brown"), folder, now=NOW)
    # A later plan without the second thank-you email: its old .eml must not linger.
    later = application().with_changes(
        rounds=[
            application().rounds[0].with_changes(interviewers=[ana().model_dump()]).model_dump()
        ]
    )
    second = export_plan(later, folder, now=NOW + timedelta(days=1))
    present = {p.name for p in folder.iterdir()}
    assert present == (
        {p.name for p in second.paths} | {p.name for p in other.paths} | {"my notes.txt"}
    )
    assert {p.name for p in first.paths} - {p.name for p in second.paths} <= {
        p.name for p in first.paths
    }
    assert (folder / "my notes.txt").read_text() == "mine"


def test_an_export_stopped_between_two_renames_gets_its_previous_set_back(tmp_path: Path) -> None:
    # Where the system cannot exchange two names at once, a swap is two renames; a crash
    # between them leaves the previous set in '.plans.old-…', which the next export restores.
    folder = tmp_path / "plans"
    export_plan(application(), folder, now=NOW)
    (folder / "my notes.txt").write_text("mine")
    folder.rename(tmp_path / ".plans.old-abcd1234")
    export_plan(application(), folder, now=NOW)
    assert (folder / "my notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]


def test_a_folder_with_sub_folders_is_replaced_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    (folder / "archive").mkdir(parents=True)
    (folder / "archive" / "old.html").write_text("kept")
    first = export_plan(application(), folder, now=NOW)
    later = application().with_changes(
        rounds=[
            application().rounds[0].with_changes(interviewers=[ana().model_dump()]).model_dump()
        ]
    )
    second = export_plan(later, folder, now=NOW + timedelta(days=1))
    present = {p.name for p in folder.iterdir()}
    assert present == {p.name for p in second.paths} | {"archive"}
    assert {p.name for p in first.paths} - present  # the stale emails went
    assert (folder / "archive" / "old.html").read_text() == "kept"


def test_an_export_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "plans"
    folder.mkdir()
    stem = "sam-okafor_acme-analytics"
    for name in (f"{stem}.html", f"{stem}.csv", f"{stem}-timeline.png"):
        (folder / name).symlink_to(victim)
    export_plan(application(), folder, now=NOW)
    assert victim.read_text() == "precious"
    assert not any(p.is_symlink() for p in folder.iterdir())


def test_an_export_into_a_file_says_so_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plans"
    target.write_text("not a folder")
    with pytest.raises(NotADirectoryError):
        export_plan(application(), target, now=NOW)
    assert target.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans"]


# -- point 2: e-mail headers --------------------------------------------------------------------
_RECIPIENT = "ana.ruiz@acme.example"
# Independent of both parsers: an unfolded To header is plain words or encoded-words, then
# exactly one angle address; nothing a parser could take for a second recipient.
_ONE_RECIPIENT = re.compile(
    r"^(?:[A-Za-z0-9' -]+|=\?utf-8\?b\?[A-Za-z0-9+/=]+\?=(?: =\?utf-8\?b\?[A-Za-z0-9+/=]+\?=)*)?"
    r" ?<([!-;=?-~]+@[A-Za-z0-9.-]+)>$"
)


def _email_draft(name: str) -> Any:
    plan = build_plan(_with_names(name), now=NOW)
    drafts = [d for d in draft_plan(plan) if d.channel.value == "email" and d.recipient.address]
    return next(d for d in drafts if d.recipient.address == _RECIPIENT)


def _check_one_recipient(raw: bytes, name: str) -> None:
    header_block = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n(?=[ \t])", "", header_block)
    to_lines = [line for line in unfolded.split("\r\n") if line.lower().startswith("to:")]
    assert len(to_lines) == 1
    match = _ONE_RECIPIENT.match(to_lines[0][3:].strip())
    assert match is not None, to_lines[0]
    assert match.group(1) == _RECIPIENT, to_lines[0]
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    modern = email.message_from_bytes(raw, policy=email_default)
    addresses = modern["To"].addresses
    assert [a.addr_spec for a in addresses] == [_RECIPIENT]
    old = email.message_from_bytes(raw, policy=compat32)
    pairs = email.utils.getaddresses(old.get_all("To"))
    assert [address for _, address in pairs] == [_RECIPIENT]
    decoded = str(make_header(decode_header(pairs[0][0])))
    assert decoded == name  # RFC 2047 decoding gives the name back exactly
    if len(name.encode("utf-8")) <= 700:  # one encoded-word: Python reads it back too
        assert " ".join(addresses[0].display_name.split()) == " ".join(name.split())


@pytest.mark.parametrize(
    "name",
    [
        "Ana Ruiz, Head of Analytics and Data Platforms at Acme Analytics Ltd, Eve <eve@evil.test>",
        "Ruiz, Ana; Head of Analytics; London office",
        'Ana "the boss" Ruiz',
        "Ana Ruiz (Acme) <ana@acme.example>, bo@evil.test",
        "=?utf-8?q?Eve?= <eve@evil.test>",
        "Ana\\ Ruiz",
        "陈波, 李娜",
        "A" * 200,
        "😀" * 200,
    ],
)
def test_a_display_name_never_adds_a_recipient(name: str) -> None:
    _check_one_recipient(to_eml(_email_draft(name)), name)


def test_a_subject_is_never_folded_with_a_leading_space_and_bodies_lose_nul() -> None:
    from dataclasses import replace

    draft = replace(
        _email_draft("Ana Ruiz"),
        subject="  " + "Thank you for the conversation about the analytics platform " * 3,
        body="Dear Ana,\x00\n\nThanks\x07.\u2028Sam",
    )
    raw = to_eml(draft)
    message = email.message_from_bytes(raw, policy=email_default)
    assert str(message["Subject"]) == " ".join(draft.subject.split())
    assert "\x00" not in message.get_content()
    assert "\x07" not in message.get_content()
    subject = re.search(rb"\r\nSubject:(.*?)\r\n(?! )", raw, re.S)
    assert subject is not None
    assert not subject.group(1).startswith(b"  ")


# -- properties over every name the model accepts, every date in the bounds ----------------------
_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda s: s.strip())


def _accepted(name: str) -> str:
    try:
        return Interviewer(name=name).name
    except ValueError:
        assume(False)
        raise


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_names)
def test_any_accepted_name_round_trips_through_the_eml_headers(raw_name: str) -> None:
    name = _accepted(raw_name)
    assume(name.casefold().split() != ["bo", "chen"])
    _check_one_recipient(to_eml(_email_draft(name)), name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_names)
def test_any_accepted_name_renders_in_html_csv_and_calendar(raw_name: str) -> None:
    name = _accepted(raw_name)
    assume(name.casefold().split() != ["bo", "chen"])
    plan = build_plan(_with_names(name, client=name), now=NOW)
    html = to_html(plan, chart=False)
    assert "<script" not in html.lower().replace("&lt;script", "")
    rows = list(csv.reader(io.StringIO(to_csv(plan, bom=False))))
    assert any(name in cell for row in rows for cell in row)
    calendar = icalendar.Calendar.from_ical(to_ics(plan))
    assert len(list(calendar.walk("VEVENT"))) > 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_names)
def test_any_accepted_name_draws_in_the_chart_and_exports(raw_name: str) -> None:
    name = _accepted(raw_name)
    assume(name.casefold().split() != ["bo", "chen"])
    files = plan_files(build_plan(_with_names(name, client=name), now=NOW))
    assert any(key.endswith("-timeline.png") for key in files)


_days = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 1))


@settings(max_examples=60, deadline=None)
@given(_days, st.integers(min_value=0, max_value=60), st.integers(min_value=-30, max_value=120))
def test_any_dates_inside_the_bounds_plan_without_error(
    day: date, decision_after: int, now_after: int
) -> None:
    start = at(day, 10)
    decision = min(day + timedelta(days=decision_after), date(LAST_YEAR, 12, 31))
    app = application(rounds=(round_(day=day.isoformat(), decision_expected=decision),))
    now = start + timedelta(days=now_after)
    plan = build_plan(app, now=now)
    assert plan.actions
    frame = agenda({"1": app}, now, days=3660)
    assert frame.attrs["problems"] == []


def test_dates_just_outside_the_bounds_are_refused_at_the_field() -> None:
    for day in ("1989-12-31", "2101-01-01"):
        document = application().model_dump(mode="json")
        document["rounds"][0]["decision_expected"] = day
        with pytest.raises(InvalidInputError) as caught:
            Application.parse(document)
        [problem] = caught.value.problems
        assert problem.location == "rounds[0].decision_expected"
        assert f"between {FIRST_YEAR} and {LAST_YEAR}" in problem.message
