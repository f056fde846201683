"""Show a Plan as its timeline chart in Jupyter, without extra code in the notebook.

core must not import matplotlib, so the render layer registers an IPython formatter for
`Plan`: ``%load_ext followup_kit.render.display`` (or `register_plan_display()`) and then a
cell that ends with a plan displays the chart. The PNG is deterministic: the chart's "today"
is the plan's own `now` and the PNG carries no timestamp or version stamp.

Registering is a nicety, never a requirement: outside IPython, or in a shell that is not a full
IPython (some app servers run code under a shell with no `display_formatter`, or one without a PNG
formatter), it does nothing and says so by returning False.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from followup_kit.core.plan import Plan

__all__ = [
    "load_ipython_extension",
    "plan_png",
    "register_plan_display",
    "unload_ipython_extension",
    "unregister_plan_display",
]

PNG = "image/png"


def plan_png(plan: Plan) -> bytes:
    """The plan's timeline as PNG bytes (identical for the same plan)."""
    from followup_kit.render.charts import chart_bytes, timeline_figure

    return chart_bytes(timeline_figure(plan), "png")


def _shell(ip: Any | None) -> Any | None:
    if ip is not None:
        return ip
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _png_formatter(ip: Any | None) -> Any | None:
    """The shell's PNG formatter, or None when there is no shell or it has none."""
    shell = _shell(ip)
    display_formatter = getattr(shell, "display_formatter", None)
    formatters = getattr(display_formatter, "formatters", None)
    if not isinstance(formatters, Mapping):
        return None
    formatter = formatters.get(PNG)
    if not callable(getattr(formatter, "for_type", None)):
        return None
    return formatter


def register_plan_display(ip: Any | None = None) -> bool:
    """Make `ip` (default: the running IPython) display a Plan as its timeline PNG.

    Returns False, doing nothing, outside IPython or in a shell without a PNG formatter."""
    formatter = _png_formatter(ip)
    if formatter is None:
        return False
    formatter.for_type(Plan, plan_png)
    return True


def unregister_plan_display(ip: Any | None = None) -> bool:
    """Undo `register_plan_display`; returns whether a formatter was removed."""
    formatter = _png_formatter(ip)
    if formatter is None or not callable(getattr(formatter, "pop", None)):
        return False
    try:
        formatter.pop(Plan)
    except KeyError:
        return False
    return True


def load_ipython_extension(ip: Any) -> None:
    """``%load_ext followup_kit.render.display``"""
    register_plan_display(ip)


def unload_ipython_extension(ip: Any) -> None:
    """``%unload_ext followup_kit.render.display``"""
    unregister_plan_display(ip)
