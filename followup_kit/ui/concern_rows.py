"""The form's lists of concerns and slips, each with a tick per interviewer for who raised it.

Concerns and slips belong to the interviewers who raised them (only they hear the answer or
the correction), so each row carries a tick box per interviewer of the round. The ticks
follow the interviewer rows: when a name changes, the list is rebuilt keeping ticked names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as W

from followup_kit.ui.common import Field, message_html

__all__ = ["ConcernList", "RaisedByTicks", "SlipList"]

# (model key, label, placeholder, multiline, hint) for each text field of a row.
_CONCERN_FIELDS = (
    ("text", "Concern", "e.g. my three-month notice period", False, ""),
    (
        "answer",
        "What you would say now",
        "e.g. I have agreed with my employer that I can start in six weeks",
        True,
        "one or two sentences (S3)",
    ),
)
_SLIP_FIELDS = (
    ("question", "When they asked", "e.g. how I handle a failed data load", False, ""),
    ("missing", "You didn't mention", "e.g. that I wrote our runbook for failed loads", False, ""),
    (
        "point",
        "Why it matters",
        "e.g. it cut our recovery time from hours to minutes",
        True,
        "one sentence, no apology (R-C6)",
    ),
)


class RaisedByTicks:
    """A tick per interviewer of the round."""

    def __init__(self, on_change: Callable[[], None], css: str) -> None:
        self._on_change = on_change
        self._names: list[str] = []
        self._ticks: list[W.Checkbox] = []
        self.box = W.HBox(layout=W.Layout(flex_flow="row wrap"))
        self.box.add_class(css)

    @property
    def value(self) -> list[str]:
        return [name for name, tick in zip(self._names, self._ticks, strict=True) if tick.value]

    def set_names(self, names: Sequence[str], ticked: Sequence[str] | None = None) -> None:
        """Show one tick per name; keep the ticks of names still present."""
        keep = {n.casefold() for n in (self.value if ticked is None else ticked)}
        self._names = [n for n in names if n.strip()]
        self._ticks = [
            W.Checkbox(description=name, value=name.casefold() in keep, indent=False)
            for name in self._names
        ]
        for tick in self._ticks:
            tick.observe(lambda _change: self._on_change(), names="value")
        self.box.children = tuple(self._ticks) or (W.HTML("<i>add the interviewers first</i>"),)


class _Row:
    def __init__(
        self,
        fields: tuple[tuple[str, str, str, bool, str], ...],
        css: str,
        on_change: Callable[[], None],
        on_remove: Callable[[_Row], None],
    ) -> None:
        self.fields: dict[str, Field] = {}
        for key, label, placeholder, multiline, hint in fields:
            widget = (
                W.Textarea(placeholder=placeholder, rows=2, continuous_update=False)
                if multiline
                else W.Text(placeholder=placeholder, continuous_update=False)
            )
            widget.observe(lambda _change: on_change(), names="value")
            self.fields[key] = Field(label, widget, f"{css}-{key}", hint=hint)
        self.ticks = RaisedByTicks(on_change, f"{css}-raised-by")
        self.ticks_message = W.HTML()
        remove = W.Button(description="Remove", icon="trash")
        remove.on_click(lambda _: on_remove(self))
        self.box = W.VBox(
            [
                *(f.box for f in self.fields.values()),
                W.HBox(
                    [W.HTML("<b>Raised by</b>", layout=W.Layout(width="160px")), self.ticks.box]
                ),
                self.ticks_message,
                remove,
            ],
            layout=W.Layout(border="1px dashed #ccc", padding="4px", margin="2px 0"),
        )
        self.box.add_class(css)

    @property
    def values(self) -> dict[str, Any]:
        return {
            **{key: field.widget.value for key, field in self.fields.items()},
            "raised_by": self.ticks.value,
        }

    @property
    def empty(self) -> bool:
        return not any(str(f.widget.value).strip() for f in self.fields.values())

    def load(self, item: dict[str, Any], names: Sequence[str]) -> None:
        for key, field in self.fields.items():
            field.widget.value = str(item.get(key, "") or "")
        self.ticks.set_names(names, list(item.get("raised_by", ())))

    def show(self, problems: dict[str, list[str]], prefix: str) -> None:
        for key, field in self.fields.items():
            field.show(" ".join(problems.get(f"{prefix}.{key}", [])))
        self.ticks_message.value = message_html(
            " ".join([*problems.get(f"{prefix}.raised_by", []), *problems.get(prefix, [])])
        )


class _RowList:
    """Rows of one kind with an "Add" button; `values` leaves out rows left empty."""

    fields: tuple[tuple[str, str, str, bool, str], ...] = ()
    css = ""
    add_label = ""

    def __init__(self, on_change: Callable[[], None], names: Callable[[], list[str]]) -> None:
        self._on_change = on_change
        self._names = names
        self.rows: list[_Row] = []
        self.list_box = W.VBox()
        add = W.Button(description=self.add_label, icon="plus")
        add.add_class(f"{self.css}-add")
        add.on_click(lambda _: self.add())
        self.box = W.VBox([self.list_box, add])

    def _new_row(self) -> _Row:
        row = _Row(self.fields, self.css, self._on_change, self.remove)
        self.rows.append(row)
        return row

    def _show(self) -> None:
        self.list_box.children = tuple(r.box for r in self.rows)

    def add(self, **values: Any) -> _Row:
        row = self._new_row()
        row.load(values, self._names())
        self._show()
        if values:
            self._on_change()
        return row

    def remove(self, row: _Row) -> None:
        self.rows.remove(row)
        self._show()
        self._on_change()

    def load(self, items: Sequence[dict[str, Any]], names: Sequence[str]) -> None:
        self.rows = []
        for item in items:
            self._new_row().load(item, names)
        self._show()

    def set_names(self, names: Sequence[str]) -> None:
        for row in self.rows:
            row.ticks.set_names(names)

    @property
    def values(self) -> list[dict[str, Any]]:
        return [row.values for row in self.rows if not row.empty]

    def show(self, problems: dict[str, list[str]], prefix: str) -> None:
        filled = [row for row in self.rows if not row.empty]
        for index, row in enumerate(filled):
            row.show(problems, f"{prefix}[{index}]")


class ConcernList(_RowList):
    """Concerns raised, each with the answer you would give now and who raised it (S3)."""

    fields = _CONCERN_FIELDS
    css = "fk-concern"
    add_label = "Add a concern they raised"


class SlipList(_RowList):
    """Real slips to correct (R-C6): the question, what you left out, why it matters."""

    fields = _SLIP_FIELDS
    css = "fk-slip"
    add_label = "Add a slip to correct"
