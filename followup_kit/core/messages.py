"""Drafted messages and the findings a check reports about them (pure data, no text logic).

A `Draft` is what `followup_kit.render.drafts.draft_message` produces for one planned action:
who it goes to, on which channel, the subject (email only), the body, the rules it follows and
the findings of `followup_kit.core.checks.check_message`. Drafts are immutable; when the
candidate edits the text, `checks.recheck(draft, new_body, application)` returns a new draft
with the checks run again on the edited text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from followup_kit.core.vocabulary import ActionKind, Channel

__all__ = ["Contact", "Draft", "Finding", "Level"]


class Level(str, Enum):
    """How much a finding matters: an error must be fixed before sending, a warning should be
    looked at, a tip is a suggestion."""

    ERROR = "error"
    WARNING = "warning"
    TIP = "tip"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for tips (the order findings are listed in)."""
        return _RANK[self]


_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.TIP: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check noticed, in words a candidate understands.

    `rule` is the rule id from the domain sheet (R-C5 …); `check` names the check that fired
    (``"length"``, ``"pushy"`` …) so a UI or a test can pick findings out; `location` is the
    input field to fix (``rounds[0].interviewers[1].topics``) when the fix is in the data.
    """

    level: Level
    rule: str
    check: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        return f"{self.level}: {self.message} ({self.rule})"


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at one end of a message; either part may be unknown."""

    name: str | None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A follow-up message ready for the candidate to read, edit and send."""

    kind: ActionKind
    channel: Channel
    recipient: Contact
    sender: Contact
    subject: str | None
    body: str
    rules: tuple[str, ...]
    checks: tuple[Finding, ...] = ()
    round: int | None = None
    sequence: int = 1
    action_id: str | None = None
    short_version: str | None = None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.checks if f.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.checks if f.level is Level.WARNING)

    @property
    def tips(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.checks if f.level is Level.TIP)

    @property
    def ready(self) -> bool:
        """True when no check reports an error (warnings and tips may remain)."""
        return not self.errors
