"""What the workbook hands back: plain frozen records around the core's Application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_kit.core.models import Application

__all__ = [
    "ApplicationRecord",
    "BinEntry",
    "ClientRecord",
    "DamagedRecord",
    "DraftEdit",
    "HistoryEntry",
    "ImportSummary",
    "PendingValue",
    "SavedApplication",
    "VersionStamp",
]


@dataclass(frozen=True)
class ClientRecord:
    """A coach's client (the person whose applications the workbook tracks)."""

    id: int
    name: str
    email: str | None
    notes: str
    archived: bool = False
    sample: bool = False  # one of the sample clients (see Workbook.remove_sample_clients)


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
    archived: bool = False  # it or its client is archived (hidden from default listings)


@dataclass(frozen=True)
class HistoryEntry:
    """One version of an application: what changed, when, and the application as it was then."""

    application_id: int
    version: int
    at: datetime
    change: str  # created | saved | merged | event | undo | redo | restored | imported
    summary: str
    application: Application


@dataclass(frozen=True)
class ImportSummary:
    """How much an import added; `unchanged` counts applications already in the workbook."""

    clients: int
    applications: int
    unchanged: int
    draft_edits: int = 0  # hand-edited drafts added


@dataclass(frozen=True)
class DraftEdit:
    """The candidate's own wording of one draft (keyed by `core.draft_keys.draft_key`)."""

    body: str
    updated_at: datetime
    label: str = ""  # how the step was described when the edit was kept, to report an orphan


@dataclass(frozen=True)
class PendingValue:
    """A form value kept as typed because it does not validate yet, with its message."""

    text: str
    message: str
    updated_at: datetime


@dataclass(frozen=True)
class BinEntry:
    """A deleted client or application, restorable with `Workbook.restore_from_bin`."""

    kind: str  # "client" | "application"
    id: int
    name: str  # the client's name, or the application's title
    deleted_at: datetime
    client_id: int


@dataclass(frozen=True)
class VersionStamp:
    """An application's live version and when it was saved (cheap: no document is read)."""

    version: int
    saved_at: datetime


@dataclass(frozen=True)
class DamagedRecord:
    """A stored application that could not be shown (e.g. its checksum does not match)."""

    application_id: int
    client_name: str
    message: str
