"""What the workbook hands back: plain frozen records around the core's Application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_kit.core.models import Application

__all__ = ["ApplicationRecord", "ClientRecord", "HistoryEntry", "ImportSummary", "SavedApplication"]


@dataclass(frozen=True)
class ClientRecord:
    """A coach's client (the person whose applications the workbook tracks)."""

    id: int
    name: str
    email: str | None
    notes: str


@dataclass(frozen=True)
class SavedApplication:
    """The result of a write: pass `version` as `base_version` to the next save."""

    id: int
    version: int
    application: Application
    merged: bool = False  # True when another session's change was folded in (see merge.py)


@dataclass(frozen=True)
class ApplicationRecord:
    """One stored application as it stands now."""

    id: int
    client_id: int
    client_name: str
    version: int
    application: Application
    updated_at: datetime


@dataclass(frozen=True)
class HistoryEntry:
    """One version of an application: what changed, when, and the application as it was then."""

    application_id: int
    version: int
    at: datetime
    change: str  # created | saved | merged | event | undo | imported
    summary: str
    application: Application


@dataclass(frozen=True)
class ImportSummary:
    """How much an import added; `unchanged` counts applications already in the workbook."""

    clients: int
    applications: int
    unchanged: int
