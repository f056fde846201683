"""Sentences and words of a note, found by one left-to-right pass (linear in the text's length).

The checks run on every pause in typing, on whatever the candidate pasted, so nothing here may
backtrack: a regular expression that tries every way to cut a text without full stops into
sentences takes minutes on a few thousand characters. `sentences` walks the text once;
`edit_distance` is only ever called on two short words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "edit_distance", "sentences"]

_FULL_STOP = "."
_OTHER_ENDS = "!?\u3002\uff01\uff1f\u2026"  # ! ? and the full-width (CJK) ends, an ellipsis
_ENDS = _FULL_STOP + _OTHER_ENDS
_CLOSERS = "\"'\u2019\u201d)]\u00bb"  # a quote or bracket that closes after the full stop
# A full stop after one of these does not end the sentence ("Dr. Nair", "e.g. the").
_ABBREVIATIONS = frozenset(
    (
        *("dr", "mr", "mrs", "ms", "mx", "prof", "st", "mt", "no", "vs", "etc", "approx", "jr"),
        *("sr", "e.g", "i.e", "a.m", "p.m", "cf", "incl", "esp", "ca", "fig", "dept", "inc", "ltd"),
        "co",
    )
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A stretch of the text; `ended` says whether it closes with sentence-ending punctuation."""

    start: int
    end: int
    text: str
    ended: bool


# A run of sentence ends with any closing quotes after it, or (when reading lines) a line
# break. Each piece is a plain character class, so the scan cannot backtrack.
_BREAK = re.compile(f"[{re.escape(_ENDS)}]+[{re.escape(_CLOSERS)}]*")
_BREAK_OR_LINE = re.compile(f"[{re.escape(_ENDS)}]+[{re.escape(_CLOSERS)}]*|\n\\s*")
_TITLES = frozenset(("dr", "mr", "mrs", "ms", "mx", "prof", "st", "mt"))


def _word_before(text: str, index: int) -> str:
    """The short word (letters and inner dots) that ends just before `index`, lower-cased."""
    start = index
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
        if index - start > 8:  # abbreviations are short; stop looking
            return ""
    return text[start:index].casefold()


def _next_visible(text: str, index: int) -> str:
    """The first character at or after `index` that is not a space ("" at the end)."""
    limit = min(len(text), index + 40)  # a few spaces at most; never scan the whole rest
    while index < limit and text[index].isspace():
        index += 1
    return text[index] if index < limit else ""


def _full_stop_ends(text: str, index: int, after: int) -> bool:
    """Whether the single full stop at `index` ends a sentence (not "3.5", "example.org",
    "Dr. Nair", "e.g. the")."""
    if after < len(text) and not text[after].isspace():
        return False
    word = _word_before(text, index)
    if word in _ABBREVIATIONS:
        following = _next_visible(text, after)
        if following.isalnum() and (word in _TITLES or following.islower()):
            return False
    return True


def sentences(text: str, *, lines: bool = False) -> list[Sentence]:
    """The sentences of `text` in order, each with a visible character; one pass.

    With `lines=True` a line break also ends a sentence (a greeting, a list item, a sign-off),
    which is how the checks read a note; counting follows punctuation only."""
    found: list[Sentence] = []
    start = 0

    def close(end: int, ended: bool) -> None:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            found.append(Sentence(start + lead, end, piece.strip(), ended))

    for match in (_BREAK_OR_LINE if lines else _BREAK).finditer(text):
        if match.group()[0] == "\n":
            close(match.start(), False)
            start = match.end()
            continue
        run = match.group()
        if run.rstrip(_CLOSERS) == _FULL_STOP and not _full_stop_ends(
            text, match.start(), match.end()
        ):
            continue
        close(match.end(), True)
        start = match.end()
    close(len(text), False)
    return found


def edit_distance(first: str, second: str, cap: int = 3) -> int:
    """Letters to insert, delete, change or swap to turn `first` into `second` (capped at `cap`,
    which keeps the cost small: only near-misses matter)."""
    if abs(len(first) - len(second)) >= cap:
        return cap
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            cost = 0 if a == b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) >= cap:
            return cap
        previous2, previous = previous, current
    return min(previous[-1], cap)
