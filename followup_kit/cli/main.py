"""The `followup-kit` command: a thin layer that parses arguments and calls the library.

Exit codes: 0 done, 1 the input (a file, a workbook, a folder) could not be used, 2 the
command line itself was wrong. Errors are one or more plain sentences on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from followup_kit import clock
from followup_kit.cli import app, lab, serve, workbook_commands
from followup_kit.cli.text import agenda_text, input_tips_text, plan_text
from followup_kit.core.agenda import agenda
from followup_kit.core.checks import check_inputs
from followup_kit.core.messages import Level
from followup_kit.core.models import Application, zone_of
from followup_kit.core.plan import build_plan
from followup_kit.errors import FollowupKitError, InvalidInputError

if TYPE_CHECKING:
    from followup_kit.store import Workbook

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
  {PROG} app                          the workbook as an app in the browser (no code shown)
  {PROG} agenda --days 3              what is overdue, due today and in the next 3 days
  {PROG} list                         the applications in the workbook, with their numbers
  {PROG} plan 3                       the plan for application 3 (or a client name, or a file)
  {PROG} export 3 --out plans         the plan as HTML, Markdown, calendar, CSV and emails
  {PROG} export-app 3                 write application 3 to a file that plan and export read
  {PROG} backup                       copy the workbook into the backups folder beside it
  {PROG} restore FILE                 bring a backup back (the current workbook is kept)

An application file is the JSON `export-app` writes for one application. Every command
that plans takes --now (an ISO time such as 2026-03-10T09:00:00+00:00) to see the plan
as it stood or will stand then; by default it is the current time, or FOLLOWUP_KIT_NOW
when that is set."""


class _Parser(argparse.ArgumentParser):
    """argparse with the kit's wording for a missing or unknown command."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {PROG} --help)\n")


# Bounds of the numbers the command line takes (issue 16): far beyond any real use, far below
# what would overflow a date or hang a loop.
MOST_DAYS_AHEAD = 3660  # ten years
MOST_MINUTES_BEFORE = 40320  # four weeks
MOST_PORT = 65535


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:59] + "\u2026")


def _iso_time(text: str) -> datetime:
    try:
        return clock.parse_time(text)
    except InvalidInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _zone(text: str) -> ZoneInfo:
    try:
        return zone_of(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{_short(text)} is not a time zone; expected an IANA name such as Europe/London"
        ) from None


def _whole_number(text: str, most: int, unit: str) -> int:
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits.isascii() or not digits.isdigit():
        raise argparse.ArgumentTypeError(
            f"{_short(text)} is not a whole number of {unit}; expected 0 to {most:,}"
        )
    # Compared as text first: a number of thousands of digits is out of range, not an error.
    value = int(stripped) if len(digits) <= 12 else (-1 if stripped[0] == "-" else most + 1)
    if not 0 <= value <= most:
        raise argparse.ArgumentTypeError(
            f"{_short(text)} {unit} is out of range; expected 0 to {most:,} {unit}"
        )
    return value


def _days(text: str) -> int:
    return _whole_number(text, MOST_DAYS_AHEAD, "days")


def _minutes(text: str) -> int:
    return _whole_number(text, MOST_MINUTES_BEFORE, "minutes")


def _port(text: str) -> int:
    # Its own words: "not a whole number of port number" reads badly, and 0 is no port at all.
    stripped = text.strip()
    number = stripped.lstrip("0")
    if not stripped.isascii() or not stripped.isdigit() or not number:
        raise argparse.ArgumentTypeError(
            f"{_short(text)} is not a port; expected a number 1-{MOST_PORT}"
        )
    # Compared as text first: thousands of digits are out of range, not an error.
    if len(number) > len(str(MOST_PORT)) or int(number) > MOST_PORT:
        raise argparse.ArgumentTypeError(
            f"{_short(text)} is out of range; expected a port number 1-{MOST_PORT}"
        )
    return int(number)


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
    workbook_commands.application_argument(
        plan, "an application file, or an application in the workbook (number or client name)"
    )
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
    workbook_commands.application_argument(
        export, "an application file, or an application in the workbook (number or client name)"
    )
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
        type=_minutes,
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
    _add_server_options(lab_cmd, lab.DEFAULT_PORT)

    app_cmd = commands.add_parser(
        "app",
        help="open the workbook as an app in the browser (no code, nothing to run)",
        description=(
            "Serve the start page as an app with Voilà: the forms, plan and messages without "
            "any code, for a session with a client who has never seen Jupyter. It listens on "
            "this computer only (127.0.0.1) and prints the address to open, key included."
        ),
    )
    _add_server_options(app_cmd, app.DEFAULT_PORT)
    COMMANDS.update(workbook_commands.add_commands(commands))
    return parser


def _add_server_options(parser: argparse.ArgumentParser, default_port: int) -> None:
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a browser; just print the address to open",
    )
    parser.add_argument(
        "--port",
        type=_port,
        metavar="N",
        help=f"the port to serve on (default {default_port}, or a free one if it is taken)",
    )


def _now(args: argparse.Namespace) -> datetime:
    when: datetime | None = args.now
    return when if when is not None else clock.now()


def _local_zone() -> tzinfo:
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return zone_of(name)
        except ValueError:
            raise FollowupKitError(
                f"TZ={_short(name)} is not a time zone; expected an IANA name such as "
                "Europe/London (or pass --tz ZONE)"
            ) from None
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        parts = localtime.resolve().parts
        if "zoneinfo" in parts:
            name = "/".join(parts[parts.index("zoneinfo") + 1 :])
    try:
        return zone_of(name) if name else timezone.utc
    except ValueError:
        return timezone.utc  # this computer's own setting is unusual: plan in UTC


def _cmd_plan(args: argparse.Namespace) -> int:
    application = workbook_commands.read_application_arg(args)
    plan = build_plan(application, now=_now(args))
    sys.stdout.write(plan_text(plan, why=not args.no_why))
    sys.stdout.write(input_tips_text(check_inputs(application)))
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from followup_kit.render.export import Reminder, export_plan

    application = workbook_commands.read_application_arg(args)
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
            f"could not write to {str(args.out)!r}: {exc.strerror or exc}; the folder was left "
            "as it was"
        ) from None
    print(f"Wrote {len(result.paths)} files to {result.folder}:")
    for path in result.paths:
        print(f"  {path.name}")
    for missing in result.missing:
        print(f"{PROG}: note: {missing}", file=sys.stderr)
    needed = [f for f in check_inputs(application) if f.level is not Level.TIP]
    sys.stdout.write(input_tips_text(needed))
    return EXIT_OK


def _readable_applications(workbook: Workbook) -> tuple[dict[str, Application], list[str]]:
    """Every application that can be read, and a problem line for each client whose stored
    applications cannot (one damaged record must not hide the whole caseload)."""
    try:
        records = workbook.applications()
    except (FollowupKitError, ValueError, RecursionError):
        pass
    else:
        # The store leaves out a record that fails its checksum; name it, never hide it.
        damaged = [f"{d.client_name}: {d.message}" for d in workbook.damaged()]
        return {f"{r.id}": r.application for r in records}, damaged
    applications: dict[str, Application] = {}
    problems = []
    for client in workbook.clients():
        try:
            records = workbook.applications(client.id)
        except (FollowupKitError, ValueError, RecursionError) as exc:
            text = str(exc) if isinstance(exc, FollowupKitError) else "it is not valid JSON"
            problems.append(
                f"{client.name}: a stored application cannot be read ({text}); the client's "
                "other applications are left out too until it is repaired"
            )
            continue
        applications.update({f"{r.id}": r.application for r in records})
    return applications, problems


def _cmd_agenda(args: argparse.Namespace) -> int:
    from followup_kit.store import Workbook

    where = workbook_commands.existing_workbook(args.workbook)
    now = _now(args)
    zone = args.tz or _local_zone()
    with Workbook.open(where) as workbook:
        applications, unreadable = _readable_applications(workbook)
    frame = agenda(applications, now, days=args.days, tz=zone)
    frame.attrs["problems"] = [*unreadable, *frame.attrs.get("problems", [])]
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
    server = lab.lab_server(
        workspace.folder,
        port=args.port or serve.free_port(lab.DEFAULT_PORT),
        token=serve.new_token(),
        as_root=lab.running_as_root(),
    )
    return serve.serve(server, browser=not args.no_browser)


def _cmd_app(args: argparse.Namespace) -> int:
    from followup_kit.store.location import exports_folder

    # The app's exports land in the same workspace Lab serves, so Lab's file browser shows them.
    workspace = lab.prepare_workspace()
    print(f"Workbook folder: {workspace.folder.parent}")
    print(f"Exports go to: {exports_folder()}")
    server = app.app_server(
        app.app_notebook(),
        port=args.port or serve.free_port(app.DEFAULT_PORT),
        token=serve.new_token(),
    )
    return serve.serve(server, browser=not args.no_browser)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": _cmd_plan,
    "export": _cmd_export,
    "agenda": _cmd_agenda,
    "demo": _cmd_demo,
    "lab": _cmd_lab,
    "app": _cmd_app,
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
    except sqlite3.Error as exc:
        print(f"{PROG}: the workbook cannot be used: {exc}", file=sys.stderr)
    except OSError as exc:
        where = f" {str(exc.filename)!r}" if exc.filename else ""
        print(f"{PROG}: could not use{where}: {exc.strerror or exc}", file=sys.stderr)
    except (RecursionError, MemoryError):
        print(f"{PROG}: the input is too large or too deeply nested to read", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: stopped", file=sys.stderr)
        return 130
    except Exception as exc:
        print(
            f"{PROG}: could not finish ({type(exc).__name__}: {str(exc)[:200]}); nothing "
            "else was changed. Please report this with the command you ran",
            file=sys.stderr,
        )
    return EXIT_BAD_INPUT
