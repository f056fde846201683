"""Save and load a 2,000-application workbook (3 interviewers and a few events each).

    .venv/bin/python benchmarks/bench_store.py [applications]

Target (issue 4): saving and loading 2,000 applications each under 1 s. "Save" is one
`save_application` call (one transaction) per application, the way notebooks autosave; the bulk
path (`import_json`, one transaction) and `export_json` are shown for comparison. "Load" opens the
file in a fresh `Workbook` (so nothing is cached) and lists every application, parsed and
validated. Prints figures, asserts nothing: benchmarks inform, the unit tests decide correctness.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_kit.core import Application, Candidate, Event, Interviewer, Round
from followup_kit.store import Workbook

LONDON = ZoneInfo("Europe/London")
CLIENTS = 40
REPEATS = 3
T = TypeVar("T")


def make_application(i: int) -> Application:
    """Application number i: one round with 3 interviewers, three events."""
    start = datetime(2026, 2, 2, 9, tzinfo=LONDON) + timedelta(days=i % 30, hours=i % 7)
    people = tuple(
        Interviewer(
            name=f"Person {i}-{k}",
            title="Engineering Manager",
            email=f"p{i}.{k}@example.com",
            preferred_channel=("email", "post", "linkedin")[k],
            agreed_to_connect=k == 0,
            topics=(f"the migration project {k}", "their on-call rota"),
            interests=(f"interest {k}",),
        )
        for k in range(3)
    )
    end = start + timedelta(hours=1)
    return Application(
        company=f"Company {i}",
        role="Data Analyst",
        candidate=Candidate(name=f"Client {i % CLIENTS}", time_zone="Europe/London", country="GB"),
        rounds=(
            Round(
                number=1,
                start=start,
                end=end,
                interviewers=people,
                decision_expected=start.date() + timedelta(days=7),
                qualifications=("SQL and dbt", "dashboards for non-specialists"),
                culture_fit="They share their work openly",
                topics=("the customer data platform",),
            ),
        ),
        events=(
            Event(kind="done", action="write_notes", at=end + timedelta(hours=1)),
            Event(
                kind="done",
                action="thank_you",
                interviewer=f"Person {i}-0",
                at=end + timedelta(hours=5),
            ),
            Event(kind="heard_back", at=end + timedelta(days=2), note="Decision next week"),
        ),
        notes="Follow up on the dbt question.",
    )


def best_of(label: str, run: Callable[[int], T]) -> T:
    """Run `run(attempt)` REPEATS times; print the best and median wall time, and the CPU time
    of the best run (on a machine shared with other jobs, wall time includes waiting for a CPU)."""
    times: list[tuple[float, float]] = []
    result: T | None = None
    for attempt in range(REPEATS):
        began, cpu = time.perf_counter(), time.process_time()
        result = run(attempt)
        times.append((time.perf_counter() - began, time.process_time() - cpu))
    best, cpu_of_best = min(times)
    median = statistics.median(wall for wall, _ in times)
    print(f"{label:<52} best {best:6.3f} s  median {median:6.3f} s  (CPU {cpu_of_best:.3f} s)")
    assert result is not None
    return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    apps = [make_application(i) for i in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)

        def save(attempt: int) -> Path:
            path = root / f"saved-{attempt}.sqlite"
            with Workbook.open(path) as wb:
                ids = [wb.add_client(f"Client {n}").id for n in range(CLIENTS)]
                for i, app in enumerate(apps):
                    wb.save_application(ids[i % CLIENTS], app)
            return path

        path = best_of(f"save {count:,} (one transaction each)", save)

        def save_batch(attempt: int) -> Path:
            # The same saves inside Workbook.batch(): one checkpoint at the end instead of one
            # per save (the floor the per-save checkpoint is measured against).
            batch_path = root / f"batched-{attempt}.sqlite"
            with Workbook.open(batch_path) as wb, wb.batch():
                ids = [wb.add_client(f"Client {n}").id for n in range(CLIENTS)]
                for i, app in enumerate(apps):
                    wb.save_application(ids[i % CLIENTS], app)
            return batch_path

        best_of(f"save {count:,} inside batch() (one checkpoint)", save_batch)

        def load(attempt: int) -> int:
            with Workbook.open(path) as wb:
                return len(wb.applications())

        loaded = best_of(f"load {count:,} (fresh Workbook.open + applications())", load)
        assert loaded == count

        def export(attempt: int) -> str:
            with Workbook.open(path) as wb:
                return wb.export_json()

        text = best_of(f"export_json {count:,}", export)

        def bulk(attempt: int) -> int:
            with Workbook.open(root / f"imported-{attempt}.sqlite") as wb:
                return wb.import_json(text).applications

        best_of(f"import_json {count:,} (one transaction)", bulk)

        def edit(attempt: int) -> int:
            with Workbook.open(path) as wb:
                record = wb.application(1 + attempt)
                version = record.version
                for n in range(100):
                    changed = record.application.with_changes(notes=f"edit {attempt}-{n}")
                    version = wb.save_application(
                        record.client_id, changed, application_id=record.id, base_version=version
                    ).version
                return version

        best_of("100 autosaves of one application", edit)
        size = path.stat().st_size / 1e6
        print(
            f"workbook file: {size:.1f} MB for {count:,} applications ({len(text) / 1e6:.1f} MB JSON)"
        )
        print(f"load average while running: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
