"""A way back in the UI: undo, redo, history with "restore this version", and every recorded
event can be taken back. Headless widgets over a real workbook; no mocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from followup_kit.core import Stage
from followup_kit.ui import Workspace
from tests.workspaces import scenario_workspace, stored

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with scenario_workspace(tmp_path) as ws:
        yield ws


def test_undo_and_redo_buttons_take_a_form_edit_back_and_forth(workspace: Workspace) -> None:
    form, history = workspace.form, workspace.history
    original = stored(workspace).application.company
    form.company.widget.value = "Globex"
    assert stored(workspace).application.company == "Globex"
    assert history.redo_button.disabled
    history.undo_button.click()
    assert stored(workspace).application.company == original
    assert form.company.widget.value == original  # the form follows the undo
    assert "Undid the last change to Sam Okafor" in history.message.value
    assert not history.redo_button.disabled
    history.redo_button.click()
    assert stored(workspace).application.company == "Globex"
    assert form.company.widget.value == "Globex"


def test_history_lists_every_version_and_restores_one(workspace: Workspace) -> None:
    form, history = workspace.form, workspace.history
    form.role.widget.value = "Analyst II"
    form.role.widget.value = "Lead Analyst"
    versions = [v for _label, v in history.versions.options]
    assert versions == [3, 2, 1]  # newest first
    history.versions.value = 2
    history.restore_button.click()
    record = stored(workspace)
    assert record.version == 4
    assert record.application.role == "Analyst II"
    assert form.role.widget.value == "Analyst II"
    assert "Restored version 2 as version 4" in history.message.value
    history.undo_button.click()  # a restore is itself a change that can be undone
    assert stored(workspace).application.role == "Lead Analyst"


def test_a_mistaken_rejected_click_can_be_undone_and_names_the_client(
    workspace: Workspace,
) -> None:
    status, plan_view = workspace.status, workspace.plan_view
    status.buttons[next(k for k in status.buttons if k.value == "rejected")].click()
    assert plan_view.plan is not None
    assert plan_view.plan.stage is Stage.REJECTED
    assert "Recorded for Sam Okafor" in status.message.value
    assert status.undo_event.layout.display != "none"
    status.undo_event.click()
    assert stored(workspace).application.events == ()
    assert plan_view.plan.stage is not Stage.REJECTED
    assert "Taken back for Sam Okafor" in status.message.value
    assert status.undo_event.layout.display == "none"


def test_undoing_an_event_after_a_later_change_says_what_to_do(workspace: Workspace) -> None:
    status = workspace.status
    status.record("on_hold")
    workspace.form.role.widget.value = "Data Lead"
    status.undo_event.click()
    assert "changed after that was recorded" in status.message.value
    assert [e.kind.value for e in stored(workspace).application.events] == ["on_hold"]
    listed = workspace.history.text()
    assert "recorded on hold on Tue 10 Mar" in listed  # the product's words, not the store's
    assert "changed the role" in listed
    assert "on_hold" not in listed
    assert "2026-03-10T" not in listed
