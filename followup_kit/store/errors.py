"""Errors that only the workbook raises (the kit's shared ones live in `followup_kit.errors`)."""

from __future__ import annotations

from followup_kit.errors import FollowupKitError

__all__ = [
    "DamagedRecordError",
    "UnknownRecordError",
    "WorkbookBusyError",
    "WorkbookDamagedError",
    "WorkbookReadOnlyError",
]


class WorkbookDamagedError(FollowupKitError):
    """The file at the workbook path is not a readable workbook; it was left untouched."""


class WorkbookBusyError(FollowupKitError):
    """Another notebook held the workbook for longer than the wait allows."""


class UnknownRecordError(FollowupKitError, LookupError):
    """A client or application id that is not in this workbook."""


class DamagedRecordError(WorkbookDamagedError):
    """One stored document failed its checksum: it is reported, never shown as data."""


class WorkbookReadOnlyError(FollowupKitError):
    """The workbook (or its folder) cannot be written; the file itself is intact."""
