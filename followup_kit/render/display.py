"""Show a Plan as its timeline chart in Jupyter, without extra code in the notebook.

core must not import matplotlib, so the render layer registers an IPython formatter for
`Plan`: ``%load_ext followup_kit.render.display`` (or `register_plan_display()`) and then a
cell that ends with a plan displays the chart. The PNG is deterministic: the chart's "today"
is the plan's own `now` and the PNG carries no timestamp or version stamp.
"""

from __future__ import annotations

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


def register_plan_display(ip: Any | None = None) -> bool:
    """Make `ip` (default: the running IPython) display a Plan as its timeline PNG.

    Returns False, doing nothing, outside IPython."""
    shell = _shell(ip)
    if shell is None:
        return False
    shell.display_formatter.formatters[PNG].for_type(Plan, plan_png)
    return True


def unregister_plan_display(ip: Any | None = None) -> bool:
    """Undo `register_plan_display`; returns whether a formatter was removed."""
    shell = _shell(ip)
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters[PNG]
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
