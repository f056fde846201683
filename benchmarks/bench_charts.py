"""How long the charts take to draw, against bare matplotlib drawing the same number of bars.

Run: .venv/bin/python benchmarks/bench_charts.py

Each timing is the median of several runs of: build the figure (Figure + axes + every artist)
and save it as PNG into memory (`savefig` to a BytesIO at 100 dpi, which includes the full
Agg draw). The plan and the pipeline frame are built once, outside the timing.

Two floors, both bare matplotlib saving the same way into memory:
* "bars": a Figure of the same size, one `barh` call with as many bars as our chart has,
  default styling (the floor the issue asks for);
* "bars+text": the same, plus every string our chart draws placed with a plain `ax.text`
  (same font size), because drawing glyphs is most of the cost of a chart that is mostly
  labels, and no chart can avoid drawing its own words.
Targets: <= 200 ms per timeline, ratio <= 2.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from followup_kit.core import pipeline  # noqa: E402
from followup_kit.render.charts import chart_bytes, pipeline_figure, timeline_figure  # noqa: E402
from tests.test_charts import NOW, caseload, three_rounds  # noqa: E402

RUNS = 15


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    work()  # warm caches (fonts, holidays) once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bars_in(fig: Figure) -> int:
    return sum(isinstance(p, Rectangle) for ax in fig.axes for p in ax.patches)


def strings_in(fig: Figure) -> list[str]:
    """Every string `fig` draws (texts, titles, tick and legend labels)."""
    FigureCanvasAgg(fig).draw()
    found = []
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            found.append(text.get_text())
    return found


def floor(size: tuple[float, float], bars: int, strings: Sequence[str] = ()) -> Callable[[], bytes]:
    """Bare matplotlib: same figure size, `bars` bars, default style, optionally the same
    strings as plain texts, PNG into memory."""

    def draw() -> bytes:
        fig = Figure(figsize=size, dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.barh(range(bars), [1.0] * bars, left=list(range(bars)))
        for index, text in enumerate(strings):
            ax.text(0, index % max(bars, 1), text, fontsize=9)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    return draw


def report(name: str, ours: Callable[[], bytes], sample: Figure) -> None:
    size = (float(sample.get_size_inches()[0]), float(sample.get_size_inches()[1]))
    bars = bars_in(sample)
    strings = strings_in(sample)
    mine = median_ms(ours)
    bare = median_ms(floor(size, bars))
    worded = median_ms(floor(size, bars, strings))
    print(
        f"{name:<40} {mine:7.1f} ms | bars {bare:6.1f} ms, ratio {mine / bare:4.2f}"
        f" | bars+text {worded:6.1f} ms, ratio {mine / worded:4.2f}"
        f" | {bars} bars, {len(strings)} texts, {size[0]:.1f} x {size[1]:.1f} in"
    )


def main() -> None:
    plan = three_rounds()
    frame = pipeline(caseload(60), NOW)
    print(f"median of {RUNS} runs; each = build figure + savefig PNG to memory (includes draw)")
    report(
        "timeline, 3 rounds x 4 interviewers",
        lambda: chart_bytes(timeline_figure(plan)),
        timeline_figure(plan),
    )
    report(
        "pipeline, 60 applications (30 per page)",
        lambda: chart_bytes(pipeline_figure(frame, now=NOW)),
        pipeline_figure(frame, now=NOW),
    )
    report(
        "pipeline, 60 applications on one page",
        lambda: chart_bytes(pipeline_figure(frame, now=NOW, limit=60)),
        pipeline_figure(frame, now=NOW, limit=60),
    )


if __name__ == "__main__":
    main()
