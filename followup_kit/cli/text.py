"""Plans and agendas as plain text for a terminal (readable at 100 columns, no colour codes)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import datetime, tzinfo
from types import SimpleNamespace

import pandas as pd

from followup_kit.core.messages import Finding, Level
from followup_kit.core.plan import Plan
from followup_kit.core.vocabulary import ActionKind, ActionStatus, Channel
from followup_kit.render.export.document import (
    action_title,
    fmt_moment,
    short_title,
)
from followup_kit.render.labels import STAGE as STAGE_LABELS
from followup_kit.render.labels import STATUS as STATUS_LABELS

__all__ = ["WIDTH", "agenda_text", "plan_text"]

WIDTH = 100
_WHEN = 19  # "Wed 14 Mar, 11:00" plus a gap
_STATUS = 18


def _short_moment(when: datetime, zone: tzinfo, year: int | None = None) -> str:
    """'Wed 4 Mar, 11:00'; with the year when it is not `year` (an old or far date)."""
    local = when.astimezone(zone)
    if year is not None and local.year != year:
        return f"{local:%a} {local.day} {local:%b} {local.year}, {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def _row(when: str, status: str, text: str, width: int) -> list[str]:
    indent = " " * (_WHEN + _STATUS)
    lines = textwrap.wrap(text, width=width - len(indent)) or [""]
    when = when if len(when) < _WHEN else f"{when} "  # a date with its year runs longer
    first = f"{when:<{_WHEN}}{status:<{_STATUS}}{lines[0]}"
    return [first, *(indent + line for line in lines[1:])]


def _context_lines(plan: Plan, width: int) -> list[str]:
    """Whose clock and calendar the plan uses, who gets the status checks, and any warning
    worth reading before trusting the dates (issue 13)."""
    app = plan.application
    lines = []
    if app.employer_time_zone or app.employer_country:
        place = " ".join(
            part
            for part in (
                app.employer_time_zone,
                "-".join(p for p in (app.employer_country, app.employer_subdivision) if p),
            )
            if part
        )
        lines.append(f"Employer's clock and calendar: {place}")
    checks = plan.of_kind(ActionKind.STATUS_CHECK)
    if checks and checks[-1].recipient:
        lines.append(f"Status checks go to: {checks[-1].recipient}")
    for note in plan.notes:
        lines += textwrap.wrap(f"Note: {note}", width=width, subsequent_indent="  ")
    return lines


def plan_text(plan: Plan, *, width: int = WIDTH, why: bool = True) -> str:
    """The plan as a table: due time, status, what to do (and why, wrapped underneath)."""
    app = plan.application
    zone = app.candidate.zone
    lines = [
        app.title,
        f"Plan as of {fmt_moment(plan.now, zone)} ({app.candidate.time_zone}) · "
        f"{STAGE_LABELS[plan.stage]}",
        "",
    ]
    context = _context_lines(plan, width)
    lines += [*context, ""] if context else []
    lines += [f"{'Due':<{_WHEN}}{'Status':<{_STATUS}}What to do", "-" * width]
    if not plan.actions:
        lines.append("Nothing to do yet: record an interview round to get a plan.")
    for action in plan.actions:
        status = STATUS_LABELS[action.status]
        if action.late:
            status += " (late)"
        due = _short_moment(action.due, zone, plan.now.astimezone(zone).year)
        lines += _row(due, status, action_title(action), width)
        if why and action.is_open:
            indent = " " * (_WHEN + _STATUS + 2)
            lines += textwrap.wrap(
                action.why, width=width, initial_indent=indent, subsequent_indent=indent
            )
    return "\n".join(lines) + "\n"


_TIP_MARK = {Level.ERROR: "!!", Level.WARNING: "! ", Level.TIP: "- "}


def input_tips_text(findings: Sequence[Finding], *, width: int = WIDTH) -> str:
    """`check_inputs` findings as a short list: what to add so the drafts can be personal."""
    if not findings:
        return ""
    lines = ["", "Worth adding before you draft (! matters, - a suggestion):"]
    for finding in findings:
        lines += textwrap.wrap(
            f"{finding.message} ({finding.rule})",
            width=width,
            initial_indent=f"  {_TIP_MARK[finding.level]} ",
            subsequent_indent="     ",
        )
    return "\n".join(lines) + "\n"


_BUCKET_TITLES = {"overdue": "Overdue", "today": "Due today", "this week": "Coming up"}


def agenda_text(
    frame: pd.DataFrame, *, now: datetime, days: int, zone: tzinfo, width: int = WIDTH
) -> str:
    """A coach's agenda (the frame from `followup_kit.core.agenda`) grouped by bucket."""
    today = now.astimezone(zone)
    lines = [
        f"Agenda for {today:%a} {today.day} {today:%b %Y}, {today:%H:%M} "
        f"({zone}), looking {days} day{'s' if days != 1 else ''} ahead",
        "",
    ]
    if frame.empty:
        lines.append("Nothing is overdue or due in this period.")
    for bucket, rows in frame.groupby("bucket", observed=True, sort=True):
        lines += ["", f"{_BUCKET_TITLES.get(str(bucket), str(bucket))} ({len(rows)})", "-" * width]
        for record in rows.to_dict("records"):
            row = SimpleNamespace(**{str(k): v for k, v in record.items()})
            who = f"{row.client} · {row.company}"
            channel = Channel(row.channel) if isinstance(row.channel, str) else None
            recipient = row.recipient if isinstance(row.recipient, str) else None
            what = short_title(ActionKind(row.kind), channel, recipient)
            status = STATUS_LABELS[ActionStatus(row.status)]
            if bool(row.late):
                status += " (late)"
            due: datetime = row.due.to_pydatetime()
            lines += _row(_short_moment(due, zone), status, f"{who}: {what}", width)
    problems = frame.attrs.get("problems", [])
    if problems:
        lines += ["", "Could not plan (fix these in the workbook):"]
        for problem in problems:
            lines += textwrap.wrap(
                str(problem), width=width, initial_indent="  ", subsequent_indent="    "
            )
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"
