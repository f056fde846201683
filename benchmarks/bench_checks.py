"""Message checks on text of growing size, against a floor measured in the same run.

    .venv/bin/python benchmarks/bench_checks.py

Targets (issue 16.5): every check runs in linear time; `recheck` on 1 MB of text without full
stops returns in under a second. The floor is `str.split` over the same text (one C pass).
Prints each size's time, its ratio to the floor, and the growth from one size to the next
(about 2x per doubling is linear; the wording checks stop growing past WORDING_CHARS).
Asserts nothing: benchmarks inform, the unit tests decide correctness.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_kit.core.checks import WORDING_CHARS, recheck
from followup_kit.core.phrasing import find
from followup_kit.core.sentences import sentences
from tests.check_corpus import load

ENTRY = load("good")[0]
PHRASE = "we talked about why the team chose dbt and sorry my reply by Friday "  # no full stop


def _best(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def text_of(size: int) -> str:
    return (PHRASE * (size // len(PHRASE) + 1))[:size]


def main() -> None:
    print(f"wording checks read at most {WORDING_CHARS:,} characters")
    print(f"{'size':>10} {'recheck s':>10} {'floor s':>9} {'ratio':>7} {'growth':>7}")
    previous = None
    for size in (1_000, 2_000, 4_000, 8_000, 16_000, 128_000, 1_000_000):
        text = text_of(size)
        took = _best(
            lambda text=text: recheck(
                ENTRY.draft, text, ENTRY.application, other_companies=("Globex",)
            )
        )
        floor = _best(lambda text=text: text.split())
        growth = f"{took / previous:.2f}x" if previous else ""
        print(f"{size:>10,} {took:>10.4f} {floor:>9.5f} {took / floor:>7.0f} {growth:>7}")
        previous = took
    print("\nlinear scans over the whole text (no cap):")
    print(f"{'size':>10} {'sentences':>10} {'phrases':>9} {'floor s':>9}")
    for size in (100_000, 200_000, 400_000, 1_000_000):
        text = text_of(size)
        split = _best(lambda text=text: sentences(text, lines=True))
        phrases = _best(lambda text=text: list(find(text, ENTRY.draft.kind)), repeat=1)
        floor = _best(lambda text=text: text.split())
        print(f"{size:>10,} {split:>10.4f} {phrases:>9.3f} {floor:>9.5f}")
    one_mb = text_of(1_000_000)
    runs = [
        _best(lambda: recheck(ENTRY.draft, one_mb, ENTRY.application), repeat=1) for _ in range(5)
    ]
    print(f"\nrecheck on 1 MB without full stops: median {statistics.median(runs):.3f} s")


if __name__ == "__main__":
    main()
