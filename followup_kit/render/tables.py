"""Plans and agendas as tables: styled HTML for the notebooks, plain text for print and nbval.

Status is shown by colour *and* by word, so the table reads in grey print too. Colours follow
the Okabe–Ito palette used by the charts.
"""

from __future__ import annotations

from datetime import tzinfo
from html import escape

import pandas as pd
from pandas.io.formats.style_render import CSSDict

from followup_kit.core.plan import Action, Plan
from followup_kit.core.vocabulary import ActionKind, ActionStatus, Channel
from followup_kit.render.labels import CHANNEL, KIND, STATUS, when

__all__ = [
    "agenda_table_html",
    "checklist_html",
    "plan_frame_for_people",
    "plan_table_html",
    "plan_table_text",
]

# (background, text) per status; the text colour keeps a 4.5:1 contrast on the background.
_STATUS_STYLE: dict[str, tuple[str, str]] = {
    STATUS[ActionStatus.OVERDUE]: ("#F6C9AE", "#7A2E00"),  # vermillion tint
    STATUS[ActionStatus.DUE]: ("#F7D58A", "#5C4000"),  # orange tint
    STATUS[ActionStatus.UPCOMING]: ("#CFE3F1", "#00416A"),  # blue tint
    STATUS[ActionStatus.DONE]: ("#BFE6DA", "#00513B"),  # bluish-green tint
    STATUS[ActionStatus.CANCELLED]: ("#EEEEEE", "#555555"),
}
_TABLE_CSS: list[CSSDict] = [
    {"selector": "", "props": "border-collapse: collapse; font-size: 13px; width: 100%;"},
    {
        "selector": "th",
        "props": "text-align: left; padding: 4px 8px; border-bottom: 2px solid #444;",
    },
    {
        "selector": "td",
        "props": "padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top;",
    },
    {"selector": "td.col5", "props": "color: #444; font-size: 12px; max-width: 38em;"},
]


def _escaped(value: object) -> str:
    return escape(str(value))


def _what(action: Action) -> str:
    label = KIND[action.kind]
    if action.kind in (ActionKind.STATUS_CHECK, ActionKind.KEEP_WARM):
        label = f"{label} {action.sequence}"
    if action.late:
        label += " (late)"
    return label


def plan_frame_for_people(plan: Plan) -> pd.DataFrame:
    """The plan as a reader sees it: Due, What, For, How, Status, Why (strings)."""
    zone = plan.application.candidate.zone
    rows = [
        {
            "Due": when(a.due, zone, year=plan.now.astimezone(zone).year),
            "What": _what(a),
            "For": a.recipient or "you",
            "How": CHANNEL[a.channel] if a.channel else "",
            "Status": STATUS[a.status],
            "Why": a.why,
        }
        for a in plan.actions
    ]
    return pd.DataFrame(rows, columns=["Due", "What", "For", "How", "Status", "Why"])


def _status_css(value: object) -> str:
    background, ink = _STATUS_STYLE.get(str(value), ("#FFFFFF", "#222222"))
    return f"background-color: {background}; color: {ink}; font-weight: 600;"


def plan_table_html(plan: Plan, *, table_id: str = "plan") -> str:
    """The plan as a styled HTML table (escaped; deterministic ids for stable notebooks)."""
    frame = plan_frame_for_people(plan)
    if frame.empty:
        return "<p class='fk-empty'>Nothing planned yet: add the interview round and its interviewers.</p>"
    styler = (
        frame.style.hide(axis="index")
        .map(_status_css, subset=["Status"])
        .set_table_styles(_TABLE_CSS)
        .set_table_attributes('class="fk-plan"')
        .format(_escaped)
    )
    styler.set_uuid(table_id)
    return styler.to_html()


def plan_table_text(plan: Plan, *, why: bool = False) -> str:
    """A plain-text table of the plan (for print(), the CLI and notebook checks)."""
    frame = plan_frame_for_people(plan)
    if not why:
        frame = frame.drop(columns=["Why"])
    if frame.empty:
        return "(nothing planned yet)"
    return frame.to_string(index=False)


def checklist_html(actions: tuple[Action, ...], zone: tzinfo) -> str:
    """What to do today, as a checklist."""
    if not actions:
        return "<p class='fk-empty'>Nothing is due today.</p>"
    items = "".join(
        f"<li><b>{escape(_what(a))}</b>"
        f"{' for ' + escape(a.recipient) if a.recipient else ''}"
        f"{' by ' + escape(CHANNEL[a.channel]) if a.channel and a.channel is not Channel.IN_PERSON else ''}"
        f" <span style='color:#555'>(due {escape(when(a.due, zone))}, {escape(STATUS[a.status].lower())})</span></li>"
        for a in actions
    )
    return f"<ul class='fk-checklist' style='list-style: \"☐  \"'>{items}</ul>"


def agenda_table_html(frame: pd.DataFrame, *, table_id: str = "agenda") -> str:
    """The coach's agenda (from core.agenda) as a styled table grouped by bucket."""
    if frame.empty:
        return "<p class='fk-empty'>Nothing is overdue or due in this period.</p>"
    zone = frame["due"].dt.tz
    people = pd.DataFrame(
        {
            "When": frame["bucket"].astype(str),
            "Due": [when(d.to_pydatetime(), zone) for d in frame["due"]],
            "Client": frame["client"].astype(str),
            "Application": frame["company"].astype(str) + " · " + frame["role"].astype(str),
            "What": [KIND[ActionKind(k)] for k in frame["kind"]],
            "For": frame["recipient"].fillna("you").astype(str),
            "Status": [STATUS[ActionStatus(s)] for s in frame["status"]],
        }
    )
    styler = (
        people.style.hide(axis="index")
        .map(_status_css, subset=["Status"])
        .set_table_styles(_TABLE_CSS[:3])
        .set_table_attributes('class="fk-agenda"')
        .format(_escaped)
    )
    styler.set_uuid(table_id)
    return styler.to_html()
