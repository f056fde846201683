"""The interview form: everything about one round of one application, autosaved.

`form.values` is the application as the form would save it (a plain dict in the model's shape);
`form.submit()` validates and saves it, showing each problem beside its field. Widget callbacks
only read values and call `submit()`; the model does the validating.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from html import escape, unescape
from typing import Any
from zoneinfo import available_timezones

import ipywidgets as W

from followup_kit.core import (
    Application,
    Channel,
    InterviewerRole,
    InterviewFormat,
    Round,
    localize,
    plan_warnings,
)
from followup_kit.errors import InvalidInputError
from followup_kit.render.labels import ROLE
from followup_kit.ui.common import (
    Debouncer,
    Field,
    lines,
    message_html,
    problems_by_prefix,
    shows_errors,
)
from followup_kit.ui.concern_rows import ConcernList, SlipList
from followup_kit.ui.input_tips import tips_by_field, tips_html
from followup_kit.ui.session import Opened, Session

__all__ = ["InterviewForm", "InterviewerRow"]

_ZONES = sorted(
    z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
)
_CHANNELS = [
    ("Not asked yet (email meanwhile)", ""),  # None: nobody asked (R-A2)
    ("Email", Channel.EMAIL.value),
    ("Phone", Channel.PHONE.value),
    ("Post (card)", Channel.POST.value),
    ("LinkedIn", Channel.LINKEDIN.value),
]
_ROLES = [(ROLE[role].capitalize(), role.value) for role in InterviewerRole]
_FORMATS = [
    ("On site", InterviewFormat.ON_SITE.value),
    ("Video", InterviewFormat.VIDEO.value),
    ("Phone", InterviewFormat.PHONE.value),
]
AUTOSAVE_SECONDS = 0.4


def _text(placeholder: str = "", *, multiline: bool = False, rows: int = 2) -> W.Text | W.Textarea:
    if multiline:
        return W.Textarea(placeholder=placeholder, rows=rows, continuous_update=False)
    return W.Text(placeholder=placeholder, continuous_update=False)


class InterviewerRow:
    """One interviewer: who they are, how to reach them, what you talked about."""

    def __init__(self, on_change: Any, on_remove: Any) -> None:
        self.name = Field("Name", _text("as on their card"), "fk-interviewer-name")
        self.greeting = Field(
            "Greet as",
            _text("e.g. Wei or Dr Chen (empty: first name)"),
            "fk-interviewer-greeting",
        )
        self.title = Field("Title", _text("e.g. Head of Analytics"), "fk-interviewer-title")
        self.role = Field(
            "Role",
            W.Dropdown(options=_ROLES, value=InterviewerRole.NOT_SAID.value),
            "fk-interviewer-role",
            hint="shapes the note",
        )
        self.email = Field("Email", _text("name@company.com"), "fk-interviewer-email")
        self.phone = Field("Phone", _text("+44 20 7946 0000"), "fk-interviewer-phone")
        self.channel = Field(
            "Prefers",
            W.Dropdown(options=_CHANNELS, value=""),
            "fk-interviewer-channel",
            hint="ask them (R-A2)",
        )
        self.agreed = Field(
            "LinkedIn",
            W.Checkbox(description="agreed in person to connect", indent=False),
            "fk-interviewer-linkedin",
            hint="R-A3",
        )
        self.card = Field(
            "Card",
            W.Checkbox(description="business card collected", indent=False),
            "fk-interviewer-card",
        )
        self.topics = Field(
            "Talked about",
            _text("one per line, e.g. her team's move to dbt", multiline=True),
            "fk-interviewer-topics",
            hint="recalled in your notes",
        )
        self.interests = Field(
            "Cares about",
            _text("one per line, e.g. open data in local government", multiline=True),
            "fk-interviewer-interests",
            hint="for keep-warm ideas",
        )
        self.share_title = Field(
            "Something to share",
            _text("title, e.g. A field guide to dbt tests"),
            "fk-interviewer-share-title",
            hint="feeds status checks and keep-warm notes",
        )
        self.share_link = Field(
            "Its link",
            _text("https://… (empty: a [link] slot to fill)"),
            "fk-interviewer-share-link",
        )
        self.fields = [
            self.name,
            self.greeting,
            self.title,
            self.role,
            self.email,
            self.phone,
            self.channel,
            self.agreed,
            self.card,
            self.topics,
            self.interests,
            self.share_title,
            self.share_link,
        ]
        self.remove = W.Button(description="Remove this interviewer", icon="trash", button_style="")
        self.remove.add_class("fk-remove-interviewer")
        self.remove.on_click(lambda _: on_remove(self))
        self.message = W.HTML()
        self.box = W.VBox(
            [*(f.box for f in self.fields), self.message, self.remove],
            layout=W.Layout(border="1px solid #ccc", padding="6px", margin="4px 0"),
        )
        self.box.add_class("fk-interviewer")
        for field in self.fields:
            field.widget.observe(lambda _change: on_change(), names="value")

    @property
    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.widget.value,
            "greeting_name": self.greeting.widget.value,
            "title": self.title.widget.value,
            "role": self.role.widget.value,
            "email": self.email.widget.value or None,
            "phone": self.phone.widget.value or None,
            "preferred_channel": self.channel.widget.value or None,
            "agreed_to_connect": self.agreed.widget.value,
            "card_collected": self.card.widget.value,
            "topics": lines(self.topics.widget.value),
            "interests": lines(self.interests.widget.value),
            "share_title": self.share_title.widget.value,
            "share_link": self.share_link.widget.value,
        }

    def load(self, person: dict[str, Any]) -> None:
        self.name.widget.value = person.get("name", "")
        self.greeting.widget.value = person.get("greeting_name", "")
        self.title.widget.value = person.get("title", "")
        self.role.widget.value = str(person.get("role", InterviewerRole.NOT_SAID.value))
        self.email.widget.value = person.get("email") or ""
        self.phone.widget.value = person.get("phone") or ""
        self.channel.widget.value = str(person.get("preferred_channel") or "")
        self.agreed.widget.value = bool(person.get("agreed_to_connect", False))
        self.card.widget.value = bool(person.get("card_collected", False))
        self.topics.widget.value = _joined(person.get("topics", ()))
        self.interests.widget.value = _joined(person.get("interests", ()))
        self.share_title.widget.value = person.get("share_title", "")
        self.share_link.widget.value = person.get("share_link", "")

    def show(self, problems: dict[str, list[str]], prefix: str) -> None:
        for key, field in zip(
            (
                "name",
                "greeting_name",
                "title",
                "role",
                "email",
                "phone",
                "preferred_channel",
                "agreed_to_connect",
                "card_collected",
                "topics",
                "interests",
                "share_title",
                "share_link",
            ),
            self.fields,
            strict=True,
        ):
            field.show(" ".join(problems.get(f"{prefix}.{key}", [])))
        self.message.value = message_html(" ".join(problems.get(prefix, [])))


class InterviewForm:
    """Intake for one round of the open application; every valid change autosaves."""

    def __init__(self, session: Session, *, autosave: bool = True) -> None:
        self.session = session
        self._loading = False
        self._saving = False
        self.round_index = 0
        self.last_saved: Opened | None = None
        self.message = W.HTML()
        self.message.add_class("fk-form-message")
        self._autosave = Debouncer(AUTOSAVE_SECONDS, self._save_quietly) if autosave else None

        self.title = W.HTML()
        # candidate and job
        self.candidate_name = Field("Candidate", _text("full name"), "fk-candidate-name")
        self.candidate_email = Field(
            "Candidate email", _text("you@example.com"), "fk-candidate-email"
        )
        self.zone = Field(
            "Time zone", W.Dropdown(options=_ZONES, value="Europe/London"), "fk-time-zone"
        )
        self.country = Field(
            "Country", _text("GB, US, DE …"), "fk-country", hint="for public holidays"
        )
        self.region = Field(
            "Region",
            _text("e.g. ENG, SCT, CA, NY, BY"),
            "fk-subdivision",
            hint="where holidays differ by region",
        )
        self.employer_zone = Field(
            "Employer time zone",
            W.Dropdown(
                options=[("Same as the candidate", ""), *((z, z) for z in _ZONES)], value=""
            ),
            "fk-employer-time-zone",
            hint="calls land in their hours",
        )
        self.employer_country = Field(
            "Employer country",
            _text("empty: same as the candidate"),
            "fk-employer-country",
            hint="their working days",
        )
        self.employer_region = Field(
            "Employer region", _text("e.g. ENG, NY"), "fk-employer-subdivision"
        )
        self.status_contact = Field(
            "Status checks to",
            _text("an interviewer's name (empty: the recruiter, else the hiring manager)"),
            "fk-status-contact",
            hint="who you chase (R-E5)",
        )
        self.profile_ready = Field(
            "LinkedIn profile",
            W.Checkbox(description="complete, with a photo", indent=False),
            "fk-profile-ready",
            hint="R-D2",
        )
        self.linkedin_premium = Field(
            "LinkedIn account",
            W.Checkbox(description="paid (notes up to 300 characters)", indent=False),
            "fk-linkedin-premium",
            hint="R-D1: free accounts allow 200",
        )
        self.company = Field("Company", _text("employer, e.g. Acme Analytics"), "fk-company")
        self.role = Field("Role", _text("job title, e.g. Data Analyst"), "fk-role")
        # the round
        self.round_picker = W.ToggleButtons(options=[("Round 1", 0)], value=0)
        self.round_picker.add_class("fk-round-picker")
        self.add_round_button = W.Button(description="Add next round", icon="plus")
        self.add_round_button.add_class("fk-add-round")
        self.day = Field("Interview day", W.DatePicker(), "fk-interview-day")
        self.start = Field("Starts", W.TimePicker(value=time(10, 0), step=60), "fk-start-time")
        self.end = Field("Ends", W.TimePicker(value=time(11, 0), step=60), "fk-end-time")
        self.format = Field("Format", W.Dropdown(options=_FORMATS, value="video"), "fk-format")
        self.decision = Field(
            "Decision by", W.DatePicker(), "fk-decision-date", hint="the date they gave (R-A1)"
        )
        self.decision_unknown = Field(
            "", W.Checkbox(description="They did not say", indent=False), "fk-decision-unknown"
        )
        self.asked = Field(
            "Next steps",
            W.Checkbox(description="I asked about next steps", indent=False),
            "fk-next-steps-asked",
        )
        self.qualifications = Field(
            "Strengths to stress",
            _text(
                "two or three, one per line, e.g. five years of SQL / led our move to BigQuery",
                multiline=True,
                rows=3,
            ),
            "fk-qualifications",
            hint="R-C5",
        )
        self.culture = Field(
            "Why you fit",
            _text("e.g. your move to data-driven buying", multiline=True),
            "fk-culture-fit",
        )
        # Concerns and slips belong to who raised them: rows with a tick per interviewer.
        self.concern_list = ConcernList(self._changed_now, self._interviewer_names)
        self.slip_list = SlipList(self._changed_now, self._interviewer_names)
        self.mishaps = Field(
            "Trivial mishaps",
            _text("e.g. spilled my water (never mentioned in notes)", multiline=True),
            "fk-mishaps",
            hint="R-C6",
        )
        self.topics = Field(
            "Topics",
            _text("one per line, e.g. the new customer data platform", multiline=True),
            "fk-round-topics",
        )
        self.round_message = W.HTML()
        self.interviewer_rows: list[InterviewerRow] = []
        self.interviewer_box = W.VBox()
        self.add_interviewer_button = W.Button(
            description="Add interviewer", icon="user-plus", button_style="info"
        )
        self.add_interviewer_button.add_class("fk-add-interviewer")

        self._candidate_fields = {
            "candidate.name": self.candidate_name,
            "candidate.email": self.candidate_email,
            "candidate.time_zone": self.zone,
            "candidate.country": self.country,
            "candidate.subdivision": self.region,
            "candidate.linkedin_profile_ready": self.profile_ready,
            "candidate.linkedin_premium": self.linkedin_premium,
            "company": self.company,
            "role": self.role,
            "employer_time_zone": self.employer_zone,
            "employer_country": self.employer_country,
            "employer_subdivision": self.employer_region,
            "status_contact": self.status_contact,
        }
        self._round_fields = {
            "start": self.day,
            "end": self.end,
            "format": self.format,
            "decision_expected": self.decision,
            "next_steps_asked": self.asked,
            "qualifications": self.qualifications,
            "culture_fit": self.culture,
            "mishaps": self.mishaps,
            "topics": self.topics,
        }
        for field in [
            *self._candidate_fields.values(),
            *self._round_fields.values(),
            self.start,
            self.decision_unknown,
        ]:
            field.widget.observe(self._changed, names="value")
        self.round_picker.observe(self._pick_round, names="value")
        self.add_round_button.on_click(self._add_round)
        self.add_interviewer_button.on_click(lambda _: self.add_interviewer())

        # After each save: what check_inputs suggests adding, by field (issue 12.1).
        self.input_tips = W.HTML()
        self.input_tips.add_class("fk-input-tips")
        section = "<h4 style='margin: 10px 0 4px'>{}</h4>".format
        self.widget = W.VBox(
            [
                self.title,
                W.HTML(section("Candidate and job")),
                *(f.box for f in self._candidate_fields.values()),
                W.HTML(section("The interview")),
                W.HBox([self.round_picker, self.add_round_button]),
                self.day.box,
                self.start.box,
                self.end.box,
                self.format.box,
                self.decision.box,
                self.decision_unknown.box,
                self.asked.box,
                self.qualifications.box,
                self.culture.box,
                W.HTML("<b>Concerns they raised</b>"),
                self.concern_list.box,
                W.HTML("<b>A real slip to correct</b> <small>(R-C6)</small>"),
                self.slip_list.box,
                self.mishaps.box,
                self.topics.box,
                self.round_message,
                W.HTML(section("Who interviewed you")),
                self.interviewer_box,
                self.add_interviewer_button,
                self.message,
                self.input_tips,
            ]
        )
        self.widget.add_class("fk-form")
        session.on_change(self._session_changed)
        self.load(session.current)

    # -- loading -----------------------------------------------------------------------------
    def _session_changed(self, opened: Opened) -> None:
        if self._saving:
            return  # our own save: the widgets already show what was saved
        if (
            self.last_saved is not None
            and opened.id == self.last_saved.id
            and opened.application == self.last_saved.application
        ):
            return  # our own save coming back: the widgets already show it
        self.load(opened, keep_round=opened.id == (self.last_saved.id if self.last_saved else None))

    def load(self, opened: Opened, *, keep_round: bool = False) -> None:
        """Show `opened` in the form (without saving anything)."""
        app = opened.application
        self._loading = True
        try:
            self.title.value = (
                f"<h3 style='margin:0'>{escape(app.candidate.name)} · {escape(app.company)} · {escape(app.role)}</h3>"
                f"<small>application {opened.id}, version {opened.version}</small>"
            )
            self.candidate_name.widget.value = app.candidate.name
            self.candidate_email.widget.value = app.candidate.email or ""
            self.zone.widget.value = (
                app.candidate.time_zone if app.candidate.time_zone in _ZONES else "Europe/London"
            )
            self.country.widget.value = app.candidate.country or ""
            self.region.widget.value = app.candidate.subdivision or ""
            self.employer_zone.widget.value = (
                app.employer_time_zone if app.employer_time_zone in _ZONES else ""
            )
            self.employer_country.widget.value = app.employer_country or ""
            self.employer_region.widget.value = app.employer_subdivision or ""
            self.status_contact.widget.value = app.status_contact or ""
            self.profile_ready.widget.value = app.candidate.linkedin_profile_ready
            self.linkedin_premium.widget.value = app.candidate.linkedin_premium
            self.company.widget.value = app.company
            self.role.widget.value = app.role
            count = max(len(app.rounds), 1)
            self.round_picker.options = [
                (f"Round {r.number}", i) for i, r in enumerate(app.rounds)
            ] or [("Round 1", 0)]
            index = min(self.round_index, count - 1) if keep_round else count - 1
            self.round_index = index
            self.round_picker.value = index
            self._load_round(app.rounds[index] if app.rounds else None, app)
        finally:
            self._loading = False
        self.last_saved = opened
        self.message.value = ""

    def _load_round(self, rnd: Round | None, app: Application) -> None:
        zone = app.candidate.zone
        if rnd is None:
            today = self.session.clock().astimezone(zone).date()
            rnd_values: dict[str, Any] = {"interviewers": ()}
            self.day.widget.value = today
            self.start.widget.value, self.end.widget.value = time(10, 0), time(11, 0)
            self.decision.widget.value = None
            self.decision_unknown.widget.value = True
        else:
            rnd_values = rnd.model_dump()
            start, end = rnd.start.astimezone(zone), rnd.end.astimezone(zone)
            self.day.widget.value = start.date()
            self.start.widget.value = start.time().replace(tzinfo=None)
            self.end.widget.value = end.time().replace(tzinfo=None)
            self.decision.widget.value = rnd.decision_expected
            self.decision_unknown.widget.value = rnd.decision_expected is None
        self.format.widget.value = str(rnd_values.get("format", "video"))
        self.asked.widget.value = bool(rnd_values.get("next_steps_asked", False))
        self.qualifications.widget.value = "\n".join(rnd_values.get("qualifications", ()))
        self.culture.widget.value = rnd_values.get("culture_fit", "")
        self.mishaps.widget.value = "\n".join(rnd_values.get("mishaps", ()))
        self.topics.widget.value = "\n".join(rnd_values.get("topics", ()))
        self.interviewer_rows = []
        for person in rnd_values.get("interviewers", ()):
            self._new_row().load(person)
        self._show_rows()
        names = self._interviewer_names()
        self.concern_list.load(rnd_values.get("concerns", ()), names)
        self.slip_list.load(rnd_values.get("slips", ()), names)

    # -- editing -----------------------------------------------------------------------------
    def _interviewer_names(self) -> list[str]:
        return [row.name.widget.value for row in getattr(self, "interviewer_rows", [])]

    def _new_row(self) -> InterviewerRow:
        row = InterviewerRow(self._changed_now, self.remove_interviewer)
        self.interviewer_rows.append(row)
        return row

    def _show_rows(self) -> None:
        self.interviewer_box.children = tuple(r.box for r in self.interviewer_rows)

    def add_interviewer(self, **values: Any) -> InterviewerRow:
        """Add an interviewer row (filled with `values` if given)."""
        row = self._new_row()
        if values:
            was, self._loading = self._loading, True
            try:
                row.load(values)
            finally:
                self._loading = was
        self._show_rows()
        if values:
            self._changed()
        return row

    def remove_interviewer(self, row: InterviewerRow) -> None:
        self.interviewer_rows.remove(row)
        self._show_rows()
        self._changed()

    def _pick_round(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.flush()
        self.round_index = int(change["new"])
        app = self.session.current.application
        self._loading = True
        try:
            self._load_round(
                app.rounds[self.round_index] if self.round_index < len(app.rounds) else None, app
            )
        finally:
            self._loading = False

    def _add_round(self, _button: Any = None) -> None:
        app = self.session.current.application
        if not app.rounds:
            self.message.value = message_html("Fill in round 1 first.", "info")
            return
        self.flush()
        last = app.rounds[-1]
        self._loading = True
        try:
            self.round_index = len(app.rounds)
            self.round_picker.options = [
                *self.round_picker.options,
                (f"Round {last.number + 1}", self.round_index),
            ]
            self.round_picker.value = self.round_index
            self._load_round(None, app)
            self.day.widget.value = last.start.astimezone(app.candidate.zone).date() + timedelta(
                days=7
            )
        finally:
            self._loading = False
        self.message.value = message_html(
            "Round added: fill in its day, times and interviewers.", "info"
        )

    def _changed(self, _change: Any = None) -> None:
        if self._loading or self._autosave is None:
            return
        self._autosave()

    def _changed_now(self) -> None:
        if not self._loading:
            # An interviewer renamed, added or removed: the "raised by" ticks follow.
            names = self._interviewer_names()
            self.concern_list.set_names(names)
            self.slip_list.set_names(names)
        self._changed()

    def flush(self) -> None:
        """Save a pending autosave now."""
        if self._autosave is not None:
            self._autosave.flush()

    # -- values and saving -------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """The application as the form would save it (plain data in the model's shape)."""
        app = self.session.current.application
        zone_name = self.zone.widget.value
        rounds = [r.model_dump() for r in app.rounds]
        number = (
            rounds[self.round_index - 1]["number"] + 1
            if self.round_index >= len(rounds) and rounds
            else (rounds[self.round_index]["number"] if rounds else 1)
        )
        this_round = {
            "number": number,
            "start": _combine(self.day.widget.value, self.start.widget.value, zone_name),
            "end": _combine(self.day.widget.value, self.end.widget.value, zone_name),
            "format": self.format.widget.value,
            "interviewers": [r.values for r in self.interviewer_rows],
            "decision_expected": None
            if self.decision_unknown.widget.value
            else self.decision.widget.value,
            "next_steps_asked": self.asked.widget.value or not self.decision_unknown.widget.value,
            "qualifications": lines(self.qualifications.widget.value),
            "culture_fit": self.culture.widget.value,
            "concerns": self.concern_list.values,
            "slips": self.slip_list.values,
            "mistake_to_correct": "",  # kept in step with `slips` by the model
            "mishaps": lines(self.mishaps.widget.value),
            "topics": lines(self.topics.widget.value),
        }
        if self.round_index < len(rounds):
            rounds[self.round_index] = this_round
        else:
            rounds.append(this_round)
        return {
            "company": self.company.widget.value,
            "role": self.role.widget.value,
            "candidate": {
                "name": self.candidate_name.widget.value,
                "email": self.candidate_email.widget.value or None,
                "time_zone": zone_name,
                "country": self.country.widget.value or None,
                "subdivision": self.region.widget.value.strip() or None,
                "linkedin_profile_ready": self.profile_ready.widget.value,
                "linkedin_premium": self.linkedin_premium.widget.value,
            },
            "employer_time_zone": self.employer_zone.widget.value or None,
            "employer_country": self.employer_country.widget.value or None,
            "employer_subdivision": self.employer_region.widget.value.strip() or None,
            "status_contact": self.status_contact.widget.value.strip() or None,
            "rounds": rounds,
            "events": [e.model_dump() for e in app.events],
            "notes": app.notes,
        }

    def submit(self) -> Opened | None:
        """Validate and save. On bad input: messages beside the fields, nothing saved, None."""
        try:
            app = Application.parse(self.values)
            self._saving = True
            try:
                saved = self.session.save(app)
            finally:
                self._saving = False
        except InvalidInputError as exc:
            self.show_problems(exc)
            return None
        self.show_problems(None)
        self.show_warnings(saved.application)
        if saved.application != app:
            self.load(saved, keep_round=True)  # another notebook's change was merged in
        self.last_saved = saved
        self.message.value = message_html(f"Saved (version {saved.version}).", "ok")
        self.input_tips.value = tips_html(tips_by_field(saved.application, self.round_index))
        return saved

    def _save_quietly(self) -> None:
        shows_errors(lambda text: setattr(self.message, "value", message_html(text)))(self.submit)()

    def show_problems(self, error: InvalidInputError | None) -> None:
        prefix = f"rounds[{self.round_index}]"
        keys = [*self._candidate_fields, prefix, *(f"{prefix}.{k}" for k in self._round_fields)]
        keys += [f"{prefix}.interviewers[{i}]" for i in range(len(self.interviewer_rows))]
        keys += [
            f"{prefix}.interviewers[{i}].{k}"
            for i in range(len(self.interviewer_rows))
            for k in (
                "name",
                "title",
                "role",
                "email",
                "phone",
                "preferred_channel",
                "agreed_to_connect",
                "card_collected",
                "topics",
                "interests",
                "share_title",
                "share_link",
            )
        ]
        for name, rows in (("concerns", self.concern_list), ("slips", self.slip_list)):
            keys += [f"{prefix}.{name}[{j}]" for j in range(len(rows.rows))]
            keys += [
                f"{prefix}.{name}[{j}].{k}"
                for j in range(len(rows.rows))
                for k in (*rows.rows[j].fields, "raised_by")
            ]
        grouped = problems_by_prefix(error, keys) if error else {}
        for key, field in self._candidate_fields.items():
            field.show(" ".join(grouped.get(key, [])))
        for key, field in self._round_fields.items():
            field.show(" ".join(grouped.get(f"{prefix}.{key}", [])))
        self.round_message.value = message_html(" ".join(grouped.get(prefix, [])))
        for i, row in enumerate(self.interviewer_rows):
            row.show(grouped, f"{prefix}.interviewers[{i}]")
        self.concern_list.show(grouped, f"{prefix}.concerns")
        self.slip_list.show(grouped, f"{prefix}.slips")
        rest = grouped.get("", [])
        if error is not None:
            self.message.value = message_html(
                "Not saved yet: " + (" ".join(rest) if rest else "fix the fields marked in red.")
            )

    def show_warnings(self, app: Application) -> None:
        """Plan warnings (an old interview date, a region nobody chose) beside their field, in
        the information colour: the application is saved, but worth a second look."""
        fields = {
            **self._candidate_fields,
            f"rounds[{self.round_index}].start": self.day,
        }
        for problem in plan_warnings(app, self.session.clock()):
            field = fields.get(problem.location)
            if field is not None and not field.message.value:
                field.message.value = message_html(problem.message, "info")

    def problems(self) -> dict[str, str]:
        """The messages currently shown, by field (for tests and notebooks)."""
        shown: dict[str, str] = {}
        for key, field in {
            **self._candidate_fields,
            **{f"round.{k}": f for k, f in self._round_fields.items()},
        }.items():
            if field.message.value:
                shown[key] = _strip(field.message.value)
        for i, row in enumerate(self.interviewer_rows):
            for field, key in (
                (row.name, "name"),
                (row.email, "email"),
                (row.phone, "phone"),
                (row.topics, "topics"),
            ):
                if field.message.value:
                    shown[f"interviewer[{i}].{key}"] = _strip(field.message.value)
            if row.message.value:
                shown[f"interviewer[{i}]"] = _strip(row.message.value)
        if self.round_message.value:
            shown["round"] = _strip(self.round_message.value)
        return shown

    def summary(self) -> str:
        """What the form holds, in a few lines (printed under the widget in notebooks)."""
        v = self.values
        r = v["rounds"][self.round_index]
        people = (
            ", ".join(
                f"{p['name']} ({p['preferred_channel'] or 'not asked yet'})"
                for p in r["interviewers"]
            )
            or "none yet"
        )
        decision = (
            r["decision_expected"].isoformat() if r["decision_expected"] else "they did not say"
        )
        return (
            f"{v['candidate']['name']} · {v['company']} · {v['role']}\n"
            f"Round {r['number']}: {r['start']:%a %d %b %Y %H:%M}–{r['end']:%H:%M} {v['candidate']['time_zone']}, {r['format']}\n"
            f"Decision by: {decision}\n"
            f"Interviewers: {people}"
        )


def _combine(day: date | None, at: time | None, zone: str) -> datetime | None:
    if day is None or at is None:
        return None  # the model then says which field is missing
    return localize(datetime.combine(day, at), zone)


def _joined(items: str | Sequence[str]) -> str:
    """Textarea text for a list (one item per line); a string is taken as already written."""
    return items if isinstance(items, str) else "\n".join(items)


def _strip(html_text: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_text))
