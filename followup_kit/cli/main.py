"""The `followup-kit` command: a thin layer that parses arguments and calls the library.

Exit codes: 0 done, 1 the input (a file, a workbook, a folder) could not be used, 2 the
command line itself was wrong. Errors are one or more plain sentences on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_kit import clock
from followup_kit.cli import lab
from followup_kit.cli.text import agenda_text, input_tips_text, plan_text
from followup_kit.core.agenda import agenda
from followup_kit.core.checks import check_inputs
from followup_kit.core.messages import Level
from followup_kit.core.models import Application
from followup_kit.core.plan import build_plan
from followup_kit.core.serialization import load_application
from followup_kit.errors import FollowupKitError

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
PROG = "followup-kit"

DESCRIPTION = """\
Plan the follow-up after a job interview: when to thank each interviewer, when to
ask for news and when to stop, with drafted messages for every step."""

EPILOG = f"""\
examples:
  {PROG} demo                         create a workbook with sample clients to try things on
  {PROG} lab                          open the workbook notebooks in JupyterLab
  {PROG} agenda --days 3              what is overdue, due today and in the next 3 days
  {PROG} plan sam.json                the plan for one application, in the terminal
  {PROG} export sam.json --out plans  the plan as HTML, Markdown, calendar, CSV and emails

An application file is the JSON a workbook exports for one application. Every command
that plans takes --now (an ISO time such as 2026-03-10T09:00:00+00:00) to see the plan
as it stood or will stand then; by default it is the current time, or FOLLOWUP_KIT_NOW
when that is set."""


class _Parser(argparse.ArgumentParser):
    """argparse with the kit's wording for a missing or unknown command."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {PROG} --help)\n")


def _iso_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO time; expected e.g. 2026-03-10T09:00:00+00:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time zone; expected an IANA name such as Europe/London"
        ) from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days; expected 0 or more")
    return value


def _clock_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time of day; expected e.g. 08:30"
        ) from None


def _add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        type=_iso_time,
        metavar="ISO",
        help="plan as of this time (default: now, or FOLLOWUP_KIT_NOW)",
    )


def _add_workbook(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workbook",
        type=Path,
        metavar="PATH",
        help="the workbook file (default: workbook.sqlite in FOLLOWUP_KIT_HOME or your data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    plan = commands.add_parser(
        "plan",
        help="print the follow-up plan for one application file",
        description="Print the follow-up plan for one application: what to do, when and why.",
    )
    plan.add_argument("file", type=Path, metavar="FILE.json", help="an application file")
    _add_now(plan)
    plan.add_argument("--no-why", action="store_true", help="leave out the reason under each step")

    export = commands.add_parser(
        "export",
        help="write the plan as HTML, Markdown, calendar, CSV and email drafts",
        description=(
            "Write the plan for one application into a folder: a printable HTML page, "
            "Markdown with its timeline chart, a calendar file with reminders, a CSV for "
            "spreadsheets and one unsent email (.eml) per drafted email."
        ),
    )
    export.add_argument("file", type=Path, metavar="FILE.json", help="an application file")
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write (created if missing)",
    )
    _add_now(export)
    remind = export.add_mutually_exclusive_group()
    remind.add_argument(
        "--remind-at",
        type=_clock_time,
        metavar="HH:MM",
        help="calendar reminder at this time on the day a step is due (default 08:30)",
    )
    remind.add_argument(
        "--remind-before",
        type=_days,
        metavar="MINUTES",
        help="calendar reminder this many minutes before each step instead",
    )

    agenda_cmd = commands.add_parser(
        "agenda",
        help="print a coach's agenda across every client in the workbook",
        description="What is overdue, due today and coming up across every client in the workbook.",
    )
    _add_workbook(agenda_cmd)
    agenda_cmd.add_argument(
        "--days", type=_days, default=7, metavar="N", help="how many days ahead (default 7)"
    )
    _add_now(agenda_cmd)
    agenda_cmd.add_argument(
        "--tz",
        type=_zone,
        metavar="ZONE",
        help="your time zone, for what counts as today (default: this computer's, else UTC)",
    )

    demo = commands.add_parser(
        "demo",
        help="create a workbook holding the sample clients",
        description=(
            "Create a new workbook holding five fictional clients, with every stage of the "
            "follow-up represented, dated around today. It never touches a workbook that "
            "already has clients."
        ),
    )
    _add_workbook(demo)
    _add_now(demo)

    lab_cmd = commands.add_parser(
        "lab",
        help="open the workbook notebooks in JupyterLab",
        description=(
            "Copy the kit's notebooks into your own workspace beside the workbook (never over "
            "your copies) and open JupyterLab there. To get a newer version of a notebook, "
            "delete your copy and run this again."
        ),
    )
    lab_cmd.add_argument(
        "--no-browser", action="store_true", help="start the server without opening a browser"
    )
    lab_cmd.add_argument("--port", type=int, metavar="N", help="the port to serve on")
    return parser


def _now(args: argparse.Namespace) -> datetime:
    when: datetime | None = args.now
    return when if when is not None else clock.now()


def _read_application(path: Path) -> Application:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FollowupKitError(f"there is no file at {str(path)!r}") from None
    except IsADirectoryError:
        raise FollowupKitError(f"{str(path)!r} is a folder; expected an application file") from None
    except OSError as exc:
        raise FollowupKitError(f"{str(path)!r} cannot be read: {exc.strerror}") from None
    return load_application(data)


def _local_zone() -> tzinfo:
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        localtime = Path("/etc/localtime")
        if localtime.is_symlink():
            parts = localtime.resolve().parts
            if "zoneinfo" in parts:
                name = "/".join(parts[parts.index("zoneinfo") + 1 :])
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _cmd_plan(args: argparse.Namespace) -> int:
    application = _read_application(args.file)
    plan = build_plan(application, now=_now(args))
    sys.stdout.write(plan_text(plan, why=not args.no_why))
    sys.stdout.write(input_tips_text(check_inputs(application)))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from followup_kit.render.export import Reminder, export_plan

    application = _read_application(args.file)
    if args.remind_before is not None:
        reminder = Reminder(before=timedelta(minutes=args.remind_before))
    elif args.remind_at is not None:
        reminder = Reminder(morning=args.remind_at)
    else:
        reminder = Reminder()
    try:
        result = export_plan(application, args.out, now=_now(args), reminder=reminder)
    except OSError as exc:
        raise FollowupKitError(
            f"could not write to {str(args.out)!r}: {exc.strerror or exc}"
        ) from None
    print(f"Wrote {len(result.paths)} files to {result.folder}:")
    for path in result.paths:
        print(f"  {path.name}")
    needed = [f for f in check_inputs(application) if f.level is not Level.TIP]
    sys.stdout.write(input_tips_text(needed))
    return EXIT_OK


def _existing_workbook(path: Path | None) -> Path:
    from followup_kit.store import default_workbook_path

    where = path if path is not None else default_workbook_path()
    if not where.exists():
        raise FollowupKitError(
            f"there is no workbook at {str(where)!r}; create one with `{PROG} demo` or "
            f"`{PROG} lab`, or pass --workbook PATH"
        )
    return where


def _cmd_agenda(args: argparse.Namespace) -> int:
    from followup_kit.store import Workbook

    where = _existing_workbook(args.workbook)
    with Workbook.open(where) as workbook:
        applications = {f"{r.id}": r.application for r in workbook.applications()}
    now = _now(args)
    zone = args.tz or _local_zone()
    frame = agenda(applications, now, days=args.days, tz=zone)
    sys.stdout.write(agenda_text(frame, now=now, days=args.days, zone=zone))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from followup_kit.store import create_demo_workbook, default_workbook_path

    where = args.workbook if args.workbook is not None else default_workbook_path()
    with create_demo_workbook(where, _now(args)) as workbook:
        clients = len(workbook.clients())
        applications = len(workbook.applications())
        path = workbook.path
    print(f"Created a demo workbook at {path}")
    print(f"with {clients} fictional clients and {applications} applications.")
    print(f"Next: `{PROG} agenda` for what is due, or `{PROG} lab` to open the notebooks.")
    return EXIT_OK


def _cmd_lab(args: argparse.Namespace) -> int:
    workspace = lab.prepare_workspace()
    print(f"Notebook workspace: {workspace.folder}")
    for name in workspace.copied:
        print(f"  added {name}")
    if workspace.kept:
        print(
            f"  kept your copies of {len(workspace.kept)} notebook(s); to get the current "
            "version of one, delete your copy and run this command again"
        )
    command = lab.lab_command(
        workspace.folder,
        browser=not args.no_browser,
        port=args.port,
        as_root=lab.running_as_root(),
    )
    sys.stdout.flush()
    lab.run(command)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": _cmd_plan,
    "export": _cmd_export,
    "agenda": _cmd_agenda,
    "demo": _cmd_demo,
    "lab": _cmd_lab,
}


def _report(exc: FollowupKitError) -> None:
    problems = getattr(exc, "problems", ())
    lines = [str(p) for p in problems] if problems else [str(exc)]
    if len(lines) == 1:
        print(f"{PROG}: {lines[0]}", file=sys.stderr)
        return
    print(f"{PROG}: {len(lines)} problems:", file=sys.stderr)
    for line in lines:
        print(f"  - {line}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except FollowupKitError as exc:
        _report(exc)
        return EXIT_BAD_INPUT
