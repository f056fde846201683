"""Checks on a megabyte of pasted text return (issue 16.5), and the sentence scanner is right.

No timing is asserted here (speed lives in benchmarks/bench_checks.py); a generous
subprocess timeout only guards against a hang: the old sentence regex never finished on
1 MB without full stops.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_kit.core.checks import WORDING_CHARS, count_sentences
from followup_kit.core.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent

SHAPES = {
    "letters": "'a' * 1_000_000",
    "words without full stops": "'why was I not chosen by Friday sorry ' * 27_000",
    "sentences": "'Dear Ana, thank you. ' * 48_000",
    "full stops only": "'. ' * 500_000",
    "brackets and braces": "'[{<' * 333_333",
    "lines": "'Dear Ana,\\n' * 100_000",
}

SCRIPT = """
import sys
from followup_kit.core.checks import recheck
from followup_kit.core.messages import Level
from tests.check_corpus import load
entry = load("good")[0]
text = {shape}
assert len(text) >= 990_000, len(text)
draft = recheck(entry.draft, text, entry.application, other_companies=entry.other_companies)
print(len(draft.body), sorted({{f.check for f in draft.checks}}), draft.ready)
"""


@pytest.mark.parametrize("shape", SHAPES.values(), ids=list(SHAPES))
def test_a_megabyte_of_text_returns_with_findings(shape: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(shape=shape)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, not a speed target
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    size, checks, ready = done.stdout.split(" ", 1)[0], done.stdout, done.stdout.split()[-1]
    assert int(size) >= 990_000
    assert "checked_part" in checks  # an error: far too long, and only the start was read
    assert ready == "False"


def test_text_without_full_stops_is_one_unfinished_sentence() -> None:
    text = "we talked about the data platform and " * 30_000
    [only] = sentences(text)
    assert not only.ended
    assert (only.start, only.end) == (0, len(text))
    assert count_sentences(text) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Nair showed me 3.5 years of data, e.g. the A&E figures. Thanks!", 2),
        ("See example.org/a.b for details. Then more.", 2),
        ('He said "go." Then left.', 2),
        ("Wait... really?! Yes.", 3),
        ("It starts at 9 a.m. tomorrow. Good.", 2),
        ("一\u3002二\uff01三\uff1f", 3),  # full-width (CJK) ends
    ],
)
def test_sentence_ends(text: str, expected: int) -> None:
    assert len([s for s in sentences(text) if s.ended]) == expected


def test_the_wording_limit_is_far_beyond_any_note() -> None:
    # The longest note the kit allows is a few hundred words; the wording checks read far more.
    assert WORDING_CHARS >= 20 * 300
