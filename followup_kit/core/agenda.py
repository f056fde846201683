"""The coach's view across many applications: what is overdue, due today, due this week;
and one pipeline row per application (its stage and next step)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import pandas as pd

from followup_kit.core.frames import typed_frame
from followup_kit.core.models import Application
from followup_kit.core.plan import Plan, application_key, build_plan
from followup_kit.core.policy import Policy
from followup_kit.core.vocabulary import ActionStatus
from followup_kit.errors import InvalidInputError

__all__ = ["AGENDA_COLUMNS", "BUCKETS", "PIPELINE_COLUMNS", "agenda", "pipeline"]

BUCKETS = ("overdue", "today", "this week")
AGENDA_COLUMNS = (
    "bucket",
    "due",
    "client",
    "company",
    "role",
    "kind",
    "recipient",
    "channel",
    "status",
    "late",
    "why",
    "action_id",
    "application",
)
PIPELINE_COLUMNS = (
    "application",
    "client",
    "company",
    "role",
    "stage",
    "next_action",
    "next_recipient",
    "next_due",
    "overdue",
)

Applications = Mapping[str, Application] | Iterable[Application]


def _keyed(applications: Applications) -> list[tuple[str, Application]]:
    if isinstance(applications, Mapping):
        return sorted(applications.items())
    return [(application_key(app), app) for app in applications]


def _plans(
    applications: Applications, now: datetime, policy: Policy | None
) -> tuple[list[tuple[str, Plan]], list[str]]:
    """Plans for every application that can be planned; the others are reported, so one bad
    record never hides a whole caseload from the coach."""
    plans, problems = [], []
    for key, app in _keyed(applications):
        try:
            plans.append((key, build_plan(app, policy, now=now)))
        except InvalidInputError as exc:
            problems.append(f"{app.title}: {exc}")
        except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
            # Not a known input problem (e.g. a date so far out that the calendar overflows):
            # still only this application's, so it becomes its problem line, not the page's.
            problems.append(f"{app.title}: {_unplannable(exc)}")
    return plans, problems


def _unplannable(exc: Exception) -> str:
    if isinstance(exc, OverflowError) or "out of range" in str(exc):
        return (
            "could not be planned: one of its dates is too far in the past or future for "
            "the calendar; correct the dates of its rounds and events"
        )
    return f"could not be planned ({type(exc).__name__}: {exc}); correct it in the workbook"


def _rows_of(key: str, plan: Plan, build: Any, problems: list[str]) -> list[dict[str, Any]]:
    """`build(key, plan)`'s rows, or none and a problem line when that one plan breaks it."""
    try:
        rows: list[dict[str, Any]] = build(key, plan)
    except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
        problems.append(f"{plan.application.title}: {_unplannable(exc)}")
        return []
    return rows


def agenda(
    applications: Applications,
    now: datetime,
    days: int = 7,
    *,
    policy: Policy | None = None,
    tz: tzinfo = timezone.utc,
) -> pd.DataFrame:
    """Open actions across all applications that are overdue, due today or due within `days`.

    "Today" is the calendar day of `now` in `tz` (the coach's zone). Sorted by bucket (overdue
    first), then due time. Applications that cannot be planned are listed in
    ``frame.attrs["problems"]``.
    """
    if days < 0:
        raise InvalidInputError(f"days {days} is negative; expected 0 or more days ahead")
    today = now.astimezone(tz).date()
    horizon = now + timedelta(days=days)
    plans, problems = _plans(applications, now, policy)
    rows: list[dict[str, Any]] = []

    def build(key: str, plan: Plan) -> list[dict[str, Any]]:
        app = plan.application
        found: list[dict[str, Any]] = []
        for action in plan.actions:
            if not action.is_open:
                continue
            if action.lapsed_before(today, tz):
                continue  # the coach's list is for what still needs doing
            if action.status is ActionStatus.OVERDUE:
                bucket = "overdue"
            elif action.due.astimezone(tz).date() <= today:
                bucket = "today"
            elif action.due <= horizon:
                bucket = "this week"
            else:
                continue
            found.append(
                {
                    "bucket": bucket,
                    "due": action.due,
                    "client": app.candidate.name,
                    "company": app.company,
                    "role": app.role,
                    "kind": action.kind.value,
                    "recipient": action.recipient,
                    "channel": action.channel.value if action.channel else None,
                    "status": action.status.value,
                    "late": action.late,
                    "why": action.why,
                    "action_id": action.id,
                    "application": key,
                }
            )
        return found

    for key, plan in plans:
        rows += _rows_of(key, plan, build, problems)
    rows.sort(key=lambda r: (BUCKETS.index(r["bucket"]), r["due"], r["client"], r["action_id"]))
    frame = typed_frame(rows, AGENDA_COLUMNS, tz)
    frame["bucket"] = pd.Categorical(frame["bucket"], categories=list(BUCKETS), ordered=True)
    frame.attrs["problems"] = problems
    return frame


def pipeline(
    applications: Applications,
    now: datetime,
    *,
    policy: Policy | None = None,
    tz: tzinfo = timezone.utc,
) -> pd.DataFrame:
    """One row per application: its stage, next open action and how many are overdue.

    Sorted with the most urgent first (most overdue, then soonest next step)."""
    plans, problems = _plans(applications, now, policy)
    rows: list[dict[str, Any]] = []

    def build(key: str, plan: Plan) -> list[dict[str, Any]]:
        app = plan.application
        upcoming = plan.open_actions
        # The next step is the first one that still matters: an optional step whose day has
        # gone has lapsed (it stays in the plan, never at the head of the coach's pipeline).
        today = now.astimezone(tz).date()
        current = [a for a in upcoming if not a.lapsed_before(today, tz)]
        nxt = current[0] if current else None
        return [
            {
                "application": key,
                "client": app.candidate.name,
                "company": app.company,
                "role": app.role,
                "stage": plan.stage.value,
                "next_action": nxt.kind.value if nxt else None,
                "next_recipient": nxt.recipient if nxt else None,
                "next_due": nxt.due if nxt else None,
                "overdue": sum(a.status is ActionStatus.OVERDUE for a in upcoming),
            }
        ]

    for key, plan in plans:
        rows += _rows_of(key, plan, build, problems)
    far = datetime.max.replace(tzinfo=timezone.utc)
    rows.sort(key=lambda r: (-r["overdue"], r["next_due"] or far, r["client"], r["company"]))
    frame = typed_frame(rows, PIPELINE_COLUMNS, tz)
    frame["next_action"] = frame["next_action"].astype("string")
    frame.attrs["problems"] = problems
    return frame
