"""Exports of the candidate's plan: Markdown, HTML, calendar, CSV and unsent emails.

Each exporter returns text or bytes and never touches the disk; `save` and `export_plan`
write files atomically (see `save.py`).
"""

from followup_kit.render.export.csv_table import to_csv
from followup_kit.render.export.eml import to_eml
from followup_kit.render.export.filenames import safe_filename, safe_stem
from followup_kit.render.export.html_page import to_html
from followup_kit.render.export.ics import Reminder, to_ics
from followup_kit.render.export.markdown import to_markdown
from followup_kit.render.export.save import (
    ExportedPlan,
    export_plan,
    plan_files,
    save,
    write_atomic,
)

__all__ = [
    "ExportedPlan",
    "Reminder",
    "export_plan",
    "plan_files",
    "safe_filename",
    "safe_stem",
    "save",
    "to_csv",
    "to_eml",
    "to_html",
    "to_ics",
    "to_markdown",
    "write_atomic",
]
