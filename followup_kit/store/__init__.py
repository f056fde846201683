"""The workbook: a local SQLite store that autosaves every client, application and change.

Imports only the standard library, pydantic and the core (never ipywidgets or matplotlib).
"""

from followup_kit.store.backups import Restored, backup_now, daily_backup, restore_into
from followup_kit.store.errors import (
    DamagedRecordError,
    UnknownRecordError,
    WorkbookBusyError,
    WorkbookDamagedError,
    WorkbookReadOnlyError,
)
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
    "DamagedRecordError",
    "HistoryEntry",
    "ImportSummary",
    "Restored",
    "SavedApplication",
    "UnknownRecordError",
    "Workbook",
    "WorkbookBusyError",
    "WorkbookDamagedError",
    "WorkbookReadOnlyError",
    "backup_now",
    "create_demo_workbook",
    "daily_backup",
    "default_workbook_path",
    "restore_into",
    "sample_applications",
]
