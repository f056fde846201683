"""check_inputs and the message checks reach the candidate: the form, the CLI and the
drafts view (issues 12.1 and 16.5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from followup_kit.cli.main import main
from followup_kit.core import Application, dump_application
from followup_kit.store import Workbook
from followup_kit.ui.session import Session
from followup_kit.ui.workspace import Workspace
from tests.scenarios import LONDON, ana, application, round_

NOW = datetime(2026, 3, 3, 15, tzinfo=LONDON)
NOW_ISO = "2026-03-03T15:00:00+00:00"


def _no_topics() -> Application:
    return application(rounds=(round_(interviewers=(ana(topics=()),)),))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workbook.open(tmp_path / "workbook.sqlite", clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, _no_topics())
        book.save_application(client.id, application(company="Northwind Health"))
        session = Session(book, clock=lambda: NOW)
        session.open(book.applications()[0].id)
        yield Workspace(session)


def test_plan_prints_what_to_add(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(dump_application(_no_topics()), encoding="utf-8")
    assert main(["plan", str(path), "--now", NOW_ISO]) == 0
    out = capsys.readouterr().out
    assert "Worth adding before you draft" in out
    assert "Note one thing you talked about with Ana Ruiz" in out


def test_export_prints_what_to_add(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(dump_application(_no_topics()), encoding="utf-8")
    code = main(["export", str(path), "--out", str(tmp_path / "out"), "--now", NOW_ISO])
    assert code == 0
    out = capsys.readouterr().out
    assert "Wrote" in out
    assert "Note one thing you talked about with Ana Ruiz" in out


def test_a_complete_application_prints_no_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "app.json"
    path.write_text(dump_application(application()), encoding="utf-8")
    assert main(["plan", str(path), "--now", NOW_ISO]) == 0
    out = capsys.readouterr().out
    assert "  ! " not in out  # suggestions may remain, nothing that matters


def test_the_form_shows_input_tips_by_field_after_a_save(workspace: Workspace) -> None:
    form = workspace.form
    assert form.submit() is not None
    assert "Interviewer 1, what you talked about" in form.input_tips.value
    assert form.problems() == {}  # tips never count as problems and never block a save
    form.interviewer_rows[0].topics.widget.value = "her team's move to dbt"
    assert form.submit() is not None
    assert "what you talked about" not in form.input_tips.value


def test_the_drafts_view_knows_the_clients_other_companies(workspace: Workspace) -> None:
    drafts = workspace.drafts
    assert drafts.other_companies == ("Northwind Health",)
    key, editor = next(iter(drafts.editors.items()))
    body = editor.draft.body.replace("Acme Analytics", "Northwind Health")
    if body == editor.draft.body:
        body += "\nI would love to join Northwind Health."
    editor.text.value = body  # no running kernel loop: the debounced check runs at once
    assert "company" in {f.check for f in drafts.editors[key].draft.errors}
