"""The personal plan as one self-contained, printable HTML page.

Self-contained: the timeline is inline as a PNG data URI, the style is inline, nothing is
fetched and nothing runs (a Content-Security-Policy says so to the browser). The template is
autoescaped, so user text never becomes markup. The page is also well-formed XML (void elements
are self-closed), which lets tests and tools parse it strictly.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from followup_kit.core.messages import Draft
from followup_kit.core.plan import Plan
from followup_kit.render.export.document import plan_document
from followup_kit.render.templating import environment

__all__ = ["CHART_DPI", "chart_png", "png_data_uri", "to_html"]

TEMPLATE = "export/plan.html.j2"
# Sharp on paper at the printed width (about 18 cm) without a heavy file.
CHART_DPI = 150


def chart_png(plan: Plan) -> bytes:
    """The plan's timeline as PNG bytes (identical for the same plan)."""
    # Imported here: matplotlib is only needed when a chart is actually drawn.
    from followup_kit.render.charts import chart_bytes, timeline_figure

    return chart_bytes(timeline_figure(plan, now=plan.now), "png", dpi=CHART_DPI)


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def to_html(
    plan: Plan,
    *,
    drafts: Sequence[Draft] | None = None,
    chart: bool = True,
    chart_png_bytes: bytes | None = None,
) -> str:
    """The candidate's plan as an HTML page.

    `drafts`: as for `to_markdown`. `chart=False` leaves the timeline out;
    `chart_png_bytes` embeds an already-drawn timeline instead of drawing it again."""
    uri = None
    if chart:
        uri = png_data_uri(chart_png_bytes if chart_png_bytes is not None else chart_png(plan))
    text = (
        environment().get_template(TEMPLATE).render(doc=plan_document(plan, drafts), chart_uri=uri)
    )
    return text.rstrip("\n") + "\n"
