"""What the store's safety costs: `PRAGMA integrity_check` on open, and the checkpoint after
each save that keeps the `.sqlite` file complete on its own.

    .venv/bin/python benchmarks/bench_store_open.py [applications]

Figures are ratios to a floor measured in the same run (quick_check for the open; the same
transaction without its checkpoint for the save), so a busy machine shifts both alike. Prints
figures, asserts nothing.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import CLIENTS, make_application

from followup_kit.store import Workbook


def best(run: object, repeats: int = 5) -> float:
    assert callable(run)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workbook.sqlite"
        with Workbook.open(path, daily_backups=0) as wb:
            ids = [wb.add_client(f"Client {n}").id for n in range(CLIENTS)]
            text_apps = [(ids[i % CLIENTS], make_application(i)) for i in range(count)]
            for client, app in text_apps:
                wb.create_application(client, app)
        size = path.stat().st_size / 1e6

        def check(pragma: str) -> None:
            conn = sqlite3.connect(path)
            conn.execute(pragma).fetchall()
            conn.close()

        full = best(lambda: check("PRAGMA integrity_check(10)"))
        quick = best(lambda: check("PRAGMA quick_check(5)"))
        opened = best(lambda: Workbook.open(path, daily_backups=0).close())
        print(f"{count:,} applications, {size:.1f} MB")
        print(
            f"integrity_check {full * 1000:7.1f} ms   quick_check {quick * 1000:7.1f} ms   "
            f"ratio {full / quick:.2f}"
        )
        print(f"Workbook.open + close (all checks) {opened * 1000:7.1f} ms")

        with Workbook.open(path, daily_backups=0) as wb:
            record = wb.application(1)
            version = record.version

            def saves(n: int = 50) -> None:
                nonlocal version
                for k in range(n):
                    version = wb.save_application(
                        record.client_id,
                        record.application.with_changes(notes=f"edit {version}-{k}"),
                        application_id=record.id,
                        base_version=version,
                    ).version

            with_checkpoint = best(saves, 3) / 50
            original = Workbook._checkpoint
            Workbook._checkpoint = staticmethod(lambda db: None)  # type: ignore[method-assign]
            try:
                floor = best(saves, 3) / 50
            finally:
                Workbook._checkpoint = original  # type: ignore[method-assign]
        print(
            f"save with checkpoint {with_checkpoint * 1000:6.2f} ms   without "
            f"{floor * 1000:6.2f} ms   ratio {with_checkpoint / floor:.1f}"
        )


if __name__ == "__main__":
    main()
