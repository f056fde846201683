"""matplotlib charts: the candidate's follow-up timeline and the coach's pipeline.

Chart functions take an `ax` and never touch pyplot; the `*_figure` helpers build a sized
`matplotlib.figure.Figure` for notebooks; `chart_bytes` saves byte-identical PNG/SVG/PDF.
"""

from followup_kit.render.charts.pipeline import pipeline_figure, plot_pipeline
from followup_kit.render.charts.style import (
    OKABE_ITO,
    STATUS_STYLES,
    chart_bytes,
    chart_style,
    date_axis,
)
from followup_kit.render.charts.timeline import plot_timeline, timeline_figure, timeline_rows

__all__ = [
    "OKABE_ITO",
    "STATUS_STYLES",
    "chart_bytes",
    "chart_style",
    "date_axis",
    "pipeline_figure",
    "plot_pipeline",
    "plot_timeline",
    "timeline_figure",
    "timeline_rows",
]
