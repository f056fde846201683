"""Writing exports to disk: atomically, one file or a whole plan at once.

A file is written to a temporary name in the same folder, flushed to disk and then renamed
over the target with `os.replace`, which is atomic on the same file system: a reader (or a
crash) sees the old file or the new one, never half of one. If anything fails, the temporary
file is removed. `export_plan` renders every format in memory first, so a failing exporter
writes nothing at all.

A whole plan replaces the previous export as ONE step (see `export_folder`): the new set is
written into a fresh hidden sibling folder, which then takes the folder's place with one atomic
exchange of names. An interrupted export therefore leaves the old set whole, never a mix of old
and new files, and whatever an interrupted run left behind (hidden temporary files, hidden
sibling folders) is removed by the next export. Files are only ever created new (never opened
through an existing name), so a symbolic link planted where an export writes is replaced, never
followed.

Files are created readable by their owner only (0600): they hold a client's personal data.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from followup_kit.core.messages import Draft
from followup_kit.core.models import Application
from followup_kit.core.plan import Plan, build_plan
from followup_kit.core.policy import Policy
from followup_kit.core.vocabulary import Channel
from followup_kit.errors import InvalidInputError, Problem
from followup_kit.render.export.csv_table import to_csv
from followup_kit.render.export.document import drafts_by_action, plan_document
from followup_kit.render.export.eml import to_eml
from followup_kit.render.export.filenames import safe_stem
from followup_kit.render.export.html_page import chart_png, to_html
from followup_kit.render.export.ics import Reminder, to_ics
from followup_kit.render.export.markdown import to_markdown

__all__ = [
    "PLAN_SUFFIXES",
    "ExportedPlan",
    "export_folder",
    "export_plan",
    "plan_files",
    "save",
    "write_atomic",
]

PLAN_SUFFIXES = (".md", ".html", ".ics", ".csv", ".png")
_TEMP_SUFFIX = ".tmp"
# Hidden siblings of an export folder while it is being replaced: '.plans.export-k2j4' holds
# the new set until the exchange, '.plans.old-k2j4' the previous one until it is removed.
_STAGING = ".export-"
_RETIRED = ".old-"


def _fsync_folder(folder: Path) -> None:
    # The rename itself is only durable once the folder's entry is on disk (POSIX only).
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_temp(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path`; the caller renames or removes it."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept on success)
        mode="wb", dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, delete=False
    )
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _as_bytes(data: str | bytes) -> bytes:
    # Text is written exactly as rendered: no newline translation, always UTF-8.
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path` atomically; returns the path written."""
    return write_all({Path(path): data})[0]


def write_all(files: Mapping[Path, str | bytes]) -> list[Path]:
    """Write several files so that each one is complete or absent: every file goes to a
    temporary name first; only when all are written are they renamed into place."""
    temps: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, _as_bytes(data))
        for path, temp in temps.items():
            os.replace(temp, path)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)  # only left when something failed
    for folder in sorted({path.parent for path in files}):
        _fsync_folder(folder)
    return list(files)


def render(obj: Plan | Draft, suffix: str, **options: Any) -> str | bytes:
    """`obj` in the format its file suffix names (.md, .html, .ics, .csv, .png; .eml for an
    email draft)."""
    suffix = suffix.lower()
    if isinstance(obj, Draft):
        if suffix == ".eml":
            return to_eml(obj)
        expected = ".eml"
    else:
        exporters = {
            ".md": to_markdown,
            ".markdown": to_markdown,
            ".html": to_html,
            ".htm": to_html,
            ".ics": to_ics,
            ".csv": to_csv,
        }
        if suffix in exporters:
            return exporters[suffix](obj, **options)  # type: ignore[no-any-return, operator]
        if suffix == ".png":
            return chart_png(obj)
        expected = ", ".join(sorted({*exporters, ".png"}))
    raise InvalidInputError(
        [
            Problem(
                "path",
                f"{suffix or 'no suffix'!r} is not a format this can be saved as; expected "
                f"one of: {expected}",
                suffix,
            )
        ]
    )


def save(obj: Plan | Draft, path: str | os.PathLike[str], **options: Any) -> Path:
    """Save a plan (or an email draft) to `path` in the format its suffix names, atomically.

    `options` go to the exporter (e.g. ``bom=True`` for .csv, ``reminder=…`` for .ics)."""
    target = Path(path)
    return write_atomic(target, render(obj, target.suffix, **options))


@dataclass(frozen=True, slots=True)
class ExportedPlan:
    """What `export_plan` wrote: the plan files and one .eml per email draft; `missing` names
    each part that could not be made (e.g. the timeline chart), in words for the user."""

    folder: Path
    plan_files: tuple[Path, ...]
    emails: tuple[Path, ...]
    missing: tuple[str, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        return (*self.plan_files, *self.emails)


def plan_files(
    plan: Plan,
    *,
    client: str | None = None,
    drafts: Sequence[Draft] | None = None,
    reminder: Reminder | None = None,
    csv_bom: bool = True,
) -> dict[str, str | bytes]:
    """Every export of `plan`, by file name, rendered in memory (nothing is written).

    Names start with the client and company ('sam-okafor_acme-analytics.html'); `client`
    defaults to the candidate's name. The CSV carries a byte-order mark by default, because
    the people who open it mostly use Excel."""
    app = plan.application
    stem = safe_stem(client or app.candidate.name, app.company)
    chosen = list(drafts_by_action(plan, drafts).values())
    # A plan with no interview yet has nothing to draw: no timeline then.
    png = _chart_or_none(plan) if plan.application.rounds else None
    chart_name = f"{stem}-timeline.png" if png is not None else None
    files: dict[str, str | bytes] = {
        f"{stem}.md": to_markdown(plan, drafts=chosen, chart_file=chart_name),
        f"{stem}.html": to_html(plan, drafts=chosen, chart=png is not None, chart_png_bytes=png),
        f"{stem}.ics": to_ics(plan, drafts=chosen, reminder=reminder),
        f"{stem}.csv": to_csv(plan, drafts=chosen, bom=csv_bom),
    }
    if png is not None and chart_name is not None:
        files[chart_name] = png
    # Numbered as in the Markdown and HTML plan, so a file is easy to match to its step.
    index = {item.id: item.number for item in plan_document(plan, chosen).listed}
    for draft in chosen:
        if draft.channel is not Channel.EMAIL or draft.action_id not in index:
            continue
        # '…_03_thank-you_ana-ruiz.eml': the number is the action's place in the plan.
        what = safe_stem(
            f"{index[draft.action_id]:02d}", draft.kind.value, draft.recipient.name or "", limit=60
        )
        files[f"{stem}_{what}.eml"] = to_eml(draft)
    return files


CHART_MISSING = (
    "the timeline chart could not be drawn, so the plan files have no picture; every other "
    "file was written"
)


def _chart_or_none(plan: Plan) -> bytes | None:
    """The timeline PNG, or None when matplotlib cannot draw it: a chart is an illustration,
    and one name it cannot draw must not cost the client the plan, calendar and emails."""
    try:
        return chart_png(plan)
    except Exception:
        return None


def _ours(stem: str) -> re.Pattern[str]:
    """File names that belong to the export set of `stem` (and to no other client's)."""
    s = re.escape(stem)
    return re.compile(rf"^(?:{s}\.(?:md|html|ics|csv)|{s}-timeline\.png|{s}_\d{{2}}_[^/]*\.eml)$")


def _remove_leftovers(folder: Path) -> None:
    """Remove what interrupted exports left: hidden '.name.XXXX.tmp' files inside `folder`,
    and hidden '.folder.export-XXXX' / '.folder.old-XXXX' siblings beside it."""
    temp = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}" + re.escape(_TEMP_SUFFIX) + "$")
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in os.scandir(folder):
            if temp.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
    sibling = re.compile(
        "^"
        + re.escape("." + folder.name)
        + "(?:"
        + re.escape(_STAGING)
        + "|"
        + re.escape(_RETIRED)
        + r")[A-Za-z0-9_]+$"
    )
    with contextlib.suppress(FileNotFoundError):
        for entry in sorted(os.scandir(folder.parent), key=lambda e: e.name):
            if not (sibling.match(entry.name) and entry.is_dir(follow_symlinks=False)):
                continue
            if _RETIRED in entry.name and not os.path.lexists(folder):
                # Stopped between the two renames of a swap: this is the previous set.
                os.rename(entry.path, folder)
                continue
            shutil.rmtree(entry.path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names `a` and `b` in one atomic step (Linux renameat2); False where the
    system cannot, and the caller then renames twice."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _write_new(folder: Path, name: str, data: bytes) -> None:
    # O_EXCL|O_NOFOLLOW: a name that already exists (or is a link) is never written through.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(folder / name, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _file_by_file(
    target: Path,
    files: Mapping[str, bytes],
    existing: list[os.DirEntry[str]],
    mine: re.Pattern[str],
) -> Path:
    """The fallback where a folder cannot be swapped: each file is still replaced atomically
    (and never through a link), then the previous set's files the new set lacks are removed."""
    target.mkdir(parents=True, exist_ok=True)
    write_all({target / name: data for name, data in files.items()})
    for entry in existing:
        if mine.match(entry.name) and entry.name not in files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
    return target


def export_folder(folder: str | os.PathLike[str], files: Mapping[str, bytes], stem: str) -> Path:
    """Make `folder` hold `files` (by name) in place of its previous export set for `stem`,
    in one step. Other files in the folder (other clients' sets, the user's own files) are
    kept. Returns the folder's real path."""
    target = Path(folder).resolve()  # the user's chosen folder, wherever their links lead
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(target))
    existing = list(os.scandir(target)) if target.exists() else []
    mine = _ours(stem)
    if any(e.is_dir(follow_symlinks=False) for e in existing):
        # Sub-folders cannot be carried over by hard links: replace file by file instead.
        return _file_by_file(target, files, existing, mine)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{_STAGING}", dir=target.parent))
    except OSError:  # e.g. a folder the user may write in, inside one they may not
        return _file_by_file(target, files, existing, mine)
    try:
        for entry in existing:  # keep what is not ours: a second name, not a copy
            if not mine.match(entry.name) and entry.name not in files:
                os.link(entry.path, staging / entry.name, follow_symlinks=False)
    except OSError:  # a file system without hard links (FAT, some network shares)
        shutil.rmtree(staging, ignore_errors=True)
        return _file_by_file(target, files, existing, mine)
    try:
        for name, data in files.items():
            _write_new(staging, name, data)
        _fsync_folder(staging)
        if not target.exists():
            os.rename(staging, target)
        else:
            os.chmod(staging, stat.S_IMODE(target.stat().st_mode))
            if not _exchange(staging, target):
                retired = target.parent / f".{target.name}{_RETIRED}{staging.name[-8:]}"
                os.rename(target, retired)
                try:
                    os.rename(staging, target)
                except BaseException:
                    os.rename(retired, target)
                    raise
                staging = retired
            shutil.rmtree(staging, ignore_errors=True)  # now the previous set
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync_folder(target.parent)
    return target


def export_plan(
    application: Application,
    folder: str | os.PathLike[str],
    *,
    now: datetime,
    policy: Policy | None = None,
    client: str | None = None,
    drafts: Sequence[Draft] | None = None,
    reminder: Reminder | None = None,
) -> ExportedPlan:
    """Plan `application` at `now` and write every export into `folder` (created if needed):
    Markdown with its timeline PNG, a self-contained HTML page, a calendar, a CSV and one
    unsent .eml per email draft. All files are rendered before any is written, and the set
    replaces the previous one in a single step (`export_folder`)."""
    plan = build_plan(application, policy, now=now)
    files = plan_files(plan, client=client, drafts=drafts, reminder=reminder)
    target = Path(folder)
    stem = safe_stem(client or application.candidate.name, application.company)
    export_folder(target, {name: _as_bytes(data) for name, data in files.items()}, stem)
    written = [target / name for name in files]
    plan_paths = tuple(p for p in written if not p.name.endswith(".eml"))
    emails = tuple(p for p in written if p.name.endswith(".eml"))
    drew = not application.rounds or any(p.name.endswith("-timeline.png") for p in written)
    return ExportedPlan(target, plan_paths, emails, () if drew else (CHART_MISSING,))
