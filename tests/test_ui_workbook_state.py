"""Session state lives in the workbook: the open application, hand-edited drafts (kept through
an interviewer's rename; an edit whose step is gone is shown, never dropped), pending field
values across a reopen, idempotent creation, the bin, archive and the sample clients.
Headless widgets over a real workbook; no mocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from followup_kit.core import ActionKind
from followup_kit.store import Workbook
from followup_kit.ui import Session, Workspace
from tests.scenarios import application

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
EMAIL = "rounds[0].interviewers[0].email"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "workbook.sqlite"


@pytest.fixture
def workspace(path: Path) -> Iterator[Workspace]:
    with Workbook.open(path, clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, application())
        session = Session(book, clock=lambda: NOW)
        session.open()
        yield Workspace(session)


def reopened(path: Path) -> Iterator[Workspace]:
    with Workbook.open(path, clock=lambda: NOW) as book:
        yield Workspace(Session(book, clock=lambda: NOW))


def stored(ws: Workspace):
    return ws.session.workbook.application(ws.session.current.id)


def test_no_side_files_beside_the_workbook(workspace: Workspace, path: Path) -> None:
    drafts = workspace.drafts
    editor = next(iter(drafts.editors.values()))
    editor.text.value = "My own words, kept."
    workspace.form.company.widget.value = "Globex"
    beside = sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(path.name))
    assert beside == []  # no session.json, no draft-edits.json


def test_invalid_text_and_its_message_come_back_after_a_reopen(
    workspace: Workspace, path: Path
) -> None:
    form = workspace.form
    form.interviewer_rows[0].email.widget.value = "ana@"
    form.role.widget.value = "Staff Analyst"
    for again in reopened(path):
        form2 = again.form
        assert form2.role.widget.value == "Staff Analyst"
        assert form2.interviewer_rows[0].email.widget.value == "ana@"
        assert "not a valid email address" in form2.problems()["interviewer[0].email"]
        assert "fk-invalid" in form2.interviewer_rows[0].email.widget._dom_classes
        # fixing it in the reopened form saves it and forgets the pending text
        form2.interviewer_rows[0].email.widget.value = "ana@acme.example"
        assert again.session.pending_values(again.session.current.id) == {}
        assert stored(again).application.rounds[0].interviewers[0].email == "ana@acme.example"


def test_the_open_application_is_remembered_in_the_workbook(path: Path) -> None:
    with Workbook.open(path, clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, application())
        second = book.save_application(client.id, application().with_changes(company="Globex"))
        Session(book, clock=lambda: NOW).open(second.id)
    for again in reopened(path):
        assert again.session.current.id == second.id


def test_a_draft_edit_survives_renaming_the_interviewer(workspace: Workspace, path: Path) -> None:
    drafts, form = workspace.drafts, workspace.form
    plan = workspace.session.plan()
    ty = next(
        a for a in plan.actions if a.kind is ActionKind.THANK_YOU and a.recipient == "Ana Ruiz"
    )
    drafts.edit_draft(ty.id, "Dear Ana, thank you — my own words.")
    form.interviewer_rows[0].name.widget.value = "Ana Ruiz-Ortega"
    renamed = next(
        a
        for a in workspace.session.plan().actions
        if a.kind is ActionKind.THANK_YOU and a.recipient == "Ana Ruiz-Ortega"
    )
    assert workspace.session.draft_edits()[renamed.id] == "Dear Ana, thank you — my own words."
    assert drafts.editors[renamed.id].text.value == "Dear Ana, thank you — my own words."
    assert workspace.session.orphan_edits() == []
    for again in reopened(path):
        assert again.drafts.editors[renamed.id].text.value.endswith("my own words.")


def test_an_edit_for_a_step_no_longer_planned_is_shown_not_dropped(
    workspace: Workspace,
) -> None:
    drafts, form = workspace.drafts, workspace.form
    plan = workspace.session.plan()
    ty = next(
        a for a in plan.actions if a.kind is ActionKind.THANK_YOU and a.recipient == "Bo Chen"
    )
    drafts.edit_draft(ty.id, "Bo, thanks for the cycling tips.")
    form.remove_interviewer(form.interviewer_rows[1])
    assert "Bo Chen" not in {a.recipient for a in workspace.session.plan().actions}
    orphans = workspace.session.orphan_edits()
    assert [o.body for o in orphans] == ["Bo, thanks for the cycling tips."]
    assert "no longer planned" in drafts.text()
    assert "Bo, thanks for the cycling tips." in drafts.text()
    assert len(drafts.orphan_box.children) == 1
    # putting Bo back brings the edit back to his draft
    form.add_interviewer(name="Bo Chen", email="bo.chen@acme.example")
    assert workspace.session.orphan_edits() == []
    back = next(
        a
        for a in workspace.session.plan().actions
        if a.kind is ActionKind.THANK_YOU and a.recipient == "Bo Chen"
    )
    assert drafts.editors[back.id].text.value == "Bo, thanks for the cycling tips."


def test_a_double_click_on_start_a_new_application_creates_one(workspace: Workspace) -> None:
    start = workspace.start
    before = len(workspace.session.records())
    start.client.widget.value = "Zoë O'Brien"
    start.company.widget.value = "Globex"
    start.role.widget.value = "Analyst"
    start.create.click()
    start.create.click()
    records = workspace.session.records()
    assert len(records) == before + 1
    assert "Created application" in start.message.value
    start.role.widget.value = "Senior Analyst"  # a different request: a second application
    start.create.click()
    assert len(workspace.session.records()) == before + 2


def test_delete_to_the_bin_and_restore(workspace: Workspace) -> None:
    start = workspace.start
    panel = start.caseload
    opened = workspace.session.new_application("Zoë O'Brien", "Globex", "Analyst")
    panel.picker.value = opened.id
    panel.delete_application.click()
    assert opened.id not in {r.id for r in workspace.session.records()}
    assert "to the bin" in panel.message.value
    assert "Globex" not in start.text()
    assert any("Globex" in str(label) for label, _k in panel.bin_picker.options)
    assert workspace.session.current.id != opened.id  # another application is open now
    panel.bin_picker.value = f"application:{opened.id}"
    panel.restore.click()
    assert opened.id in {r.id for r in workspace.session.records()}
    assert "Globex" in start.text()


def test_archive_hides_from_the_agenda_and_unarchive_brings_back(workspace: Workspace) -> None:
    panel, dashboard = workspace.start.caseload, workspace.dashboard
    app_id = workspace.session.current.id
    assert len(dashboard.pipeline_frame) == 1
    panel.picker.value = app_id
    panel.archive_application.click()
    assert len(dashboard.pipeline_frame) == 0
    assert "(archived)" in str(panel.picker.options)
    assert panel.archive_application.description == "Unarchive application"
    panel.archive_application.click()
    assert len(dashboard.pipeline_frame) == 1


def test_remove_the_sample_clients_in_one_click(path: Path) -> None:
    with Workbook.open(path, clock=lambda: NOW) as book:
        session = Session(book, clock=lambda: NOW)
        assert session.ensure_content()
        mine = session.new_application("Priya Nair", "Initech", "Data Engineer")
        ws = Workspace(session)
        panel = ws.start.caseload
        assert panel.remove_samples.layout.display != "none"
        panel.remove_samples.click()
        assert [r.client_name for r in session.records()] == ["Priya Nair"]
        assert "sample client" in panel.message.value
        assert panel.remove_samples.layout.display == "none"
        assert session.current.id == mine.id
        assert not session.ensure_content()  # removed samples stay removed


def test_back_up_and_restore_from_the_start_panel(workspace: Workspace, path: Path) -> None:
    panel = workspace.start.backup
    made = panel.back_up()
    assert made.exists()
    assert made.parent != path.parent or made.name != path.name
    assert "Backed up to" in panel.message.value
    assert [label for label, _v in panel.backups.options] == [made.name]
    workspace.form.company.widget.value = "Changed after the backup"
    panel.backups.value = str(made)
    panel.restore_button.click()
    assert stored(workspace).application.company == "Acme Analytics"
    assert workspace.form.company.widget.value == "Acme Analytics"  # the form follows
    assert "is kept as before-restore-" in panel.message.value
    # the workbook as it was before the restore is itself a backup that can be restored
    previous = next(
        value for label, value in panel.backups.options if label.startswith("before-restore-")
    )
    panel.backups.value = previous
    panel.restore_button.click()
    assert stored(workspace).application.company == "Changed after the backup"


def test_a_new_interviewer_not_yet_named_comes_back_after_a_reopen(
    workspace: Workspace, path: Path
) -> None:
    row = workspace.form.add_interviewer()
    row.email.widget.value = "carla@acme.example"  # no name yet: the row itself is not saved
    row.topics.widget.value = "the Lisbon office"
    assert len(stored(workspace).application.rounds[0].interviewers) == 2
    for again in reopened(path):
        rows = again.form.interviewer_rows
        assert len(rows) == 3
        assert rows[2].email.widget.value == "carla@acme.example"
        assert rows[2].topics.widget.value == "the Lisbon office"
        assert "is empty" in again.form.problems()["interviewer[2].name"]
        rows[2].name.widget.value = "Carla Gómez"
        person = stored(again).application.rounds[0].interviewers[2]
        assert (person.name, person.email) == ("Carla Gómez", "carla@acme.example")
        assert person.topics == ("the Lisbon office",)
        assert again.session.pending_values(again.session.current.id) == {}
