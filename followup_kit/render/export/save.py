"""Writing exports to disk: atomically, one file or a whole plan at once.

A file is written to a temporary name in the same folder, flushed to disk and then renamed
over the target with `os.replace`, which is atomic on the same file system: a reader (or a
crash) sees the old file or the new one, never half of one. If anything fails, the temporary
file is removed. `export_plan` renders every format in memory first, so a failing exporter
writes nothing at all.

Files are created readable by their owner only (0600): they hold a client's personal data.
"""

from __future__ import annotations

import os
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

__all__ = ["PLAN_SUFFIXES", "ExportedPlan", "export_plan", "plan_files", "save", "write_atomic"]

PLAN_SUFFIXES = (".md", ".html", ".ics", ".csv", ".png")
_TEMP_SUFFIX = ".tmp"


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
    """What `export_plan` wrote: the plan files and one .eml per email draft."""

    folder: Path
    plan_files: tuple[Path, ...]
    emails: tuple[Path, ...]

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
    png = chart_png(plan) if plan.application.rounds else None
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
    unsent .eml per email draft. All files are rendered before any is written."""
    plan = build_plan(application, policy, now=now)
    files = plan_files(plan, client=client, drafts=drafts, reminder=reminder)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = write_all({target / name: data for name, data in files.items()})
    plan_paths = tuple(p for p in written if not p.name.endswith(".eml"))
    emails = tuple(p for p in written if p.name.endswith(".eml"))
    return ExportedPlan(target, plan_paths, emails)
