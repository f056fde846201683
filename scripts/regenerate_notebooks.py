"""Re-execute every notebook in notebooks/ and store its outputs, byte-identically.

    FOLLOWUP_KIT_NOW=2026-03-10T09:00:00+00:00 .venv/bin/python scripts/regenerate_notebooks.py

Each notebook runs in a fresh, empty workbook (so it shows the sample caseload) with the fixed
clock, exactly as nbval runs it in `make test`. Timing metadata is not recorded and widget
model ids are renamed to stable values, so a second run changes no byte and `git diff` shows
only real changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def stable_widget_ids(notebook: nbformat.NotebookNode) -> None:
    """Replace random widget model ids with ids numbered in order of appearance."""
    names: dict[str, str] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and "model_id" in view:
                view["model_id"] = names.setdefault(
                    view["model_id"], f"widget-{len(names) + 1:03d}"
                )


def regenerate(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="fk-notebook-") as home:
        os.environ["FOLLOWUP_KIT_HOME"] = home
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
            store_widget_state=False,
        )
        client.execute()
    stable_widget_ids(notebook)
    notebook.metadata.pop("widgets", None)
    text = nbformat.writes(notebook) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"regenerated {path.name}")


def main(argv: list[str]) -> int:
    if not os.environ.get("FOLLOWUP_KIT_NOW"):
        print("set FOLLOWUP_KIT_NOW (see the Makefile's NOW) so outputs are reproducible")
        return 2
    targets = [Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in targets:
        regenerate(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
