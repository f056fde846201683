"""The live plan: stage, today's checklist, the timeline chart and the full table."""

from __future__ import annotations

from html import escape

import ipywidgets as W
from matplotlib.dates import num2date
from matplotlib.figure import Figure

from followup_kit.core import Plan
from followup_kit.render.charts import chart_bytes, timeline_figure
from followup_kit.render.labels import STAGE
from followup_kit.render.tables import checklist_html, plan_table_html, plan_table_text
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Session

__all__ = ["PlanView"]


class PlanView:
    """Re-plans whenever the session's application changes (a form edit, a recorded event)."""

    def __init__(self, session: Session, *, chart: bool = True) -> None:
        self.session = session
        self.with_chart = chart
        self.plan: Plan | None = None
        self.figure: Figure | None = None
        self.stage = W.HTML()
        self.stage.add_class("fk-stage")
        self.today = W.HTML()
        self.today.add_class("fk-today-list")
        self.chart = W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
        self.chart.add_class("fk-timeline")
        self.table = W.HTML()
        self.table.add_class("fk-plan-table")
        self.message = W.HTML()
        self.widget = W.VBox(
            [
                W.HTML("<h4 style='margin: 10px 0 4px'>Your follow-up plan</h4>"),
                self.stage,
                self.message,
                W.HTML("<b>To do today</b>"),
                self.today,
                self.chart,
                self.table,
            ]
        )
        self.widget.add_class("fk-plan")
        self.refresh = shows_errors(self._report)(self._refresh)
        session.on_change(lambda _opened: self.refresh())
        self.refresh()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def _refresh(self) -> None:
        plan = self.session.plan()
        self.plan = plan
        zone = plan.application.candidate.zone
        self.stage.value = (
            f"<span style='font-size: 14px'>Stage: <b class='fk-stage-word' data-stage='{plan.stage.value}'>"
            f"{escape(STAGE[plan.stage])}</b></span>"
        )
        self.today.value = checklist_html(plan.to_do_today(), zone)
        self.table.value = plan_table_html(plan)
        self.message.value = ""
        if self.with_chart:
            self.redraw_chart()

    def redraw_chart(self) -> None:
        if self.plan is not None and not self.plan.application.rounds:
            self.figure, self.chart.value = None, b""  # nothing to draw before an interview
            return
        if self.plan is not None:
            self.figure = timeline_figure(self.plan)
            self.chart.value = chart_bytes(self.figure)

    def chart_text(self) -> str:
        """What the drawn chart shows, read back from its artists (rows, legend, date span),
        so a notebook check fails when the picture breaks even though PNGs are not compared."""
        if self.figure is None:
            return "(no chart)"
        ax = self.figure.axes[0]
        rows = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        legend = ax.get_legend() or next((lg for lg in self.figure.legends), None)
        entries = [t.get_text() for t in legend.get_texts()] if legend is not None else []
        start, end = (num2date(x).date().isoformat() for x in ax.get_xlim())  # type: ignore[no-untyped-call]
        return (
            f"Rows: {'; '.join(rows)}\nLegend: {', '.join(entries)}\nDates shown: {start} to {end}"
        )

    def text(self, *, why: bool = False) -> str:
        """The plan as plain text (printed under the widget in notebooks)."""
        if self.plan is None:
            return "(no plan)"
        return f"Stage: {STAGE[self.plan.stage]}\n{plan_table_text(self.plan, why=why)}"
