"""Tidying the caseload without losing anything: delete to a bin (restorable), archive, and
remove the sample clients in one click."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as W

from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Session

__all__ = ["CaseloadPanel"]


class CaseloadPanel:
    """Pick an application: delete it (or its client) to the bin, archive it, bring it back."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.picker = W.Dropdown(description="Application", layout=W.Layout(width="560px"))
        self.picker.add_class("fk-caseload-picker")
        self.delete_application = _button("Delete application", "trash", "fk-delete-application")
        self.archive_application = _button(
            "Archive application", "archive", "fk-archive-application"
        )
        self.delete_client = _button("Delete client", "user-times", "fk-delete-client")
        self.archive_client = _button("Archive client", "archive", "fk-archive-client")
        self.bin_picker = W.Dropdown(description="Bin", layout=W.Layout(width="560px"))
        self.bin_picker.add_class("fk-bin")
        self.restore = _button("Restore from the bin", "trash-restore", "fk-restore-from-bin")
        self.remove_samples = _button("Remove the sample clients", "broom", "fk-remove-samples")
        self.message = W.HTML()
        self.message.add_class("fk-caseload-message")
        for button, action in (
            (self.delete_application, self.delete_selected_application),
            (self.archive_application, self.toggle_archive_application),
            (self.delete_client, self.delete_selected_client),
            (self.archive_client, self.toggle_archive_client),
            (self.restore, self.restore_selected),
            (self.remove_samples, self.remove_sample_clients),
        ):
            button.on_click(lambda _b, action=action: self._guarded(action))
        self.picker.observe(lambda _c: self._label_buttons(), names="value")
        self.widget = W.VBox(
            [
                W.HTML("<h4 style='margin: 10px 0 4px'>Tidy the caseload</h4>"),
                self.remove_samples,
                self.picker,
                W.HBox([self.delete_application, self.archive_application]),
                W.HBox([self.delete_client, self.archive_client]),
                W.HTML(
                    "<small>Deleted clients and applications wait in the bin until you "
                    "restore them; archived ones are kept but left out of the agenda.</small>"
                ),
                W.HBox([self.bin_picker, self.restore]),
                self.message,
            ]
        )
        self.widget.add_class("fk-caseload")
        session.on_caseload_change(lambda: self._guarded(self.refresh))
        self._guarded(self.refresh)

    def _guarded(self, func: Callable[[], object]) -> None:
        shows_errors(self._report)(func)()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    # -- what is shown -------------------------------------------------------------------------
    def refresh(self) -> None:
        book = self.session.workbook
        records = book.applications(include_archived=True)
        chosen = self.picker.value
        self._records = {r.id: r for r in records}
        self.picker.options = [
            (
                f"{r.client_name} · {r.application.company} · {r.application.role}"
                + (" (archived)" if r.archived else ""),
                r.id,
            )
            for r in records
        ]
        if chosen in self._records:
            self.picker.value = chosen
        entries = book.bin()
        self._bin = {f"{e.kind}:{e.id}": e for e in entries}
        self.bin_picker.options = [
            (f"{'Client' if e.kind == 'client' else 'Application'}: {e.name}", key)
            for key, e in self._bin.items()
        ] or [("(the bin is empty)", "")]
        self.restore.disabled = not entries
        samples = [c for c in book.clients(include_archived=True) if c.sample]
        self.remove_samples.layout.display = "flex" if samples else "none"
        self._label_buttons()

    def _label_buttons(self) -> None:
        record = self._records.get(self.picker.value) if self.picker.value else None
        archived = bool(record and record.application and record.archived)
        client_archived = bool(
            record
            and any(
                c.archived
                for c in self.session.workbook.clients(include_archived=True)
                if c.id == record.client_id
            )
        )
        self.archive_application.description = (
            "Unarchive application" if archived and not client_archived else "Archive application"
        )
        self.archive_client.description = (
            "Unarchive client" if client_archived else "Archive client"
        )
        for button in (
            self.delete_application,
            self.archive_application,
            self.delete_client,
            self.archive_client,
        ):
            button.disabled = record is None

    def _selected(self) -> int:
        if not self.picker.value:
            raise ValueError("Pick an application from the list first.")
        return int(self.picker.value)

    # -- changing it ---------------------------------------------------------------------------
    def delete_selected_application(self) -> str:
        record = self._records[self._selected()]
        self.session.workbook.delete_application(record.id)
        return self._done(
            f"Moved {record.client_name}'s application ({record.application.company}, "
            f"{record.application.role}) to the bin. “Restore from the bin” brings it back."
        )

    def delete_selected_client(self) -> str:
        record = self._records[self._selected()]
        self.session.workbook.delete_client(record.client_id)
        return self._done(
            f"Moved {record.client_name}, with all their applications, to the bin. "
            "“Restore from the bin” brings them back."
        )

    def toggle_archive_application(self) -> str:
        record = self._records[self._selected()]
        if self.archive_application.description.startswith("Unarchive"):
            self.session.workbook.unarchive_application(record.id)
            return self._done(f"{record.client_name}'s application is back in the agenda.")
        self.session.workbook.archive_application(record.id)
        return self._done(
            f"Archived {record.client_name}'s application: kept, but left out of the agenda."
        )

    def toggle_archive_client(self) -> str:
        record = self._records[self._selected()]
        if self.archive_client.description.startswith("Unarchive"):
            self.session.workbook.unarchive_client(record.client_id)
            return self._done(f"{record.client_name} is back in the agenda.")
        self.session.workbook.archive_client(record.client_id)
        return self._done(
            f"Archived {record.client_name}: kept, with all their applications, but left out of "
            "the agenda."
        )

    def restore_selected(self) -> str:
        entry = self._bin.get(str(self.bin_picker.value))
        if entry is None:
            raise ValueError("The bin is empty: there is nothing to restore.")
        self.session.workbook.restore_from_bin(entry.kind, entry.id)
        return self._done(f"Restored {entry.name} from the bin.")

    def remove_sample_clients(self) -> str:
        removed = self.session.workbook.remove_sample_clients()
        return self._done(
            f"Removed the {len(removed)} sample client(s) to the bin; your own clients are "
            "untouched."
            if removed
            else "There are no sample clients left."
        )

    def _done(self, text: str) -> str:
        self.session.caseload_changed()
        self.message.value = message_html(text, "ok")
        return text

    def text(self) -> str:
        """The applications and the bin, as plain text (printed under the widget)."""
        lines = [str(label) for label, _id in self.picker.options]
        bin_lines = [f"  in the bin: {e.name}" for e in self._bin.values()]
        return "\n".join([*lines, *bin_lines]) or "(no applications)"


def _button(description: str, icon: str, css: str) -> W.Button:
    button = W.Button(description=description, icon=icon, layout=W.Layout(width="220px"))
    button.add_class(css)
    return button
