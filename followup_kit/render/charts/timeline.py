"""The follow-up timeline: one row per action (grouped by interview round), time across.

Each action's window is a bar: thick from when it opens to when it is due (the marker), then a
thin tail to the latest sensible time. Decision dates are labelled lines (dashed when assumed),
"today" is a bold black line, weekends and public holidays are lightly shaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from followup_kit.core.business_days import BusinessCalendar
from followup_kit.core.plan import Action, Plan
from followup_kit.core.vocabulary import ActionFlag, ActionKind, ActionStatus, Stage
from followup_kit.render.charts.style import (
    GRID,
    INK,
    KIND_LABELS,
    MAX_LABEL_CHARS,
    MUTED,
    OKABE_ITO,
    STATUS_ORDER,
    STATUS_STYLES,
    THANK_YOU_CHANNEL,
    chart_style,
    date_axis,
    fmt_day,
    fmt_moment,
    legend_below,
    local_midnight,
    row_labels,
    shorten,
    sized_figure,
    text_width,
    to_num,
)

__all__ = ["plot_timeline", "timeline_figure", "timeline_rows"]

STAGE_TEXT = {
    Stage.NO_INTERVIEW: "no interview yet",
    Stage.INTERVIEW_BOOKED: "interview booked",
    Stage.INTERVIEWING: "interviewing",
    Stage.THANKING: "thank-yous to send",
    Stage.WAITING: "waiting for the decision",
    Stage.CHASING: "status checks due",
    Stage.NO_ANSWER: "no answer yet",
    Stage.NEXT_ROUND: "next round",
    Stage.ON_HOLD: "on hold",
    Stage.REJECTED: "rejected",
    Stage.OFFER: "offer",
    Stage.WITHDRAWN: "withdrawn",
}
_KIND_ORDER = {kind: index for index, kind in enumerate(ActionKind)}
DECISION_COLOR = OKABE_ITO["reddish_purple"]
TODAY_COLOR = OKABE_ITO["black"]
WEEKEND_COLOR = "#EBEBEB"
HOLIDAY_COLOR = "#FBF5B5"  # Okabe-Ito yellow, lightened

ROW_INCHES = 0.3
LABEL_SIZE = 9.0
LANE_POINTS = 15.0  # height of one lane of line labels above the plot
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 9.5
BAR_HEIGHT = 0.56
LEGEND_TITLE = "How to read it: a bar is the time to act, its marker the due time, the thin tail how late is still fine"
TAIL_HEIGHT = 0.18


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the timeline: a round's header (the interview) or one lane of actions."""

    label: str
    round: int
    actions: tuple[Action, ...] = ()
    header: bool = False


@dataclass
class _Layout:
    """What the drawing needs around the axes, in points (for timeline_figure's margins)."""

    above: float = 0.0
    below: float = 0.0
    legend_rows: int = 0
    texts: list[str] = field(default_factory=list)


def _row_label(action: Action) -> str:
    channel = action.channel
    if action.kind is ActionKind.THANK_YOU and channel is not None and channel in THANK_YOU_CHANNEL:
        text = THANK_YOU_CHANNEL[channel]
    else:
        text = KIND_LABELS[action.kind]
    if action.recipient:
        text += f" \u2192 {shorten(action.recipient, MAX_LABEL_CHARS - len(text) - 3)}"
    if ActionFlag.OPTIONAL in action.flags:
        text += " (optional)"
    return text


def timeline_rows(plan: Plan) -> list[Row]:
    """The rows, top to bottom: per round, its interview, then its actions in the order a
    person does them (notes, thank-yous, LinkedIn, status checks, ...), one row per kind and
    recipient (a row holds e.g. both status checks)."""
    rounds = plan.application.rounds
    first = rounds[0].number if rounds else 1
    lanes: dict[tuple[int, ActionKind, str], list[Action]] = {}
    for action in plan.actions:
        key = (action.round or first, action.kind, action.recipient or "")
        lanes.setdefault(key, []).append(action)

    def order(key: tuple[int, ActionKind, str]) -> tuple[int, int, int, str]:
        number, kind, who = key
        rnd = plan.application.round(number)
        names = [p.name for p in rnd.interviewers] if rnd else []
        return (number, _KIND_ORDER[kind], names.index(who) if who in names else len(names), who)

    rows: list[Row] = []
    numbers = sorted({r.number for r in rounds} | {key[0] for key in lanes})
    many = len(numbers) > 1
    for number in numbers:
        if plan.application.round(number) is not None:
            rows.append(
                Row(f"Round {number} interview" if many else "Interview", number, header=True)
            )
        for key in sorted((k for k in lanes if k[0] == number), key=order):
            acts = tuple(sorted(lanes[key], key=lambda a: a.due))
            rows.append(Row(_row_label(acts[0]), number, acts))
    return rows


def _span(plan: Plan, now: datetime) -> tuple[datetime, datetime]:
    times = [now]
    for action in plan.actions:
        times += [action.opens, action.latest]
    for rnd in plan.application.rounds:
        times += [rnd.start, rnd.end]
    zone = plan.application.candidate.zone
    for decision in plan.decision_dates:
        times.append(datetime.combine(decision.date, datetime.min.time(), tzinfo=zone))
    first, last = min(times), max(times)
    pad = max((last - first) * 0.03, timedelta(days=1))
    return first - pad, last + pad


def _shade_days(
    ax: Axes, calendar: BusinessCalendar, first: datetime, last: datetime, zone: tzinfo
) -> list[str]:
    """Shade weekends and public holidays; returns the holiday names (for the legend)."""
    weekends: list[tuple[float, float]] = []
    holidays: list[tuple[float, float]] = []
    names: list[str] = []
    for day in calendar.non_business_days(
        first.astimezone(zone).date(), last.astimezone(zone).date()
    ):
        start = local_midnight(day, zone)
        end = local_midnight(day + timedelta(days=1), zone)
        name = calendar.holiday_name(day)
        target = weekends if calendar.is_weekend(day) or name is None else holidays
        if target is holidays and name is not None:
            names.append(f"{name} {day.day} {day:%b}")
        if target and abs(target[-1][0] + target[-1][1] - start) < 1e-6:
            target[-1] = (target[-1][0], end - target[-1][0])  # merge a Sat+Sun run
        else:
            target.append((start, end - start))
    transform = ax.get_xaxis_transform()
    for spans, colour, gid in (
        (weekends, WEEKEND_COLOR, "weekends"),
        (holidays, HOLIDAY_COLOR, "holidays"),
    ):
        if spans:
            ax.broken_barh(
                spans, (0, 1), transform=transform, color=colour, zorder=0, gid=gid, linewidth=0
            )
    return names


def _draw_actions(ax: Axes, rows: Sequence[Row], span_days: float) -> set[ActionStatus]:
    by_status: dict[ActionStatus, list[tuple[int, Action]]] = {}
    for y, row in enumerate(rows):
        for action in row.actions:
            by_status.setdefault(action.status, []).append((y, action))
    min_width = span_days / 300
    for status in STATUS_ORDER:  # a fixed drawing order, whatever the plan holds
        items = by_status.get(status, [])
        if not items:
            continue
        style = STATUS_STYLES[status]
        ys = [y for y, _ in items]
        opens = [to_num(a.opens) for _, a in items]
        dues = [to_num(a.due) for _, a in items]
        lates = [to_num(a.latest) for _, a in items]
        widths = [max(d - o, min_width) for o, d in zip(opens, dues, strict=True)]
        for (y, action), left, width, due, late in zip(
            items, opens, widths, dues, lates, strict=True
        ):
            # Rectangles added directly: the limits are set by hand, so skip barh's autoscaling.
            ax.add_artist(
                Rectangle(
                    (left, y - BAR_HEIGHT / 2),
                    width,
                    BAR_HEIGHT,
                    facecolor=style.face,
                    edgecolor=style.edge,
                    hatch=style.hatch or None,
                    linewidth=0.9,
                    zorder=3,
                    gid=f"bar-{status.value}-{action.id}",
                )
            )
            ax.add_artist(
                Rectangle(
                    (due, y - TAIL_HEIGHT / 2),
                    max(late - due, 0.0),
                    TAIL_HEIGHT,
                    facecolor=style.face,
                    edgecolor=style.edge,
                    linewidth=0.6,
                    zorder=2,
                    gid=f"tail-{status.value}-{action.id}",
                )
            )
        ax.plot(
            dues,
            ys,
            linestyle="none",
            marker=style.marker,
            markersize=style.marker_size,
            markerfacecolor=style.marker_face,
            markeredgecolor=style.edge,
            markeredgewidth=1.6 if status is ActionStatus.DONE else 1.0,
            zorder=5,
            gid=f"due-{status.value}",
        )
    return set(by_status)


def _fits(ax: Axes, start: float, end: float, width_pt: float) -> str:
    """'left' (text starts after `end`) or 'right' (text ends before `start`), whichever has
    room for `width_pt` points, preferring the right-hand side; '' when neither has."""
    dpi = ax.figure.dpi if ax.figure is not None else 100.0
    lo, hi = ax.get_xlim()
    points = ax.transData.transform([(lo, 0), (start, 0), (end, 0), (hi, 0)])[:, 0] * 72 / dpi
    if points[3] - points[2] >= width_pt:
        return "left"
    if points[1] - points[0] >= width_pt:
        return "right"
    return ""


def _draw_interviews(ax: Axes, plan: Plan, rows: Sequence[Row]) -> None:
    zone = plan.application.candidate.zone
    for y, row in enumerate(rows):
        if not row.header:
            continue
        rnd = plan.application.round(row.round)
        assert rnd is not None
        start, end = rnd.start.astimezone(zone), rnd.end.astimezone(zone)
        ax.barh(
            [y],
            [to_num(end) - to_num(start)],
            left=[to_num(start)],
            height=0.42,
            color=INK,
            zorder=3,
            gid=f"interview-{rnd.number}",
        )
        ax.plot(
            [to_num(start)],
            [y],
            linestyle="none",
            marker="*",
            markersize=13,
            color=INK,
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=6,
            gid=f"interview-marker-{rnd.number}",
        )
        when = f"{fmt_day(start)}, {start:%H:%M}\u2013{end:%H:%M}"
        names = shorten(", ".join(p.name for p in rnd.interviewers))
        count = len(rnd.interviewers)
        options = [f"{when} \u00b7 {names}"] if names else []
        options += [f"{when} \u00b7 {count} interviewer{'s' if count != 1 else ''}", when]
        side, text = "", when
        for text in options:  # the most informative label that fits beside the marker
            side = _fits(ax, to_num(start), to_num(end), text_width(text, LABEL_SIZE) + 16)
            if side:
                break
        side = side or "left"
        anchor = to_num(end) if side == "left" else to_num(start)
        ax.annotate(
            text,
            (anchor, y),
            xytext=(9 if side == "left" else -11, 0),
            textcoords="offset points",
            ha=side,
            va="center",
            fontsize=LABEL_SIZE,
            color=INK,
            zorder=7,
            gid=f"interview-label-{rnd.number}",
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
        )


def _line_labels(ax: Axes, items: Sequence[tuple[float, str, str, bool]]) -> int:
    """Label vertical lines above the plot so that no two labels (or a label and another
    label's connector) overlap. `items`: (x, text, colour, boxed).

    Labels are placed from left to right, lane by lane upwards, each trying: centred on its
    line, ending at it, starting at it; in the first lane a label keeps clear of the lines still
    to be labelled when it can. Labels above the first lane get a thin connector down to their
    line, which must not cross a label below. Returns the number of lanes used."""
    assert ax.figure is not None
    dpi = ax.figure.dpi
    x0 = ax.transData.transform([(ax.get_xlim()[0], 0)])[0][0]
    fig_width = ax.figure.bbox.width
    # Labels may reach into the figure's margins, never past its edges.
    low, high = -x0 * 72 / dpi + 4, (fig_width - x0) * 72 / dpi - 4
    lanes: list[list[tuple[float, float]]] = []
    connectors: list[tuple[float, int]] = []  # (x, lane) of labels above the first lane
    gap = 5.0
    placed = sorted(items, key=lambda item: item[0])
    centres = [(ax.transData.transform([(x, 0)])[0][0] - x0) * 72 / dpi for x, *_ in placed]
    for index, (x, text, color, boxed) in enumerate(placed):
        centre = centres[index]
        later = centres[index + 1 :]
        width = text_width(text, LABEL_SIZE, "bold" if boxed else "normal") + (8 if boxed else 0)
        starts = [
            min(max(first, low), high - width)
            for first in (centre - width / 2, centre - 4 - width, centre + 4)
        ]
        chosen: tuple[int, float] | None = None
        for lane_no in range(len(items) + 1):
            below = [span for lane in lanes[:lane_no] for span in lane]
            if any(a - gap <= centre <= b + gap for a, b in below):
                continue  # a connector from this lane would cross a label below
            here = lanes[lane_no] if lane_no < len(lanes) else []
            crossing = [c for c, lane in connectors if lane > lane_no]
            free = [
                start
                for start in starts
                if all(start + width + gap <= a or start >= b + gap for a, b in here)
                and not any(start - gap <= c <= start + width + gap for c in crossing)
            ]
            clear = [s for s in free if not any(s - gap <= c <= s + width + gap for c in later)]
            # In the first lane, a label must leave the lines still to come free for their
            # own labels; higher up, it only has to fit.
            options = clear if lane_no == 0 else clear + free
            if options:
                chosen = (lane_no, options[0])
                break
        if chosen is None:  # every lane is blocked below: stack on top
            chosen = (len(lanes), starts[0])
        lane_no, start = chosen
        while len(lanes) <= lane_no:
            lanes.append([])
        lanes[lane_no].append((start, start + width))
        if lane_no:
            connectors.append((centre, lane_no))
        ax.annotate(
            text,
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(start + width / 2 - centre, 5 + lane_no * LANE_POINTS),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE,
            color="white" if boxed else color,
            fontweight="bold" if boxed else "normal",
            annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": color, "edgecolor": "none"}
            if boxed
            else None,
            arrowprops={
                "arrowstyle": "-",
                "color": color,
                "linewidth": 0.8,
                "shrinkA": 0,
                "shrinkB": 0,
                # start the connector right above the line, so it drops straight down
                "relpos": (min(max((centre - start) / width, 0.0), 1.0), 0.0),
            }
            if lane_no
            else None,
            zorder=8,
            gid=f"line-label-{lane_no}",
        )
    return len(lanes)


def _legend(
    ax: Axes, statuses: set[ActionStatus], plan: Plan, holidays: list[str], has_weekends: bool
) -> int:
    handles: list[Artist | tuple[Artist, ...]] = []
    labels: list[str] = []
    handles.append(Line2D([], [], linestyle="none", marker="*", markersize=12, color=INK))
    labels.append("Interview")
    for status in STATUS_ORDER:
        if status not in statuses:
            continue
        style = STATUS_STYLES[status]
        patch = Patch(
            facecolor=style.face, edgecolor=style.edge, hatch=style.hatch or None, linewidth=0.9
        )
        marker = Line2D(
            [],
            [],
            linestyle="none",
            marker=style.marker,
            markersize=style.marker_size * 0.85,
            markerfacecolor=style.marker_face,
            markeredgecolor=style.edge,
            markeredgewidth=1.4 if status is ActionStatus.DONE else 1.0,
        )
        handles.append((patch, marker))
        labels.append(style.label)
    handles.append(Line2D([], [], color=TODAY_COLOR, linewidth=2.2))
    labels.append("Today")
    kinds = {d.assumed for d in plan.decision_dates}
    if False in kinds:
        handles.append(Line2D([], [], color=DECISION_COLOR, linewidth=1.8))
        labels.append("Decision date (given)")
    if True in kinds:
        handles.append(Line2D([], [], color=DECISION_COLOR, linewidth=1.8, linestyle=(0, (4, 2.5))))
        labels.append("Decision date (assumed)")
    if has_weekends:
        handles.append(Patch(facecolor=WEEKEND_COLOR, edgecolor="none"))
        labels.append("Weekend")
    if holidays:
        shown = ", ".join(holidays[:2]) + (f" +{len(holidays) - 2}" if len(holidays) > 2 else "")
        handles.append(Patch(facecolor=HOLIDAY_COLOR, edgecolor="none"))
        labels.append(f"Holiday: {shown}")
    dpi = ax.figure.dpi if ax.figure is not None else 100.0
    axes_width = ax.get_window_extent().width * 72 / dpi
    widths = [text_width(label, 9.0) + 46 for label in labels]
    ncols = len(labels)
    while ncols > 1:
        # matplotlib fills a legend column by column, the first columns one entry longer
        tall, extra = divmod(len(labels), ncols)
        columns, at = [], 0
        for column in range(ncols):
            size = tall + (1 if column < extra else 0)
            columns.append(max(widths[at : at + size]))
            at += size
        if sum(columns) <= axes_width:
            break
        ncols -= 1
    legend_below(
        ax,
        handles,
        labels,
        ncols=ncols,
        handler_map={tuple: HandlerTuple(ndivide=1)},
        handlelength=2.4,
        alignment="left",
        title=LEGEND_TITLE,
        title_fontproperties={"size": 9.0, "weight": "bold"},
    )
    return -(-len(labels) // ncols) + 1


def _draw(ax: Axes, plan: Plan, now: datetime) -> _Layout:
    app = plan.application
    zone = app.candidate.zone
    now = now.astimezone(zone)
    rows = timeline_rows(plan)
    first, last = _span(plan, now)
    ax.set_xlim(to_num(first), to_num(last))
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    if not rows:
        ax.text(
            0.5,
            0,
            "No interview recorded yet: nothing to follow up",
            transform=ax.get_yaxis_transform(),
            ha="center",
            va="center",
            color=MUTED,
            fontstyle="italic",
            gid="empty",
        )
    date_axis(ax, zone)
    calendar = BusinessCalendar(app.candidate.country, app.candidate.subdivision)
    holidays = _shade_days(ax, calendar, first, last, zone)
    has_weekends = any(
        calendar.is_weekend(d) for d in calendar.non_business_days(first.date(), last.date())
    )

    # Round blocks: a hairline between rounds.
    for y, row in enumerate(rows):
        if row.header and y:
            ax.axhline(y - 0.5, color="#BDBDBD", linewidth=0.8, zorder=1)
    statuses = _draw_actions(ax, rows, to_num(last) - to_num(first))
    _draw_interviews(ax, plan, rows)

    items: list[tuple[float, str, str, bool]] = [
        (to_num(now), f"Today \u00b7 {fmt_moment(now)}", TODAY_COLOR, True)
    ]
    several = len(plan.decision_dates) > 1
    for decision in plan.decision_dates:
        x = local_midnight(decision.date, zone)
        ax.axvline(
            x,
            color=DECISION_COLOR,
            linewidth=1.8,
            linestyle=(0, (4, 2.5)) if decision.assumed else "-",
            zorder=4,
            gid=f"decision-{decision.round}",
        )
        prefix = f"R{decision.round} decision" if several else "Decision"
        word = "assumed" if decision.assumed else "expected"
        items.append((x, f"{prefix} {word} {fmt_day(decision.date)}", DECISION_COLOR, False))
    ax.axvline(to_num(now), color=TODAY_COLOR, linewidth=2.2, zorder=6, gid="today")
    lanes = _line_labels(ax, items)

    row_labels(ax, [row.label for row in rows], bold=[row.header for row in rows])
    ax.tick_params(axis="x", length=4)
    ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    lanes_top = 5 + lanes * LANE_POINTS
    subtitle = (
        f"Follow-up plan as of {fmt_day(now)} {now:%Y}, {now:%H:%M} ({app.candidate.time_zone})"
        f" \u00b7 stage: {STAGE_TEXT[plan.stage]}"
    )
    ax.annotate(
        subtitle,
        (0, 1),
        xycoords="axes fraction",
        xytext=(0, lanes_top + 6),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=SUBTITLE_SIZE,
        color=MUTED,
        annotation_clip=False,
        gid="subtitle",
    )
    title = shorten(f"{app.candidate.name} \u00b7 {app.company} \u00b7 {app.role}", 90)
    ax.set_title(
        title,
        loc="left",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        pad=lanes_top + 6 + SUBTITLE_SIZE * 1.4 + 6,
    )
    legend_rows = _legend(ax, statuses, plan, holidays, has_weekends)
    above = lanes_top + 6 + SUBTITLE_SIZE * 1.4 + 6 + TITLE_SIZE * 1.5 + 10
    below = 30 + legend_rows * 9.0 * 1.75 + 10
    return _Layout(above=above, below=below, legend_rows=legend_rows)


def plot_timeline(ax: Axes, plan: Plan, *, now: datetime | None = None) -> Axes:
    """Draw `plan`'s follow-up timeline on `ax` and return it.

    `now` (default: ``plan.now``, the moment the plan's statuses were computed) places the
    "today" line. Draws on `ax` only; pyplot and global rcParams are never touched. The title
    and line labels sit above the axes and the legend below it: leave room, or use
    `timeline_figure`, which sizes the figure for you.
    """
    with chart_style():
        _draw(ax, plan, plan.now if now is None else now)
    return ax


def row_label_width(rows: Sequence[Row]) -> float:
    return max(
        (text_width(r.label, LABEL_SIZE, "bold" if r.header else "normal") for r in rows),
        default=0.0,
    )


def timeline_figure(plan: Plan, *, now: datetime | None = None, width: float = 11.0) -> Figure:
    """A figure sized for the plan (rows, labels, legend) with its timeline: for notebooks,
    shared screens and printing. `width` is in inches."""
    rows = timeline_rows(plan)
    # Labels are shortened, but the margin is capped too: the plot always keeps half the width.
    left = min((row_label_width(rows) + 28) / 72, width / 2)
    right = 0.35
    body = max(len(rows), 3) * ROW_INCHES

    def draw(ax: Axes) -> tuple[float, float]:
        layout = _draw(ax, plan, plan.now if now is None else now)
        return layout.above, layout.below

    return sized_figure(width, (left, right), body, draw, first_guess=3.0)
