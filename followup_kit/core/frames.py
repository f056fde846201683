"""Plans as pandas DataFrames with typed columns (categoricals for the closed vocabularies)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

import pandas as pd

from followup_kit.core.vocabulary import ActionKind, ActionStatus, Channel, Stage

if TYPE_CHECKING:
    from followup_kit.core.plan import Action, Plan

__all__ = ["PLAN_COLUMNS", "action_rows", "plan_frame", "typed_frame"]

PLAN_COLUMNS = (
    "id",
    "kind",
    "round",
    "recipient",
    "channel",
    "opens",
    "due",
    "latest",
    "status",
    "late",
    "flags",
    "rules",
    "why",
    "sequence",
    "done_at",
)

_CATEGORIES: dict[str, list[str]] = {
    "kind": [k.value for k in ActionKind],
    "status": [s.value for s in ActionStatus],
    "channel": [c.value for c in Channel],
    "stage": [s.value for s in Stage],
}
_TIMES = ("opens", "due", "latest", "done_at", "next_due")


def action_rows(actions: Iterable[Action]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "kind": a.kind.value,
            "round": a.round,
            "recipient": a.recipient,
            "channel": a.channel.value if a.channel else None,
            "opens": a.opens,
            "due": a.due,
            "latest": a.latest,
            "status": a.status.value,
            "late": a.late,
            "flags": ", ".join(sorted(f.value for f in a.flags)),
            "rules": ", ".join(a.rules),
            "why": a.why,
            "sequence": a.sequence,
            "done_at": a.done_at,
        }
        for a in actions
    ]


def typed_frame(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], zone: tzinfo
) -> pd.DataFrame:
    """A DataFrame with the kit's dtypes: categoricals, nullable ints, aware datetimes."""
    frame = pd.DataFrame.from_records(list(rows), columns=list(columns))
    for name in frame.columns:
        if name in _CATEGORIES:
            frame[name] = pd.Categorical(frame[name], categories=_CATEGORIES[name])
        elif name in _TIMES:
            frame[name] = pd.to_datetime(frame[name], utc=True).dt.tz_convert(zone)
        elif name in ("round", "sequence", "overdue"):
            frame[name] = frame[name].astype("Int64")
        elif name == "late":
            frame[name] = frame[name].astype(bool)
        else:
            frame[name] = frame[name].astype("string")
    return frame


def plan_frame(plan: Plan) -> pd.DataFrame:
    """One row per action of `plan`, times in the candidate's zone."""
    return typed_frame(action_rows(plan.actions), PLAN_COLUMNS, plan.application.candidate.zone)
