"""The shared look of every chart: palette, status styles, fonts, date axis and stable output.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies); every
status also has its own marker and hatch, so a chart printed in grey still reads.
"""

from __future__ import annotations

import io
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, fontManager, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.legend import Legend
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from followup_kit.core.kinds import KINDS
from followup_kit.core.vocabulary import ActionKind, ActionStatus, Channel
from followup_kit.render.labels import DRAFT_CHANNEL, KIND_SHORT

__all__ = [
    "KIND_LABELS",
    "OKABE_ITO",
    "STATUS_ORDER",
    "STATUS_STYLES",
    "StatusStyle",
    "chart_bytes",
    "chart_style",
    "font_families",
    "row_labels",
    "shorten",
    "text_width",
]

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: Mapping[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
INK = "#222222"
MUTED = "#595959"
GRID = "#D9D9D9"
FONT = "DejaVu Sans"  # bundled with matplotlib: the same glyphs and metrics everywhere
# Names DejaVu has no glyphs for (Chinese, Japanese, Korean, emoji, symbols) are drawn from
# these Debian fonts (`apt-get install fonts-noto-cjk fonts-symbola`, see README), which
# matplotlib (>= 3.6) falls back to glyph by glyph. Where they are missing, such a character is
# drawn as an empty box: the chart is still drawn, never refused.
FALLBACK_FONTS: Mapping[str, str] = {
    "Noto Sans CJK JP": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "Symbola": "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
}
# Widest label a chart row, title or legend entry shows before it is cut with an ellipsis.
MAX_LABEL_CHARS = 60

# A check mark drawn as an open path (a marker without a fill).
CHECK_MARK = Path(
    [(-0.55, 0.05), (-0.15, -0.45), (0.6, 0.55)], [Path.MOVETO, Path.LINETO, Path.LINETO]
)


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one action status is drawn: colour, bar fill and hatch, marker at the due point."""

    label: str
    color: str
    face: str
    edge: str
    hatch: str
    marker: str | Path
    marker_face: str
    marker_size: float


STATUS_STYLES: Mapping[ActionStatus, StatusStyle] = {
    ActionStatus.OVERDUE: StatusStyle(
        "Overdue",
        OKABE_ITO["vermillion"],
        "#F2B999",
        "#8F3F00",
        "////",
        "X",
        OKABE_ITO["vermillion"],
        9,
    ),
    ActionStatus.DUE: StatusStyle(
        "Due now", OKABE_ITO["orange"], "#F7D58A", "#8A5F00", "...", "D", OKABE_ITO["orange"], 7
    ),
    ActionStatus.UPCOMING: StatusStyle(
        "Upcoming", OKABE_ITO["blue"], "#B3D4EA", "#00507D", "", "o", "#FFFFFF", 7
    ),
    ActionStatus.DONE: StatusStyle(
        "Done", OKABE_ITO["bluish_green"], "#7FCDB8", "#006B4F", "", CHECK_MARK, "none", 10
    ),
    ActionStatus.CANCELLED: StatusStyle(
        "Cancelled (no longer needed)", "#8C8C8C", "#EDEDED", "#9E9E9E", "xx", "x", "#8C8C8C", 6
    ),
}

# Most urgent first: the order of the legend and of drawing.
STATUS_ORDER = (
    ActionStatus.OVERDUE,
    ActionStatus.DUE,
    ActionStatus.UPCOMING,
    ActionStatus.DONE,
    ActionStatus.CANCELLED,
)

# Labels from the one table of kinds (core/kinds.py), through the one module of words.
KIND_LABELS: Mapping[ActionKind, str] = KIND_SHORT
THANK_YOU_CHANNEL: Mapping[Channel, str] = {
    channel: f"{KIND_SHORT[ActionKind.THANK_YOU]} {DRAFT_CHANNEL[channel]}"
    for channel in KINDS[ActionKind.THANK_YOU].channels
}

# Everything a chart needs from rcParams, applied with rc_context so global state is untouched.
RC: dict[Any, Any] = {  # Any keys: the rcParams stubs list every key as a Literal
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9.0,
    "axes.titlesize": 14.0,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "xtick.labelcolor": INK,
    "xtick.labelsize": 9.0,
    "ytick.labelsize": 9.0,
    "hatch.linewidth": 0.8,
    "legend.fontsize": 9.0,
    "svg.hashsalt": "followup_kit",
    "svg.fonttype": "path",
    "path.simplify": True,
    # Names are text, never TeX: "Ana $\\alpha$ Ruiz" is drawn exactly as typed.
    "text.parse_math": False,
    "text.usetex": False,
}
_METADATA: Mapping[str, Mapping[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


@contextmanager
def chart_style() -> Iterator[None]:
    """The kit's chart style for the duration of a block (never changes global rcParams)."""
    # The families themselves (not "sans-serif") make matplotlib fall back glyph by glyph.
    # The fallback fonts have no bold: matplotlib logs that for every bold label, which says
    # nothing the user can act on.
    log = logging.getLogger("matplotlib.font_manager")
    log.addFilter(_no_weight_notes)
    try:
        with mpl.rc_context({**RC, "font.family": font_families()}), warnings.catch_warnings():
            # A character no installed font has is drawn as a box; saying so on every draw
            # helps no one (and must not turn into an error where warnings are errors).
            warnings.filterwarnings("ignore", r"Glyph \d+ .*missing from font", UserWarning)
            yield
    finally:
        log.removeFilter(_no_weight_notes)


def _no_weight_notes(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("findfont: Failed to find font weight")


@lru_cache(maxsize=1)
def font_families() -> list[str]:
    """The kit's font first, then the installed fallback fonts (registered with matplotlib
    when its font cache predates their installation)."""
    known = {entry.name for entry in fontManager.ttflist}
    families = [FONT]
    for name, path in FALLBACK_FONTS.items():
        if name not in known and os.path.isfile(path):
            try:
                fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable font file: draw without it
            known.add(name)
        if name in known:
            families.append(name)
    return families


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis, so a long name cannot push the
    chart off its page (or its size below zero)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def sized_figure(
    width: float,
    margins: tuple[float, float],
    body: float,
    draw: Callable[[Axes], tuple[float, float]],
    *,
    first_guess: float = 3.0,
) -> Figure:
    """A figure `width` inches wide whose axes are `body` inches tall between the left and
    right `margins` (inches). `draw(ax)` draws and returns the points it needs above and below
    the axes (titles, line labels, legend); the figure then grows to fit them exactly."""
    left, right = margins
    with chart_style():
        fig = Figure(figsize=(width, body + first_guess), dpi=100, facecolor="white")
        FigureCanvasAgg(fig)  # off-screen canvas: fig.canvas.draw() works, no pyplot involved
        span = (width - left - right) / width
        ax = fig.add_axes((left / width, 0.1, span, body / (body + first_guess)))
        above, below = draw(ax)
        height = body + (above + below) / 72
        fig.set_size_inches(width, height)
        ax.set_position((left / width, below / 72 / height, span, body / height))
    return fig


def legend_below(ax: Axes, handles: Sequence[Any], labels: Sequence[str], **options: Any) -> Legend:
    """A frameless legend hung 30 pt below the axes, left-aligned with them (both charts)."""
    assert ax.figure is not None
    offset = ScaledTranslation(0, -30 / 72, ax.figure.dpi_scale_trans)
    return ax.legend(
        list(handles),
        list(labels),
        loc="upper left",
        bbox_to_anchor=(0, 0),
        bbox_transform=ax.transAxes + offset,
        frameon=False,
        borderaxespad=0,
        columnspacing=1.4,
        **options,
    )


def chart_bytes(
    fig: Figure, fmt: Literal["png", "svg", "pdf"] = "png", *, dpi: float = 100
) -> bytes:
    """`fig` as PNG, SVG or PDF bytes that are identical for the same input (no dates, no
    random SVG ids, no version stamp)."""
    buffer = io.BytesIO()
    with chart_style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=dict(_METADATA[fmt]), facecolor="white")
    return buffer.getvalue()


@lru_cache(maxsize=4096)
def _advance(char: str, size: float, weight: str) -> float:
    # The first font (as matplotlib's fallback picks it) that has a glyph for `char`; a
    # character no font has is drawn as a box about as wide as an "M".
    for family in font_families():
        font = get_font(findfont(FontProperties(family=family, size=size, weight=weight)))
        if font.get_char_index(ord(char)) == 0:
            continue
        font.set_size(size, 72)  # at 72 dpi, one pixel is one point
        try:
            glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
        except RuntimeError:
            continue
        return float(glyph.linearHoriAdvance) / 65536
    return size * 0.8


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width of `text` in points from the font's glyph advances (no renderer needed; per
    character cached, so laying out a chart costs microseconds, not a text layout per label)."""
    return sum(_advance(char, size, weight) for char in text)


def row_labels(
    ax: Any,
    labels: Sequence[str],
    *,
    bold: Sequence[bool] = (),
    colors: Sequence[str] = (),
    italic: Sequence[bool] = (),
) -> list[Text]:
    """One label per row (row y = 0, 1, ...), right-aligned just left of the axes.

    Plain texts rather than y tick labels: a chart with 30 rows would otherwise build 30 Tick
    objects (two lines and two texts each) that it never uses. Each text's gid is
    ``row-label-<y>``."""
    ax.set_yticks([])
    place = blended_transform_factory(ax.transAxes, ax.transData) + ScaledTranslation(
        -6 / 72, 0, ax.figure.dpi_scale_trans
    )
    texts = []
    for y, label in enumerate(labels):
        texts.append(
            ax.text(
                0,
                y,
                label,
                transform=place,
                ha="right",
                va="center",
                fontsize=9.0,
                color=colors[y] if y < len(colors) else INK,
                fontweight="bold" if y < len(bold) and bold[y] else "normal",
                fontstyle="italic" if y < len(italic) and italic[y] else "normal",
                clip_on=False,
                gid=f"row-label-{y}",
            )
        )
    return texts


def local_midnight(day: date, zone: tzinfo) -> float:
    """The matplotlib date number of the start of `day` in `zone`."""
    return float(mdates.date2num(datetime.combine(day, time(0, 0), tzinfo=zone)))  # type: ignore[no-untyped-call]


def to_num(when: datetime) -> float:
    return float(mdates.date2num(when))  # type: ignore[no-untyped-call]


def fmt_day(when: date) -> str:
    """'Tue 3 Mar' (no leading zero, on every platform)."""
    return f"{when:%a} {when.day} {when:%b}"


def fmt_moment(when: datetime) -> str:
    return f"{fmt_day(when)}, {when:%H:%M}"


class _DayFormatter(mdates.ConciseDateFormatter):
    """ConciseDateFormatter with '3 Mar' day labels instead of '03 Mar'."""

    def format_ticks(self, values: Any) -> list[str]:
        labels: list[str] = super().format_ticks(values)  # type: ignore[no-untyped-call]
        return [
            label[1:] if label[:1] == "0" and label[1:2].isdigit() else label for label in labels
        ]


def date_axis(ax: Any, zone: tzinfo) -> None:
    """Readable dates for spans from a few days to several months, in the candidate's zone."""
    locator = mdates.AutoDateLocator(tz=zone, minticks=4, maxticks=11)  # type: ignore[no-untyped-call]
    formatter = _DayFormatter(  # type: ignore[no-untyped-call]
        locator,
        tz=zone,
        formats=["%Y", "%b", "%d %b", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%b %Y", "%d %b", "%d %b", "%H:%M", "%H:%M"],
        show_offset=False,
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
