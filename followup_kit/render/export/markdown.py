"""The personal plan as Markdown: readable as plain text, and safe when a viewer renders it.

Markdown viewers pass inline HTML through, so every piece of user text goes through
`escape_markdown` (a backslash before each character that could start markup) and drafts are
shown in fenced code blocks, where nothing is interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from followup_kit.core.messages import Draft
from followup_kit.core.plan import Plan
from followup_kit.render.export.document import plan_document
from followup_kit.render.templating import environment

__all__ = ["code_fence", "escape_join", "escape_markdown", "to_markdown"]

TEMPLATE = "export/plan.md.j2"
# Characters that start inline markup anywhere (emphasis, links, HTML, entities, tables).
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
# What starts a block at the beginning of a line: lists, headings, quotes, rules, tables.
# (The first line never starts a line of the page: the templates put a label before it.)
_LINE_START = re.compile(r"(\n\s*)([-+=>]|\d+[.)])")


def escape_markdown(text: object) -> str:
    """`text` with every character that Markdown could read as markup backslash-escaped;
    line breaks become Markdown line breaks so a note keeps its shape."""
    value = _INLINE.sub(r"\\\1", str(text))
    value = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
    return "  \n".join(value.splitlines())


def escape_join(items: Sequence[object], separator: str = "; ") -> str:
    """Escaped items joined by `separator` (a list of topics on one line)."""
    return separator.join(escape_markdown(item) for item in items)


def code_fence(text: str, info: str = "text") -> str:
    """`text` in a fenced block whose fence is longer than any run of backticks inside it."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def to_markdown(
    plan: Plan, *, drafts: Sequence[Draft] | None = None, chart_file: str | None = None
) -> str:
    """The candidate's plan as Markdown.

    `drafts`: the messages to include (default: a fresh draft for every open message action).
    `chart_file`: a relative file name of the timeline image to link (Markdown cannot embed
    one portably; `export_plan` writes the PNG beside the Markdown file)."""
    document = plan_document(plan, drafts)
    text = (
        environment()
        .get_template(TEMPLATE)
        .render(
            doc=document,
            md=escape_markdown,
            md_join=escape_join,
            fence=code_fence,
            chart_file=chart_file,
        )
    )
    return text.rstrip("\n") + "\n"
