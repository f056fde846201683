"""One declarative spec per action kind: what every layer needs to know about it.

Before this table the facts about each `ActionKind` lived in parallel dicts in the drafts,
the checks, the labels, the charts and the export, and they drifted ("Keep your search
moving" / "Keep other applications moving" / "Keep searching" for one kind). Now each kind is
described once, here, and every layer reads `KINDS[kind]`; `tests/test_kinds.py` asserts the
table covers every enum member. Adding a kind means: its enum member (vocabulary.py), its spec
here, its template(s), and the plan rule that creates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from followup_kit.core.vocabulary import ActionKind, Channel

__all__ = [
    "CHANNEL_NOUN",
    "KINDS",
    "LINKEDIN_CAP_FREE",
    "LINKEDIN_CAP_PREMIUM",
    "LINK_SLOT",
    "KindSpec",
    "Limit",
    "limits",
    "linkedin_cap",
]

# R-D1: LinkedIn caps a connection note at 200 characters on free accounts, 300 on paid ones.
LINKEDIN_CAP_FREE = 200
LINKEDIN_CAP_PREMIUM = 300
# The visible gap a keep-warm or status check leaves for a link the candidate has not recorded;
# the checks treat a note that still contains it as not ready to send.
LINK_SLOT = "[link]"


@dataclass(frozen=True, slots=True)
class Limit:
    """The most sentences and words a message of one kind and channel should have."""

    sentences: int
    words: int


# The word for a message sent by each channel, as the checks say it ("a thank-you by card").
CHANNEL_NOUN: Mapping[Channel, str] = MappingProxyType(
    {
        Channel.EMAIL: "email",
        Channel.POST: "card",
        Channel.PHONE: "call",
        Channel.LINKEDIN: "LinkedIn message",
        Channel.IN_PERSON: "conversation",
    }
)
# CHANNEL_NOUN is for sentences; a status check by phone is a "call", by email an "email".


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything the layers need about one kind of action.

    `title` is the headline of one action in exports, a format string with {who}, {round},
    {sequence}, {noun} (the channel's noun: email, card, call) and {by} (" by email", or
    nothing in person). `label` is what the views and exports call it, `short` the shorter chart/agenda label,
    `noun` how a sentence refers to one ("a thank-you by email"). `channels` are the channels
    a message of this kind can be drafted for (empty: a checklist item, not a message), each
    with its length `limits` (R-C5: three to four sentences; S3: a couple for email — the
    counts leave out the greeting and sign-off). `rules` are the rule ids it implements;
    `length_rule` and `thanks_rule` the ids the checks cite for its length and its thanks.
    """

    kind: ActionKind
    title: str
    label: str
    short: str
    noun: str
    rules: tuple[str, ...]
    per_interviewer: bool = False
    channels: tuple[Channel, ...] = ()
    limits: Mapping[Channel, Limit] = field(default_factory=dict)
    length_rule: str | None = None
    thanks_rule: str | None = None

    @property
    def is_message(self) -> bool:
        return bool(self.channels)

    def template(self, channel: Channel) -> str:
        """The template file that drafts this kind for `channel`."""
        return f"drafts/{self.kind.value}/{channel.value}.txt.j2"


KINDS: Mapping[ActionKind, KindSpec] = MappingProxyType(
    {
        spec.kind: spec
        for spec in (
            KindSpec(
                ActionKind.ASK_NEXT_STEPS,
                title="Ask about next steps{by} (round {round})",
                label="Ask about next steps",
                short="Ask about next steps",
                noun="question about next steps",
                rules=("R-A1",),
            ),
            KindSpec(
                ActionKind.WRITE_NOTES,
                title="Write your notes on round {round}",
                label="Write your notes",
                short="Write interview notes",
                noun="interview notes",
                rules=("R-B1",),
            ),
            KindSpec(
                ActionKind.THANK_YOU,
                title="Thank-you {noun} to {who}",
                label="Thank-you note",
                short="Thank-you",
                noun="thank-you",
                rules=("R-C1", "R-C2", "R-C3", "R-C4", "R-C5", "R-C6"),
                per_interviewer=True,
                channels=(Channel.EMAIL, Channel.POST, Channel.PHONE, Channel.LINKEDIN),
                limits={
                    # thanks + detail, strengths, fit, a role line, looking forward; a concern
                    # or a slip gets its own allowance in the checks.
                    Channel.EMAIL: Limit(7, 130),
                    # A folded card holds about a hundred and twenty handwritten words.
                    Channel.POST: Limit(6, 120),
                    # A direct message is read on a phone: tighter than an email.
                    Channel.LINKEDIN: Limit(5, 90),
                    # Talking points for a two-minute call, with two sentences of instructions
                    # for the caller and the opening "Hello …, it's …".
                    Channel.PHONE: Limit(10, 160),
                },
                length_rule="R-C5",
                thanks_rule="R-C5",
            ),
            KindSpec(
                ActionKind.PROFILE_CHECK,
                title="Check your LinkedIn profile",
                label="Polish your LinkedIn profile",
                short="Check your LinkedIn profile",
                noun="profile check",
                rules=("R-D2",),
            ),
            KindSpec(
                ActionKind.LINKEDIN_REQUEST,
                title="LinkedIn request to {who}",
                label="LinkedIn request",
                short="LinkedIn request",
                noun="LinkedIn note",
                rules=("R-A3", "R-D1", "R-D3"),
                per_interviewer=True,
                channels=(Channel.LINKEDIN,),
                # The character cap (R-D1) is the real limit; three short sentences fit in it.
                limits={Channel.LINKEDIN: Limit(3, 55)},
                length_rule="R-D1",
            ),
            KindSpec(
                ActionKind.LINKEDIN_ASK_FIRST,
                title="Ask {who} before connecting on LinkedIn",
                label="Ask before connecting",
                short="Ask before connecting",
                noun="question about connecting",
                rules=("R-A3",),
                per_interviewer=True,
            ),
            KindSpec(
                ActionKind.STATUS_CHECK,
                title="Status check {sequence} after round {round}: {noun} {who}",
                label="Status check",
                short="Status check",
                noun="status check",
                rules=("R-E1", "R-E2", "R-E3", "R-E4", "R-E5", "R-E6"),
                channels=(Channel.EMAIL, Channel.PHONE),
                limits={
                    # R-E4: thanks, the question, interest, an offer of information, one extra.
                    Channel.EMAIL: Limit(5, 110),
                    Channel.PHONE: Limit(9, 140),
                },
                length_rule="R-E4",
                thanks_rule="R-E4",
            ),
            KindSpec(
                ActionKind.KEEP_SEARCHING,
                title="Keep your other applications moving",
                label="Keep your search moving",
                short="Keep your search moving",
                noun="reminder to keep searching",
                rules=("R-E7",),
            ),
            KindSpec(
                ActionKind.KEEP_WARM,
                title="Keep in touch with {who} ({sequence})",
                label="Keep in touch",
                short="Keep in touch",
                noun="keep-in-touch note",
                rules=("R-F1",),
                channels=(Channel.EMAIL, Channel.LINKEDIN),
                # R-F1: one thing worth sharing, no request; shorter than a status check.
                limits={Channel.EMAIL: Limit(5, 90), Channel.LINKEDIN: Limit(4, 60)},
                length_rule="R-F1",
            ),
            KindSpec(
                ActionKind.REJECTION_REPLY,
                title="Reply to {who} about the decision",
                label="Reply to the decision",
                short="Reply to the decision",
                noun="reply to a rejection",
                rules=("R-F2",),
                channels=(Channel.EMAIL,),
                # R-F2: thanks, keep my CV on file, one piece of advice for next time.
                limits={Channel.EMAIL: Limit(4, 80)},
                length_rule="R-F2",
                thanks_rule="R-F2",
            ),
            KindSpec(
                ActionKind.OFFER_CLOSE_OUT,
                title="Thank {who} for the offer",
                label="Thank the panel for the offer",
                short="Thank the panel",
                noun="thank-you after an offer",
                rules=("R-F4",),
                per_interviewer=True,
                channels=(Channel.EMAIL,),
                # R-F4: thanks and looking forward; negotiating is a conversation, not this note.
                limits={Channel.EMAIL: Limit(4, 80)},
                length_rule="R-F4",
                thanks_rule="R-F4",
            ),
            KindSpec(
                ActionKind.WITHDRAWAL_NOTE,
                title="Let {who} know you have withdrawn",
                label="Let them know you have withdrawn",
                short="Withdrawal note",
                noun="withdrawal note",
                rules=("R-F4",),
                channels=(Channel.EMAIL,),
                # A courtesy: thanks and a plain word that you have withdrawn; no long reasons.
                limits={Channel.EMAIL: Limit(4, 80)},
                length_rule="R-F4",
                thanks_rule="R-F4",
            ),
        )
    }
)


def linkedin_cap(premium: bool, policy_cap: int) -> int:
    """The character cap of a connection note: the policy's (free account) or the paid one."""
    return max(policy_cap, LINKEDIN_CAP_PREMIUM) if premium else policy_cap


def limits() -> dict[tuple[ActionKind, Channel], Limit]:
    """Every (kind, channel) length limit, flattened (for tables and the checks)."""
    return {
        (spec.kind, channel): limit
        for spec in KINDS.values()
        for channel, limit in spec.limits.items()
    }
