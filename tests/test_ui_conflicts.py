"""Two notebooks, tabs or kernels on one application: nothing is ever silently overwritten.

The other side runs in a real second process (its own interpreter, its own SQLite connection,
its own form) where the brief asks for kernels; the in-process cases use a second connection.
No mocks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from followup_kit.store import Workbook
from followup_kit.ui import Session, Workspace
from tests.scenarios import application

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[1]

# Runs in the other process: open the workbook, edit the form like a person, print the version.
OTHER_KERNEL = textwrap.dedent(
    """
    import json, sys
    from datetime import datetime, timezone
    from followup_kit.store import Workbook
    from followup_kit.ui import Session, Workspace
    now = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
    path, edits = sys.argv[1], json.loads(sys.argv[2])
    with Workbook.open(path, clock=lambda: now) as book:
        ws = Workspace(Session(book, clock=lambda: now))
        form = ws.form
        for where, value in edits:
            target = form
            for part in where.split("."):
                target = target[int(part)] if part.isdigit() else getattr(target, part)
            target.widget.value = value
        assert not form.problems(), form.problems()
        print(ws.session.current.version)
    """
)


def in_another_kernel(path: Path, edits: list[tuple[str, str]]) -> int:
    """Edit the form in a separate Python process; returns the version it saved."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", OTHER_KERNEL, str(path), json.dumps(edits)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    path = tmp_path / "workbook.sqlite"
    with Workbook.open(path, clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, application())
    return path


@pytest.fixture
def workspace(book_path: Path) -> Iterator[Workspace]:
    with Workbook.open(book_path, clock=lambda: NOW) as book:
        session = Session(book, clock=lambda: NOW)
        session.open()
        ws = Workspace(session)
        ws.form  # noqa: B018 - the form shows version 1 before the other kernel saves
        yield ws


def stored(ws: Workspace):
    return ws.session.workbook.application(ws.session.current.id).application


def test_different_fields_in_two_kernels_are_both_kept(
    workspace: Workspace, book_path: Path
) -> None:
    # Issue 16, point 1: tab 1 changes Ana's email; tab 2 changes Bo's title (refused by the
    # store: both changed the rounds) and then the role. Ana's email must survive.
    form = workspace.form
    assert form.last_saved is not None
    assert form.last_saved.version == 1
    version = in_another_kernel(
        book_path, [("interviewer_rows.0.email", "ana.ruiz@acme-analytics.example")]
    )
    assert version == 2
    form.interviewer_rows[1].title.widget.value = "Staff Data Engineer"
    saved = stored(workspace)
    assert saved.rounds[0].interviewers[0].email == "ana.ruiz@acme-analytics.example"
    assert saved.rounds[0].interviewers[1].title == "Staff Data Engineer"
    # the form now shows both, and says nothing was lost
    assert form.interviewer_rows[0].email.widget.value == "ana.ruiz@acme-analytics.example"
    assert form.conflict == {}
    form.interviewer_rows[1].role.widget.value = "peer"
    saved = stored(workspace)
    assert saved.rounds[0].interviewers[0].email == "ana.ruiz@acme-analytics.example"
    assert saved.rounds[0].interviewers[1].title == "Staff Data Engineer"
    assert saved.rounds[0].interviewers[1].role.value == "peer"
    assert "version 1" not in form.save_state.value
    assert f"version {workspace.session.current.version}" in form.save_state.value


def test_the_same_field_in_two_kernels_asks_with_two_buttons(
    workspace: Workspace, book_path: Path
) -> None:
    form = workspace.form
    in_another_kernel(book_path, [("interviewer_rows.0.email", "theirs@acme.example")])
    form.interviewer_rows[0].email.widget.value = "mine@acme.example"
    # nothing overwritten: the stored value is theirs, the form shows it, mine is kept apart
    assert stored(workspace).rounds[0].interviewers[0].email == "theirs@acme.example"
    assert form.interviewer_rows[0].email.widget.value == "theirs@acme.example"
    assert form.conflict_box.layout.display != "none"
    text = form.conflict_message.value
    assert "changed in another tab or notebook" in text
    assert "mine@acme.example" in text
    assert "theirs@acme.example" in text
    assert "Traceback" not in text
    assert "started from version" not in text  # not the developer's wording
    assert form.load_theirs.description == "Load their version"
    assert form.keep_mine.description == "Keep mine"
    # a later edit elsewhere in the form is based on what the user sees: theirs stays
    form.company.widget.value = "Acme Analytics Ltd"
    assert stored(workspace).rounds[0].interviewers[0].email == "theirs@acme.example"
    assert stored(workspace).company == "Acme Analytics Ltd"
    assert form.conflict_box.layout.display != "none"  # still waiting for a choice
    form.keep_mine.click()
    saved = stored(workspace)
    assert saved.rounds[0].interviewers[0].email == "mine@acme.example"
    assert saved.company == "Acme Analytics Ltd"
    assert form.conflict_box.layout.display == "none"


def test_load_their_version_drops_mine_and_keeps_theirs(
    workspace: Workspace, book_path: Path
) -> None:
    form = workspace.form
    in_another_kernel(book_path, [("company", "Acme Holdings")])
    form.company.widget.value = "Acme Mine"
    assert form.company.widget.value == "Acme Holdings"
    form.load_theirs.click()
    assert form.conflict == {}
    form.role.widget.value = "Senior Analyst"
    saved = stored(workspace)
    assert saved.company == "Acme Holdings"
    assert saved.role == "Senior Analyst"


def test_a_change_from_another_kernel_arrives_without_a_save(
    workspace: Workspace, book_path: Path
) -> None:
    form = workspace.form
    in_another_kernel(book_path, [("role", "Head of Data")])
    assert workspace.session.check_for_changes()
    assert form.role.widget.value == "Head of Data"
    assert "version 2" in form.save_state.value
    assert not workspace.session.check_for_changes()  # nothing new the second time


def test_unsaved_typing_survives_a_change_arriving_from_another_kernel(
    book_path: Path,
) -> None:
    # Without autosave the typed values are unsaved when the other kernel's change arrives.
    with Workbook.open(book_path, clock=lambda: NOW) as book:
        session = Session(book, clock=lambda: NOW)
        from followup_kit.ui import InterviewForm

        form = InterviewForm(session, autosave=False)
        form.interviewer_rows[1].title.widget.value = "Engineering Manager"
        form.company.widget.value = "Acme (mine)"
        in_another_kernel(
            book_path, [("company", "Acme (theirs)"), ("interviewer_rows.0.phone", "+44 20 1")]
        )
        assert session.check_for_changes()
        # theirs shown where they changed, mine kept where only I changed, clash set apart
        assert form.interviewer_rows[0].phone.widget.value == "+44 20 1"
        assert form.interviewer_rows[1].title.widget.value == "Engineering Manager"
        assert form.company.widget.value == "Acme (theirs)"
        assert form.conflict["company"] == ("Acme (mine)", "Acme (theirs)")
        saved = session.workbook.application(session.current.id).application
        assert saved.rounds[0].interviewers[1].title == "Engineering Manager"  # folded in, saved
        assert saved.rounds[0].interviewers[0].phone == "+44 20 1"


def test_an_undo_refused_because_of_another_kernel_is_said_plainly(
    workspace: Workspace, book_path: Path
) -> None:
    history, form = workspace.history, workspace.form
    form.company.widget.value = "Globex"  # version 2, ours
    in_another_kernel(book_path, [("role", "Chief Data Officer")])  # version 3, theirs
    history.undo_button.click()  # based on version 2: it would undo their change
    assert "changed in another tab or notebook" in history.message.value
    assert not re.search(r"version \d", history.message.value)  # no developer's numbers
    saved = stored(workspace)
    assert saved.role == "Chief Data Officer"  # nothing undone behind anyone's back
    assert saved.company == "Globex"
    assert form.role.widget.value == "Chief Data Officer"  # the views show what is stored
