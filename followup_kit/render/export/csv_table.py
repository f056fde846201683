"""The plan as CSV for spreadsheets, safe to open in Excel, LibreOffice or Google Sheets.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and tab or
CR can smuggle one in), so such cells get a leading single quote, as OWASP's CSV-injection
guidance recommends: the text shows as typed and nothing is evaluated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from followup_kit.core.messages import Draft
from followup_kit.core.plan import Plan
from followup_kit.render.export.document import plan_document

__all__ = ["COLUMNS", "neutralise_cell", "to_csv"]

COLUMNS = (
    "due",
    "day",
    "status",
    "action",
    "recipient",
    "channel",
    "opens",
    "still_fine_until",
    "round",
    "notes",
    "why",
    "subject",
    "draft",
    "time_zone",
    "action_id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


def neutralise_cell(value: str) -> str:
    """`value` made inert for a spreadsheet: a leading quote when it could start a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(plan: Plan, *, drafts: Sequence[Draft] | None = None, bom: bool = False) -> str:
    """One row per action, times as 'YYYY-MM-DD HH:MM' in the candidate's zone (which
    spreadsheets read as dates). `bom=True` starts the text with a byte-order mark, which
    Excel needs to read UTF-8 (names with accents) correctly."""
    document = plan_document(plan, drafts)
    zone = plan.application.candidate.zone
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(COLUMNS)
    for item in document.items:
        action = item.action
        due = action.due.astimezone(zone)
        row = (
            f"{due:%Y-%m-%d %H:%M}",
            f"{due:%A}",
            item.status,
            item.title,
            item.recipient,
            item.channel,
            f"{action.opens.astimezone(zone):%Y-%m-%d %H:%M}",
            f"{action.latest.astimezone(zone):%Y-%m-%d %H:%M}",
            "" if action.round is None else str(action.round),
            "; ".join(item.notes),
            item.why,
            (item.draft.subject or "") if item.draft else "",
            item.draft.body if item.draft else "",
            document.zone,
            item.id,
        )
        writer.writerow([neutralise_cell(cell) for cell in row])
    return (BOM if bom else "") + buffer.getvalue()
