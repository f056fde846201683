"""The form never loses typing: one invalid field never stops the others saving, and the text
that does not validate yet is kept (with its message) until it is fixed. Headless widgets over a
real workbook; no mocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from followup_kit.ui import Workspace
from tests.workspaces import scenario_workspace, stored

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
EMAIL = "rounds[0].interviewers[0].email"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with scenario_workspace(tmp_path) as ws:
        yield ws


def test_an_invalid_email_never_stops_the_other_fields_saving(workspace: Workspace) -> None:
    form = workspace.form
    before = stored(workspace)
    ana = form.interviewer_rows[0]
    ana.email.widget.value = "ana@"
    assert stored(workspace).version == before.version  # nothing valid changed yet
    form.company.widget.value = "Globex Analytics"
    ana.title.widget.value = "Director of Analytics"
    form.decision.widget.value = date(2026, 3, 13)
    after = stored(workspace).application
    assert after.company == "Globex Analytics"
    assert after.rounds[0].interviewers[0].title == "Director of Analytics"
    assert after.rounds[0].decision_expected == date(2026, 3, 13)
    assert (
        after.rounds[0].interviewers[0].email == before.application.rounds[0].interviewers[0].email
    )
    # the typed text stays on screen, with its message, outlined, and is kept as pending
    assert ana.email.widget.value == "ana@"
    assert "not a valid email address" in form.problems()["interviewer[0].email"]
    assert "fk-invalid" in ana.email.widget._dom_classes
    assert "fk-invalid" not in form.company.widget._dom_classes
    assert "Not saved yet" in form.message.value
    pending = workspace.session.pending_values(workspace.session.current.id)
    assert pending[EMAIL][0] == "ana@"
    assert "email" in pending[EMAIL][1]
    # fixing it saves it and clears the pending value and the outline
    ana.email.widget.value = "ana.ruiz@globex.example"
    assert (
        stored(workspace).application.rounds[0].interviewers[0].email == "ana.ruiz@globex.example"
    )
    assert form.problems() == {}
    assert "fk-invalid" not in ana.email.widget._dom_classes
    assert workspace.session.pending_values(workspace.session.current.id) == {}
    assert "Saved" in form.message.value


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        (lambda form: form.interviewer_rows[0].topics, "200"),
        (lambda form: form.culture, "5,000"),
        (lambda form: form.company, "200"),
    ],
    ids=["talked-about", "why-you-fit", "company"],
)
def test_a_long_paste_is_refused_at_its_field_with_the_limit(
    workspace: Workspace, field, limit: str
) -> None:
    form = workspace.form
    before = stored(workspace).application
    target = field(form)
    paste = "x" * 5_001
    target.widget.value = paste
    form.role.widget.value = "Lead Data Analyst"
    after = stored(workspace).application
    assert after.role == "Lead Data Analyst"  # the rest of the form keeps saving
    assert target.widget.value == paste  # nothing typed is thrown away
    message = _strip(target.message.value)
    assert limit in message
    assert "characters" in message
    assert after.company == (before.company if target is form.company else after.company)
    assert after.rounds[0].culture_fit == before.rounds[0].culture_fit


def test_a_new_interviewer_typed_email_first_is_saved_once_named(workspace: Workspace) -> None:
    form = workspace.form
    row = form.add_interviewer()
    row.email.widget.value = "carla@acme.example"  # no name yet: the row cannot be saved
    assert len(stored(workspace).application.rounds[0].interviewers) == 2
    assert "is empty" in form.problems()["interviewer[2].name"]
    row.name.widget.value = "Carla Gómez"
    people = stored(workspace).application.rounds[0].interviewers
    assert [p.name for p in people][-1] == "Carla Gómez"
    assert people[-1].email == "carla@acme.example"
    assert form.problems() == {}


def test_an_end_before_the_start_holds_back_the_times_only(workspace: Workspace) -> None:
    form = workspace.form
    before = stored(workspace).application
    form.end.widget.value = form.start.widget.value.replace(hour=9)
    form.role.widget.value = "Principal Analyst"
    after = stored(workspace).application
    assert after.role == "Principal Analyst"
    assert after.rounds[0].end == before.rounds[0].end
    assert "is not after start" in form.problems()["round"]


def _strip(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))
