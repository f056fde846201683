"""The commands that read or keep the workbook itself: list, show, export-app, backup, restore,
and finding "APP" (a file, an application number or a client's name) for plan and export."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_kit.core.models import Application
from followup_kit.core.plan import build_plan
from followup_kit.core.serialization import dump_application, load_application
from followup_kit.errors import FollowupKitError

if TYPE_CHECKING:
    from followup_kit.store import Workbook

__all__ = [
    "MOST_FILE_BYTES",
    "add_commands",
    "application_argument",
    "read_application_arg",
    "read_application_file",
]

PROG = "followup-kit"


def _add_workbook(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workbook",
        type=Path,
        metavar="PATH",
        help="the workbook file (default: workbook.sqlite in FOLLOWUP_KIT_HOME or your data folder)",
    )


def application_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    """APP for plan and export: a file, or an application in the workbook."""
    parser.add_argument("app", metavar="APP", help=help_text)
    _add_workbook(parser)


def existing_workbook(path: Path | None) -> Path:
    """The workbook file to open (the default one unless --workbook), or a plain error."""
    from followup_kit.store import default_workbook_path

    where = path if path is not None else default_workbook_path()
    if not where.exists():
        raise FollowupKitError(
            f"there is no workbook at {str(where)!r}; create one with `{PROG} demo` or "
            f"`{PROG} lab`, or pass --workbook PATH"
        )
    if not where.is_file():
        what = "a folder" if where.is_dir() else "not a regular file"
        raise FollowupKitError(
            f"{str(where)!r} is {what}; expected a workbook file (workbook.sqlite)"
        )
    return where


def _open(path: Path | None) -> Workbook:
    from followup_kit.store import Workbook

    workbook = Workbook.open(existing_workbook(path))
    for warning in workbook.warnings:
        print(f"{PROG}: note: {warning}", file=sys.stderr)
    return workbook


# An application file is a few kB; the cap keeps /dev/zero or a huge file from being loaded.
MOST_FILE_BYTES = 10 * 1024 * 1024


def read_application_file(path: Path) -> Application:
    """The application in the file at `path`; the one way the command line reads a file."""
    try:
        with path.open("rb") as handle:
            # Read one byte past the cap: /dev/zero or a huge file is refused, never loaded.
            data = handle.read(MOST_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FollowupKitError(f"there is no file at {str(path)!r}") from None
    except IsADirectoryError:
        raise FollowupKitError(f"{str(path)!r} is a folder; expected an application file") from None
    except OSError as exc:
        raise FollowupKitError(f"{str(path)!r} cannot be read: {exc.strerror or exc}") from None
    if len(data) > MOST_FILE_BYTES:
        raise FollowupKitError(
            f"{str(path)!r} is larger than {MOST_FILE_BYTES // (1024 * 1024)} MB; expected an "
            "application file (a few kB of JSON)"
        )
    return load_application(data)


def _find(workbook: Workbook, text: str) -> tuple[int, str, int, Application]:
    """(number, client, version, application) for APP: a number, or a client's name."""
    from followup_kit.store import UnknownRecordError

    key = text.strip().removeprefix("#")
    if key.isdigit():
        try:
            record = workbook.application(int(key))
        except UnknownRecordError:
            raise FollowupKitError(
                f"there is no application {key} in {str(workbook.path)!r}; `{PROG} list` "
                "shows the numbers"
            ) from None
        return record.id, record.client_name, record.version, record.application
    records = workbook.applications(text, include_archived=True)
    if not records:
        raise FollowupKitError(
            f"{text!r} is neither a file nor an application number nor a client in "
            f"{str(workbook.path)!r}; `{PROG} list` shows what the workbook holds"
        )
    if len(records) > 1:
        which = ", ".join(
            f"{r.id} ({r.application.company} · {r.application.role})" for r in records
        )
        raise FollowupKitError(
            f"{records[0].client_name} has {len(records)} applications: {which}; give its number"
        )
    record = records[0]
    return record.id, record.client_name, record.version, record.application


def read_application_arg(args: argparse.Namespace) -> Application:
    """The application APP names: an existing file wins, else the workbook's application."""
    text: str = args.app
    path = Path(text).expanduser()
    if path.exists() or text.endswith(".json") or "/" in text:
        if not path.exists():
            raise FollowupKitError(f"there is no file at {text!r}")
        return read_application_file(path)
    with _open(args.workbook) as workbook:
        _, _, _, app = _find(workbook, text)
    return app


def _stage_label(app: Application, now: datetime) -> str:
    from followup_kit.render.labels import STAGE

    try:
        return STAGE[build_plan(app, now=now).stage]
    except Exception as exc:  # one application must not stop the listing
        return f"cannot be planned ({type(exc).__name__})"


def _cmd_list(args: argparse.Namespace) -> int:
    from followup_kit import clock
    from followup_kit.cli.text import workbook_list_text

    now = clock.now()
    with _open(args.workbook) as workbook:
        records = workbook.applications(include_archived=args.archived)
        rows = [
            (
                r.id,
                r.client_name,
                f"{r.application.company} · {r.application.role}",
                _stage_label(r.application, now),
                r.updated_at,
                r.archived,
            )
            for r in sorted(records, key=lambda r: r.id)
        ]
        problems = [(d.application_id, d.client_name, d.message) for d in workbook.damaged()]
    sys.stdout.write(workbook_list_text(rows, problems))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from followup_kit import clock
    from followup_kit.cli.text import application_text

    with _open(args.workbook) as workbook:
        number, client, version, app = _find(workbook, args.app)
        stamp = workbook.version_stamp(number)
        edits = workbook.draft_edits(number)
        pending = workbook.pending_values(number)
    sys.stdout.write(
        application_text(
            number, client, version, stamp.saved_at, app, stage=_stage_label(app, clock.now())
        )
    )
    sys.stdout.write(_kept_text(app, edits, pending))
    return 0


def _kept_text(app: Application, edits: dict[str, Any], pending: dict[str, Any]) -> str:
    """What else the workbook keeps for it: own wording of drafts (and which are for steps no
    longer planned), and values typed but not valid yet."""
    from followup_kit import clock
    from followup_kit.core.draft_keys import split_edits

    lines = []
    if edits:
        try:
            actions = build_plan(app, now=clock.now()).actions
        except Exception:  # a plan that cannot be built must not hide the edits
            actions = ()
        matched, orphans = split_edits(app, actions, edits)
        lines.append(f"Your own wording is kept for {len(matched)} planned step(s).")
        for key, edit in orphans.items():
            what = edit.label or key
            lines.append(f"  An edit for a step that is no longer planned ({what}): kept.")
    for location, value in pending.items():
        lines.append(f"Not saved yet, {location}: {value.text[:60]!r} ({value.message})")
    return "".join(line + "\n" for line in lines)


def _cmd_export_app(args: argparse.Namespace) -> int:
    with _open(args.workbook) as workbook:
        number, _, _, app = _find(workbook, args.app)
    target = Path(args.out) if args.out else Path(f"application-{number}.json")
    if target.is_dir():
        target = target / f"application-{number}.json"
    text = dump_application(app)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    try:
        # "x": never overwrite (and never follow a planted link) where the user did not ask.
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise FollowupKitError(
            f"{str(target)!r} already exists; give another file name (it is never overwritten)"
        ) from None
    except OSError as exc:
        raise FollowupKitError(f"could not write {str(target)!r}: {exc.strerror}") from None
    print(f"Wrote application {number} to {target}")
    print(f"Next: `{PROG} plan {target}` or `{PROG} export {target} --out FOLDER`.")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from followup_kit.store import backup_now

    with _open(args.workbook) as workbook:
        made = backup_now(workbook, args.path)
    print(f"Backed up the workbook to {made}")
    print(f"To go back to it later: `{PROG} restore {made}`")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from followup_kit.store import Workbook, restore_into

    with _open(args.workbook) as workbook:
        done = restore_into(workbook, args.file)
        where = workbook.path
    Workbook.open(where).close()  # an older backup is upgraded in place now
    print(f"Restored {done.source} into {where}.")
    print(f"The workbook as it was before is kept at {done.previous}")
    return 0


def add_commands(commands: Any) -> dict[str, Any]:
    """Add the workbook commands to the parser; returns their handlers by name."""
    listing = commands.add_parser(
        "list",
        help="list the applications in the workbook, with their numbers",
        description="List every application in the workbook: number, client, stage, company.",
    )
    _add_workbook(listing)
    listing.add_argument("--archived", action="store_true", help="include archived applications")

    show = commands.add_parser(
        "show",
        help="show one application from the workbook",
        description="Show one application: rounds, interviewers and what happened.",
    )
    show.add_argument("app", metavar="APP", help="an application number or a client's name")
    _add_workbook(show)

    export_app = commands.add_parser(
        "export-app",
        help="write one application from the workbook to an application file",
        description=(
            "Write one application to the file that `plan` and `export` read (never over an "
            "existing file)."
        ),
    )
    export_app.add_argument("app", metavar="APP", help="an application number or a client's name")
    export_app.add_argument(
        "--out", metavar="FILE", help="the file to write (default application-N.json; - prints)"
    )
    _add_workbook(export_app)

    backup = commands.add_parser(
        "backup",
        help="copy the workbook to a backup file",
        description=(
            "Copy the workbook, consistently even while a notebook is using it, to PATH (a new "
            "file or a folder); by default into the backups folder beside the workbook."
        ),
    )
    backup.add_argument("path", nargs="?", metavar="PATH", help="a new file, or a folder")
    _add_workbook(backup)

    restore = commands.add_parser(
        "restore",
        help="bring the workbook back to a backup (the current one is kept)",
        description=(
            "Replace the workbook's content with a backup. The workbook as it was is kept in "
            "the backups folder first, and its place is printed."
        ),
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup file")
    _add_workbook(restore)
    return {
        "list": _cmd_list,
        "show": _cmd_show,
        "export-app": _cmd_export_app,
        "backup": _cmd_backup,
        "restore": _cmd_restore,
    }
