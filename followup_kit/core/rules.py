"""The domain rules the kit implements, by id, with the articles each one rests on.

The ids and source ids come from the shared rule sheet (follow-up-rules.md); the one-line
summaries are ours. `cite()` turns rule ids into the "(R-C1; S0, S2)" suffix of every "why".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    sources: tuple[str, ...]


_RULES = (
    Rule("R-A1", "Ask when the decision or next stage is expected.", ("S0", "S2", "S4")),
    Rule("R-A2", "Ask each interviewer how they like to be contacted.", ("S1", "S4")),
    Rule("R-A3", "Get a yes in person before connecting on LinkedIn.", ("S0", "S1", "S4")),
    Rule("R-A4", "Note exact names, titles and emails (a business card helps).", ("S4",)),
    Rule("R-B1", "Write notes straight after the interview.", ("S1",)),
    Rule(
        "R-C1", "Thank-you within 24 hours; 48 hours at the very latest.", ("S0", "S2", "S3", "S4")
    ),
    Rule("R-C2", "A separate note for every interviewer, in every round.", ("S0", "S1", "S4")),
    Rule("R-C3", "Late-week interviews still get their note within 24 hours.", ("S2",)),
    Rule(
        "R-C4",
        "Use the channel they prefer; a card must be posted the same day.",
        ("S1", "S3", "S4"),
    ),
    Rule("R-C5", "Keep it short, specific and personal.", ("S1", "S2", "S3", "S4")),
    Rule("R-C6", "Correct a real slip briefly; never mention trivial ones.", ("S1",)),
    Rule("R-D1", "A LinkedIn request carries a personal note within the length cap.", ("S1",)),
    Rule("R-D2", "Have a complete, professional profile before connecting.", ("S1",)),
    Rule("R-D3", "An article they would enjoy is a natural reason to connect.", ("S0", "S4")),
    Rule("R-E1", "Do not chase before the decision date has passed.", ("S0", "S1", "S2")),
    Rule("R-E2", "First status check a few business days after the date.", ("S1", "S4")),
    Rule("R-E3", "At most two status checks, about a week apart.", ("S1", "S3", "S4")),
    Rule(
        "R-E4",
        "A status check thanks, asks, restates interest and offers help.",
        ("S0", "S2", "S4"),
    ),
    Rule("R-E5", "Status checks by short email or a brief call.", ("S1", "S3")),
    Rule("R-E6", "Silence has many innocent causes; stay positive.", ("S2", "S4")),
    Rule("R-E7", "Keep other applications moving while you wait.", ("S4",)),
    Rule("R-F1", "On hold: monthly keep-warm contact, no 'any news?'.", ("S0",)),
    Rule("R-F2", "Rejected: short thanks, ask to stay on file, never argue.", ("S1", "S2")),
    Rule("R-F3", "A new round restarts the cycle, more briefly.", ("S1",)),
    Rule("R-F4", "Offer: stop chasing; the plan closes.", ("S0", "S2")),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def sources_of(rule_ids: Iterable[str]) -> tuple[str, ...]:
    """The sorted, de-duplicated source ids behind the given rules."""
    return tuple(sorted({s for rid in rule_ids for s in RULES[rid].sources}))


def cite(rule_ids: Iterable[str]) -> str:
    """'(R-C1, R-C2; sources S0, S1, S2)' for the end of a "why" line."""
    return _cite(tuple(rule_ids))


@lru_cache(maxsize=256)
def _cite(ids: tuple[str, ...]) -> str:
    unknown = [rid for rid in ids if rid not in RULES]
    if unknown:
        raise KeyError(f"unknown rule id(s): {', '.join(unknown)}")
    return f"({', '.join(ids)}; sources {', '.join(sources_of(ids))})"
