"""The coach's pipeline: one row per application (client · company · role), its next step on
a time axis, its stage on the right; applications with overdue actions highlighted.

Rows come in the frame's order (`core.agenda.pipeline` sorts the most urgent first). Beyond
`limit` rows the chart pages: a last row says how many more there are and how many of those
have overdue actions.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from followup_kit.core.vocabulary import ActionKind, ActionStatus, Stage
from followup_kit.render.charts.style import (
    GRID,
    INK,
    KIND_LABELS,
    MUTED,
    STATUS_STYLES,
    chart_style,
    date_axis,
    fmt_day,
    legend_below,
    row_labels,
    sized_figure,
    text_width,
    to_num,
)
from followup_kit.render.charts.timeline import STAGE_TEXT, TODAY_COLOR

__all__ = ["DEFAULT_LIMIT", "pipeline_figure", "pipeline_rows", "plot_pipeline"]

DEFAULT_LIMIT = 30
LABEL_SIZE = 9.0
ROW_INCHES = 0.3
MAX_LABEL_CHARS = 52
OVERDUE_BAND = "#FBE3D3"  # vermillion, very light
OVERDUE_TEXT = "#A33F00"
ZEBRA = "#F6F6F6"  # every other row, for the eye to follow a long row


def _band(y: int, row: PipelineRow) -> str:
    return OVERDUE_BAND if row.overdue else ZEBRA if y % 2 == 0 else "white"


@dataclass(frozen=True, slots=True)
class PipelineRow:
    label: str
    stage: str
    next_text: str | None
    next_due: datetime | None
    status: ActionStatus | None  # of the next action: overdue, due (today) or upcoming
    overdue: int


def _shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _next_text(kind: Any, recipient: Any) -> str | None:
    if kind is None or pd.isna(kind):
        return None
    try:
        text = KIND_LABELS[ActionKind(str(kind))]
    except ValueError:
        text = str(kind)
    if recipient is not None and not pd.isna(recipient):
        text += f" \u2192 {recipient}"
    return _shorten(text)


def _zone(frame: pd.DataFrame) -> tzinfo:
    dtype = frame["next_due"].dtype if "next_due" in frame else None
    zone = getattr(dtype, "tz", None)
    return zone if isinstance(zone, tzinfo) else timezone.utc


def pipeline_rows(frame: pd.DataFrame, now: datetime) -> list[PipelineRow]:
    """The frame's rows as the chart reads them (status of the next step derived from `now`)."""
    zone = _zone(frame)
    today = now.astimezone(zone).date()
    rows = []
    for record in frame.to_dict("records"):
        due = record["next_due"]
        when = None if due is None or pd.isna(due) else due.to_pydatetime()
        overdue = 0 if pd.isna(record["overdue"]) else int(record["overdue"])
        if when is None:
            status = None
        elif overdue or when < now:
            status = ActionStatus.OVERDUE
        elif when.astimezone(zone).date() <= today:
            status = ActionStatus.DUE
        else:
            status = ActionStatus.UPCOMING
        stage = str(record["stage"])
        with contextlib.suppress(ValueError):  # a stage this version does not know
            stage = STAGE_TEXT[Stage(stage)]
        label = " \u00b7 ".join(str(record[c]) for c in ("client", "company", "role"))
        rows.append(
            PipelineRow(
                _shorten(label),
                stage,
                _next_text(record["next_action"], record["next_recipient"]),
                when,
                status,
                overdue,
            )
        )
    return rows


def _row_text(row: PipelineRow, zone: tzinfo) -> str:
    assert row.next_due is not None
    return f"{row.next_text} \u00b7 {fmt_day(row.next_due.astimezone(zone))}"


@dataclass
class _Layout:
    above: float
    below: float


def _row_note(ax: Axes, y: float, text: str, **style: Any) -> None:
    """An italic note at the left edge of row `y` ("nothing open", "+N more")."""
    ax.annotate(
        text,
        (0, y),
        xycoords=("axes fraction", "data"),
        xytext=(6, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=LABEL_SIZE,
        fontstyle="italic",
        **style,
    )


def _draw(
    ax: Axes,
    frame: pd.DataFrame,
    now: datetime,
    limit: int,
    page: int,
    every: list[PipelineRow] | None = None,
) -> _Layout:
    zone = _zone(frame)
    now = now.astimezone(zone)
    every = pipeline_rows(frame, now) if every is None else every
    pages = max(1, -(-len(every) // limit))
    page = min(max(page, 0), pages - 1)
    rows = every[page * limit : (page + 1) * limit]
    rest = every[(page + 1) * limit :]
    n = len(rows) + (1 if rest else 0)

    dues = [r.next_due for r in rows if r.next_due is not None]
    first, last = min([now, *dues]), max([now, *dues])
    pad = max((last - first) * 0.04, timedelta(hours=12))
    lo, hi = to_num(first - pad), to_num(last + pad)
    # Every next-step label sits to the right of its marker: widen the axis until they all fit.
    dpi = ax.figure.dpi if ax.figure is not None else 100.0
    axis_points = ax.get_window_extent().width * 72 / dpi
    texts = [(to_num(r.next_due), _row_text(r, zone)) for r in rows if r.next_due is not None]
    for x, text in texts:
        need = text_width(text, LABEL_SIZE, "bold") + 16
        if need < axis_points * 0.9:
            hi = max(hi, (x * axis_points - need * lo) / (axis_points - need))
    ax.set_xlim(lo, hi)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    date_axis(ax, zone)

    # Row backgrounds: overdue rows tinted, the others zebra-striped.
    across = blended_transform_factory(ax.transAxes, ax.transData)
    for y, row in enumerate(rows):
        color = _band(y, row)
        if color != "white":
            ax.add_artist(
                Rectangle(
                    (0, y - 0.5),
                    1,
                    1,
                    transform=across,
                    facecolor=color,
                    edgecolor="none",
                    zorder=0,
                    gid=f"overdue-band-{y}" if row.overdue else f"band-{y}",
                )
            )

    statuses: set[ActionStatus] = set()
    for status in (ActionStatus.OVERDUE, ActionStatus.DUE, ActionStatus.UPCOMING):
        items = [(y, r) for y, r in enumerate(rows) if r.status is status]
        if not items:
            continue
        statuses.add(status)
        style = STATUS_STYLES[status]
        ax.plot(
            [to_num(r.next_due) for _, r in items if r.next_due is not None],
            [y for y, _ in items],
            linestyle="none",
            marker=style.marker,
            markersize=style.marker_size,
            markerfacecolor=style.marker_face,
            markeredgecolor=style.edge,
            markeredgewidth=1.0,
            zorder=5,
            gid=f"next-{status.value}",
        )
    for y, row in enumerate(rows):
        if row.next_due is None or row.next_text is None:
            _row_note(ax, y, "nothing open", color=MUTED)
            continue
        ax.annotate(
            _row_text(row, zone),
            (to_num(row.next_due), y),
            xytext=(9, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            color=OVERDUE_TEXT if row.overdue else INK,
            zorder=6,
            gid=f"next-label-{y}",
            # the row's own background, so the today line and grid pass behind the words
            bbox={
                "boxstyle": "square,pad=0.1",
                "facecolor": _band(y, row),
                "edgecolor": "none",
            },
        )

    # Stage (and overdue count) in a column to the right of the plot.
    right_column = blended_transform_factory(ax.transAxes, ax.transData)
    for y, row in enumerate(rows):
        stage = row.stage + (f" \u00b7 {row.overdue} overdue" if row.overdue else "")
        ax.annotate(
            stage,
            (1, y),
            xycoords=right_column,
            xytext=(10, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            color=OVERDUE_TEXT if row.overdue else MUTED,
            fontweight="bold" if row.overdue else "normal",
            annotation_clip=False,
            gid=f"stage-{y}",
        )
    ax.annotate(
        "Stage",
        (1, 1),
        xycoords="axes fraction",
        xytext=(10, 5),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=LABEL_SIZE,
        fontweight="bold",
        color=INK,
        annotation_clip=False,
    )

    labels = [r.label for r in rows]
    if rest:
        hidden_overdue = sum(1 for r in rest if r.overdue)
        labels.append(f"+{len(rest)} more")
        note = f"page {page + 1} of {pages}" + (
            f" \u00b7 {hidden_overdue} more with overdue actions" if hidden_overdue else ""
        )
        _row_note(ax, len(rows), note, color=OVERDUE_TEXT if hidden_overdue else MUTED, gid="more")
    row_labels(
        ax,
        labels,
        colors=[OVERDUE_TEXT if r.overdue else INK for r in rows] + [MUTED],
        italic=[False] * len(rows) + [True],
    )

    ax.axvline(to_num(now), color=TODAY_COLOR, linewidth=2.2, zorder=4, gid="today")
    ax.annotate(
        f"Today \u00b7 {fmt_day(now)}, {now:%H:%M}",
        (to_num(now), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=LABEL_SIZE,
        color="white",
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.25", "facecolor": TODAY_COLOR, "edgecolor": "none"},
        annotation_clip=False,
        gid="today-label",
    )
    ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    with_overdue = sum(1 for r in every if r.overdue)
    title = f"Pipeline \u00b7 {len(every)} application{'s' if len(every) != 1 else ''}"
    if with_overdue:
        title += f" \u00b7 {with_overdue} with overdue actions"
    subtitle = f"Next step per application, most urgent first \u00b7 as of {fmt_day(now)} {now:%Y}, {now:%H:%M}"
    ax.annotate(
        subtitle,
        (0, 1),
        xycoords="axes fraction",
        xytext=(0, 26),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=9.5,
        color=MUTED,
        annotation_clip=False,
        gid="subtitle",
    )
    ax.set_title(title, loc="left", fontsize=14, fontweight="bold", pad=26 + 9.5 * 1.4 + 6)

    handles: list[Any] = []
    names: list[str] = []
    for status in (ActionStatus.OVERDUE, ActionStatus.DUE, ActionStatus.UPCOMING):
        style = STATUS_STYLES[status]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=style.marker,
                markersize=style.marker_size,
                markerfacecolor=style.marker_face,
                markeredgecolor=style.edge,
            )
        )
        names.append(
            {
                ActionStatus.OVERDUE: "Next step overdue",
                ActionStatus.DUE: "Due today",
                ActionStatus.UPCOMING: "Upcoming",
            }[status]
        )
    handles.append(Patch(facecolor=OVERDUE_BAND, edgecolor="none"))
    names.append("Application with overdue actions")
    handles.append(Line2D([], [], color=TODAY_COLOR, linewidth=2.2))
    names.append("Today")
    legend_below(ax, handles, names, ncols=len(names))
    return _Layout(above=26 + 9.5 * 1.4 + 6 + 14 * 1.5 + 10, below=30 + 9 * 1.75 + 10)


def plot_pipeline(
    ax: Axes,
    pipeline_frame: pd.DataFrame,
    *,
    now: datetime,
    limit: int = DEFAULT_LIMIT,
    page: int = 0,
) -> Axes:
    """Draw the coach's pipeline (the frame of `core.agenda.pipeline`) on `ax` and return it.

    Shows at most `limit` applications (page `page`, counting from 0); a last row says how
    many more there are. Title above and legend below the axes: leave room, or use
    `pipeline_figure`."""
    if limit < 1:
        raise ValueError(f"limit {limit} is below 1; expected at least one row per page")
    with chart_style():
        _draw(ax, pipeline_frame, now, limit, page)
    return ax


def pipeline_figure(
    pipeline_frame: pd.DataFrame,
    *,
    now: datetime,
    limit: int = DEFAULT_LIMIT,
    page: int = 0,
    width: float = 12.0,
) -> Figure:
    """A figure sized for the pipeline: height grows with the rows shown (at most `limit`)."""
    if limit < 1:
        raise ValueError(f"limit {limit} is below 1; expected at least one row per page")
    rows = pipeline_rows(pipeline_frame, now)
    shown = rows[page * limit : (page + 1) * limit] if rows else []
    n = len(shown) + (1 if len(rows) > (page + 1) * limit else 0)
    left = min(
        (
            max(
                [text_width(r.label, LABEL_SIZE, "bold") for r in shown]
                + [text_width("+99 more", LABEL_SIZE)]
            )
            + 24
        )
        / 72,
        width * 0.45,  # wide (CJK) labels never squeeze the plot to nothing
    )
    right = (
        max(
            [text_width(r.stage + " \u00b7 99 overdue", LABEL_SIZE, "bold") for r in shown] + [40.0]
        )
        + 24
    ) / 72
    body = max(n, 2) * ROW_INCHES

    def draw(ax: Axes) -> tuple[float, float]:
        layout = _draw(ax, pipeline_frame, now, limit, page, rows)
        return layout.above, layout.below

    return sized_figure(width, (left, right), body, draw, first_guess=2.0)
