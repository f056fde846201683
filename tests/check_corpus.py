"""The labelled corpus of edited drafts that the message checks are measured against.

`tests/data/check_corpus/bad.txt` and `good.txt` hold whole notes as a candidate would leave
them after editing a generated draft. Each entry starts with a header line

    ### <label> | <application> | <kind> <channel> | <recipient>

followed by the note itself (up to the next header). `label` is "good" or the check the note
breaks (``pushy``, ``trivia`` …); `application` names one of the three applications below,
which all belong to the same candidate, so a note to one company can mention another by
mistake. The recipient is an interviewer of that application (their email address is filled
in, as the kit does).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from followup_kit.core import Application, Interviewer
from followup_kit.core.messages import Contact, Draft
from followup_kit.core.vocabulary import ActionKind, Channel
from tests.scenarios import ana, application, bo, candidate, round_

CORPUS = Path(__file__).parent / "data" / "check_corpus"


def _acme() -> Application:
    return application(
        rounds=(round_(interviewers=(ana(), bo()), mishaps=("spilled my water",)),),
    )


def _northwind() -> Application:
    return Application(
        company="Northwind Health",
        role="Clinical Data Lead",
        candidate=candidate(),
        rounds=(
            round_(
                interviewers=(
                    Interviewer(
                        name="Priya Nair",
                        greeting_name="Dr Nair",
                        title="Director of Clinical Informatics",
                        email="priya.nair@northwind.example",
                        topics=("the urgent care dashboard", "waiting-time data for A&E"),
                        interests=("patient flow",),
                    ),
                    Interviewer(
                        name="Tom O'Brien",
                        title="Data Engineering Manager",
                        email="tom.obrien@northwind.example",
                        topics=("moving the weekly reports off Excel",),
                        interests=("data quality",),
                    ),
                ),
                day="2026-03-04",
                start_hour=14,
                qualifications=("NHS data standards", "Power BI"),
                culture_fit="the focus on patient outcomes",
                concerns=("no direct line-management experience",),
                mishaps=("arrived ten minutes late",),
            ),
        ),
    )


def _cityline() -> Application:
    return Application(
        company="Cityline Transport",
        role="Transport Planner",
        candidate=candidate(),
        rounds=(
            round_(
                interviewers=(
                    Interviewer(
                        name="Zoë Lefèvre",
                        title="Head of Network Planning",
                        email="zoe.lefevre@cityline.example",
                        topics=("the bus priority scheme in Leeds",),
                        interests=("cycling infrastructure",),
                        agreed_to_connect=True,
                    ),
                    Interviewer(
                        name="Marcus Webb-Ellis",
                        title="Senior Modeller",
                        email="marcus.webb-ellis@cityline.example",
                        topics=("open timetable data",),
                        interests=("GTFS feeds",),
                    ),
                ),
                day="2026-03-05",
                qualifications=("transport modelling in VISUM", "stakeholder workshops"),
                culture_fit="publishing data openly",
                mishaps=("knocked over the glass of water",),
            ),
        ),
    )


APPLICATIONS = {"acme": _acme(), "northwind": _northwind(), "cityline": _cityline()}


@dataclass(frozen=True, slots=True)
class Entry:
    label: str
    app: str
    draft: Draft
    line: int  # where the entry starts in its file, for messages

    @property
    def application(self) -> Application:
        return APPLICATIONS[self.app]

    @property
    def other_companies(self) -> tuple[str, ...]:
        """The candidate's other applications (a note can name the wrong one)."""
        return tuple(a.company for key, a in APPLICATIONS.items() if key != self.app)

    def __str__(self) -> str:
        return f"line {self.line} [{self.label}] {self.draft.body[:70]!r}"


def _draft(app: Application, kind: ActionKind, channel: Channel, to: str, body: str) -> Draft:
    person = next(p for r in app.rounds for p in r.interviewers if p.name == to)
    address = person.email if channel is Channel.EMAIL else None
    if channel is Channel.PHONE:
        address = person.phone
    subject = f"{app.role} interview" if channel is Channel.EMAIL else None
    return Draft(
        kind=kind,
        channel=channel,
        recipient=Contact(person.name, address),
        sender=Contact(app.candidate.name, app.candidate.email),
        subject=subject,
        body=body,
        rules=(),
        round=app.rounds[-1].number,
    )


def load(name: str) -> list[Entry]:
    """The entries of `bad` or `good`."""
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    entries: list[Entry] = []
    header: tuple[str, int] | None = None
    body: list[str] = []

    def flush() -> None:
        if header is None:
            return
        head, line = header
        label, app_key, kind_channel, to = (part.strip() for part in head.split("|"))
        kind, channel = kind_channel.split()
        app = APPLICATIONS[app_key]
        note = "\n".join(body).strip("\n")
        draft = _draft(app, ActionKind(kind), Channel(channel), to, note)
        entries.append(Entry(label, app_key, draft, line))

    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("### "):
            flush()
            header, body = (line[4:], number), []
        elif header is not None:
            body.append(line)
    flush()
    return entries
