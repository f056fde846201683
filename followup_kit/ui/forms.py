"""The interview form: everything about one round of one application, autosaved.

`form.values` is the application as the form would save it (a plain dict in the model's shape);
`form.submit()` saves every field that is valid and holds back the rest, showing each problem
beside its field. The fields are the tables in `ui/fields.py`; the model does the validating.

Two promises shape this module:
* **Nothing typed is lost.** A field that does not validate yet (an email half typed, a paste over
  the limit) keeps its text in the workbook as a pending value, with its message, while every
  other field keeps saving; a reload brings the text and the message back.
* **Nothing is silently overwritten.** A save carries the version the form shows. When another
  notebook or tab saved in between, the form shows the stored values, folds in the user's changes
  to fields they did not touch, and keeps the user's values for fields both changed apart, with
  "Load their version" and "Keep mine" buttons. A later save is never based on values the user
  has not seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from datetime import date, datetime, time, timedelta
from enum import Enum
from html import escape, unescape
from typing import Any

import ipywidgets as W

from followup_kit.core import Application, Round, localize, plan_warnings
from followup_kit.errors import InvalidInputError, StaleVersionError
from followup_kit.ui.common import Debouncer, Field, message_html, shows_errors
from followup_kit.ui.concern_rows import ConcernList, SlipList
from followup_kit.ui.fields import (
    CANDIDATE_FIELDS,
    INTERVIEWER_DEFAULTS,
    INTERVIEWER_FIELDS,
    ROUND_FIELDS,
    ZONES,
    FieldSpec,
    get_path,
    owner,
    set_path,
    under,
)
from followup_kit.ui.input_tips import tips_by_field, tips_html
from followup_kit.ui.session import Opened, Session

__all__ = ["InterviewForm", "InterviewerRow"]

AUTOSAVE_SECONDS = 0.4
_INVALID_BORDER = "2px solid #A63D00"
_ROW_INDEX = re.compile(r"^(rounds\[\d+\]\.interviewers)\[(\d+)\]")
# A concern or slip row (they belong to who raised them: ui/concern_rows.py).
_ITEM_INDEX = re.compile(r"^(rounds\[\d+\]\.(?:concerns|slips))\[(\d+)\]")
# Their text fields, as specs so held-back text and messages work as for any other field.
_ITEM_SPECS = {
    "text": FieldSpec("text", "text", "Concern", "fk-concern-text", "line"),
    "answer": FieldSpec("answer", "answer", "What you would say now", "fk-concern-answer", "text"),
    "question": FieldSpec("question", "question", "When they asked", "fk-slip-question", "line"),
    "missing": FieldSpec("missing", "missing", "You didn't mention", "fk-slip-missing", "line"),
    "point": FieldSpec("point", "point", "Why it matters", "fk-slip-point", "text"),
}


class InterviewerRow:
    """One interviewer: who they are, how to reach them, what you talked about."""

    def __init__(self, on_change: Any, on_remove: Any) -> None:
        # The interviewer's stable id (not shown): kept through a rename so their edited drafts
        # follow them. Empty for a new row (the model derives it from the name).
        self.id = ""
        self.by_key: dict[str, Field] = {}
        for spec in INTERVIEWER_FIELDS:
            field = spec.build()
            setattr(self, spec.attr, field)
            self.by_key[spec.key] = field
        self.fields = list(self.by_key.values())
        self.remove = W.Button(description="Remove this interviewer", icon="trash", button_style="")
        self.remove.add_class("fk-remove-interviewer")
        self.remove.on_click(lambda _: on_remove(self))
        self.message = W.HTML()
        self.box = W.VBox(
            [*(f.box for f in self.fields), self.message, self.remove],
            layout=W.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"),
        )
        self.box.add_class("fk-interviewer")
        for field in self.fields:
            field.widget.observe(lambda _change: on_change(), names="value")

    # Attributes set from INTERVIEWER_FIELDS (declared for readers and type checkers).
    name: Field
    greeting: Field
    title: Field
    role: Field
    email: Field
    phone: Field
    channel: Field
    agreed: Field
    card: Field
    topics: Field
    interests: Field
    share_title: Field
    share_link: Field

    @property
    def values(self) -> dict[str, Any]:
        values = {s.key: s.to_model(self.by_key[s.key].widget.value) for s in INTERVIEWER_FIELDS}
        if self.id:
            values["id"] = self.id
        return values

    def load(self, person: dict[str, Any]) -> None:
        self.id = str(person.get("id") or "")
        for spec in INTERVIEWER_FIELDS:
            value = person.get(spec.key, spec.default)
            self.by_key[spec.key].widget.value = spec.to_widget(value)


class InterviewForm:
    """Intake for one round of the open application; every valid change autosaves."""

    # Attributes set from CANDIDATE_FIELDS and ROUND_FIELDS.
    candidate_name: Field
    candidate_email: Field
    zone: Field
    country: Field
    region: Field
    profile_ready: Field
    linkedin_premium: Field
    company: Field
    role: Field
    employer_zone: Field
    employer_country: Field
    employer_region: Field
    status_contact: Field
    format: Field
    asked: Field
    qualifications: Field
    culture: Field
    mishaps: Field
    topics: Field

    def __init__(self, session: Session, *, autosave: bool = True) -> None:
        self.session = session
        self._loading = False
        self._saving = False
        self.round_index = 0
        self.last_saved: Opened | None = None
        # Field location -> the message shown there while its typed text is held back.
        self.held: dict[str, str] = {}
        # Field location -> (the user's value, the stored value) for fields both sides changed.
        self.conflict: dict[str, tuple[Any, Any]] = {}
        self.message = W.HTML()
        self.message.add_class("fk-form-message")
        self._autosave = Debouncer(AUTOSAVE_SECONDS, self._save_quietly) if autosave else None

        self.title = W.HTML()
        self.save_state = W.HTML()
        self.save_state.add_class("fk-save-state")
        self._candidate_fields: dict[str, Field] = {}
        for spec in CANDIDATE_FIELDS:
            self._candidate_fields[spec.key] = self._build(spec)
        # the round
        self.round_picker = W.ToggleButtons(options=[("Round 1", 0)], value=0)
        self.round_picker.add_class("fk-round-picker")
        self.add_round_button = W.Button(description="Add next round", icon="plus")
        self.add_round_button.add_class("fk-add-round")
        self.day = Field("Interview day", W.DatePicker(), "fk-interview-day")
        self.start = Field("Starts", W.TimePicker(value=time(10, 0), step=60), "fk-start-time")
        self.end = Field("Ends", W.TimePicker(value=time(11, 0), step=60), "fk-end-time")
        self.decision = Field(
            "Decision by", W.DatePicker(), "fk-decision-date", hint="the date they gave (R-A1)"
        )
        self.decision_unknown = Field(
            "", W.Checkbox(description="They did not say", indent=False), "fk-decision-unknown"
        )
        self._simple_round_fields: dict[str, Field] = {}
        for spec in ROUND_FIELDS:
            self._simple_round_fields[spec.key] = self._build(spec)
        # The round's composite fields (day + time -> start/end; date or "did not say").
        self._timing_fields = {
            "start": self.day,
            "end": self.end,
            "decision_expected": self.decision,
        }
        self._round_fields = {**self._timing_fields, **self._simple_round_fields}
        # Concerns and slips belong to who raised them: rows with a tick per interviewer.
        self.concern_list = ConcernList(self._changed_now, self._interviewer_names)
        self.slip_list = SlipList(self._changed_now, self._interviewer_names)
        self.round_message = W.HTML()
        self.interviewer_rows: list[InterviewerRow] = []
        self.interviewer_box = W.VBox()
        self.add_interviewer_button = W.Button(
            description="Add interviewer", icon="user-plus", button_style="info"
        )
        self.add_interviewer_button.add_class("fk-add-interviewer")

        # Another notebook's change to a field the user also changed: shown until they choose.
        self.conflict_message = W.HTML()
        self.load_theirs = W.Button(description="Load their version", icon="download")
        self.load_theirs.add_class("fk-conflict-theirs")
        self.keep_mine = W.Button(description="Keep mine", icon="check", button_style="warning")
        self.keep_mine.add_class("fk-conflict-mine")
        self.load_theirs.on_click(lambda _b: self._guarded(self.take_theirs))
        self.keep_mine.on_click(lambda _b: self._guarded(self.take_mine))
        self.conflict_box = W.VBox(
            [self.conflict_message, W.HBox([self.load_theirs, self.keep_mine])],
            layout=W.Layout(
                display="none", border="2px solid #7A5A00", padding="6px", margin="4px 0"
            ),
        )
        self.conflict_box.add_class("fk-conflict")

        for field in [*self._candidate_fields.values(), *self._round_fields.values()]:
            field.widget.observe(self._changed, names="value")
        self.start.widget.observe(self._changed, names="value")
        self.decision_unknown.widget.observe(self._changed, names="value")
        self.round_picker.observe(self._pick_round, names="value")
        self.add_round_button.on_click(self._add_round)
        self.add_interviewer_button.on_click(lambda _: self.add_interviewer())

        # After each save: what check_inputs suggests adding, by field (issue 12.1).
        self.input_tips = W.HTML()
        self.input_tips.add_class("fk-input-tips")
        section = "<h4 style='margin: 10px 0 4px'>{}</h4>".format
        simple = self._simple_round_fields
        self.widget = W.VBox(
            [
                self.title,
                self.save_state,
                self.conflict_box,
                W.HTML(section("Candidate and job")),
                *(f.box for f in self._candidate_fields.values()),
                W.HTML(section("The interview")),
                W.HBox([self.round_picker, self.add_round_button]),
                self.day.box,
                self.start.box,
                self.end.box,
                simple["format"].box,
                self.decision.box,
                self.decision_unknown.box,
                *(f.box for k, f in simple.items() if k != "format"),
                W.HTML("<b>Concerns they raised</b>"),
                self.concern_list.box,
                W.HTML("<b>A real slip to correct</b> <small>(R-C6)</small>"),
                self.slip_list.box,
                self.round_message,
                W.HTML(section("Who interviewed you")),
                self.interviewer_box,
                self.add_interviewer_button,
                self.message,
                self.input_tips,
            ]
        )
        self.widget.add_class("fk-form")
        session.on_change(self._session_changed)
        self.load(session.current)

    def _build(self, spec: FieldSpec) -> Field:
        field = spec.build()
        setattr(self, spec.attr, field)
        return field

    def _guarded(self, func: Any) -> None:
        shows_errors(self._report)(func)()

    def _report(self, text: str) -> None:
        self.message.value = message_html(text)

    # -- where each field lives ----------------------------------------------------------------
    def _prefix(self) -> str:
        return f"rounds[{self.round_index}]"

    def fields(self) -> Iterator[tuple[str, FieldSpec | None, Field]]:
        """(location, spec, field) for every field on screen; spec is None for the round's
        composite day/time/decision fields."""
        for spec in CANDIDATE_FIELDS:
            yield spec.key, spec, self._candidate_fields[spec.key]
        prefix = self._prefix()
        for key, field in self._timing_fields.items():
            yield f"{prefix}.{key}", None, field
        for spec in ROUND_FIELDS:
            yield f"{prefix}.{spec.key}", spec, self._simple_round_fields[spec.key]
        for i, row in enumerate(self.interviewer_rows):
            for spec in INTERVIEWER_FIELDS:
                yield f"{prefix}.interviewers[{i}].{spec.key}", spec, row.by_key[spec.key]
        for name, items in (("concerns", self.concern_list), ("slips", self.slip_list)):
            for j, item in enumerate(items.rows):
                for key, field in item.fields.items():
                    yield f"{prefix}.{name}[{j}].{key}", _ITEM_SPECS[key], field

    def _field_map(self) -> dict[str, tuple[FieldSpec | None, Field]]:
        return {loc: (spec, field) for loc, spec, field in self.fields()}

    def _scopes(self) -> list[str]:
        prefix = self._prefix()
        return [
            prefix,
            *(f"{prefix}.interviewers[{i}]" for i in range(len(self.interviewer_rows))),
            *(f"{prefix}.concerns[{j}]" for j in range(len(self.concern_list.rows))),
            *(f"{prefix}.slips[{j}]" for j in range(len(self.slip_list.rows))),
        ]

    # -- loading -----------------------------------------------------------------------------
    def _session_changed(self, opened: Opened) -> None:
        if self._saving:
            return  # our own save (or its refusal): submit() deals with what comes back
        last = self.last_saved
        if last is not None and opened.id == last.id:
            if opened.version == last.version and opened.application == last.application:
                return  # our own save coming back: the widgets already show it
            self._follow(opened)  # another notebook's change to the application on screen
            return
        self.conflict = {}
        self.load(opened)

    def load(self, opened: Opened, *, keep_round: bool = False) -> None:
        """Show `opened` in the form (without saving anything), with any text the user typed
        that was not valid yet put back in its field."""
        app = opened.application
        self._loading = True
        try:
            self.title.value = (
                f"<h3 style='margin:0'>{escape(app.candidate.name)} · {escape(app.company)} · "
                f"{escape(app.role)}</h3>"
            )
            for spec in CANDIDATE_FIELDS:
                value = get_path(app.model_dump(exclude={"rounds", "events"}), spec.key)
                self._candidate_fields[spec.key].widget.value = spec.to_widget(value)
            if self.zone.widget.value not in ZONES:
                self.zone.widget.value = "Europe/London"
            count = max(len(app.rounds), 1)
            self.round_picker.options = [
                (f"Round {r.number}", i) for i, r in enumerate(app.rounds)
            ] or [("Round 1", 0)]
            index = min(self.round_index, count - 1) if keep_round else count - 1
            self.round_index = index
            self.round_picker.value = index
            self._load_round(app.rounds[index] if app.rounds else None, app)
        finally:
            self._loading = False
        self.last_saved = opened
        self._show_save_state(opened)
        self.message.value = ""
        self._restore_pending(opened)

    def _show_save_state(self, opened: Opened) -> None:
        when = (
            f"Saved {opened.saved_at.astimezone(self.session.zone()):%H:%M} · "
            if opened.saved_at
            else ""
        )
        self.save_state.value = (
            f"<small>{escape(when)}version {opened.version} · application {opened.id}</small>"
        )

    def _load_round(self, rnd: Round | None, app: Application) -> None:
        zone = app.candidate.zone
        if rnd is None:
            today = self.session.clock().astimezone(zone).date()
            rnd_values: dict[str, Any] = {"interviewers": ()}
            self.day.widget.value = today
            self.start.widget.value, self.end.widget.value = time(10, 0), time(11, 0)
            self.decision.widget.value = None
            self.decision_unknown.widget.value = True
        else:
            rnd_values = rnd.model_dump()
            start, end = rnd.start.astimezone(zone), rnd.end.astimezone(zone)
            self.day.widget.value = start.date()
            self.start.widget.value = start.time().replace(tzinfo=None)
            self.end.widget.value = end.time().replace(tzinfo=None)
            self.decision.widget.value = rnd.decision_expected
            self.decision_unknown.widget.value = rnd.decision_expected is None
        for spec in ROUND_FIELDS:
            value = rnd_values.get(spec.key, spec.default)
            self._simple_round_fields[spec.key].widget.value = spec.to_widget(value)
        self.interviewer_rows = []
        for person in rnd_values.get("interviewers", ()):
            self._new_row().load(person)
        self._show_rows()
        names = self._interviewer_names()
        self.concern_list.load(rnd_values.get("concerns", ()), names)
        self.slip_list.load(rnd_values.get("slips", ()), names)

    def _restore_pending(self, opened: Opened) -> None:
        """Put back text typed earlier that did not validate yet, with its message."""
        pending = self.session.pending_values(opened.id)
        # A new interviewer typed before they had a valid name was not saved as a row: give
        # their typed text its row back.
        rows = [
            int(m.group(2))
            for loc in pending
            if (m := _ROW_INDEX.match(loc)) and m.group(1) == f"{self._prefix()}.interviewers"
        ]
        if rows and max(rows) >= len(self.interviewer_rows):
            self._loading = True
            try:
                while len(self.interviewer_rows) <= max(rows):
                    self._new_row()
            finally:
                self._loading = False
            self._show_rows()
        fields = self._field_map()
        self.held = {}
        self._loading = True
        try:
            for location, (text, message) in pending.items():
                if location not in fields:
                    continue  # another round's field: it comes back when that round is shown
                spec, field = fields[location]
                if spec is None or not spec.typed:
                    continue
                field.widget.value = text
                self.held[location] = message
        finally:
            self._loading = False
        self._show_problems({loc: [msg] for loc, msg in self.held.items()})
        if self.held:
            self.message.value = message_html(
                "Not saved yet: the fields marked in red still hold what you typed.", "info"
            )

    # -- editing -----------------------------------------------------------------------------
    def _new_row(self) -> InterviewerRow:
        row = InterviewerRow(self._changed_now, self.remove_interviewer)
        self.interviewer_rows.append(row)
        return row

    def _show_rows(self) -> None:
        self.interviewer_box.children = tuple(r.box for r in self.interviewer_rows)

    def add_interviewer(self, **values: Any) -> InterviewerRow:
        """Add an interviewer row (filled with `values` if given)."""
        row = self._new_row()
        if values:
            was, self._loading = self._loading, True
            try:
                row.load(values)
            finally:
                self._loading = was
        self._show_rows()
        if values:
            self._changed()
        return row

    def remove_interviewer(self, row: InterviewerRow) -> None:
        self.interviewer_rows.remove(row)
        self._show_rows()
        self._changed()

    def _pick_round(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.flush()
        self.round_index = int(change["new"])
        app = self.session.current.application
        self._loading = True
        try:
            self._load_round(
                app.rounds[self.round_index] if self.round_index < len(app.rounds) else None, app
            )
        finally:
            self._loading = False
        self._restore_pending(self.session.current)

    def _add_round(self, _button: Any = None) -> None:
        app = self.session.current.application
        if not app.rounds:
            self.message.value = message_html("Fill in round 1 first.", "info")
            return
        self.flush()
        last = app.rounds[-1]
        self._loading = True
        try:
            self.round_index = len(app.rounds)
            self.round_picker.options = [
                *self.round_picker.options,
                (f"Round {last.number + 1}", self.round_index),
            ]
            self.round_picker.value = self.round_index
            self._load_round(None, app)
            self.day.widget.value = last.start.astimezone(app.candidate.zone).date() + timedelta(
                days=7
            )
        finally:
            self._loading = False
        self.message.value = message_html(
            "Round added: fill in its day, times and interviewers.", "info"
        )

    def _changed(self, _change: Any = None) -> None:
        if self._loading or self._autosave is None:
            return
        self._autosave()

    def _interviewer_names(self) -> list[str]:
        return [row.name.widget.value for row in getattr(self, "interviewer_rows", [])]

    def _changed_now(self) -> None:
        if not self._loading:
            # An interviewer renamed, added or removed: the "raised by" ticks follow.
            names = self._interviewer_names()
            self.concern_list.set_names(names)
            self.slip_list.set_names(names)
        self._changed()

    def flush(self) -> None:
        """Save a pending autosave now."""
        if self._autosave is not None:
            self._autosave.flush()

    # -- values --------------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """The application as the form would save it (plain data in the model's shape)."""
        app = self.session.current.application
        base = self.last_saved.application if self.last_saved else app
        zone_name = self.zone.widget.value
        rounds = [r.model_dump() for r in base.rounds]
        number = (
            rounds[self.round_index - 1]["number"] + 1
            if self.round_index >= len(rounds) and rounds
            else (rounds[self.round_index]["number"] if rounds else 1)
        )
        this_round: dict[str, Any] = {
            "number": number,
            "start": _combine(self.day.widget.value, self.start.widget.value, zone_name),
            "end": _combine(self.day.widget.value, self.end.widget.value, zone_name),
            "interviewers": [r.values for r in self.interviewer_rows],
            "decision_expected": None
            if self.decision_unknown.widget.value
            else self.decision.widget.value,
        }
        for spec in ROUND_FIELDS:
            this_round[spec.key] = spec.to_model(self._simple_round_fields[spec.key].widget.value)
        this_round["concerns"] = self.concern_list.values
        this_round["slips"] = self.slip_list.values
        this_round["mistake_to_correct"] = ""  # kept in step with `slips` by the model
        this_round["next_steps_asked"] = (
            this_round["next_steps_asked"] or not self.decision_unknown.widget.value
        )
        if self.round_index < len(rounds):
            rounds[self.round_index] = this_round
        else:
            rounds.append(this_round)
        doc: dict[str, Any] = {
            "candidate": {},
            "rounds": rounds,
            "events": [e.model_dump() for e in base.events],
            "notes": base.notes,
        }
        for spec in CANDIDATE_FIELDS:
            value = spec.to_model(self._candidate_fields[spec.key].widget.value)
            if spec.key.startswith("candidate."):
                doc["candidate"][spec.key.removeprefix("candidate.")] = value
            else:
                doc[spec.key] = value
        return doc

    def _base_doc(self) -> dict[str, Any]:
        assert self.last_saved is not None
        doc: dict[str, Any] = _plain(self.last_saved.application.model_dump())
        return doc

    def changed_fields(self) -> dict[str, Any]:
        """The fields whose value on screen differs from the version the form shows, with the
        value on screen (model shape)."""
        mine, base = _plain(self.values), self._base_doc()
        return {
            loc: get_path(mine, loc)
            for loc, _spec, _field in self.fields()
            if get_path(mine, loc) != get_path(base, loc)
        }

    # -- saving --------------------------------------------------------------------------------
    def _saveable(self) -> tuple[Application | None, dict[str, list[str]], dict[str, str]]:
        """The application with every valid field and the stored value for the others.

        Returns (application or None, problems by location, held-back field -> message)."""
        doc = self.values
        base = self._base_doc()
        fields = self._field_map()
        problems: dict[str, list[str]] = {}
        held: dict[str, str] = {}
        dropped: set[str] = set()

        def hold(location: str, message: str) -> bool:
            if location in held:
                return False
            held[location] = message
            _revert(doc, base, location, dropped)
            return True

        for location, (spec, field) in fields.items():
            too_long = spec.too_long(field.widget.value) if spec is not None else ""
            if too_long:
                problems.setdefault(location, []).append(too_long)
                hold(location, too_long)

        def with_rows_left_out() -> dict[str, str]:
            # A row left out (a new interviewer without a valid name) keeps all its typed text.
            for location, (spec, field) in fields.items():
                row = _ROW_INDEX.match(location)
                if (
                    row
                    and f"{row.group(1)}[{row.group(2)}]" in dropped
                    and spec is not None
                    and spec.typed
                    and field.widget.value
                    and location not in held
                ):
                    held[location] = "kept until this interviewer has a name"
            return held

        for _attempt in range(12):
            try:
                app = Application.parse(_without_dropped(doc, dropped))
                return app, problems, with_rows_left_out()
            except InvalidInputError as exc:
                progressed = False
                for problem in exc.problems:
                    where = _with_dropped(problem.location, dropped)
                    target = owner(where, [*fields, *self._scopes()])
                    messages = problems.setdefault(target, [])
                    if problem.message not in messages:
                        messages.append(problem.message)
                    if target in fields:
                        progressed |= hold(target, problem.message)
                    else:  # a check across fields (end before start, a name twice)
                        mine = _plain(doc)
                        for location in fields:
                            if under(location, target) and get_path(mine, location) != get_path(
                                base, location
                            ):
                                progressed |= hold(location, problem.message)
                if not progressed:
                    return None, problems, with_rows_left_out()
        return None, problems, with_rows_left_out()

    def submit(self) -> Opened | None:
        """Save every valid field. Fields that do not validate keep their text (in the workbook,
        as pending values) and show their message; returns None when any field was held back."""
        if self.last_saved is None:
            return None
        app, problems, held = self._saveable()
        saved = self.last_saved
        if app is not None and app != self.last_saved.application:
            self._saving = True
            try:
                saved = self.session.save(app, base=self.last_saved)
            except StaleVersionError:
                self._saving = False
                self._follow(self.session.current, refused=True)
                return None
            finally:
                self._saving = False
            self.last_saved = saved
            if saved.application != app:
                self.load(saved, keep_round=True)  # another notebook's change was merged in
        self._keep_pending(held)
        self._show_problems(problems)
        self.show_warnings(saved.application)
        self._show_save_state(saved)
        self.input_tips.value = tips_html(tips_by_field(saved.application, self.round_index))
        if held or app is None:
            self.message.value = message_html(
                ("Saved the rest" + f" (version {saved.version}). " if saved.version else "")
                + "Not saved yet: the fields marked in red — your text is kept until you fix it."
            )
            return None
        if not self.conflict:
            self.message.value = message_html(f"Saved (version {saved.version}).", "ok")
        return saved

    def _keep_pending(self, held: dict[str, str]) -> None:
        assert self.last_saved is not None
        fields = self._field_map()
        keep: dict[str, tuple[str, str]] = {}
        for location, message in held.items():
            spec, field = fields[location]
            if spec is not None and spec.typed:
                keep[location] = (str(field.widget.value), message)
        prefix = self._prefix()
        shown = [loc for loc in fields if under(loc, prefix) or not loc.startswith("rounds[")]
        self.session.set_pending(self.last_saved.id, keep, scope=shown)
        self.held = dict(held)

    def _save_quietly(self) -> None:
        shows_errors(self._report)(self.submit)()

    # -- another notebook's change -------------------------------------------------------------
    def _follow(self, theirs: Opened, *, refused: bool = False) -> None:
        """Show `theirs` (a newer stored version) without losing or hiding the user's changes.

        Changes to fields the other side left alone are put back on screen and saved on top of
        their version; fields both changed differently show their value, with the user's value
        kept apart in the conflict box until they choose."""
        if self.last_saved is None:
            self.load(theirs)
            return
        mine = self.changed_fields()
        base = self._base_doc()
        their_doc = _plain(theirs.application.model_dump())
        rows_moved = len(get_path(their_doc, f"{self._prefix()}.interviewers", [])) != len(
            get_path(base, f"{self._prefix()}.interviewers", [])
        )
        # Values still set apart from an earlier conflict stay apart, against the newest value.
        clash = {loc: (v[0], get_path(their_doc, loc)) for loc, v in self.conflict.items()}
        keep: dict[str, Any] = {}
        for location, value in mine.items():
            theirs_value = get_path(their_doc, location)
            they_changed = theirs_value != get_path(base, location)
            row_field = ".interviewers[" in location
            if (they_changed and theirs_value != value) or (row_field and rows_moved):
                clash[location] = (value, theirs_value)
            elif not they_changed:
                keep[location] = value
        self.load(theirs, keep_round=True)
        self._loading = True
        try:
            for location, value in keep.items():
                self._set(location, value)
        finally:
            self._loading = False
        self.conflict = {loc: v for loc, v in clash.items() if v[0] != v[1]}
        self._show_conflict(theirs, refused=refused)
        if keep:
            self._saving = False
            self.submit()

    def _set(self, location: str, value: Any) -> bool:
        """Put a model value back into the widget for `location` (False when it is not shown)."""
        fields = self._field_map()
        if location not in fields:
            return False
        spec, field = fields[location]
        if spec is not None:
            field.widget.value = spec.to_widget(value)
            return True
        zone = self.session.current.application.candidate.zone
        key = location.rsplit(".", 1)[-1]
        if key == "decision_expected":
            self.decision_unknown.widget.value = value is None
            self.decision.widget.value = value
        elif isinstance(value, datetime):
            local = value.astimezone(zone)
            self.day.widget.value = local.date()
            (self.start if key == "start" else self.end).widget.value = local.time().replace(
                tzinfo=None
            )
        return True

    def _show_conflict(self, theirs: Opened, *, refused: bool) -> None:
        if not self.conflict:
            self.conflict_box.layout.display = "none"
            self.conflict_message.value = ""
            if refused:
                self.message.value = message_html(
                    f"Someone saved this application elsewhere (now version {theirs.version}); "
                    "their change and yours are both kept.",
                    "info",
                )
            return
        labels = {loc: _label(loc, spec, field) for loc, spec, field in self.fields()}
        items = "".join(
            f"<li><b>{escape(labels.get(loc, loc))}</b>: yours “{escape(_shown(mine))}”, "
            f"now stored “{escape(_shown(stored))}”</li>"
            for loc, (mine, stored) in self.conflict.items()
        )
        self.conflict_message.value = (
            "<div style='color:#7A5A00'><b>This application was changed in another tab or "
            f"notebook</b> (now version {theirs.version}). The form shows their version. Your "
            "unsaved values are kept here until you choose:"
            f"<ul style='margin:2px 0'>{items}</ul></div>"
        )
        self.conflict_box.layout.display = "flex"
        self.message.value = message_html(
            "Not saved: choose “Load their version” or “Keep mine” above.", "info"
        )

    def take_theirs(self) -> None:
        """Drop the user's values that clashed; the form already shows the stored ones."""
        self.conflict = {}
        self._show_conflict(self.session.current, refused=False)
        self.message.value = message_html("Showing their version; yours was set aside.", "info")

    def take_mine(self) -> Opened | None:
        """Save the user's values on top of the stored version, only for the fields they changed."""
        mine = {loc: value for loc, (value, _theirs) in self.conflict.items()}
        self.conflict = {}
        self._show_conflict(self.session.current, refused=False)
        self._loading = True
        try:
            for location, value in mine.items():
                self._set(location, value)
        finally:
            self._loading = False
        return self.submit()

    # -- problems ------------------------------------------------------------------------------
    def _show_problems(self, problems: dict[str, list[str]]) -> None:
        fields = self._field_map()
        for location, (_spec, field) in fields.items():
            text = " ".join(problems.get(location, []))
            field.show(text)
            _outline(field, bool(text))
        prefix = self._prefix()
        self.round_message.value = message_html(" ".join(problems.get(prefix, [])))
        for i, row in enumerate(self.interviewer_rows):
            row.message.value = message_html(
                " ".join(problems.get(f"{prefix}.interviewers[{i}]", []))
            )
        self.concern_list.show(problems, f"{prefix}.concerns")
        self.slip_list.show(problems, f"{prefix}.slips")
        rest = [m for loc, ms in problems.items() if not loc for m in ms]
        if rest:
            self.message.value = message_html("Not saved yet: " + " ".join(rest))

    def show_warnings(self, app: Application) -> None:
        """Plan warnings (an old interview date, a region nobody chose) beside their field, in
        the information colour: the application is saved, but worth a second look."""
        fields: dict[str, Field] = {
            **self._candidate_fields,
            f"rounds[{self.round_index}].start": self.day,
        }
        for problem in plan_warnings(app, self.session.clock()):
            field = fields.get(problem.location)
            if field is not None and not field.message.value:
                field.message.value = message_html(problem.message, "info")

    def show_problems(self, error: InvalidInputError | None) -> None:
        """Show an error's problems beside their fields (None clears them)."""
        grouped: dict[str, list[str]] = {}
        if error is not None:
            targets = [*self._field_map(), *self._scopes()]
            for problem in error.problems:
                grouped.setdefault(owner(problem.location, targets), []).append(problem.message)
        self._show_problems(grouped)

    def problems(self) -> dict[str, str]:
        """The messages currently shown, by field (for tests and notebooks)."""
        shown: dict[str, str] = {}
        for key, field in {
            **self._candidate_fields,
            **{f"round.{k}": f for k, f in self._round_fields.items()},
        }.items():
            if field.message.value:
                shown[key] = _strip(field.message.value)
        for i, row in enumerate(self.interviewer_rows):
            for spec in INTERVIEWER_FIELDS:
                field = row.by_key[spec.key]
                if field.message.value:
                    shown[f"interviewer[{i}].{spec.key}"] = _strip(field.message.value)
            if row.message.value:
                shown[f"interviewer[{i}]"] = _strip(row.message.value)
        if self.round_message.value:
            shown["round"] = _strip(self.round_message.value)
        return shown

    def summary(self) -> str:
        """What the form holds, in a few lines (printed under the widget in notebooks)."""
        v = self.values
        r = v["rounds"][self.round_index]
        people = (
            ", ".join(
                f"{p['name']} ({p['preferred_channel'] or 'not asked yet'})"
                for p in r["interviewers"]
            )
            or "none yet"
        )
        decision = (
            r["decision_expected"].isoformat() if r["decision_expected"] else "they did not say"
        )
        return (
            f"{v['candidate']['name']} · {v['company']} · {v['role']}\n"
            f"Round {r['number']}: {r['start']:%a %d %b %Y %H:%M}–{r['end']:%H:%M} "
            f"{v['candidate']['time_zone']}, {r['format']}\n"
            f"Decision by: {decision}\n"
            f"Interviewers: {people}"
        )


def _combine(day: date | None, at: time | None, zone: str) -> datetime | None:
    if day is None or at is None:
        return None  # the model then says which field is missing
    return localize(datetime.combine(day, at), zone)


def _plain(value: Any) -> Any:
    """Model data with tuples as lists and enums as their values, so the form's values and a
    stored application's dump compare equal when they mean the same."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _revert(doc: dict[str, Any], base: dict[str, Any], location: str, dropped: set[str]) -> None:
    """Put the stored value back at `location` in `doc` (the typed value is held back). A new
    interviewer without a valid name, or a new round with invalid times, is left out for now."""
    stored = get_path(base, location, _MISSING)
    if stored is not _MISSING:
        set_path(doc, location, deepcopy(stored))
        return
    row = _ROW_INDEX.match(location)
    item = _ITEM_INDEX.match(location)
    key = location.rsplit(".", 1)[-1]
    if row and key in INTERVIEWER_DEFAULTS:
        set_path(doc, location, deepcopy(INTERVIEWER_DEFAULTS[key]))
    elif row:
        dropped.add(f"{row.group(1)}[{row.group(2)}]")
    elif item:  # a new concern or slip that is not valid yet: left out, its text held
        dropped.add(f"{item.group(1)}[{item.group(2)}]")
    elif location.startswith("rounds["):
        dropped.add(location.split(".", 1)[0])


_MISSING = object()


def _without_dropped(doc: dict[str, Any], dropped: set[str]) -> dict[str, Any]:
    if not dropped:
        return doc
    out = deepcopy(doc)
    for location in sorted(dropped, key=lambda loc: -int(re.findall(r"\d+", loc)[-1])):
        parent, index = location.rsplit("[", 1)
        items = get_path(out, parent)
        if isinstance(items, list) and int(index[:-1]) < len(items):
            del items[int(index[:-1])]
    return out


def _with_dropped(location: str, dropped: set[str]) -> str:
    """Map a problem's location in the document without dropped rows back to the form's rows."""
    match = _ROW_INDEX.match(location)
    if not match or not dropped:
        return location
    gone = sorted(
        int(d.rsplit("[", 1)[1][:-1]) for d in dropped if d.startswith(match.group(1) + "[")
    )
    index = int(match.group(2))
    for g in gone:
        if g <= index:
            index += 1
    return f"{match.group(1)}[{index}]" + location[match.end() :]


def _outline(field: Field, invalid: bool) -> None:
    if invalid:
        field.widget.add_class("fk-invalid")
    else:
        field.widget.remove_class("fk-invalid")
    if hasattr(field.widget.layout, "border"):
        field.widget.layout.border = _INVALID_BORDER if invalid else None


def _label(location: str, spec: FieldSpec | None, field: Field) -> str:
    row = _ROW_INDEX.match(location)
    name = spec.label if spec is not None else location.rsplit(".", 1)[-1].replace("_", " ")
    return f"Interviewer {int(row.group(2)) + 1}: {name}" if row else name


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "(empty)"
    if isinstance(value, datetime):
        return f"{value:%a %d %b %Y %H:%M}"
    return str(value)


def _strip(html_text: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_text))
