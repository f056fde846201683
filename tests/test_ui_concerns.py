"""The form's concerns and slips: a tick per interviewer for who raised each, and the answer.

Driven without a browser, like tests/test_ui.py: set widget values, assert on the workbook
and the drafts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from followup_kit.core import ActionKind
from followup_kit.store import Workbook
from followup_kit.ui import Session, Workspace
from tests.scenarios import application, round_

NOW = datetime(2026, 3, 3, 15, tzinfo=timezone.utc)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workbook.open(tmp_path / "workbook.sqlite", clock=lambda: NOW) as book:
        client = book.add_client("Sam Okafor")
        app = application(
            rounds=(
                round_(
                    concerns=("my notice period",),  # the older shape: a plain string
                    mistake_to_correct="I forgot to mention the BigQuery move",
                ),
            )
        )
        book.save_application(client.id, app)
        session = Session(book, clock=lambda: NOW)
        session.open()
        yield Workspace(session)


def _thanks(workspace: Workspace, who: str) -> str:
    return next(
        d.body
        for d in workspace.drafts.drafts
        if d.kind is ActionKind.THANK_YOU and d.recipient.name == who
    )


def test_older_concerns_and_slips_load_as_rows_with_a_tick_per_interviewer(
    workspace: Workspace,
) -> None:
    form = workspace.form
    [concern] = form.concern_list.rows
    assert concern.fields["text"].widget.value == "my notice period"
    assert [t.description for t in concern.ticks._ticks] == ["Ana Ruiz", "Bo Chen"]
    [slip] = form.slip_list.rows
    assert slip.fields["point"].widget.value == "I forgot to mention the BigQuery move"


def test_ticking_who_raised_a_concern_and_the_answer_reach_only_that_note(
    workspace: Workspace,
) -> None:
    form = workspace.form
    [concern] = form.concern_list.rows
    concern.fields["answer"].widget.value = "I can start in six weeks."
    bo_tick = next(t for t in concern.ticks._ticks if t.description == "Bo Chen")
    bo_tick.value = True
    saved = workspace.session.workbook.application(workspace.session.current.id)
    [stored] = saved.application.rounds[0].concerns
    assert stored.raised_by == ("Bo Chen",)
    assert stored.answer == "I can start in six weeks."
    assert "notice period; I can start in six weeks." in _thanks(workspace, "Bo Chen")
    assert "notice period" not in _thanks(workspace, "Ana Ruiz")


def test_a_new_slip_row_and_a_renamed_interviewer(workspace: Workspace) -> None:
    form = workspace.form
    form.slip_list.rows.clear()
    form.slip_list.add(
        question="How do I handle a failed load?",
        missing="that I wrote our runbook",
        point="it cut recovery from hours to minutes",
        raised_by=["Ana Ruiz"],
    )
    slips = workspace.session.current.application.rounds[0].slips
    assert [s.raised_by for s in slips] == [("Ana Ruiz",)]
    assert (
        "When you asked how I handle a failed load, I didn't mention that I wrote our runbook; "
        "it cut recovery from hours to minutes." in _thanks(workspace, "Ana Ruiz")
    )
    assert "runbook" not in _thanks(workspace, "Bo Chen")
    form.interviewer_rows[1].name.widget.value = "Bo Chen-Li"
    assert [t.description for t in form.slip_list.rows[0].ticks._ticks] == [
        "Ana Ruiz",
        "Bo Chen-Li",
    ]


def test_share_and_premium_fields_are_saved(workspace: Workspace) -> None:
    form = workspace.form
    form.linkedin_premium.widget.value = True
    row = form.interviewer_rows[0]
    row.share_title.widget.value = "A field guide to dbt tests"
    row.share_link.widget.value = "https://example.org/dbt"
    app = workspace.session.current.application
    assert app.candidate.linkedin_premium is True
    assert app.rounds[0].interviewers[0].share_title == "A field guide to dbt tests"
    assert app.rounds[0].interviewers[0].share_link == "https://example.org/dbt"


def test_every_free_text_field_shows_a_placeholder_with_an_example(workspace: Workspace) -> None:
    form = workspace.form
    texts = [
        form.qualifications,
        form.culture,
        form.mishaps,
        form.topics,
        form.company,
        form.role,
        *form.interviewer_rows[0].fields,
        *form.concern_list.rows[0].fields.values(),
        *form.slip_list.rows[0].fields.values(),
    ]
    for field in texts:
        widget = field.widget
        if hasattr(widget, "placeholder"):
            assert widget.placeholder, field
    for field in (form.qualifications, form.culture, form.topics, form.interviewer_rows[0].topics):
        assert "e.g." in field.widget.placeholder
