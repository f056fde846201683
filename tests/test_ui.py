"""The widget views driven without a browser: set values, assert on the workbook, plan, drafts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from followup_kit.core import ActionKind, ActionStatus, Stage
from followup_kit.store import Workbook
from followup_kit.ui import Session, Workspace
from tests.scenarios import application
from tests.workspaces import scenario_workspace, stored

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A workbook holding the standard scenario (interview Tue 3 Mar), opened in a session."""
    with scenario_workspace(tmp_path) as ws:
        yield ws


def test_form_shows_the_stored_application(workspace: Workspace) -> None:
    form = workspace.form
    assert form.company.widget.value == "Acme Analytics"
    assert [row.name.widget.value for row in form.interviewer_rows] == ["Ana Ruiz", "Bo Chen"]
    assert form.decision.widget.value == date(2026, 3, 10)
    assert form.values["rounds"][0]["start"] == application().rounds[0].start
    assert "Decision by: 2026-03-10" in form.summary()


def test_a_valid_change_is_saved_and_replans(workspace: Workspace) -> None:
    form, plan_view, drafts = workspace.form, workspace.plan_view, workspace.drafts
    before = stored(workspace).version
    row = form.add_interviewer(
        name="Carla Gómez", email="carla@acme.example", topics="the Lisbon office"
    )
    assert row.name.widget.value == "Carla Gómez"
    record = stored(workspace)
    assert record.version == before + 1
    assert [p.name for p in record.application.rounds[0].interviewers][-1] == "Carla Gómez"
    assert record.application.rounds[0].interviewers[-1].topics == ("the Lisbon office",)
    thank_yous = plan_view.plan.of_kind(ActionKind.THANK_YOU)
    assert "Carla Gómez" in {a.recipient for a in thank_yous}
    assert "Carla Gómez" in plan_view.table.value
    assert any(d.recipient.name == "Carla Gómez" for d in drafts.drafts)


def test_changing_the_decision_date_moves_the_status_checks(workspace: Workspace) -> None:
    form, plan_view = workspace.form, workspace.plan_view
    form.decision.widget.value = date(2026, 3, 17)
    assert stored(workspace).application.rounds[0].decision_expected == date(2026, 3, 17)
    first = min(plan_view.plan.of_kind(ActionKind.STATUS_CHECK), key=lambda a: a.sequence)
    assert first.due.date() == date(2026, 3, 20)  # Tue 17 + 3 business days
    form.decision_unknown.widget.value = True
    assert stored(workspace).application.rounds[0].decision_expected is None
    assert plan_view.plan.decision_dates[0].assumed


def test_bad_values_show_beside_the_field_and_save_nothing(workspace: Workspace) -> None:
    form = workspace.form
    before = stored(workspace)
    form.interviewer_rows[0].email.widget.value = "ana@"
    assert stored(workspace).version == before.version
    assert "not a valid email address" in form.problems()["interviewer[0].email"]
    assert "Not saved yet" in form.message.value
    form.interviewer_rows[0].email.widget.value = "ana.ruiz@acme.example"
    assert form.problems() == {}
    form.end.widget.value = form.start.widget.value.replace(hour=9)
    assert "is not after start" in form.problems()["round"]
    assert stored(workspace).version == before.version
    form.end.widget.value = form.start.widget.value.replace(hour=11)
    assert form.problems() == {}
    assert "Saved" in form.message.value
    assert stored(workspace).application == before.application


def test_duplicate_interviewer_is_refused_in_plain_words(workspace: Workspace) -> None:
    form = workspace.form
    form.add_interviewer(name="ana ruiz", topics="x")
    assert "appears twice in round 1" in form.problems()["round"]
    assert len(stored(workspace).application.rounds[0].interviewers) == 2


def test_status_panel_records_and_replans(workspace: Workspace) -> None:
    status, plan_view = workspace.status, workspace.plan_view
    ty = next(a for a in plan_view.plan.open_actions if a.kind is ActionKind.THANK_YOU)
    status.record("done", day=date(2026, 3, 3), action_id=ty.id)
    assert plan_view.plan.action(ty.id).status is ActionStatus.DONE
    status.record("rejected")
    assert plan_view.plan.stage is Stage.REJECTED
    assert "not successful this time" in plan_view.stage.value
    assert [e.kind.value for e in stored(workspace).application.events] == ["done", "rejected"]
    # After a no, only the reply, the optional keep-warm and agreed LinkedIn requests remain
    # (the connection is worth most even then, issue 13).
    assert {d.kind for d in workspace.drafts.drafts} <= {
        ActionKind.REJECTION_REPLY,
        ActionKind.KEEP_WARM,
        ActionKind.LINKEDIN_REQUEST,
    }


def test_status_panel_buttons_show_errors_instead_of_raising(workspace: Workspace) -> None:
    status = workspace.status
    status.action.options = [("(nothing open)", "")]
    status.sent.click()
    assert "Pick the action you did" in status.message.value


def test_editing_a_draft_rechecks_and_is_kept(workspace: Workspace) -> None:
    drafts = workspace.drafts
    key, editor = next(iter(drafts.editors.items()))
    editor.text.value = "Hi, just checking in. I need an answer ASAP."
    edited = drafts.editors[key].draft
    assert edited.errors or edited.warnings
    # The checks quote the words they flag (issue 12's wording: "… reads as a demand").
    findings = drafts.editors[key].findings.value
    assert "I need an answer" in findings or "ASAP" in findings
    drafts.refresh()
    assert drafts.editors[key].text.value.startswith("Hi, just checking in.")
    assert workspace.session.draft_edits()[key].startswith("Hi, just checking in.")


def test_a_reopened_session_brings_the_form_back(workspace: Workspace, tmp_path: Path) -> None:
    workspace.form.add_interviewer(name="Dev Patel", topics="platform migrations")
    workspace.form.decision.widget.value = date(2026, 3, 13)
    with Workbook.open(tmp_path / "workbook.sqlite", clock=lambda: NOW) as book:
        again = Workspace(Session(book, clock=lambda: NOW))
        names = [row.name.widget.value for row in again.form.interviewer_rows]
        assert names[-1] == "Dev Patel"
        assert again.form.decision.widget.value == date(2026, 3, 13)


def test_dashboard_lists_agenda_and_opens_an_application(workspace: Workspace) -> None:
    dashboard = workspace.dashboard
    assert set(dashboard.agenda_frame["bucket"]) <= {"overdue", "today", "this week"}
    assert len(dashboard.pipeline_frame) == 1
    assert dashboard.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    dashboard.open(workspace.session.current.id)
    assert "Opened Sam Okafor" in dashboard.message.value
    assert "overdue" in dashboard.text() or "today" in dashboard.text()


def test_a_new_application_without_an_interview_shows_an_empty_plan(workspace: Workspace) -> None:
    opened = workspace.session.new_application("Zoë O'Brien", "Globex", "Analyst")
    assert opened.application.rounds == ()
    assert workspace.plan_view.plan is not None
    assert workspace.plan_view.chart.value == b""
    assert "Nothing planned yet" in workspace.plan_view.table.value
    assert workspace.form.company.widget.value == "Globex"


def test_the_form_keeps_its_widgets_on_its_own_save(workspace: Workspace) -> None:
    # Rebuilding the rows on every autosave was slow and would move the cursor while typing.
    row = workspace.form.interviewer_rows[0]
    workspace.form.decision.widget.value = date(2026, 3, 12)
    assert workspace.form.interviewer_rows[0] is row


def test_a_change_merged_from_another_notebook_shows_in_the_form(
    workspace: Workspace, tmp_path: Path
) -> None:
    form = workspace.form
    with Workbook.open(tmp_path / "workbook.sqlite", clock=lambda: NOW) as other_book:
        other = Session(other_book, clock=lambda: NOW)
        other.save(other.current.application.with_changes(role="Senior Data Analyst"))
    form.decision.widget.value = date(2026, 3, 12)  # based on the older version: merged
    assert form.role.widget.value == "Senior Data Analyst"
    saved = stored(workspace).application
    assert saved.role == "Senior Data Analyst"
    assert saved.rounds[0].decision_expected == date(2026, 3, 12)


def test_the_form_of_address_is_saved_and_used_in_the_draft(workspace: Workspace) -> None:
    workspace.form.add_interviewer(name="Li Wei", greeting_name="Mr Li", topics="the Shenzhen team")
    saved = stored(workspace).application.rounds[0].interviewers[-1]
    assert saved.greeting_name == "Mr Li"
    note = next(d for d in workspace.drafts.drafts if d.recipient.name == "Li Wei")
    assert note.body.startswith("Dear Mr Li,")


def test_one_change_builds_the_plan_once_for_every_view(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import followup_kit.ui.session as session_module

    workspace.plan_view, workspace.drafts, workspace.status  # noqa: B018 - build the views
    calls: list[object] = []
    real = session_module.build_plan

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(session_module, "build_plan", counting)
    workspace.form.decision.widget.value = date(2026, 3, 12)
    assert len(calls) == 1


def test_form_saves_the_employers_clock_region_contact_and_not_asked_yet(
    workspace: Workspace,
) -> None:
    form = workspace.form
    form.employer_zone.widget.value = "America/New_York"
    form.employer_country.widget.value = "US"
    form.employer_region.widget.value = "NY"
    form.status_contact.widget.value = "Bo Chen"
    form.interviewer_rows[1].channel.widget.value = ""  # not asked yet
    form.flush()
    app = stored(workspace).application
    assert (app.employer_time_zone, app.employer_country, app.employer_subdivision) == (
        "America/New_York",
        "US",
        "NY",
    )
    assert app.status_contact == "Bo Chen"
    assert app.rounds[0].interviewers[1].preferred_channel is None
    checks = workspace.plan_view.plan.of_kind(ActionKind.STATUS_CHECK)
    assert {a.recipient for a in checks} == {"Bo Chen"}
    assert all("R-A2" in a.rules for a in checks)
    form.status_contact.widget.value = "Nobody Here"
    assert "not an interviewer" in form.problems()["status_contact"]


def test_form_warns_at_the_field_about_an_old_date_and_a_missing_region(
    workspace: Workspace,
) -> None:
    form = workspace.form
    form.day.widget.value = date(2025, 3, 3)
    form.region.widget.value = ""
    form.flush()
    shown = form.problems()
    assert "check the year" in shown["round.start"]
    assert "assumes ENG" in shown["candidate.subdivision"]
    assert "Saved" in form.message.value
