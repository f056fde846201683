"""The interview model: candidate, application, rounds, interviewers and what happened.

Models are immutable pydantic v2 models. Constructing one with bad input raises pydantic's
`ValidationError` (a `ValueError`) whose text names the field, the value and what is expected;
`Model.parse(data)` raises the kit's `InvalidInputError` instead, with one `Problem` per field and
dotted locations such as ``rounds[1].interviewers[0].email`` — that is what the forms and the JSON
import use.

Time zones: every datetime must be time-zone aware. Naive datetimes are *rejected*, never guessed;
`localize(naive, zone)` attaches a zone explicitly (the forms use the candidate's zone).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from typing_extensions import Self

from followup_kit.core.vocabulary import (
    ActionKind,
    Channel,
    EventKind,
    InterviewerRole,
    InterviewFormat,
)
from followup_kit.errors import InvalidInputError

__all__ = [
    "Application",
    "Candidate",
    "Concern",
    "Event",
    "Interviewer",
    "Round",
    "Slip",
    "interviewer_id",
    "localize",
    "zone_of",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")
# Bidirectional embedding/override/isolate controls: they make text read differently from
# what it is (an attachment "cod.exe" shown as "exe.doc"), so no field accepts them.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Letters that draw nothing (Hangul fillers, braille blank): Unicode files them as letters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# The years the kit plans in: wide enough for any real interview, narrow enough that every
# date arithmetic (reminders, business days, charts) stays far from the calendar's ends.
FIRST_YEAR = 1990
LAST_YEAR = 2100
# A round is one sitting; a longer span is a typing slip (e.g. 2062 for 2026) that would
# otherwise make every chart and calendar of the application huge.
LONGEST_ROUND_HOURS = 24
MOST_INTERVIEWERS = 30
MOST_ITEMS = 50  # topics, interests, qualifications, concerns and mishaps per list
MOST_EVENTS = 500


def _visible(char: str) -> bool:
    return char not in _BLANK_LETTERS and unicodedata.category(char) not in {
        "Cc",
        "Cf",
        "Mn",
        "Me",
        "Zs",
        "Zl",
        "Zp",
    }


def _no_control(value: str, *, multiline: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        what = "control characters" if multiline else "line breaks or control characters"
        raise ValueError(f"{value[:40]!r} contains {what}; expected plain text")
    bidi = _BIDI.search(value)
    if bidi:
        raise ValueError(
            f"contains the invisible direction-override character U+{ord(bidi.group()):04X}, "
            "which makes text display differently from what it says; expected plain text "
            "(delete and retype the text without it)"
        )
    if value.strip() and not any(_visible(char) for char in value):
        raise ValueError(
            "has no visible character (only spaces or invisible characters such as a "
            "zero-width space); expected at least one visible character"
        )
    return value


def _single_line(value: str) -> str:
    # A tab in a one-line field is a paste artefact: it becomes a space (as in a mail header).
    return _no_control(value.replace("\t", " "), multiline=False).strip()


def _text(value: str) -> str:
    return _no_control(value.replace("\r\n", "\n"), multiline=True).strip()


def _required(value: str) -> str:
    if not value:
        raise ValueError("is empty; expected at least one visible character")
    return value


def _at_most(limit: int, what: str) -> AfterValidator:
    def check(items: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(items) > limit:
            raise ValueError(f"has {len(items)} {what}; expected at most {limit}")
        return items

    return AfterValidator(check)


def _in_years(value: date, field: str) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"{field} {value.isoformat()} is in the year {value.year}; expected a date "
            f"between {FIRST_YEAR} and {LAST_YEAR}"
        )


def _ascii_mailbox(value: str | None) -> str | None:
    # The part before the @ goes into the exported .eml as it is; mail programs without
    # SMTPUTF8 cannot address a non-ASCII mailbox, so refuse it here, at the field the user
    # typed, rather than when a draft is exported. (Non-ASCII domains are fine: they export
    # in their ASCII, "xn--", form.)
    if value is not None and not value.rpartition("@")[0].isascii():
        raise ValueError(
            f"{value!r} has non-ASCII characters before the @, which most mail programs "
            "cannot send to; expected a plain address such as 'ana.ruiz@example.com'"
        )
    return value


Email = Annotated[EmailStr, AfterValidator(_ascii_mailbox)]
Line = Annotated[str, Field(max_length=200), AfterValidator(_single_line)]
RequiredLine = Annotated[Line, AfterValidator(_required)]
Text = Annotated[str, Field(max_length=5000), AfterValidator(_text)]
Topic = Annotated[Line, AfterValidator(_required)]


@lru_cache(maxsize=1)
def _supported_countries() -> dict[str, list[str]]:
    import holidays  # imported on first use: it costs ~50 ms that most sessions never need

    return dict(holidays.list_supported_countries())


def zone_of(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a ValueError that says what is expected."""
    try:
        # A tzdata folder ("Europe") or an over-long name is an OSError, not "not found".
        if not isinstance(name, str) or not name or len(name) > 100:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"time zone {str(name)[:60]!r} is unknown; expected an IANA name such as 'Europe/London'"
        ) from None


def localize(naive: datetime, zone: str) -> datetime:
    """Attach the time zone `zone` to a naive wall-clock time (the explicit way in)."""
    if naive.tzinfo is not None:
        raise ValueError(
            f"{naive.isoformat()} already has a time zone; localize() is for naive times"
        )
    return naive.replace(tzinfo=zone_of(zone))


def _country_code(value: str | None) -> str | None:
    """An ISO country code known to the `holidays` package, upper-cased; blank means none."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if code not in _supported_countries():
        raise ValueError(
            f"country {value!r} is not known for public holidays; expected a two-letter "
            "ISO code such as 'GB', 'US' or 'DE'"
        )
    return code


def _check_subdivision(country: str | None, subdivision: str | None) -> None:
    if subdivision and country:
        known = _supported_countries()[country]
        if subdivision not in known:
            raise ValueError(
                f"subdivision {subdivision!r} is not known for {country}; "
                f"expected one of {', '.join(known[:8])}{'…' if len(known) > 8 else ''}"
            )


def _optional_zone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    zone_of(value.strip())
    return value.strip()


class _Model(BaseModel):
    # defer_build: schemas (and email-validator) load on first use, not on `import followup_kit`.
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, defer_build=True)

    @classmethod
    def parse(cls, data: Mapping[str, Any] | Self) -> Self:
        """Validate `data`, raising InvalidInputError with one Problem per bad field."""
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidInputError.from_validation_error(exc) from None

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (model_copy would skip validation)."""
        return self.parse({**self.model_dump(), **changes})


def _aware_message(when: datetime, field: str) -> str:
    return (
        f"{field} {when.isoformat()} has no time zone; expected a time-zone-aware time, "
        "e.g. localize(time, candidate.time_zone)"
    )


class _Timed(_Model):
    @field_validator("*", mode="before")
    @classmethod
    def _explain_naive(cls, value: Any, info: Any) -> Any:
        # pydantic's own message ("Input should have timezone info") does not say how to fix it.
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError(_aware_message(value, info.field_name))
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _within_years(cls, value: Any, info: Any) -> Any:
        if isinstance(value, date):  # datetimes are dates too
            _in_years(value, info.field_name)
        return value


class Candidate(_Model):
    name: RequiredLine
    email: Email | None = None
    time_zone: str = Field(default="UTC", max_length=64)
    country: str | None = Field(
        default=None,
        max_length=10,
        description="ISO 3166 code whose public holidays are not business days",
    )
    subdivision: str | None = Field(default=None, max_length=10)
    linkedin_profile_ready: bool = False
    linkedin_premium: bool = Field(
        default=False, description="A paid LinkedIn account: connection notes may be 300 characters"
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_of(value)
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        code = value.strip().upper()
        if code not in _supported_countries():
            raise ValueError(
                f"country {value!r} is not known for public holidays; expected a two-letter "
                "ISO code such as 'GB', 'US' or 'DE'"
            )
        return code

    @model_validator(mode="after")
    def _known_subdivision(self) -> Self:
        if self.subdivision and self.country:
            known = _supported_countries()[self.country]
            if self.subdivision not in known:
                raise ValueError(
                    f"subdivision {self.subdivision!r} is not known for {self.country}; "
                    f"expected one of {', '.join(known[:8])}{'…' if len(known) > 8 else ''}"
                )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class Interviewer(_Model):
    name: RequiredLine
    greeting_name: Line = Field(
        default="",
        description="How to address them in a note ('Wei', 'Dr Chen'); empty: their first name",
    )
    title: Line = ""
    role: InterviewerRole = Field(
        default=InterviewerRole.NOT_SAID,
        description="Hiring manager, recruiter/HR, future peer or senior leader (shapes the note)",
    )
    email: Email | None = None
    phone: Line | None = None
    preferred_channel: Channel | None = Field(
        default=None,
        description="How they like to be contacted (R-A2); None: not asked yet (email is used)",
    )
    agreed_to_connect: bool = Field(
        default=False, description="They said yes, in person, to connecting on LinkedIn (R-A3)"
    )
    card_collected: bool = False
    topics: Annotated[tuple[Topic, ...], _at_most(MOST_ITEMS, "topics")] = Field(
        default=(), description="What you talked about with this person, to recall in notes"
    )
    interests: Annotated[tuple[Topic, ...], _at_most(MOST_ITEMS, "interests")] = Field(
        default=(), description="What they care about, for keep-warm content later (R-F1)"
    )
    share_title: Line = Field(
        default="",
        description="Something you have to share with them (an article, a talk): its title",
    )
    share_link: Line = Field(default="", description="…and its link; empty leaves a [link] slot")
    id: Annotated[str, Field(max_length=40), AfterValidator(_single_line)] = Field(
        default="",
        description="Stable across renames; derived from the name when empty (see interviewer_id)",
    )

    @model_validator(mode="after")
    def _stable_id(self) -> Self:
        # Old data, imports and code that builds Interviewer(name=...) get an id from the name;
        # once stored it is carried through renames, so edits keyed by it follow the person.
        if not self.id:
            object.__setattr__(self, "id", interviewer_id(self.name))
        return self

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not _PHONE.match(value):
            raise ValueError(
                f"phone {value!r} is not a phone number; expected digits, spaces and + - ( ), "
                "e.g. '+44 20 7946 0000'"
            )
        return value

    @field_validator("email", mode="before")
    @classmethod
    def _blank_email(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("preferred_channel")
    @classmethod
    def _contact_channel(cls, value: Channel | None) -> Channel | None:
        if value is Channel.IN_PERSON:
            raise ValueError(
                "preferred channel 'in_person' cannot carry a follow-up; expected email, "
                "phone, post or linkedin"
            )
        return value


def interviewer_id(name: str, salt: str = "") -> str:
    """The id an interviewer gets from their name (the same name always gives the same id)."""
    text = _name_key(name) + (f"#{salt}" if salt else "")
    return "iv-" + hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    """How names are compared: case and spacing do not make a different person."""
    return " ".join(name.casefold().split())


def _raised_by(value: Any) -> Any:
    """One name typed as a string is a tuple of one name."""
    return (value,) if isinstance(value, str) else value


Names = Annotated[tuple[Line, ...], BeforeValidator(_raised_by)]


class Concern(_Model):
    """A concern an interviewer raised, and what the candidate would say about it now (S3)."""

    text: Topic
    answer: Text = Field(default="", description="What you would say about it now")
    raised_by: Names = Field(
        default=(), description="The interviewers who raised it; only they hear the answer"
    )


class Slip(_Model):
    """A real slip to put right in the thank-you (R-C6), as S1 shows: "When you asked about
    X, I didn't mention Y; Z." `point` alone is the older one-line form."""

    question: Line = Field(default="", description="What they asked about (X)")
    missing: Line = Field(default="", description="What you did not mention (Y)")
    point: Text = Field(default="", description="Why it matters, in a sentence (Z)")
    raised_by: Names = Field(
        default=(), description="Who asked the question; only they hear the correction"
    )

    @model_validator(mode="after")
    def _something_said(self) -> Self:
        if not (self.missing or self.point):
            raise ValueError(
                "a slip needs what you did not mention, e.g. missing='that I led our move to "
                "BigQuery'"
            )
        return self

    @property
    def text(self) -> str:
        """The slip in one line (for the older `mistake_to_correct` readers)."""
        if self.question or self.missing:
            asked = f"When asked about {self.question}, " if self.question else ""
            said = f"{asked}I did not mention {self.missing}." if self.missing else ""
            return " ".join(part for part in (said, self.point) if part)
        return self.point


class Round(_Timed):
    number: int = Field(ge=1, le=20)
    start: AwareDatetime
    end: AwareDatetime
    format: InterviewFormat = InterviewFormat.VIDEO
    interviewers: Annotated[
        tuple[Interviewer, ...], _at_most(MOST_INTERVIEWERS, "interviewers")
    ] = ()
    decision_expected: date | None = Field(
        default=None, description="The date the employer said they would decide (R-A1)"
    )
    next_steps_asked: bool = False
    qualifications: Annotated[tuple[Topic, ...], _at_most(MOST_ITEMS, "qualifications")] = Field(
        default=(), description="Two or three strengths that match the role (R-C5)"
    )
    culture_fit: Text = ""
    concerns: Annotated[tuple[Concern, ...], _at_most(MOST_ITEMS, "concerns")] = Field(
        default=(), description="Concerns the interviewers raised, with your answer (S3)"
    )
    mistake_to_correct: Text = Field(
        default="", description="Older one-line form of `slips`; kept in step with them"
    )
    slips: Annotated[tuple[Slip, ...], _at_most(MOST_ITEMS, "slips")] = Field(
        default=(), description="Real slips worth correcting in the thank-you (R-C6)"
    )
    mishaps: Annotated[tuple[Topic, ...], _at_most(MOST_ITEMS, "mishaps")] = Field(
        default=(), description="Trivial mishaps, recorded so drafts never mention them (R-C6)"
    )
    topics: Annotated[tuple[Topic, ...], _at_most(MOST_ITEMS, "topics")] = ()
    # Where this round's interviewers work, when it differs from the application's employer
    # (e.g. a panel in another office); None: the application's value (issue 13).
    employer_time_zone: str | None = Field(default=None, max_length=64)
    employer_country: str | None = Field(default=None, max_length=10)
    employer_subdivision: str | None = Field(default=None, max_length=10)

    @field_validator("employer_time_zone")
    @classmethod
    def _employer_zone(cls, value: str | None) -> str | None:
        return _optional_zone(value)

    @field_validator("employer_country")
    @classmethod
    def _employer_country(cls, value: str | None) -> str | None:
        return _country_code(value)

    @field_validator("concerns", mode="before")
    @classmethod
    def _plain_concerns(cls, value: Any) -> Any:
        # Stored data from before concerns had answers: one plain string per concern.
        if isinstance(value, (list, tuple)):
            return tuple({"text": item} if isinstance(item, str) else item for item in value)
        return value

    @model_validator(mode="after")
    def _slips_in_step(self) -> Self:
        # The older one-line `mistake_to_correct` and `slips` describe the same thing; keep
        # both filled so code reading either agrees.
        if self.mistake_to_correct and not self.slips:
            object.__setattr__(self, "slips", (Slip(point=self.mistake_to_correct),))
        elif self.slips and not self.mistake_to_correct:
            object.__setattr__(self, "mistake_to_correct", " ".join(s.text for s in self.slips))
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_subdivision(self.employer_country, self.employer_subdivision)
        if self.end <= self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is not after start {self.start.isoformat()}; "
                "expected the interview to end after it starts"
            )
        if self.end - self.start > timedelta(hours=LONGEST_ROUND_HOURS):
            hours = (self.end - self.start) / timedelta(hours=1)
            raise ValueError(
                f"end {self.end.isoformat()} is {hours:,.0f} hours after the start; expected "
                f"an interview of at most {LONGEST_ROUND_HOURS} hours (record each day of a "
                "longer assessment as its own round)"
            )
        if self.decision_expected is not None:
            interview_day = self.start.date()
            if self.decision_expected < interview_day:
                raise ValueError(
                    f"decision_expected {self.decision_expected.isoformat()} is before the "
                    f"interview on {interview_day.isoformat()}; give a date on or after the "
                    "interview"
                )
            if not self.next_steps_asked:
                # A date can only come from asking (R-A1); record it so the plan agrees.
                object.__setattr__(self, "next_steps_asked", True)
        seen: dict[str, str] = {}
        for person in self.interviewers:
            key = _name_key(person.name)
            if key in seen:
                raise ValueError(
                    f"interviewer name {person.name!r} appears twice in round {self.number}; "
                    "expected each interviewer once (add a surname or initial to tell them apart)"
                )
            seen[key] = person.name
        self._distinct_ids()
        return self

    def _distinct_ids(self) -> None:
        """Ids are unique within a round. A clash means someone was renamed (keeping the id of
        their old name) and a new person now has that old name: the newcomer, whose id is their
        own name's, gets a fresh one (a copy; the caller's objects are never changed)."""
        people = list(self.interviewers)
        owner: dict[str, int] = {}
        for index, person in enumerate(people):
            if person.id not in owner:
                owner[person.id] = index
                continue
            first = owner[person.id]
            newcomer = index if person.id == interviewer_id(person.name) else first
            if people[newcomer].id != interviewer_id(people[newcomer].name):
                raise ValueError(
                    f"interviewer id {person.id!r} appears twice in round {self.number}; "
                    "expected each interviewer to keep their own id"
                )
            fresh = next(
                candidate
                for n in range(2, 10_000)
                if (candidate := interviewer_id(people[newcomer].name, str(n))) not in owner
            )
            people[newcomer] = people[newcomer].model_copy(update={"id": fresh})
            owner[person.id] = first + index - newcomer
            owner[fresh] = newcomer
        if people != list(self.interviewers):
            object.__setattr__(self, "interviewers", tuple(people))

    def interviewer(self, name: str) -> Interviewer | None:
        key = _name_key(name)
        return next((p for p in self.interviewers if _name_key(p.name) == key), None)


# Event kinds whose action needs to know which interviewer it was for.
_PER_INTERVIEWER = frozenset(
    {ActionKind.THANK_YOU, ActionKind.LINKEDIN_REQUEST, ActionKind.LINKEDIN_ASK_FIRST}
)


class Event(_Timed):
    kind: EventKind
    at: AwareDatetime
    round: int | None = Field(
        default=None, ge=1, le=20, description="None: the latest round by then"
    )
    action: ActionKind | None = Field(default=None, description="For kind 'done': what was done")
    interviewer: Line | None = None
    decision_expected: date | None = Field(
        default=None, description="For heard_back: the new date they gave, if any"
    )
    channel: Channel | None = Field(
        default=None, description="For kind 'done': how it went out, when known"
    )
    note: Text = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind is EventKind.DONE and self.action is None:
            raise ValueError("a 'done' event needs `action`: which action was done")
        if self.kind is not EventKind.DONE and self.action is not None:
            raise ValueError(
                f"`action` {self.action.value!r} only belongs on a 'done' event, not on "
                f"{self.kind.value!r}"
            )
        if self.action in _PER_INTERVIEWER and not self.interviewer:
            raise ValueError(
                f"a 'done' event for {self.action.value!r} needs `interviewer`: who it was for"
            )
        if self.decision_expected is not None and self.decision_expected < self.at.date():
            raise ValueError(
                f"decision_expected {self.decision_expected.isoformat()} is before the event "
                f"on {self.at.date().isoformat()}; expected a date on or after it"
            )
        return self


class Application(_Model):
    company: RequiredLine
    role: RequiredLine
    candidate: Candidate
    rounds: tuple[Round, ...] = ()
    events: Annotated[tuple[Event, ...], _at_most(MOST_EVENTS, "events")] = ()
    notes: Text = ""
    # The employer's clock and calendar: calls and "by" times fall in their business hours and
    # status checks count their working days. None: the same as the candidate's (issue 13).
    employer_time_zone: str | None = Field(default=None, max_length=64)
    employer_country: str | None = Field(default=None, max_length=10)
    employer_subdivision: str | None = Field(default=None, max_length=10)
    status_contact: Line | None = Field(
        default=None,
        description=(
            "Who gets the status checks (an interviewer's name); None: the recruiter, else the "
            "hiring manager, else the first interviewer"
        ),
    )

    @field_validator("employer_time_zone")
    @classmethod
    def _employer_zone(cls, value: str | None) -> str | None:
        return _optional_zone(value)

    @field_validator("employer_country")
    @classmethod
    def _employer_country(cls, value: str | None) -> str | None:
        return _country_code(value)

    @field_validator("status_contact")
    @classmethod
    def _known_contact(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A field validator (rounds are validated first), so the message sits at this field.
        rounds = info.data.get("rounds", ())
        if value and not any(r.interviewer(value) for r in rounds):
            known = sorted({p.name for r in rounds for p in r.interviewers})
            raise ValueError(
                f"{value!r} is not an interviewer of this application; expected one of: "
                f"{', '.join(known) or '(no interviewers recorded)'}"
            )
        return value or None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_subdivision(self.employer_country, self.employer_subdivision)
        self._check_rounds()
        self._check_events()
        return self

    def _check_rounds(self) -> None:
        previous: Round | None = None
        for index, rnd in enumerate(self.rounds):
            if previous is not None and rnd.number <= previous.number:
                raise ValueError(
                    f"rounds[{index}].number {rnd.number} does not follow round "
                    f"{previous.number}; expected rounds listed in increasing order"
                )
            if previous is not None and rnd.start < previous.end:
                raise ValueError(
                    f"round {rnd.number} starts {rnd.start.isoformat()}, before round "
                    f"{previous.number} ends; expected later rounds to start later"
                )
            previous = rnd

    def _check_events(self) -> None:
        for index, event in enumerate(self.events):
            where = f"events[{index}]"
            if not self.rounds:
                raise ValueError(
                    f"{where}: record the interview round before what happened after it"
                )
            rnd = self.round(event.round) if event.round is not None else None
            if event.round is not None and rnd is None:
                raise ValueError(
                    f"{where}.round {event.round} is not a round of this application; expected "
                    f"one of {', '.join(str(r.number) for r in self.rounds)}"
                )
            earliest = (
                rnd.start
                if rnd is not None and event.kind is not EventKind.NEXT_ROUND_BOOKED
                else self.rounds[0].start
            )
            if event.at < earliest:
                raise ValueError(
                    f"{where}.at {event.at.isoformat()} is before the interview on "
                    f"{earliest.isoformat()}; expected a time after the interview started"
                )
            if event.interviewer:
                pool = [rnd] if rnd is not None else list(self.rounds)
                if not any(r.interviewer(event.interviewer) for r in pool):
                    known = sorted({p.name for r in pool for p in r.interviewers})
                    raise ValueError(
                        f"{where}.interviewer {event.interviewer!r} is not an interviewer of "
                        f"{'round ' + str(rnd.number) if rnd else 'this application'}; expected "
                        f"one of: {', '.join(known) or '(no interviewers recorded)'}"
                    )

    def round(self, number: int) -> Round | None:
        return next((r for r in self.rounds if r.number == number), None)

    def round_at(self, when: datetime) -> Round | None:
        """The latest round that had started by `when`."""
        started = [r for r in self.rounds if r.start <= when]
        return started[-1] if started else None

    def events_after(self, now: datetime) -> list[tuple[int, Event]]:
        """(index, event) for every event recorded after `now` — invalid for a plan at `now`."""
        return [(i, e) for i, e in enumerate(self.events) if e.at > now]

    @property
    def title(self) -> str:
        return f"{self.candidate.name} · {self.company} · {self.role}"
