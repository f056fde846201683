"""Everything for one application on one page, plus the start panel and the coach's entry.

The views share one Session: a form edit or a recorded event re-plans the table, the chart and
the drafts; opening another application from the dashboard switches them all."""

from __future__ import annotations

import os
from functools import cached_property
from html import escape
from pathlib import Path
from uuid import uuid4

import ipywidgets as W

from followup_kit.render.display import register_plan_display
from followup_kit.ui.backup_panel import BackupPanel
from followup_kit.ui.caseload_panel import CaseloadPanel
from followup_kit.ui.common import Field, Repeater, message_html, shows_errors
from followup_kit.ui.dashboard import CoachDashboard
from followup_kit.ui.drafts_view import DraftsView
from followup_kit.ui.export_panel import ExportPanel
from followup_kit.ui.forms import InterviewForm
from followup_kit.ui.history_panel import HistoryPanel
from followup_kit.ui.plan_view import PlanView
from followup_kit.ui.session import Session, open_session
from followup_kit.ui.status_panel import StatusPanel

__all__ = ["StartPanel", "Workspace", "open_workspace"]

WATCH_SECONDS = 2.0
_WATCHERS: dict[Path, Repeater] = {}  # the live watcher per workbook file, in this kernel


class Workspace:
    """The views over one session, built on first use."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # Inside a kernel: look for other notebooks' saves every couple of seconds, so every
        # view follows them (the form keeps unsaved values apart; see InterviewForm._follow).
        self.watcher = Repeater(WATCH_SECONDS, session.check_for_changes)
        if self.watcher.start():
            # Re-running the notebook makes a new workspace: the old one stops watching.
            previous = _WATCHERS.get(session.workbook.path)
            if previous is not None:
                previous.stop()
            _WATCHERS[session.workbook.path] = self.watcher

    @cached_property
    def form(self) -> InterviewForm:
        return InterviewForm(self.session)

    @cached_property
    def plan_view(self) -> PlanView:
        return PlanView(self.session)

    @cached_property
    def drafts(self) -> DraftsView:
        return DraftsView(self.session)

    @cached_property
    def status(self) -> StatusPanel:
        return StatusPanel(self.session)

    @cached_property
    def history(self) -> HistoryPanel:
        return HistoryPanel(self.session)

    @cached_property
    def export(self) -> ExportPanel:
        return ExportPanel(self.session, self.drafts)

    @cached_property
    def dashboard(self) -> CoachDashboard:
        return CoachDashboard(self.session)

    @cached_property
    def start(self) -> StartPanel:
        return StartPanel(self.session)

    @property
    def intake(self) -> W.Widget:
        """Form, live plan, drafts, status and the way back on one page (the session notebook)."""
        return W.VBox(
            [
                self.form.widget,
                self.plan_view.widget,
                self.drafts.widget,
                self.status.widget,
                self.history.widget,
            ]
        )

    def summary(self) -> str:
        opened = self.session.current
        return (
            f"Open: {opened.application.title} (application {opened.id}, version {opened.version})"
        )


class StartPanel:
    """Where the workbook is, what is in it, and a new client/application in three fields."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # Inside a kernel: look for other notebooks' saves every couple of seconds, so every
        # view follows them (the form keeps unsaved values apart; see InterviewForm._follow).
        self.watcher = Repeater(WATCH_SECONDS, session.check_for_changes)
        if self.watcher.start():
            # Re-running the notebook makes a new workspace: the old one stops watching.
            previous = _WATCHERS.get(session.workbook.path)
            if previous is not None:
                previous.stop()
            _WATCHERS[session.workbook.path] = self.watcher
        self.info = W.HTML()
        self.client = Field(
            "Client", W.Text(placeholder="full name", continuous_update=False), "fk-new-client"
        )
        self.company = Field("Company", W.Text(continuous_update=False), "fk-new-company")
        self.role = Field("Role", W.Text(continuous_update=False), "fk-new-role")
        self.create = W.Button(
            description="Start a new application", icon="plus", button_style="info"
        )
        self.create.add_class("fk-new-application")
        self.message = W.HTML()
        self.message.add_class("fk-new-application-message")
        # One request id per filled-in form: a double-click sends it twice and the workbook
        # creates one application. Typing anything new makes a new request.
        self.request_id = uuid4().hex
        for field in (self.client, self.company, self.role):
            field.widget.observe(self._new_request, names="value")
        self.create.on_click(lambda _b: shows_errors(self._report)(self.new_application)())
        self.caseload = CaseloadPanel(session)
        self.backup = BackupPanel(session)
        self.widget = W.VBox(
            [
                self.info,
                W.HTML("<h4 style='margin: 10px 0 4px'>New client or application</h4>"),
                self.client.box,
                self.company.box,
                self.role.box,
                self.create,
                self.message,
                self.caseload.widget,
                self.backup.widget,
            ]
        )
        session.on_caseload_change(self.refresh)
        self.refresh()

    def _new_request(self, _change: object = None) -> None:
        self.request_id = uuid4().hex

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def refresh(self) -> None:
        self.info.value = f"<pre style='font-size: 12px'>{escape(self.text())}</pre>"

    def text(self) -> str:
        records = self.session.records()
        clients = sorted({r.client_name for r in records})
        lines = [
            f"Workbook: {self.session.workbook.path.name} (kept outside the project folder)",
            f"{len(clients)} client(s), {len(records)} application(s)"
            + (
                " — the sample caseload was loaded so you have something to look at"
                if self.session.loaded_sample
                else ""
            ),
        ]
        lines += [
            f"  · {r.client_name}: {r.application.company}, {r.application.role}" for r in records
        ]
        return "\n".join(lines)

    def new_application(self) -> None:
        if not all(f.widget.value.strip() for f in (self.client, self.company, self.role)):
            raise ValueError("Fill in the client's name, the company and the role.")
        opened = self.session.new_application(
            self.client.widget.value.strip(),
            self.company.widget.value.strip(),
            self.role.widget.value.strip(),
            request_id=self.request_id,
        )
        self.message.value = message_html(
            f"Created application {opened.id}. Open 01_interview_intake to fill in the interview.",
            "ok",
        )
        self.refresh()


def open_workspace(path: str | os.PathLike[str] | None = None) -> Workspace:
    """The user's workbook (loaded with the sample caseload when empty), ready for the views.

    In a notebook it also lets any `Plan` display as its timeline chart."""
    register_plan_display()
    return Workspace(open_session(path))
