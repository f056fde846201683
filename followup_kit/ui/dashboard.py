"""The coach's dashboard: the agenda across every client, the pipeline chart, open one."""

from __future__ import annotations

from typing import cast

import ipywidgets as W
import pandas as pd

from followup_kit.core import agenda, pipeline
from followup_kit.core.vocabulary import ActionKind, Stage
from followup_kit.render.charts import chart_bytes, pipeline_figure
from followup_kit.render.labels import KIND, STAGE, when
from followup_kit.render.tables import agenda_table_html
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Session

__all__ = ["CoachDashboard"]

ALL = "All clients"


class CoachDashboard:
    """Pick a client (or all); see what is overdue, due today and this week; open one."""

    def __init__(self, session: Session, *, days: int = 7) -> None:
        self.session = session
        self.client = W.Dropdown(description="Client", options=[ALL])
        self.client.add_class("fk-client-picker")
        self.days = W.BoundedIntText(description="Days ahead", value=days, min=0, max=90)
        self.agenda_html = W.HTML()
        self.agenda_html.add_class("fk-agenda")
        self.chart = W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
        self.chart.add_class("fk-pipeline")
        self.application = W.Dropdown(description="Application", layout=W.Layout(width="520px"))
        self.open_button = W.Button(description="Open", icon="folder-open", button_style="info")
        self.open_button.add_class("fk-open-application")
        self.message = W.HTML()
        self.agenda_frame = pd.DataFrame()
        self.pipeline_frame = pd.DataFrame()
        self.refresh = shows_errors(self._report)(self._refresh)
        self.client.observe(lambda _c: self.refresh(), names="value")
        self.days.observe(lambda _c: self.refresh(), names="value")
        self.open_button.on_click(
            lambda _b: shows_errors(self._report)(self.open)(self.application.value)
        )
        self.widget = W.VBox(
            [
                W.HBox([self.client, self.days]),
                W.HTML("<h4 style='margin: 10px 0 4px'>Agenda</h4>"),
                self.agenda_html,
                W.HTML("<h4 style='margin: 10px 0 4px'>Pipeline</h4>"),
                self.chart,
                W.HBox([self.application, self.open_button]),
                self.message,
            ]
        )
        self.widget.add_class("fk-dashboard")
        session.on_caseload_change(self.refresh)  # deleted, archived or restored elsewhere
        self.refresh()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def _refresh(self) -> None:
        records = self.session.records()
        names = sorted({r.client_name for r in records})
        if list(self.client.options) != [ALL, *names]:
            self.client.options = [ALL, *names]
        chosen = [r for r in records if self.client.value in (ALL, r.client_name)]
        apps = {str(r.id): r.application for r in chosen}
        now = self.session.clock()
        self.agenda_frame = agenda(apps, now, days=int(self.days.value), policy=self.session.policy)
        self.pipeline_frame = pipeline(apps, now, policy=self.session.policy)
        self.agenda_html.value = agenda_table_html(self.agenda_frame)
        self.chart.value = chart_bytes(pipeline_figure(self.pipeline_frame, now=now))
        self.application.options = [
            (
                f"{row.client} · {row.company} · {row.role} ({STAGE[Stage(row.stage)]})",
                int(str(row.application)),
            )
            for row in self.pipeline_frame.itertuples()
        ]
        # A stored record that fails its checksum is left out of `records()`; name it here.
        damaged = [
            f"{d.client_name}: {d.message}"
            for d in self.session.workbook.damaged()
            if self.client.value in (ALL, d.client_name)
        ]
        problems = [*damaged, *self.agenda_frame.attrs.get("problems", [])]
        self.message.value = message_html("; ".join(problems)) if problems else ""

    def open(self, application_id: int) -> None:
        """Open one application in the workspace views that share this session."""
        opened = self.session.open(int(application_id))
        self.message.value = message_html(
            f"Opened {opened.application.title}: the intake, plan and drafts now show it.", "ok"
        )

    def pipeline_text(self) -> str:
        """One line per application: client, company, stage, next step (for print)."""
        lines = []
        for row in self.pipeline_frame.itertuples():
            step = (
                KIND[ActionKind(str(row.next_action))]
                if isinstance(row.next_action, str)
                else "nothing open"
            )
            late = f", {row.overdue} overdue" if int(str(row.overdue)) else ""
            lines.append(
                f"{row.client} · {row.company}: {STAGE[Stage(str(row.stage))]} — next: {step}{late}"
            )
        return "\n".join(lines)

    def text(self) -> str:
        """The agenda as plain text (printed under the widget in notebooks)."""
        if self.agenda_frame.empty:
            return "Nothing overdue or due in this period."
        zone = self.agenda_frame["due"].dt.tz
        lines = []
        for row in self.agenda_frame.itertuples():
            who = f" for {row.recipient}" if isinstance(row.recipient, str) else ""
            due = cast(pd.Timestamp, row.due).to_pydatetime()
            lines.append(
                f"{row.bucket:<9}  {when(due, zone):<16}  {row.client} · "
                f"{row.company}: {KIND[ActionKind(row.kind)]}{who}"
            )
        return "\n".join(lines)
