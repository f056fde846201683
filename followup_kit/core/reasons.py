"""The one-line "why" shown beside every planned action, in the kit's own words.

Each sentence is a `str.format` pattern keyed by situation; `explain()` fills it and appends the
rule and source ids, so a coach can point at the advice behind every line of the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from followup_kit.core.rules import cite

__all__ = ["Clause", "Reason", "clause", "explain"]

Values = tuple[tuple[str, Any], ...]

_WHY: dict[str, str] = {
    "ask_next_steps.ahead": (
        "Before round {round} ends, ask when they expect to decide and what happens next: "
        "that date anchors every later follow-up"
    ),
    "ask_next_steps.missed": (
        "Nobody asked about next steps in round {round}, so the plan assumes a decision by "
        "{anchor:%a %d %b} ({days} days); ask the question in your thank-you note"
    ),
    "write_notes": (
        "Jot down who you met, what you talked about and anything you forgot to say while it "
        "is fresh; every note you send draws on it"
    ),
    "thank_you.email": (
        "{name} gets a thank-you of their own, by email, within {hours:g} hours, recalling "
        "something from your conversation"
    ),
    "thank_you.linkedin": (
        "{name} prefers LinkedIn, so thank them there within {hours:g} hours, recalling "
        "something from your conversation"
    ),
    "thank_you.post": (
        "{name} prefers post: write a card today and send it express so it keeps its "
        "immediacy; it is warmer than email but may be read later"
    ),
    "thank_you.phone": (
        "{name} prefers the phone: call on the next working day to say thank you, keep it "
        "to a couple of minutes"
    ),
    "thank_you.weekend": "; sent at the weekend, it will be waiting when they start on {weekday:%A}",
    "thank_you.mistake": "; use two sentences of it to put right the slip you noted",
    "thank_you.later_round": "; round {round}, so keep it shorter than the first time",
    "linkedin_request": (
        "{name} agreed to connect: send a request with a personal note that recalls your "
        "conversation (under {cap} characters)"
    ),
    "linkedin_request.article": "; an article on {interest} gives you a natural reason",
    "linkedin_ask_first": (
        "{name} has not said yes to LinkedIn: ask next time you speak and only send a "
        "request once they agree"
    ),
    "profile_check": (
        "Before any LinkedIn request goes out, make sure your profile is complete, current "
        "and has a professional photo"
    ),
    "status_check.first": (
        "Once the decision date ({anchor:%a %d %b}{assumed}) has passed without news, a "
        "short, friendly status check {grace} working days later is fair, and no earlier"
    ),
    "status_check.next": (
        "Still no answer about a week after status check {previous}: one last brief, "
        "positive note, then stop chasing"
    ),
    "status_check.phone": "; {name} prefers the phone, so a call of a few minutes",
    "status_check.superseded": "; no longer needed because round {next_round} was booked",
    "keep_searching": (
        "While you wait, keep your other applications moving, and read silence as a slow "
        "process rather than a no: decisions slip for many innocent reasons"
    ),
    "keep_searching.no_answer": (
        "; both status checks went unanswered, so stop chasing this one and treat any reply "
        "as a bonus"
    ),
    "keep_warm": (
        "The process is on hold: instead of asking for news, share something about "
        "{interest} with {name} (contact {sequence} of at most {limit}, about monthly)"
    ),
    "keep_warm.after_rejection": (
        "Optional: a month on, share something about {interest} with {name} so they "
        "remember you when a new role opens"
    ),
    "offer_close_out": (
        "An offer: stop chasing and thank {name} and the panel briefly; negotiating and "
        "accepting come next and are outside this plan"
    ),
    "withdrawal_note": (
        "You withdrew: tell {name} in a short, warm note and thank them for their time, so "
        "the door stays open"
    ),
    "write_notes.thanked": ("; your thank-yous for this round are sent, so this is now optional"),
    "thank_you.post_missed": (
        "; today's last post ({post_by}) has gone, so post it at the next collection on {day:%a} {day.day} {day:%b} "
        "(or send an email today if speed matters more than warmth)"
    ),
    "thank_you.phone_backup": (
        "; the call cannot happen before {day:%a} {day.day} {day:%b}, so send a short written thank-you within 24 "
        "hours as well"
    ),
    "thank_you.phone_no_backup": (
        "; days off delay the call and there is no email for {name} for a quick written "
        "thanks in the meantime: note it next time"
    ),
    "thank_you.written_too": (
        "{name} prefers a call, which has to wait until {day:%a} {day.day} {day:%b}: a short written thank-you by "
        "email within {hours:g} hours keeps the moment, then call as planned"
    ),
    "reach.not_asked": (
        "; you have not asked how {name} likes to be contacted, so email for now and ask "
        "next time you speak"
    ),
    "reach.no_phone": "; {name} prefers the phone but no number was noted, so email instead",
    "reach.no_email": (
        "; no email address is noted for {name}: find it (their card, the invite, the "
        "recruiter) before this is due"
    ),
    "reach.no_email_call": "; no email address is noted for {name}, so a short call instead",
    "reach.linkedin_no_email": (
        "; {name} prefers LinkedIn, but this goes by email and no address is noted: find "
        "it before this is due"
    ),
    "reach.nothing": (
        "; {name} prefers the phone but neither a number nor an email is noted: find one "
        "before this is due"
    ),
    "their_time": "; that is {time:%H:%M} their time ({zone})",
    "day_off.moved": "; {what} is not a working day for them, so it moves to {day:%a} {day.day} {day:%b}",
    "day_off.kept": "; it falls on {what}, which is fine: this one is for you, not for them",
    "stale": (
        "; its moment passed on {latest:%a} {latest.day} {latest:%b} and so long ago that it is no longer worth doing"
    ),
    "rejection_reply": (
        "Thank {name} briefly for the chance, ask them to keep your CV on file and, if you "
        "like, for one tip for future interviews; do not argue or ask why"
    ),
}


@dataclass(frozen=True, slots=True)
class Clause:
    """A fragment appended to a "why" (weekend, a slip to correct, a later round …)."""

    key: str
    values: Values = ()

    @property
    def text(self) -> str:
        return _WHY[self.key].format(**dict(self.values))


@dataclass(frozen=True, slots=True)
class Reason:
    """The parts of a "why"; the sentence is only composed when someone reads it, because a
    coach's agenda re-plans thousands of actions and shows a handful."""

    key: str
    rules: tuple[str, ...]
    values: Values = ()
    clauses: tuple[Clause, ...] = ()

    @property
    def text(self) -> str:
        body = _WHY[self.key].format(**dict(self.values))
        return f"{body}{''.join(c.text for c in self.clauses)} {cite(self.rules)}"


def explain(
    key: str, rule_ids: Sequence[str], *, extra: Sequence[Clause] = (), **values: Any
) -> Reason:
    """The "why" for `key` with its values, clauses and rule ids (composed on demand)."""
    if key not in _WHY:
        raise KeyError(f"no reason text for {key!r}")
    return Reason(key, tuple(rule_ids), tuple(values.items()), tuple(extra))


def clause(key: str, **values: Any) -> Clause:
    """A fragment to pass as `extra=` to `explain`."""
    if key not in _WHY:
        raise KeyError(f"no reason text for {key!r}")
    return Clause(key, tuple(values.items()))
