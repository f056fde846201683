"""Every message the plan needs, editable, with the checks beside it; edits are kept."""

from __future__ import annotations

from html import escape

import ipywidgets as W

from followup_kit.core.checks import recheck
from followup_kit.core.messages import Draft, Level
from followup_kit.render.drafts import draft_plan
from followup_kit.render.labels import CHANNEL, KIND
from followup_kit.ui.common import Debouncer, message_html, shows_errors
from followup_kit.ui.session import OrphanEdit, Session

__all__ = ["DraftsView", "findings_html"]

# Seconds after the last keystroke before an edited draft is checked again and kept.
RECHECK_DELAY = 0.4
_ICON = {Level.ERROR: "✖", Level.WARNING: "⚠", Level.TIP: "💡"}
_COLOUR = {Level.ERROR: "#A63D00", Level.WARNING: "#7A5A00", Level.TIP: "#00507D"}


def findings_html(draft: Draft) -> str:
    if not draft.checks:
        return "<span style='color:#00613F'>✔ Reads well: no findings.</span>"
    items = "".join(
        f"<li style='color:{_COLOUR[f.level]}'>{_ICON[f.level]} {escape(f.message)} <small>({escape(f.rule)})</small></li>"
        for f in draft.checks
    )
    return f"<ul style='margin: 2px 0; padding-left: 18px'>{items}</ul>"


def draft_title(draft: Draft) -> str:
    who = draft.recipient.name or "your contact"
    label = KIND[draft.kind] + (f" {draft.sequence}" if draft.sequence > 1 else "")
    return f"{label} · {who} · {CHANNEL[draft.channel]}"


class _DraftEditor:
    def __init__(self, view: DraftsView, draft: Draft) -> None:
        self.view = view
        self.draft = draft
        head = [f"<b>To:</b> {escape(draft.recipient.name or 'your contact')}"]
        if draft.recipient.address:
            head.append(f" &lt;{escape(draft.recipient.address)}&gt;")
        if draft.subject:
            head.append(f"<br><b>Subject:</b> {escape(draft.subject)}")
        self.header = W.HTML("".join(head))
        lines = draft.body.count("\n") + 2
        self.text = W.Textarea(
            value=draft.body, rows=min(max(lines, 4), 18), layout=W.Layout(width="95%")
        )
        self.text.add_class("fk-draft-text")
        self.findings = W.HTML(findings_html(draft))
        self.findings.add_class("fk-draft-findings")
        self.reset = W.Button(description="Back to the suggested text", icon="undo")
        self.reset.on_click(lambda _: setattr(self.text, "value", self.view.suggested[self.key]))
        children: list[W.Widget] = [self.header, self.text, self.findings, self.reset]
        if draft.short_version:
            children.insert(
                3,
                W.HTML(
                    f"<b>Shorter version that fits the cap:</b><br>{escape(draft.short_version)}"
                ),
            )
        self.widget = W.VBox(children)
        # The checks run once typing pauses, not on every keystroke (issue 16.5).
        self.pending = Debouncer(RECHECK_DELAY, self._recheck)
        self.text.observe(lambda _change: self.pending(), names="value")

    @property
    def key(self) -> str:
        return self.draft.action_id or draft_title(self.draft)

    def _recheck(self) -> None:
        shows_errors(self.view.report)(self.view.edit_draft)(self.key, self.text.value)


class DraftsView:
    """One accordion section per message; editing a text re-runs its checks at once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.drafts: list[Draft] = []
        self.other_companies: tuple[str, ...] = ()
        self.suggested: dict[str, str] = {}
        self.editors: dict[str, _DraftEditor] = {}
        self.accordion = W.Accordion()
        self.accordion.add_class("fk-drafts")
        self.message = W.HTML()
        # Edits whose step is no longer planned (a round removed, a person taken off): shown
        # with their text so nothing the candidate wrote disappears.
        self.orphans: list[OrphanEdit] = []
        self.orphan_box = W.VBox()
        self.orphan_box.add_class("fk-orphan-edits")
        self.widget = W.VBox(
            [
                W.HTML("<h4 style='margin: 10px 0 4px'>Your messages</h4>"),
                self.message,
                self.accordion,
                self.orphan_box,
            ]
        )
        self.refresh = shows_errors(self.report)(self._refresh)
        session.on_change(lambda _opened: self.refresh())
        self.refresh()

    def report(self, text: str) -> None:
        self.message.value = message_html(text)

    def _other_companies(self) -> tuple[str, ...]:
        """The companies of this client's other applications: a note naming one of them is
        going to the wrong place."""
        current = self.session.current
        records = self.session.workbook.applications(current.client_id)
        return tuple(r.application.company for r in records if r.id != current.id)

    def _refresh(self) -> None:
        plan = self.session.plan()
        fresh = draft_plan(plan, policy=self.session.policy)
        edits = self.session.draft_edits()
        app = plan.application
        self.other_companies = self._other_companies()
        self.suggested = {(d.action_id or draft_title(d)): d.body for d in fresh}
        self.drafts = [
            recheck(
                d,
                edits[d.action_id],
                app,
                policy=self.session.policy,
                other_companies=self.other_companies,
            )
            if d.action_id in edits
            else d
            for d in fresh
        ]
        self.editors = {}
        children = []
        for draft in self.drafts:
            editor = _DraftEditor(self, draft)
            self.editors[editor.key] = editor
            children.append(editor.widget)
        self.accordion.children = tuple(children)
        for index, draft in enumerate(self.drafts):
            flag = " ✖" if draft.errors else (" ⚠" if draft.warnings else "")
            self.accordion.set_title(index, draft_title(draft) + flag)
        self.message.value = (
            "" if self.drafts else message_html("No messages to write right now.", "info")
        )
        self.orphans = self.session.orphan_edits()
        self.orphan_box.children = tuple(self._orphan_widget(o) for o in self.orphans)

    def _orphan_widget(self, orphan: OrphanEdit) -> W.Widget:
        what = f" ({orphan.label})" if orphan.label else ""
        text = W.Textarea(value=orphan.body, rows=4, disabled=True, layout=W.Layout(width="95%"))
        forget = W.Button(description="Forget this edit", icon="trash")
        forget.on_click(lambda _b: shows_errors(self.report)(self.forget_orphan)(orphan.key))
        box = W.VBox(
            [
                W.HTML(
                    f"<b>An edit for a step that is no longer planned</b>{escape(what)}<br>"
                    "<small>Kept so nothing you wrote is lost; copy what you need, then forget "
                    "it.</small>"
                ),
                text,
                forget,
            ],
            layout=W.Layout(border="1px dashed #7A5A00", padding="6px", margin="4px 0"),
        )
        box.add_class("fk-orphan-edit")
        return box

    def forget_orphan(self, key: str) -> None:
        self.session.forget_orphan_edit(key)
        self.refresh()

    def edit_draft(self, key: str, body: str) -> Draft:
        """Replace a draft's text (as if typed), keep it, and re-run its checks."""
        editor = self.editors[key]
        app = self.session.current.application
        draft = recheck(
            editor.draft,
            body,
            app,
            policy=self.session.policy,
            other_companies=self.other_companies,
        )
        editor.draft = draft
        editor.findings.value = findings_html(draft)
        self.drafts = [draft if (d.action_id or draft_title(d)) == key else d for d in self.drafts]
        if draft.action_id:
            self.session.keep_draft_edit(
                draft.action_id, None if body == self.suggested.get(key) else body
            )
        if editor.text.value != body:
            editor.text.value = body
        return draft

    def text(self) -> str:
        """Every draft with its findings, as plain text (printed under the widget)."""
        parts = []
        for draft in self.drafts:
            lines = [f"## {draft_title(draft)}"]
            if draft.subject:
                lines.append(f"Subject: {draft.subject}")
            lines.append(draft.body)
            lines += [f"  - {f}" for f in draft.checks] or ["  (no findings)"]
            parts.append("\n".join(lines))
        for orphan in self.orphans:
            what = f" ({orphan.label})" if orphan.label else ""
            parts.append(f"## An edit for a step that is no longer planned{what}\n{orphan.body}")
        return "\n\n".join(parts) or "(no messages right now)"
