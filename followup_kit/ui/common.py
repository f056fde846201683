"""Small pieces every view shares: labelled fields with a message slot, the debounce that
batches autosaves, and the guard that turns a callback's exception into a visible message."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from html import escape
from typing import Any, TypeVar

import ipywidgets as W
from IPython import get_ipython

from followup_kit.errors import FollowupKitError, InvalidInputError, StaleVersionError

__all__ = ["Debouncer", "Field", "Repeater", "lines", "message_html", "shows_errors"]

log = logging.getLogger("followup_kit.ui")
F = TypeVar("F", bound=Callable[..., Any])

LABEL_WIDTH = "190px"
STALE_MESSAGE = (
    "This application was just changed in another tab or notebook, so nothing was changed here. "
    "What you see now is the stored version: do it again if it is still needed."
)


def lines(text: str) -> tuple[str, ...]:
    """A textarea's non-empty lines (one item per line)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def message_html(text: str, level: str = "error") -> str:
    colour = {"error": "#A63D00", "ok": "#00613F", "info": "#444444"}[level]
    return f"<span style='color:{colour}; font-size: 12px'>{escape(text)}</span>" if text else ""


class Field:
    """A widget with a label on the left and a message line under it."""

    def __init__(self, label: str, widget: W.DOMWidget, css: str, *, hint: str = "") -> None:
        self.widget = widget
        widget.add_class(css)
        widget.layout.width = widget.layout.width or "420px"
        self.message = W.HTML(layout=W.Layout(margin=f"0 0 4px {LABEL_WIDTH}"))
        title = W.HTML(
            f"<b>{escape(label)}</b>"
            + (f"<br><small style='color:#666'>{escape(hint)}</small>" if hint else ""),
            layout=W.Layout(width=LABEL_WIDTH),
        )
        self.box = W.VBox([W.HBox([title, widget]), self.message])

    def show(self, text: str) -> None:
        self.message.value = message_html(text)


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop when we are inside a Jupyter kernel, else None.

    Only a kernel's loop is trusted to fire a delayed save: another library's loop (a test
    driving a browser, say) may never run our callback."""
    shell = get_ipython()
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Runs `func` once, `delay` seconds after the last call (autosave after typing stops).

    Inside a running kernel the kernel's event loop does the waiting; with no running loop
    (scripts, tests) the call happens at once, so headless use stays synchronous."""

    def __init__(self, delay: float, func: Callable[[], None]) -> None:
        self.delay = delay
        self.func = func
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        loop = _kernel_loop()
        if loop is None:
            self.func()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        self.func()

    def flush(self) -> None:
        """Run a pending call now (e.g. before the notebook reads the saved values)."""
        if self._handle is not None:
            self._handle.cancel()
            self._fire()


class Repeater:
    """Runs `func` every `interval` seconds on the kernel's event loop (nothing outside a kernel:
    scripts and tests call `func` themselves). Used to follow other notebooks' saves."""

    def __init__(self, interval: float, func: Callable[[], object]) -> None:
        self.interval = interval
        self.func = func
        self._handle: asyncio.TimerHandle | None = None
        self.running = False

    def start(self) -> bool:
        loop = _kernel_loop()
        if loop is None or self.running:
            return False
        self.running = True
        self._handle = loop.call_later(self.interval, self._tick, loop)
        return True

    def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self.running:
            return
        try:
            self.func()
        except Exception:  # a failed check must not stop the next one
            log.exception("followup_kit: checking the workbook for changes failed")
        self._handle = loop.call_later(self.interval, self._tick, loop)

    def stop(self) -> None:
        self.running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


def shows_errors(report: Callable[[str], None]) -> Callable[[F], F]:
    """Decorate a callback so any error shows as a message instead of a hidden traceback."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except StaleVersionError:
                # The store's message names versions (for developers and logs); say it plainly.
                report(STALE_MESSAGE)
            except FollowupKitError as exc:
                report(str(exc))
            except ValueError as exc:
                report(str(exc))
            except Exception as exc:
                log.exception("unexpected error in a followup_kit widget")
                report(
                    f"Something went wrong ({type(exc).__name__}: {exc}). Nothing was lost; "
                    "your last saved version is in the workbook."
                )
            return None

        return guarded  # type: ignore[return-value]

    return decorate


def problems_by_prefix(error: InvalidInputError, prefixes: Iterable[str]) -> dict[str, list[str]]:
    """Group an error's problems under the most specific matching prefix ('' catches the rest)."""
    ordered = sorted(prefixes, key=len, reverse=True)
    grouped: dict[str, list[str]] = {}
    for problem in error.problems:
        target = next(
            (
                p
                for p in ordered
                if p and (problem.location == p or problem.location.startswith((p + ".", p + "[")))
            ),
            "",
        )
        grouped.setdefault(target, []).append(problem.message)
    return grouped
