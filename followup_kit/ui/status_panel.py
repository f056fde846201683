"""One click to record what happened; the plan re-plans at once."""

from __future__ import annotations

from datetime import date
from html import escape

import ipywidgets as W

from followup_kit.core import EventKind
from followup_kit.core.events import done_event, event_time, outcome_event
from followup_kit.render.labels import EVENT, KIND
from followup_kit.ui.common import message_html, shows_errors
from followup_kit.ui.session import Opened, Session

__all__ = ["StatusPanel"]

_OUTCOMES = (
    (EventKind.HEARD_BACK, "fk-record-heard-back", "envelope-open"),
    (EventKind.NEXT_ROUND_BOOKED, "fk-record-next-round", "calendar-plus"),
    (EventKind.ON_HOLD, "fk-record-on-hold", "pause"),
    (EventKind.REJECTED, "fk-record-rejected", "times"),
    (EventKind.OFFER, "fk-record-offer", "star"),
    (EventKind.WITHDRAWN, "fk-record-withdrawn", "sign-out-alt"),
)


class StatusPanel:
    """Record "sent" for a planned action, or an outcome, on a chosen day."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.day = W.DatePicker(description="On", value=self._today())
        self.day.add_class("fk-status-date")
        self.action = W.Dropdown(description="Action", layout=W.Layout(width="520px"))
        self.action.add_class("fk-status-action")
        self.sent = W.Button(
            description="Mark as done / sent", icon="check", button_style="success"
        )
        self.sent.add_class("fk-record-sent")
        self.new_decision = W.DatePicker(description="New date")
        self.new_decision.add_class("fk-status-new-decision")
        self.buttons: dict[EventKind, W.Button] = {}
        for kind, css, icon in _OUTCOMES:
            button = W.Button(description=EVENT[kind].capitalize(), icon=icon)
            button.add_class(css)
            button.on_click(lambda _b, kind=kind: self._click(kind))
            self.buttons[kind] = button
        self.message = W.HTML()
        self.message.add_class("fk-status-message")
        # Every recorded event can be taken back (a mistaken "Rejected" click, say).
        self.undo_event = W.Button(
            description="Undo this", icon="undo", layout=W.Layout(display="none")
        )
        self.undo_event.add_class("fk-undo-event")
        self.undo_event.on_click(lambda _b: shows_errors(self._report)(self.undo_last_event)())
        self._recorded: Opened | None = None
        self.history = W.HTML()
        self.sent.on_click(lambda _b: self._click(EventKind.DONE))
        self.widget = W.VBox(
            [
                W.HTML("<h4 style='margin: 10px 0 4px'>What happened?</h4>"),
                self.day,
                W.HBox([self.action, self.sent]),
                W.HTML(
                    "<small>Heard back with a new decision date? Pick it before clicking “Heard back”.</small>"
                ),
                self.new_decision,
                W.HBox(list(self.buttons.values()), layout=W.Layout(flex_flow="row wrap")),
                W.HBox([self.message, self.undo_event]),
                self.history,
            ]
        )
        self.widget.add_class("fk-status")
        session.on_change(self._refresh)
        self._refresh(session.current)

    def _today(self) -> date:
        return (
            self.session.clock().astimezone(self.session.current.application.candidate.zone).date()
        )

    def _refresh(self, opened: Opened) -> None:
        plan = self.session.plan()
        zone = opened.application.candidate.zone
        self.action.options = [
            (
                f"{KIND[a.kind]}{' ' + str(a.sequence) if a.sequence > 1 else ''} · {a.recipient or 'you'} · due {a.due.astimezone(zone):%a %d %b}",
                a.id,
            )
            for a in plan.open_actions
        ] or [("(nothing open)", "")]
        events = opened.application.events[-6:]
        self.history.value = (
            "<small>Recorded: "
            + (
                "; ".join(
                    escape(
                        f"{e.at.astimezone(zone):%d %b} {EVENT[e.kind]}"
                        + (f" {KIND[e.action]}" if e.action else "")
                        + (f" ({e.interviewer})" if e.interviewer else "")
                    )
                    for e in events
                )
                or "nothing yet"
            )
            + "</small>"
        )

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    def _click(self, kind: EventKind) -> None:
        shows_errors(self._report)(self.record)(kind)

    def undo_last_event(self) -> Opened:
        """Take back the event this panel recorded last (if nothing was saved after it)."""
        recorded = self._recorded
        if recorded is None:
            raise ValueError("Nothing recorded here to undo.")
        current = self.session.current
        if current.id != recorded.id or current.version != recorded.version:
            raise ValueError(
                "The application changed after that was recorded; use “Undo, redo and earlier "
                "versions” to pick the version to go back to."
            )
        opened = self.session.undo()
        self._recorded = None
        self.undo_event.layout.display = "none"
        self.message.value = message_html(
            f"Taken back for {opened.client_name}: the plan is as it was before.", "ok"
        )
        return opened

    def record(
        self,
        kind: EventKind | str,
        day: date | None = None,
        action_id: str | None = None,
        decision: date | None = None,
    ) -> Opened:
        """Record `kind` ("done" needs the action) on `day` (default: the picker, else today)."""
        kind = EventKind(kind)
        opened = self.session.current
        app = opened.application
        zone = app.candidate.zone
        now = self.session.clock()
        day = day or self.day.value or self._today()
        if not app.rounds:
            raise ValueError("Add the interview first: events are recorded after an interview.")
        first_end = app.rounds[0].end
        if kind is EventKind.DONE:
            chosen = action_id or self.action.value
            if not chosen:
                raise ValueError("Pick the action you did from the list first.")
            action = self.session.plan().action(chosen)
            rnd = app.round(action.round) if action.round else None
            at = event_time(day, now, zone, not_before=(rnd.end if rnd else first_end))
            event = done_event(action, at)
            what = f"{KIND[action.kind]} for {action.recipient or 'you'}"
        else:
            at = event_time(
                day,
                now,
                zone,
                not_before=app.rounds[-1].start if app.rounds[-1].start <= now else first_end,
            )
            event = outcome_event(kind, at, decision=decision or self.new_decision.value)
            what = EVENT[kind]
        saved = self.session.record(event)
        self._recorded = saved
        self.undo_event.layout.display = "flex"
        self.message.value = message_html(
            f"Recorded for {saved.client_name}: {what} on {at:%a %d %b}. The plan is updated.",
            "ok",
        )
        return saved
