"""Re-execute every notebook in notebooks/ and store its outputs, byte-identically.

    FOLLOWUP_KIT_NOW=2026-03-10T09:00:00+00:00 .venv/bin/python scripts/regenerate_notebooks.py

Each notebook runs in a fresh, empty workbook (so it shows the sample caseload) with the fixed
clock, exactly as nbval runs it in `make test`. Timing metadata is not recorded and widget
model ids are renamed to stable values, so a second run changes no byte and `git diff` shows
only real changes.

It also tags the check cells: a code cell right after a widget cell (one that starts with
`# NBVAL_IGNORE_OUTPUT: the widget itself`) prints what the widget holds for nbval to compare,
and carries the `fk-check` tag, which app mode (`followup-kit app`, Voilà) removes. Tagging is
metadata only; `--tags-only` applies it without executing anything.
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
WIDGET_CELL = "# NBVAL_IGNORE_OUTPUT: the widget itself"
CHECK_TAG = "fk-check"  # followup_kit.cli.app.CHECK_TAG


def tag_check_cells(notebook: nbformat.NotebookNode) -> None:
    """Tag every cell that checks a widget's content (the code cell after a widget cell) with
    CHECK_TAG, and no other cell."""
    previous = ""
    for cell in notebook.cells:
        tags = [t for t in cell.metadata.get("tags", []) if t != CHECK_TAG]
        if cell.cell_type == "code" and previous.startswith(WIDGET_CELL):
            tags.append(CHECK_TAG)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            previous = cell.source


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


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def retag(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    tag_check_cells(notebook)
    write(notebook, path)
    print(f"tagged {path.name}")


def regenerate(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    tag_check_cells(notebook)
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
    write(notebook, path)
    print(f"regenerated {path.name}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tags-only"]:
        for path in [Path(a) for a in argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb")):
            retag(path)
        return 0
    if not os.environ.get("FOLLOWUP_KIT_NOW"):
        print("set FOLLOWUP_KIT_NOW (see the Makefile's NOW) so outputs are reproducible")
        return 2
    targets = [Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in targets:
        regenerate(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
