"""The timeline and pipeline charts: assertions on the artists, plus PNGs for people to look at.

The standard scenarios are drawn into build/charts/ on every run (open them: that is the review).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
import pytest
from IPython.core.formatters import PNGFormatter
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from followup_kit.core import (
    ActionStatus,
    Application,
    Event,
    Interviewer,
    Plan,
    build_plan,
    pipeline,
)
from followup_kit.render import display
from followup_kit.render.charts import (
    chart_bytes,
    date_axis,
    pipeline_figure,
    plot_pipeline,
    plot_timeline,
    timeline_figure,
)
from tests.scenarios import LONDON, application, at, candidate, done, event, round_

NOW = at("2026-03-10", 9)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FIRST = ("Sam", "Priya", "Lena", "Tomás", "Aisha", "Jonas", "Mei", "Kwame", "Olga", "Ravi")
LAST = ("Okafor", "Natarajan", "Fischer", "Álvarez", "Bello", "Berg", "Lin", "Mensah")
COMPANIES = (
    "Acme Analytics",
    "Northwind Logistics",
    "Globex Health",
    "Initech",
    "Umbrella Retail Group plc",
    "Hooli",
    "Stark Renewables",
)
ROLES = (
    "Data Analyst",
    "Senior Product Designer",
    "Backend Engineer",
    "Marketing Lead",
    "Customer Success Manager (EMEA)",
)


# -- the standard scenarios ------------------------------------------------------------------
def panel(letter: str, count: int = 4) -> tuple[Interviewer, ...]:
    channels = ("email", "post", "linkedin", "phone")
    names = ("Ana Ruiz", "Bo Chen", "Chidi Obi", "Dana Weiss", "Eli Park", "Femi Ade")
    return tuple(
        Interviewer(
            name=f"{names[i]} {letter}",
            preferred_channel=channels[i % 4],
            agreed_to_connect=i % 2 == 0,
        )
        for i in range(count)
    )


def fresh() -> Plan:
    """(a) A few hours after a Tuesday interview with two interviewers."""
    return build_plan(application(), now=at("2026-03-03", 14))


def mid_process() -> Plan:
    """(b) Notes and one thank-you done, the card overdue, status checks ahead; no decision
    date was given, so it is assumed."""
    app = application(
        rounds=(round_(decision_expected=None),),
        events=(
            done("write_notes", at("2026-03-03", 12)),
            done("thank_you", at("2026-03-03", 16), "Ana Ruiz"),
        ),
    )
    return build_plan(app, now=NOW)


def three_rounds() -> Plan:
    """(c) 3 rounds x 4 interviewers, weeks apart: later rounds supersede earlier chasers."""
    app = application(
        rounds=(
            round_(1, "2026-03-03", interviewers=panel("A")),
            round_(2, "2026-03-17", interviewers=panel("B")),
            round_(3, "2026-04-07", interviewers=panel("C")),
        ),
        events=(
            done("write_notes", at("2026-03-03", 12), rnd=1),
            done("thank_you", at("2026-03-03", 15), "Ana Ruiz A", rnd=1),
            done("thank_you", at("2026-03-03", 15), "Bo Chen A", rnd=1),
            done("linkedin_request", at("2026-03-04", 9), "Ana Ruiz A"),
            done("write_notes", at("2026-03-17", 12), rnd=2),
            done("thank_you", at("2026-03-17", 16), "Ana Ruiz B", rnd=2),
        ),
    )
    return build_plan(app, now=at("2026-04-08", 9))


def on_hold() -> Plan:
    """(d) On hold: keep-warm contacts months ahead."""
    app = application(
        events=(
            done("write_notes", at("2026-03-03", 12)),
            done("thank_you", at("2026-03-03", 15), "Ana Ruiz"),
            done("thank_you", at("2026-03-03", 15), "Bo Chen"),
            done("linkedin_request", at("2026-03-04", 9), "Ana Ruiz"),
            event("on_hold", at("2026-03-12", 11)),
        )
    )
    return build_plan(app, now=at("2026-03-20", 9))


def rejected() -> Plan:
    """(e) Rejected: a reply to send, one optional keep-warm contact, the chase cancelled."""
    app = application(
        events=(
            done("write_notes", at("2026-03-03", 12)),
            done("thank_you", at("2026-03-03", 15), "Ana Ruiz"),
            event("rejected", at("2026-03-09", 11)),
        )
    )
    return build_plan(app, now=at("2026-03-09", 15))


SCENARIOS = {
    "a_fresh": fresh,
    "b_mid_process": mid_process,
    "c_three_rounds": three_rounds,
    "d_on_hold": on_hold,
    "e_rejected": rejected,
}


def caseload(count: int) -> list[Application]:
    """`count` applications across clients, at every stage, around NOW."""
    apps = []
    for i in range(count):
        start = at(NOW.date() - timedelta(days=(i * 5) % 23 - 3), 10 + i % 6)
        if start.weekday() >= 5:
            start += timedelta(days=2)
        end = start + timedelta(hours=1)
        events: list[Event] = []
        if end < NOW - timedelta(hours=3) and i % 4 != 1:
            events.append(done("write_notes", end + timedelta(hours=1)))
            events.append(done("thank_you", end + timedelta(hours=4), "Ana Ruiz"))
            if i % 3:
                events.append(done("thank_you", end + timedelta(hours=4), "Bo Chen"))
                events.append(done("linkedin_request", end + timedelta(hours=5), "Ana Ruiz"))
                events.append(done("linkedin_ask_first", end + timedelta(hours=5), "Bo Chen"))
        if end < NOW - timedelta(days=2) and i % 7 == 3:
            events.append(event("rejected", end + timedelta(days=2)))
        elif end < NOW - timedelta(days=2) and i % 11 == 4:
            events.append(event("on_hold", end + timedelta(days=2)))
        client = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]}"
        apps.append(
            application(
                rounds=(round_(day=start.date().isoformat(), start_hour=start.hour),),
                events=tuple(events),
                company=COMPANIES[i % len(COMPANIES)],
                role=ROLES[(i // 2) % len(ROLES)],
                candidate=candidate(name=client),
            )
        )
    return apps


# -- helpers ---------------------------------------------------------------------------------
def only_axes(fig: Figure) -> Axes:
    (ax,) = fig.axes
    return ax


def bars(ax: Axes, prefix: str) -> list[Rectangle]:
    return [
        p for p in ax.patches if isinstance(p, Rectangle) and (p.get_gid() or "").startswith(prefix)
    ]


def row_texts(ax: Axes) -> list[Text]:
    """The row labels, top to bottom."""
    found = [t for t in ax.texts if (t.get_gid() or "").startswith("row-label-")]
    return sorted(found, key=lambda t: int((t.get_gid() or "").rsplit("-", 1)[1]))


def rows_of(ax: Axes) -> list[str]:
    return [t.get_text() for t in row_texts(ax)]


def line(ax: Axes, gid: str) -> Line2D:
    (found,) = [artist for artist in ax.lines if artist.get_gid() == gid]
    return found


def agg(fig: Figure) -> FigureCanvasAgg:
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return canvas


def drawn_texts(fig: Figure) -> list[Text]:
    """Every piece of text the renderer draws (tick labels only for ticks inside the view)."""
    agg(fig).draw()
    texts: list[Text] = []
    for ax in fig.axes:
        lo, hi = sorted(ax.get_xlim())
        texts += list(ax.texts)
        texts += [ax.title, ax._left_title, ax._right_title]
        texts += [tick.label1 for tick in ax.xaxis.get_major_ticks() if lo <= tick.get_loc() <= hi]
        legend = ax.get_legend()
        if legend is not None:
            texts += [*legend.get_texts(), legend.get_title()]
    texts += fig.texts
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def ink(text: Text, renderer: RendererAgg) -> Bbox:
    """Where a text's letters (and its background box, if any) are drawn: an annotation's own
    window extent would also span the whole rectangle around its connector line."""
    box = Text.get_window_extent(text, renderer)
    patch = text.get_bbox_patch()
    return Bbox.union([box, patch.get_window_extent(renderer)]) if patch is not None else box


def overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of texts whose ink overlaps, and texts crossed by another label's connector."""
    renderer = agg(fig).get_renderer()
    texts = drawn_texts(fig)
    boxes = [(t.get_text(), ink(t, renderer)) for t in texts]
    clashes = []
    for (text_a, a), (text_b, b) in itertools.combinations(boxes, 2):
        inter = Bbox.intersection(a, b)
        if inter is not None and inter.width > 0.5 and inter.height > 0.5:
            clashes.append((text_a, text_b))
    for text in texts:
        arrow = getattr(text, "arrow_patch", None)
        if arrow is None:
            continue
        line = arrow.get_window_extent(renderer)
        for other, box in boxes:
            inter = Bbox.intersection(line, box)
            if other != text.get_text() and inter is not None and inter.height > 0.5:
                clashes.append((f"connector of {text.get_text()}", other))
    return clashes


def outside(fig: Figure) -> list[str]:
    renderer = agg(fig).get_renderer()
    page = fig.bbox
    return [
        t.get_text()
        for t in drawn_texts(fig)
        if not page.contains(*t.get_window_extent(renderer).p0)
        or not page.contains(*t.get_window_extent(renderer).p1)
    ]


def save(fig: Figure, build_dir: Path, name: str) -> Path:
    folder = build_dir / "charts"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    path.write_bytes(chart_bytes(fig))
    return path


def midnight(day: str) -> float:
    return float(
        mdates.date2num(datetime.combine(date.fromisoformat(day), datetime.min.time(), LONDON))
    )


# -- the timeline ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_standard_scenarios_are_saved_for_review_with_no_clipped_or_overlapping_text(
    name: str, build_dir: Path
) -> None:
    fig = timeline_figure(SCENARIOS[name]())
    path = save(fig, build_dir, f"timeline_{name}")
    assert path.read_bytes().startswith(PNG_MAGIC)
    assert only_axes(fig).get_title(loc="left") == "Sam Okafor · Acme Analytics · Data Analyst"
    assert overlaps(fig) == []
    assert outside(fig) == []


def test_three_rounds_of_four_interviewers_have_no_overlapping_text() -> None:
    fig = timeline_figure(three_rounds())
    ax = only_axes(fig)
    labels = rows_of(ax)
    assert labels.count("Round 1 interview") == 1
    # per round: notes, 4 thank-yous, 4 LinkedIn, status checks; once: keep searching
    assert len(labels) == 3 + 3 * 10 + 1
    texts = drawn_texts(fig)
    assert len(texts) > 50
    assert overlaps(fig) == []


def test_bars_per_status_match_the_plan() -> None:
    plan = mid_process()
    ax = plot_timeline(Figure(figsize=(11, 5)).add_subplot(), plan)
    counted = Counter((p.get_gid() or "").split("-")[1] for p in bars(ax, "bar-"))
    # "due" includes the standing keep-searching guidance (never overdue)
    assert counted == {"done": 2, "overdue": 3, "due": 2, "upcoming": 2}
    assert counted == Counter(a.status.value for a in plan.actions)
    # each window's thick part runs from opens to due, the tail on to latest
    card = next(a for a in plan.actions if a.recipient == "Bo Chen" and a.kind.value == "thank_you")
    (bar,) = bars(ax, f"bar-overdue-{card.id}")
    (tail,) = bars(ax, f"tail-overdue-{card.id}")
    assert bar.get_x() == pytest.approx(mdates.date2num(card.opens))
    assert bar.get_x() + bar.get_width() == pytest.approx(mdates.date2num(card.due))
    assert tail.get_x() + tail.get_width() == pytest.approx(mdates.date2num(card.latest))
    assert bar.get_hatch() == "////"


def test_statuses_differ_in_marker_and_hatch_not_only_colour() -> None:
    ax = plot_timeline(Figure(figsize=(11, 8)).add_subplot(), three_rounds())
    markers = {s.value: line(ax, f"due-{s.value}").get_marker() for s in ActionStatus}
    assert len({str(m) for m in markers.values()}) == len(ActionStatus)
    hatches = {(p.get_gid() or "").split("-")[1]: p.get_hatch() for p in bars(ax, "bar-")}
    assert hatches["overdue"] != hatches["due"] != hatches["cancelled"]


def test_today_and_decision_lines_sit_on_their_dates() -> None:
    plan = mid_process()
    ax = plot_timeline(Figure(figsize=(11, 5)).add_subplot(), plan)
    assert line(ax, "today").get_xdata() == pytest.approx([mdates.date2num(NOW)] * 2)
    decision = line(ax, "decision-1")
    assert decision.get_xdata() == pytest.approx([midnight("2026-03-10")] * 2)
    assert decision.get_linestyle() == "--"  # assumed: no date was given
    given = line(plot_timeline(Figure().add_subplot(), fresh()), "decision-1")
    assert given.get_linestyle() == "-"
    labels = [t.get_text() for t in ax.texts]
    assert "Today · Tue 10 Mar, 09:00" in labels
    assert "Decision assumed Tue 10 Mar" in labels


def test_each_round_has_its_decision_line_and_interview_marker() -> None:
    ax = plot_timeline(Figure(figsize=(11, 10)).add_subplot(), three_rounds())
    for number, day in ((1, "2026-03-10"), (2, "2026-03-24"), (3, "2026-04-14")):
        assert line(ax, f"decision-{number}").get_xdata()[0] == pytest.approx(midnight(day))
    stars = [line(ax, f"interview-marker-{n}").get_xdata()[0] for n in (1, 2, 3)]
    assert stars == pytest.approx(
        [mdates.date2num(at(d)) for d in ("2026-03-03", "2026-03-17", "2026-04-07")]
    )


def test_tick_labels_read_as_days_and_rows_as_actions() -> None:
    fig = timeline_figure(fresh())
    ax = only_axes(fig)
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.xaxis.get_major_ticks() if lo <= t.get_loc() <= hi]
    assert 4 <= len(ticks) <= 11
    for tick in ticks:
        day = mdates.num2date(tick.get_loc(), tz=LONDON)
        assert tick.label1.get_text() == f"{day.day} {day:%b}"  # "5 Mar", no leading zero
    assert rows_of(ax) == [
        "Interview",
        "Write interview notes",
        "Thank-you email → Ana Ruiz",
        "Thank-you card → Bo Chen",
        "LinkedIn request → Ana Ruiz",
        "Ask before connecting → Bo Chen (optional)",
        "Status check → Ana Ruiz",
        "Keep your search moving (optional)",
    ]
    assert row_texts(ax)[0].get_fontweight() == "bold"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            "2026-03-03",
            "2026-03-06",
            ["3 Mar", "12:00", "4 Mar", "12:00", "5 Mar", "12:00", "6 Mar"],
        ),
        ("2026-03-02", "2026-03-24", ["5 Mar", "9 Mar", "13 Mar", "17 Mar", "21 Mar"]),
        (
            "2026-03-01",
            "2026-06-30",
            ["1 Mar", "15 Mar", "1 Apr", "15 Apr", "1 May", "15 May", "1 Jun", "15 Jun"],
        ),
    ],
)
def test_date_axis_reads_from_days_to_months(first: str, last: str, expected: list[str]) -> None:
    fig = Figure(figsize=(9, 3))
    ax = fig.add_subplot()
    ax.set_xlim(midnight(first), midnight(last))
    date_axis(ax, LONDON)
    agg(fig).draw()
    lo, hi = ax.get_xlim()
    labels = [t.label1.get_text() for t in ax.xaxis.get_major_ticks() if lo <= t.get_loc() <= hi]
    assert labels == expected


def test_months_long_span_labels_months() -> None:
    fig = timeline_figure(on_hold())
    ax = only_axes(fig)
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    xticks = [t.label1.get_text() for t in ax.xaxis.get_major_ticks() if lo <= t.get_loc() <= hi]
    assert {"1 Apr", "1 May", "1 Jun"} <= set(xticks)  # the month is on every label


def test_legend_lists_what_the_chart_shows() -> None:
    ax = plot_timeline(Figure(figsize=(11, 5)).add_subplot(), mid_process())
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][:8] == [
        "Interview",
        "Overdue",
        "Due now",
        "Upcoming",
        "Done",
        "Today",
        "Decision date (assumed)",
        "Weekend",
    ]
    assert legend.get_title().get_text().startswith("How to read it")
    holidays = plot_timeline(Figure(figsize=(11, 10)).add_subplot(), three_rounds()).get_legend()
    assert holidays is not None
    assert any(
        t.get_text().startswith("Holiday: Good Friday 3 Apr, Easter Monday 6 Apr")
        for t in holidays.get_texts()
    )


def test_legend_sits_below_the_data(build_dir: Path) -> None:
    fig = timeline_figure(three_rounds())
    ax = only_axes(fig)
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_window_extent().y1 < ax.get_window_extent().y0


def test_weekends_and_holidays_are_shaded() -> None:
    ax = plot_timeline(Figure(figsize=(11, 10)).add_subplot(), three_rounds())
    (holidays,) = [c for c in ax.collections if c.get_gid() == "holidays"]
    starts = sorted(round(p.vertices[:, 0].min(), 6) for p in holidays.get_paths())
    assert {round(midnight("2026-04-03"), 6), round(midnight("2026-04-06"), 6)} <= set(starts)
    (weekends,) = [c for c in ax.collections if c.get_gid() == "weekends"]
    starts = sorted(round(p.vertices[:, 0].min(), 6) for p in weekends.get_paths())
    assert starts[:3] == [round(midnight(d), 6) for d in ("2026-03-01", "2026-03-07", "2026-03-14")]
    assert round(midnight("2026-04-04"), 6) in starts  # Easter Saturday is a weekend


def test_the_same_plan_gives_identical_png_and_svg() -> None:
    assert chart_bytes(timeline_figure(three_rounds())) == chart_bytes(
        timeline_figure(three_rounds())
    )
    svg = chart_bytes(timeline_figure(mid_process()), "svg")
    assert svg == chart_bytes(timeline_figure(mid_process()), "svg")
    assert b"<dc:date>" not in svg


def test_drawing_leaves_global_rcparams_alone() -> None:
    before = dict(mpl.rcParams)
    timeline_figure(three_rounds())
    plot_timeline(Figure().add_subplot(), fresh())
    assert dict(mpl.rcParams) == before


def test_charts_never_load_pyplot() -> None:
    code = (
        "import sys\n"
        "from tests.test_charts import fresh, NOW, caseload\n"
        "from followup_kit.core import pipeline\n"
        "from followup_kit.render.charts import chart_bytes, timeline_figure, pipeline_figure\n"
        "chart_bytes(timeline_figure(fresh()))\n"
        "chart_bytes(pipeline_figure(pipeline(caseload(3), NOW), now=NOW))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_plan_without_interviews_says_so() -> None:
    fig = timeline_figure(build_plan(application(rounds=()), now=NOW))
    ax = only_axes(fig)
    assert [t.get_text() for t in ax.texts if t.get_gid() == "empty"] == [
        "No interview recorded yet: nothing to follow up"
    ]
    assert rows_of(ax) == []
    assert overlaps(fig) == []


def test_plot_timeline_draws_on_the_axes_it_is_given() -> None:
    fig = Figure(figsize=(12, 9))
    left, right = fig.subplots(1, 2)
    assert plot_timeline(right, fresh()) is right
    assert not left.patches
    assert right.patches


# -- the pipeline ----------------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 12, 60])
def test_pipeline_charts_are_saved_for_review(count: int, build_dir: Path) -> None:
    frame = pipeline(caseload(count), NOW)
    fig = pipeline_figure(frame, now=NOW)
    path = save(fig, build_dir, f"pipeline_{count}")
    assert path.read_bytes().startswith(PNG_MAGIC)
    assert overlaps(fig) == []
    assert outside(fig) == []


def test_pipeline_rows_follow_the_frame_and_highlight_overdue() -> None:
    frame = pipeline(caseload(12), NOW)
    ax = plot_pipeline(Figure(figsize=(12, 6)).add_subplot(), frame, now=NOW)
    expected = [f"{r.client} · {r.company} · {r.role}" for r in frame.itertuples()]
    labels = rows_of(ax)
    shown = [label.rstrip("…") for label in labels]
    assert shown == [full[: len(short)] for full, short in zip(expected, shown, strict=True)]
    overdue = int((frame["overdue"] > 0).sum())
    assert 0 < overdue < len(frame)
    bands = [p for p in ax.patches if (p.get_gid() or "").startswith("overdue-band-")]
    assert len(bands) == overdue
    marked = line(ax, "next-overdue")
    assert len(marked.get_xdata()) == overdue
    assert line(ax, "today").get_xdata() == pytest.approx([mdates.date2num(NOW)] * 2)
    stage = next(t for t in ax.texts if t.get_gid() == "stage-0")
    assert stage.get_text().endswith(f"{int(frame['overdue'].iloc[0])} overdue")


def test_pipeline_beyond_the_limit_says_how_many_more_and_pages() -> None:
    frame = pipeline(caseload(60), NOW)
    ax = plot_pipeline(Figure(figsize=(12, 12)).add_subplot(), frame, now=NOW, limit=25)
    labels = rows_of(ax)
    assert len(labels) == 26
    assert labels[-1] == "+35 more"
    assert ax.get_title(loc="left").startswith("Pipeline · 60 applications")
    last = plot_pipeline(Figure(figsize=(12, 6)).add_subplot(), frame, now=NOW, limit=25, page=2)
    assert len(rows_of(last)) == 10
    assert "+" not in rows_of(last)[-1]


def test_pipeline_with_one_application_and_with_nothing_open() -> None:
    frame = pipeline(caseload(1), NOW)
    fig = pipeline_figure(frame, now=NOW)
    assert len(rows_of(only_axes(fig))) == 1
    # Withdrawn with nobody recorded and the courtesy note sent: nothing is left open.
    withdrawn = application(
        rounds=(round_(interviewers=()),),
        events=(
            event("withdrawn", at("2026-03-06", 12)),
            done("withdrawal_note", at("2026-03-06", 13)),
        ),
    )
    closed = pipeline([withdrawn], NOW)
    ax = only_axes(pipeline_figure(closed, now=NOW))
    assert any(t.get_text() == "nothing open" for t in ax.texts)


def test_pipeline_of_no_applications() -> None:
    fig = pipeline_figure(pipeline([], NOW), now=NOW)
    ax = only_axes(fig)
    assert ax.get_title(loc="left") == "Pipeline · 0 applications"
    assert rows_of(ax) == []


def test_pipeline_rejects_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="limit 0"):
        pipeline_figure(pd.DataFrame(), now=NOW, limit=0)


# -- notebook display ------------------------------------------------------------------------
def fake_shell() -> SimpleNamespace:
    return SimpleNamespace(
        display_formatter=SimpleNamespace(formatters={"image/png": PNGFormatter()})
    )


def test_plan_displays_as_a_deterministic_png_once_registered() -> None:
    shell = fake_shell()
    formatter = shell.display_formatter.formatters["image/png"]
    plan = mid_process()
    assert formatter(plan) is None
    assert display.register_plan_display(shell) is True
    first = formatter(plan)
    assert isinstance(first, bytes)
    assert first.startswith(PNG_MAGIC)
    assert formatter(mid_process()) == first
    assert display.unregister_plan_display(shell) is True
    assert formatter(plan) is None


def test_load_ext_in_a_real_ipython_shell() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_line_magic("load_ext", "followup_kit.render.display")
        data, _ = shell.display_formatter.format(mid_process())
        assert data["image/png"].startswith(PNG_MAGIC)
    finally:
        shell.run_line_magic("unload_ext", "followup_kit.render.display")
        InteractiveShell.clear_instance()


def test_register_outside_ipython_does_nothing() -> None:
    assert display.register_plan_display() is False
