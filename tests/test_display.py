"""`render/display.py` outside a full IPython (issue 11 item 5).

Under some app servers `get_ipython()` returns a shell that is not a full IPython: no
`display_formatter`, a formatter without a PNG entry, or None. Registering the Plan display must
then do nothing and say so, never raise; in a real IPython shell it still works (see
tests/test_charts.py), and tests/browser/test_app_mode.py runs the start notebook under Voilà.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from IPython.core.formatters import PNGFormatter
from IPython.core.interactiveshell import InteractiveShell

from followup_kit.render import display

NOT_FULL_SHELLS = {
    "no display_formatter": SimpleNamespace(),
    "display_formatter is None": SimpleNamespace(display_formatter=None),
    "no formatters": SimpleNamespace(display_formatter=SimpleNamespace()),
    "formatters is not a mapping": SimpleNamespace(
        display_formatter=SimpleNamespace(formatters=["image/png"])
    ),
    "no PNG formatter": SimpleNamespace(display_formatter=SimpleNamespace(formatters={})),
    "PNG formatter is None": SimpleNamespace(
        display_formatter=SimpleNamespace(formatters={"image/png": None})
    ),
    "PNG formatter cannot register types": SimpleNamespace(
        display_formatter=SimpleNamespace(formatters={"image/png": object()})
    ),
}


@pytest.mark.parametrize("shell", NOT_FULL_SHELLS.values(), ids=NOT_FULL_SHELLS.keys())
def test_a_shell_that_is_not_a_full_ipython_is_left_alone(shell: Any) -> None:
    assert display.register_plan_display(shell) is False
    assert display.unregister_plan_display(shell) is False
    display.load_ipython_extension(shell)  # %load_ext must not raise either
    display.unload_ipython_extension(shell)


def test_unregister_in_a_real_shell_that_never_registered() -> None:
    shell = InteractiveShell.instance()
    try:
        assert display.unregister_plan_display(shell) is False
        assert display.register_plan_display(shell) is True
        assert display.unregister_plan_display(shell) is True
    finally:
        InteractiveShell.clear_instance()


def test_a_png_formatter_alone_is_enough() -> None:
    formatter = PNGFormatter()
    shell = SimpleNamespace(display_formatter=SimpleNamespace(formatters={"image/png": formatter}))
    assert display.register_plan_display(shell) is True
    assert display.unregister_plan_display(shell) is True
