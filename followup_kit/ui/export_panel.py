"""Export the open application's plan: HTML, Markdown, calendar, CSV and email drafts.

Files go to an `exports` folder beside the workbook, never into the project folder, because a
plan holds a client's personal details."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as W

from followup_kit.render.export import ExportedPlan, export_plan
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.drafts_view import DraftsView
from followup_kit.ui.session import Session

__all__ = ["ExportPanel"]


class ExportPanel:
    """One button: write every format for the open application (with the edited drafts)."""

    def __init__(
        self, session: Session, drafts: DraftsView | None = None, folder: Path | None = None
    ) -> None:
        self.session = session
        self.drafts = drafts
        self.folder = folder or session.workbook.path.parent / "exports"
        self.button = W.Button(
            description="Export my plan", icon="download", button_style="success"
        )
        self.button.add_class("fk-export")
        self.message = W.HTML()
        self.message.add_class("fk-export-message")
        self.last: ExportedPlan | None = None
        self.button.on_click(lambda _b: shows_errors(self._report)(self.export)())
        self.widget = W.VBox([self.button, self.message])

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def export(self) -> ExportedPlan:
        """Write the files; returns what was written."""
        opened = self.session.current
        drafts = self.drafts.drafts if self.drafts is not None else None
        self.last = export_plan(
            opened.application,
            self.folder,
            now=self.session.clock(),
            policy=self.session.policy,
            client=opened.client_name,
            drafts=drafts,
        )
        items = "".join(f"<li><code>{escape(name)}</code></li>" for name in self.names())
        self.message.value = (
            f"<span style='color:#00613F'>Written to <code>{escape(str(self.folder))}</code>:</span>"
            f"<ul>{items}</ul><small>Double-click the .ics file to add the reminders to your "
            "calendar; open the .html file to read or print the plan; open an .eml file to send "
            "that message from your mail program.</small>"
        )
        return self.last

    def names(self) -> list[str]:
        """The written files, relative to the export folder (stable across machines)."""
        if self.last is None:
            return []
        return sorted(str(p.relative_to(self.folder)) for p in self.last.paths)
