"""Your data: back the workbook up in one click, and restore a backup without losing the
workbook as it was (the store keeps it in the backups folder first)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as W

from followup_kit.store.backups import backup_folder, backup_now, restore_into
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Session

__all__ = ["BackupPanel"]


class BackupPanel:
    """'Back up now', and a list of the backups beside the workbook with 'Restore this backup'."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.backup_button = W.Button(description="Back up now", icon="save")
        self.backup_button.add_class("fk-backup-now")
        self.backups = W.Dropdown(description="Backup", layout=W.Layout(width="560px"))
        self.backups.add_class("fk-backups")
        self.restore_button = W.Button(description="Restore this backup", icon="history")
        self.restore_button.add_class("fk-restore-backup")
        self.message = W.HTML()
        self.message.add_class("fk-backup-message")
        self.backup_button.on_click(lambda _b: self._guarded(self.back_up))
        self.restore_button.on_click(lambda _b: self._guarded(self.restore))
        self.widget = W.VBox(
            [
                W.HTML(
                    "<h4 style='margin: 10px 0 4px'>Your data</h4><small>The workbook file "
                    "holds everything; a copy is made every day beside it. Restoring keeps the "
                    "workbook as it was, so you can go back.</small>"
                ),
                self.backup_button,
                W.HBox([self.backups, self.restore_button]),
                self.message,
            ]
        )
        self.widget.add_class("fk-backup")
        self._guarded(self.refresh)

    def _guarded(self, func: Callable[[], object]) -> None:
        shows_errors(self._report)(func)()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def _files(self) -> list[Path]:
        folder = backup_folder(self.session.workbook.path)
        if not folder.is_dir() or folder.is_symlink():
            return []
        found = [p for p in folder.iterdir() if p.suffix == ".sqlite" and not p.is_symlink()]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def refresh(self) -> None:
        files = self._files()
        self.backups.options = [(p.name, str(p)) for p in files] or [("(no backups yet)", "")]
        self.restore_button.disabled = not files

    def back_up(self) -> Path:
        made = backup_now(self.session.workbook)
        self.refresh()
        self.message.value = message_html(f"Backed up to {made}.", "ok")
        return made

    def restore(self, path: str | None = None) -> Path:
        chosen = path or self.backups.value
        if not chosen:
            raise ValueError("Pick a backup from the list first.")
        done = restore_into(self.session.workbook, chosen)
        self.session.caseload_changed()  # reopens if the open application is not in it
        if self.session.records():
            self.session.reload()  # every view shows the restored content
        self.refresh()
        self.message.value = message_html(
            f"Restored {done.source.name}. The workbook as it was is kept as "
            f"{done.previous.name}: restore that one to go back.",
            "ok",
        )
        return done.previous
