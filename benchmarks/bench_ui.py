"""How long a coach waits after changing a field: refreshed plan + drafts, and a redrawn chart.

    .venv/bin/python benchmarks/bench_ui.py

Targets (issue 7): form change -> plan table + drafts refreshed <= 50 ms; -> chart redrawn
<= 200 ms. Driven headless (no browser): the same callbacks the widgets fire. The save to the
workbook is included, because a real change autosaves before the views refresh. Prints CPU and
wall medians and the load average; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_kit.store import Workbook
from followup_kit.ui import Session, Workspace
from tests.scenarios import application

NOW = datetime(2026, 3, 10, 9, tzinfo=timezone.utc)
REPEATS = 15


def measure(step: object) -> tuple[float, float]:
    """Median (wall, CPU) milliseconds of `step()` over REPEATS runs."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        step()  # type: ignore[operator]
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Workbook.open(Path(folder) / "bench.sqlite", clock=lambda: NOW) as book,
    ):
        client = book.add_client("Sam Okafor")
        book.save_application(client.id, application())
        session = Session(book, clock=lambda: NOW)
        workspace = Workspace(session)
        form, plan_view, drafts = workspace.form, workspace.plan_view, workspace.drafts
        plan_view.with_chart = False  # measure the table and drafts first, the chart apart
        days = iter(range(1, 10_000))

        def change_decision_date() -> None:
            form.decision.widget.value = date(2026, 3, 10) + timedelta(days=next(days) % 20)

        table_wall, table_cpu = measure(change_decision_date)
        chart_wall, chart_cpu = measure(plan_view.redraw_chart)
        plan_view.with_chart = True
        all_wall, all_cpu = measure(change_decision_date)
        assert drafts.drafts, "the drafts view should hold drafts"
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; medians of {REPEATS}")
    print(
        f"form change -> saved, plan table + drafts refreshed: {table_wall:6.1f} ms wall, {table_cpu:6.1f} ms CPU (target <= 50)"
    )
    print(
        f"chart redraw (timeline PNG):                         {chart_wall:6.1f} ms wall, {chart_cpu:6.1f} ms CPU (target <= 200)"
    )
    print(
        f"form change -> everything, chart included:          {all_wall:6.1f} ms wall, {all_cpu:6.1f} ms CPU"
    )


if __name__ == "__main__":
    main()
