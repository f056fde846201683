"""The layers import one way: core ← render ← ui; store and cli sit beside them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "followup_kit"

# What each layer may import from outside the standard library.
ALLOWED_THIRD_PARTY = {
    "core": {"pydantic", "pandas", "holidays", "typing_extensions"},
}
# Which of the kit's own packages each layer may import.
ALLOWED_INTERNAL = {
    "core": {"core", "errors"},
    "render": {"core", "errors", "render"},
    "store": {"core", "errors", "store", "clock"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED_INTERNAL))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    folder = PACKAGE / layer
    if not folder.exists():
        pytest.fail(f"layer {layer} is missing")
    offenders = []
    for path in sorted(folder.rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top == "followup_kit":
                part = module.split(".")[1] if "." in module else ""
                if part not in ALLOWED_INTERNAL[layer]:
                    offenders.append(f"{path.name}: {module}")
            elif (
                layer in ALLOWED_THIRD_PARTY
                and top not in sys.stdlib_module_names
                and top not in ALLOWED_THIRD_PARTY[layer]
            ):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []


def test_importing_the_kit_loads_no_widgets_or_plots() -> None:
    code = (
        "import sys, followup_kit, followup_kit.core;"
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'IPython', 'jinja2') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
