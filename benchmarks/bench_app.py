"""App mode: how long a client waits from opening the page to a form they can type into.

    .venv/bin/python benchmarks/bench_app.py

Starts the real `followup-kit app` (Voilà) once, then opens its URL REPEATS times in headless
Debian Chromium, each visit in a fresh page (Voilà starts a fresh kernel per visit, so kernel
start and the notebook's imports are included). For each visit it prints:
- first paint: navigation start -> the browser's first contentful paint;
- form live: navigation start -> the start widget's button is rendered by the live kernel;
- first paint -> form live (issue 11's figure; target <= 5 s on this machine).
The floor is a one-button ipywidgets notebook served by the same Voilà settings in the same
run: the ratio says how much of the wait is the kit's own notebook rather than Voilà + kernel.
Asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from followup_kit.cli.app import app_server
from followup_kit.cli.serve import free_port, new_token, wait_until_up
from tests.browser.app_process import app_environment, running_app
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

REPEATS = 3
TIMEOUT_MS = 120_000
FLOOR_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "floor",
            "metadata": {},
            "outputs": [],
            "source": "import ipywidgets as W\nW.Button(description='Go').add_class('fk-floor')",
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
FIRST_PAINT_JS = """() => {
  const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null;
}"""


def visit(browser: object, url: str, live_selector: str) -> tuple[float, float]:
    """(first paint, form live) in ms since navigation start, for one fresh page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
        page.locator(live_selector).first.wait_for(state="visible", timeout=TIMEOUT_MS)
        live = float(page.evaluate("() => performance.now()"))
        paint = page.evaluate(FIRST_PAINT_JS)
        return float(paint if paint is not None else live), live
    finally:
        context.close()


def report(name: str, runs: list[tuple[float, float]]) -> float:
    paints = [p for p, _ in runs]
    lives = [lv for _, lv in runs]
    waits = [lv - p for p, lv in runs]
    print(
        f"{name:<28} first paint {statistics.median(paints) / 1000:5.2f} s   "
        f"form live {statistics.median(lives) / 1000:5.2f} s   "
        f"first paint -> form live {statistics.median(waits) / 1000:5.2f} s "
        f"(each: {', '.join(f'{w / 1000:.2f}' for w in waits)})"
    )
    return statistics.median(waits)


def main() -> None:
    if CHROMIUM is None:
        print("Chromium not found: apt-get install chromium")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="fk-bench-app-") as folder:
        tmp = Path(folder)
        floor_path = tmp / "floor.ipynb"
        import json

        floor_path.write_text(json.dumps(FLOOR_NOTEBOOK), encoding="utf-8")
        (tmp / "floor").mkdir()
        floor_token, floor_port = new_token(), free_port(0)
        floor = app_server(floor_path, port=floor_port, token=floor_token)
        floor_env = {**app_environment(tmp / "floor"), **(floor.environment or {})}
        floor_process = subprocess.Popen(
            list(floor.command),
            env=floor_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        (tmp / "kit").mkdir()
        try:
            if not wait_until_up(floor_process, floor.status_url):
                raise SystemExit("the floor Voilà did not start")
            with (
                running_app(tmp / "kit", free_port(0)) as app,
                sync_playwright() as playwright,
            ):
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    kit = [visit(browser, app.url, ".fk-new-application") for _ in range(REPEATS)]
                    base = [visit(browser, floor.page_url, ".fk-floor") for _ in range(REPEATS)]
                finally:
                    browser.close()
        finally:
            floor_process.terminate()
            floor_process.wait(timeout=30)
    print(f"app mode, {REPEATS} visits each (medians); load average {os.getloadavg()[0]:.1f}")
    kit_wait = report("followup-kit app (00 start)", kit)
    floor_wait = report("floor: one-button notebook", base)
    print(
        f"first paint -> form live: {kit_wait / 1000:.2f} s (target <= 5 s), "
        f"{kit_wait / max(floor_wait, 1):.1f} x the floor"
    )


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"(benchmark took {time.monotonic() - started:.0f} s)")
