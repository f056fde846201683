"""A way back: undo and redo the open application's changes, or restore any earlier version.

Every save, recorded event, undo and restore is a version in the workbook's history, so each of
them can itself be undone; nothing here deletes a version."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import ipywidgets as W

from followup_kit.core import ActionKind, EventKind
from followup_kit.render.labels import EVENT, KIND
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Opened, Session

__all__ = ["HistoryPanel"]

_FIELD_WORDS = {
    "rounds": "the interview",
    "events": "what happened",
    "candidate": "the candidate",
    "company": "the company",
    "role": "the role",
    "notes": "the notes",
}
_RECORDED = re.compile(r"recorded (\w+)(?: (\w+))? at (\S+?)(?=[ ;)]|$)")
_CHANGED = re.compile(r"changed ([a-z_]+(?:, [a-z_]+)*)")


def plain_summary(summary: str, zone: ZoneInfo) -> str:
    """The store's summary of a version in the product's words ("recorded on hold on Tue 10
    Mar" rather than "recorded on_hold at 2026-03-10T09:00:00+00:00")."""

    def recorded(match: re.Match[str]) -> str:
        kind, action, at = match.groups()
        words = EVENT[EventKind(kind)] if kind in EventKind._value2member_map_ else kind
        if action and action in ActionKind._value2member_map_:
            words = f"“{KIND[ActionKind(action)]}” as {words}"
        try:
            when = f" on {datetime.fromisoformat(at).astimezone(zone):%a %d %b}"
        except ValueError:
            when = ""
        return f"recorded {words}{when}"

    def changed(match: re.Match[str]) -> str:
        names = match.group(1).split(", ")
        return "changed " + ", ".join(_FIELD_WORDS.get(n, n.replace("_", " ")) for n in names)

    return _CHANGED.sub(changed, _RECORDED.sub(recorded, summary))


class HistoryPanel:
    """Undo / Redo buttons and the list of versions with "Restore this version"."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.undo_button = W.Button(description="Undo", icon="undo", tooltip="Undo the last change")
        self.undo_button.add_class("fk-undo")
        self.redo_button = W.Button(description="Redo", icon="redo", tooltip="Redo what was undone")
        self.redo_button.add_class("fk-redo")
        self.versions = W.Select(options=[], rows=8, layout=W.Layout(width="95%"))
        self.versions.add_class("fk-history")
        self.restore_button = W.Button(description="Restore this version", icon="history")
        self.restore_button.add_class("fk-restore-version")
        self.message = W.HTML()
        self.message.add_class("fk-history-message")
        self.undo_button.on_click(lambda _b: self._guarded(self.undo))
        self.redo_button.on_click(lambda _b: self._guarded(self.redo))
        self.restore_button.on_click(lambda _b: self._guarded(self.restore))
        self.widget = W.VBox(
            [
                W.HTML("<h4 style='margin: 10px 0 4px'>Undo, redo and earlier versions</h4>"),
                W.HBox([self.undo_button, self.redo_button]),
                self.versions,
                self.restore_button,
                self.message,
            ]
        )
        self.widget.add_class("fk-history-panel")
        session.on_change(lambda _opened: self._guarded(self.refresh))
        self._guarded(self.refresh)

    def _guarded(self, func: Callable[[], object]) -> None:
        shows_errors(self._report)(func)()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def refresh(self) -> None:
        zone = self.session.zone()
        entries = self.session.history()
        self.versions.options = [
            (
                f"Version {h.version} · {h.at.astimezone(zone):%a %d %b %H:%M} · "
                f"{plain_summary(h.summary, zone)}",
                h.version,
            )
            for h in reversed(entries)
        ]
        self.versions.value = entries[-1].version if entries else None
        self.redo_button.disabled = not self.session.can_redo()

    def undo(self) -> Opened:
        opened = self.session.undo()
        self.message.value = message_html(
            f"Undid the last change to {opened.client_name}'s application (now version "
            f"{opened.version}). Redo brings it back.",
            "ok",
        )
        return opened

    def redo(self) -> Opened:
        opened = self.session.redo()
        self.message.value = message_html(f"Redid the change (now version {opened.version}).", "ok")
        return opened

    def restore(self, version: int | None = None) -> Opened:
        chosen = version if version is not None else self.versions.value
        if chosen is None:
            raise ValueError("Pick a version from the list first.")
        opened = self.session.restore_version(int(chosen))
        self.message.value = message_html(
            f"Restored version {chosen} as version {opened.version}. Undo takes you back.", "ok"
        )
        return opened

    def text(self) -> str:
        """The versions, newest first (printed under the widget)."""
        return "\n".join(str(label) for label, _v in self.versions.options) or "(no history)"
