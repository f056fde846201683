"""Exports stay inert whatever the candidate typed, file names stay inside their folder, and a
failed export leaves no half-written or temporary file behind."""

from __future__ import annotations

import csv
import email
import importlib
import io
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from email.policy import default as email_default
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

from followup_kit.core import Application, Interviewer, Plan, build_plan
from followup_kit.core.messages import Contact
from followup_kit.core.vocabulary import Channel
from followup_kit.render.drafts import draft_plan
from followup_kit.render.export import (
    export_plan,
    safe_filename,
    safe_stem,
    to_csv,
    to_eml,
    to_html,
    to_ics,
    to_markdown,
    write_atomic,
)
from followup_kit.render.export.csv_table import neutralise_cell
from followup_kit.render.export.filenames import MAX_STEM_BYTES
from followup_kit.render.export.markdown import code_fence, escape_markdown
from tests.scenarios import ana, application, at, candidate, round_

NOW = at("2026-03-05", 9)
# The module, not the function `save` that the package re-exports under the same name.
save_module = importlib.import_module("followup_kit.render.export.save")
SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


def hostile_application() -> Application:
    """Every free-text field holds markup, Markdown, formulas or a link."""
    person = ana(
        name='=HYPERLINK("http://evil.example","Ana") <b>Ruiz</b>',
        title=IMG,
        topics=("@SUM(A1:A9) and [click](javascript:alert(1))",),
    )
    other = Interviewer(name='-2+3 Bo & "Chen"', email="bo@example.com", topics=("+call me `now`",))
    rnd = round_(
        interviewers=(person, other),
        qualifications=(SCRIPT, "**bold** _claims_"),
        culture_fit="</textarea><style>body{display:none}</style>",
        concerns=("# not a heading", "| a | table |"),
    )
    return application(
        (rnd,),
        company=f"Acme {IMG} & Co",
        role="=1+1 Analyst",
        candidate=candidate(name=f"Sam {SCRIPT}"),
        notes="line one\n# heading?\n- list?\n> quote\n<iframe src=//evil.example></iframe>",
    )


@pytest.fixture(scope="module")
def hostile() -> Plan:
    return build_plan(hostile_application(), now=NOW)


# -- HTML -------------------------------------------------------------------------------------
def test_html_shows_hostile_text_as_text(hostile: Plan) -> None:
    page = to_html(hostile, chart=False)
    root = ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))
    tags = {element.tag for element in root.iter()}
    assert not tags & {"script", "img", "iframe", "b", "textarea"}
    assert [e.tag for e in root.iter("style")] == ["style"]  # only the page's own
    handlers = [k for e in root.iter() for k in e.attrib if k.lower().startswith("on")]
    assert handlers == []
    text = "".join(root.itertext())
    assert SCRIPT in text
    assert IMG in text
    assert "<iframe src=//evil.example></iframe>" in text


def test_html_stays_inert_with_its_real_chart(hostile: Plan) -> None:
    root = ET.fromstring(to_html(hostile).removeprefix("<!DOCTYPE html>\n"))
    assert [e.tag for e in root.iter("img")] == ["img"]
    assert not list(root.iter("script"))


# -- Markdown ---------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_markdown_renders_hostile_text_as_text(hostile: Plan) -> None:
    # mistune (a CommonMark renderer Jupyter uses) passes raw HTML through, like most viewers.
    mistune = pytest.importorskip("mistune")
    text = to_markdown(hostile, chart_file="timeline.png")
    parser = _Tags()
    parser.feed(mistune.html(text))
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "iframe", "b", "textarea", "style", "table"}
    images = [attrs.get("src") for tag, attrs in parser.tags if tag == "img"]
    assert images == ["timeline.png"]
    links = [attrs.get("href") for tag, attrs in parser.tags if tag == "a"]
    assert links == []
    headings = [tag for tag, _ in parser.tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings.count("h1") == 1
    assert [attrs for _, attrs in parser.tags if any(k.startswith("on") for k in attrs)] == []


def test_markdown_shows_drafts_literally(hostile: Plan) -> None:
    text = to_markdown(hostile)
    for draft in draft_plan(hostile):
        assert code_fence(draft.body) in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*a* _b_ `c`", r"\*a\* \_b\_ \`c\`"),
        ("[x](y) ![i](j)", r"\[x\](y) \!\[i\](j)"),
        ("<a href=x>", r"\<a href=x\>"),
        ("a | b", r"a \| b"),
        ("Hire & Co", r"Hire \& Co"),
        ("one\n# two\n- three\n1. four", "one  \n\\# two  \n\\- three  \n\\1. four"),
        ("+44 20 7946 0000", "+44 20 7946 0000"),  # mid-line: nothing to escape
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def test_code_fence_outlasts_backticks_in_the_text() -> None:
    assert code_fence("a ``` b") == "````text\na ``` b\n````"
    assert code_fence("plain") == "```text\nplain\n```"


# -- CSV --------------------------------------------------------------------------------------
def test_csv_cells_never_start_a_formula(hostile: Plan) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(hostile))))
    assert len(rows) == len(hostile.actions) + 1
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    recipients = {row[4] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","Ana") <b>Ruiz</b>' in recipients
    assert '\'-2+3 Bo & "Chen"' in recipients


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ana = boss", "Ana = boss"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, safe: str) -> None:
    assert neutralise_cell(cell) == safe


def test_csv_bom_is_optional(hostile: Plan) -> None:
    assert to_csv(hostile, bom=True).encode("utf-8").startswith(b"\xef\xbb\xbfdue,")
    assert to_csv(hostile).startswith("due,")


ICS_NAMES = (
    *(b"BEGIN", b"END", b"VERSION", b"PRODID", b"CALSCALE", b"METHOD", b"X-WR-CALNAME"),
    *(b"X-WR-TIMEZONE", b"TZID", b"COMMENT", b"DTSTART", b"RDATE", b"TZNAME"),
    *(b"TZOFFSETFROM", b"TZOFFSETTO", b"SUMMARY", b"DTEND", b"DTSTAMP", b"UID"),
    *(b"SEQUENCE", b"CATEGORIES", b"DESCRIPTION", b"STATUS", b"TRANSP", b"ACTION"),
    b"TRIGGER",
)


# -- calendar ---------------------------------------------------------------------------------
def test_ics_keeps_hostile_text_inside_its_properties(hostile: Plan) -> None:
    data = to_ics(hostile)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(hostile.actions)
    assert all(str(e["SUMMARY"]).endswith(f"(Acme {IMG} & Co)") for e in events)
    second = vobject.readOne(data.decode("utf-8"))
    assert sorted(e.summary.value for e in second.vevent_list) == sorted(
        str(e["SUMMARY"]) for e in events
    )
    # No user text can open a component or a property of its own.
    assert data.count(b"BEGIN:VEVENT") == len(hostile.actions)
    names = {
        re.split(rb"[;:]", line, maxsplit=1)[0]
        for line in data.split(b"\r\n")
        if line and not line.startswith(b" ")
    }
    assert names == set(ICS_NAMES)


# -- email ------------------------------------------------------------------------------------
def _email_draft(plan: Plan) -> Any:
    return next(d for d in draft_plan(plan) if d.channel is Channel.EMAIL)


@pytest.mark.parametrize(
    "subject",
    [
        "Thanks\r\nBcc: everyone@example.com",
        "Thanks\nBcc: everyone@example.com",
        "Thanks\rBcc: everyone@example.com",
        "Thanks\u2028Bcc: everyone@example.com",
    ],
)
def test_eml_subject_cannot_add_headers(hostile: Plan, subject: str) -> None:
    draft = replace(_email_draft(hostile), subject=subject)
    message = email.message_from_bytes(to_eml(draft), policy=email_default)
    assert message["Bcc"] is None
    assert message["Subject"] == "Thanks Bcc: everyone@example.com"


def test_eml_names_cannot_add_headers(hostile: Plan) -> None:
    draft = replace(
        _email_draft(hostile),
        recipient=Contact("Ana\r\nBcc: x@example.com", "ana@example.com"),
        sender=Contact('Sam "S" O\nCc: y@example.com', "sam@example.com"),
    )
    message = email.message_from_bytes(to_eml(draft), policy=email_default)
    assert message["Bcc"] is None
    assert message["Cc"] is None
    assert message["To"].addresses[0].addr_spec == "ana@example.com"
    assert message["To"].addresses[0].display_name == "Ana Bcc: x@example.com"
    assert message["From"].addresses[0].display_name == 'Sam "S" O Cc: y@example.com'


def test_eml_refuses_a_broken_address(hostile: Plan) -> None:
    draft = replace(_email_draft(hostile), recipient=Contact("Ana", "ana@exa mple\n.com"))
    with pytest.raises(ValueError, match="is not an email address"):
        to_eml(draft)


def test_eml_without_an_address_has_no_to(hostile: Plan) -> None:
    draft = replace(_email_draft(hostile), recipient=Contact("Ana", None))
    message = email.message_from_bytes(to_eml(draft), policy=email_default)
    assert message["To"] is None
    assert message["X-Unsent"] == "1"


# -- file names -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("parts", "name"),
    [
        (("Sam Okafor", "Acme Analytics"), "sam-okafor_acme-analytics.html"),
        (("../../etc", "passwd"), "etc_passwd.html"),
        (("..", ".."), "plan.html"),
        ((".hidden", "x"), "hidden_x.html"),
        (("CON",), "con-file.html"),
        (("nul",), "nul-file.html"),
        (("com1",), "com1-file.html"),
        (("Tomás Álvarez", "Ünïcode GmbH"), "tomas-alvarez_unicode-gmbh.html"),
        (("\uff33\uff41\uff4d", "\ufb01ne"), "sam_fine.html"),  # full-width letters, a ligature
        (("王小明", "北京公司"), "王小明_北京公司.html"),
        (('a/b\\c:d*e?f"g<h>i|j',), "a-b-c-d-e-f-g-h-i-j.html"),
        (("",), "plan.html"),
    ],
)
def test_safe_filename(parts: tuple[str, ...], name: str) -> None:
    assert safe_filename(*parts, suffix=".html") == name


def test_safe_stem_is_length_limited_without_splitting_a_character() -> None:
    stem = safe_stem("é" * 200, "北" * 200)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    stem.encode("utf-8").decode("utf-8")  # whole characters only


def test_safe_filename_refuses_a_strange_suffix() -> None:
    with pytest.raises(ValueError, match="not a file suffix"):
        safe_filename("x", suffix="/../.html")


def test_exports_of_a_hostile_application_stay_in_their_folder(tmp_path: Path) -> None:
    app = hostile_application().with_changes(
        candidate=candidate(name="../../../tmp/evil").model_dump(),
        company="..\\..\\CON",
    )
    result = export_plan(app, tmp_path / "out", now=NOW)
    for path in result.paths:
        assert path.parent == tmp_path / "out"
        assert not path.name.startswith(".")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in result.paths
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# -- atomic writes ----------------------------------------------------------------------------
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_replaces_a_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new text\n")
    assert target.read_text(encoding="utf-8") == "new text\n"
    assert _leftovers(tmp_path) == ["plan.md"]
    assert target.stat().st_mode & 0o777 == 0o600


class _DiskFull(OSError):
    pass


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.html"
    target.write_text("the previous export", encoding="utf-8")
    real = tempfile.NamedTemporaryFile

    def half_writer(*args: Any, **kwargs: Any) -> Any:
        handle = real(*args, **kwargs)
        original = handle.write

        def write(data: bytes) -> int:
            original(data[: len(data) // 2])
            handle.flush()
            raise _DiskFull(28, "No space left on device")

        handle.write = write
        return handle

    monkeypatch.setattr(save_module.tempfile, "NamedTemporaryFile", half_writer)
    with pytest.raises(_DiskFull):
        write_atomic(target, "x" * 10_000)
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert _leftovers(tmp_path) == ["plan.html"]


def test_a_failing_rename_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(save_module.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "plan.csv", "due\r\n")
    assert _leftovers(tmp_path) == []


def test_an_exporter_that_fails_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("calendar exporter broke")

    monkeypatch.setattr(save_module, "to_ics", broken)
    with pytest.raises(RuntimeError, match="calendar exporter broke"):
        export_plan(hostile_application(), tmp_path / "out", now=NOW)
    assert not (tmp_path / "out").exists() or _leftovers(tmp_path / "out") == []


def test_an_export_interrupted_between_files_leaves_the_previous_set_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An export replaces the folder's set in one step: interrupted after some of the new
    # files are written, the folder still holds exactly the previous set, and nothing else.
    app = hostile_application()
    folder = tmp_path / "out"
    export_plan(app, folder, now=NOW)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real_write = save_module._write_new
    calls = []

    def fail_on_third(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_write(*args)

    monkeypatch.setattr(save_module, "_write_new", fail_on_third)
    with pytest.raises(OSError, match="Input/output error"):
        export_plan(app, folder, now=at("2026-03-12", 9))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _leftovers(tmp_path) == ["out"]
