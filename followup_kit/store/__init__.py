"""The workbook: a local SQLite store that autosaves every client, application and change.

Imports only the standard library, pydantic and the core (never ipywidgets or matplotlib).
"""

from followup_kit.store.errors import UnknownRecordError, WorkbookBusyError, WorkbookDamagedError
from followup_kit.store.location import default_workbook_path
from followup_kit.store.records import (
    ApplicationRecord,
    ClientRecord,
    HistoryEntry,
    ImportSummary,
    SavedApplication,
)
from followup_kit.store.sample import create_demo_workbook, sample_applications
from followup_kit.store.workbook import Workbook

__all__ = [
    "ApplicationRecord",
    "ClientRecord",
    "HistoryEntry",
    "ImportSummary",
    "SavedApplication",
    "UnknownRecordError",
    "Workbook",
    "WorkbookBusyError",
    "WorkbookDamagedError",
    "create_demo_workbook",
    "default_workbook_path",
    "sample_applications",
]
