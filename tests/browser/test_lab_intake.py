"""Issue 7, in a real browser: the intake notebook in JupyterLab, typed into by a person.

Opens notebooks/01_interview_intake.ipynb in headless Chromium, runs all cells, types into the
form and checks that the plan table, the timeline chart and the drafts follow; records a
rejection; then restarts the kernel and checks that everything typed is still there (data safety).
Screenshots for a person to look at land in build/screenshots/.

The selectors are the DOM contract of followup_kit.ui (classes added with `add_class`, so each
sits on the widget's outer element). Asserting on the widget DOM also catches a Lab without the
jupyterlab_widgets extension, which silently shows `VBox(...)` text instead of widgets.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_MISSING, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=CHROMIUM_MISSING)]

NOTEBOOK = "01_interview_intake.ipynb"
INTERVIEWER = "Tomasz Wiśniewski"
TOPIC = "moving the box office to timed-entry tickets"

KERNEL_START_MS = 90_000  # first kernel start + all imports, on a slow CI machine
RUN_ALL_MS = 90_000
UPDATE_MS = 20_000  # a widget callback redrawing the plan (autosave is debounced ~0.4 s)

# --- JavaScript run in the page -------------------------------------------------------------

STATUS_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return !!bar && /\\|\\s*Idle$/m.test(bar.innerText);
}"""

# Run-all (or restart-and-run-all) is over when: the kernel is idle, no cell is queued or
# running (`[*]`), and a *fresh* form has been rendered (stale ones are marked beforehand).
RUN_FINISHED_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  if (!bar || !/\\|\\s*Idle$/m.test(bar.innerText)) return false;
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!nb) return false;
  for (const p of nb.querySelectorAll('.jp-InputPrompt')) {
    if (p.textContent.includes('*')) return false;
  }
  return !!nb.querySelector('.fk-form:not([data-fk-stale])');
}"""

MARK_STALE_JS = """() => {
  for (const el of document.querySelectorAll('[class*="fk-"]')) el.setAttribute('data-fk-stale', '1');
}"""

DRAFT_TEXTS_JS = """() => Array.from(
  document.querySelectorAll('.fk-draft-text:not([data-fk-stale]) textarea')).map(t => t.value)"""

ERROR_OUTPUTS_JS = """() => Array.from(document.querySelectorAll(
  '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"],'
  + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
  .map(e => e.innerText.slice(0, 2000))"""

FRESH = ":not([data-fk-stale])"


# --- helpers ----------------------------------------------------------------------------------


def fk(cls: str) -> str:
    """CSS selector for a contract class on a widget rendered by the current kernel run."""
    return f".{cls}{FRESH}"


def wait_idle(page: Any, timeout_ms: int) -> None:
    page.wait_for_function(STATUS_IDLE_JS, timeout=timeout_ms)


def open_menu_item(page: Any, menu: str, command: str) -> None:
    """Click a top menu (e.g. "Run") and then the item carrying `data-command`."""
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    item = page.locator(f".lm-Menu [data-command='{command}']").first
    item.wait_for(state="visible", timeout=10_000)
    item.click()


def wait_run_finished(page: Any, what: str) -> None:
    try:
        page.wait_for_function(RUN_FINISHED_JS, timeout=RUN_ALL_MS, polling=250)
    except Exception as exc:  # playwright's TimeoutError: say what the page shows instead
        shown_as_text = page.locator(".jp-OutputArea-output", has_text="VBox(").count()
        hint = (
            " Widgets are shown as text (`VBox(...)`): is the jupyterlab_widgets extension "
            "installed in the environment that runs Lab?"
            if shown_as_text
            else ""
        )
        raise AssertionError(
            f"{what}: no freshly rendered `.fk-form` with the kernel idle within "
            f"{RUN_ALL_MS // 1000} s.{hint}\nerror outputs: {page.evaluate(ERROR_OUTPUTS_JS)}"
        ) from exc
    errors = page.evaluate(ERROR_OUTPUTS_JS)
    assert not errors, f"{what}: cells wrote errors or warnings: {errors}"


def text_of(page: Any, cls: str) -> str:
    return str(page.locator(fk(cls)).first.inner_text())


def typed_row(page: Any) -> str:
    """Selector of the interviewer row holding the typed name (for screenshots)."""
    index = page.evaluate(
        """name => Array.from(document.querySelectorAll('.fk-interviewer:not([data-fk-stale])'))
             .findIndex(r => Array.from(r.querySelectorAll('.fk-interviewer-name input'))
                                  .some(i => i.value === name))""",
        INTERVIEWER,
    )
    return f"{fk('fk-interviewer')} >> nth={max(index, 0)}"


def stage_of(page: Any) -> str:
    """The plan's stage: the machine word (`data-stage` on `.fk-stage-word`, e.g. "rejected",
    shown to people as "not successful this time") when the view carries it, else the visible text."""
    stage = page.locator(fk("fk-stage")).first
    word = stage.locator("[data-stage]")
    if word.count():
        return str(word.first.get_attribute("data-stage") or "").lower()
    return str(stage.inner_text()).lower()


def timeline_src(page: Any) -> str:
    return str(
        page.locator(f"{fk('fk-timeline')} img, img{fk('fk-timeline')}").first.get_attribute("src")
    )


def messages_shown(page: Any) -> str:
    """What the form and the status panel currently say (their validation/error lines)."""
    return str(
        page.evaluate(
            """() => ['.fk-form-message', '.fk-status-message']
                 .map(sel => Array.from(document.querySelectorAll(sel + ':not([data-fk-stale])'))
                 .map(e => sel + ': ' + JSON.stringify(e.innerText.trim())).join('; '))
                 .filter(Boolean).join('\\n')"""
        )
    )


def wait_until(page: Any, condition: Any, what: str, timeout_ms: int = UPDATE_MS) -> None:
    """Poll a condition that reads the page through playwright, bounded; on a timeout, say
    what the form and status panel show (a callback's error lands there, not in a log)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(
        f"timed out after {timeout_ms / 1000:.0f} s waiting for {what}.\n"
        f"The page shows:\n{messages_shown(page)}"
    )


def shoot(page: Any, folder: Path, name: str, top: str | None = None) -> None:
    """Screenshot the window once the kernel is idle (every callback's redraw has landed), with
    the element `top` scrolled to the top of the notebook."""
    wait_idle(page, UPDATE_MS)
    if top:
        page.locator(top).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)  # let lazily painted cells and the chart image paint
    page.screenshot(path=str(folder / name), timeout=15_000)


class Phases:
    """Prints how long each step took (shown with -s, and in the captured output on failure)."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        print(f"[browser] {what}: {now - self.last:.1f} s (total {now - self.start:.1f} s)")
        self.last = now


# --- the test -----------------------------------------------------------------------------------


def test_intake_form_drives_plan_chart_and_drafts_and_survives_restart(
    lab_server: LabServer, lab_page: Any, screenshots_dir: Path
) -> None:
    page = lab_page
    phases = Phases()
    assert (lab_server.root_dir / NOTEBOOK).exists(), f"notebooks/{NOTEBOOK} is missing"

    # -- open the notebook and let its kernel start -------------------------------------------
    page.goto(lab_server.url(f"lab/tree/{NOTEBOOK}"), timeout=60_000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    wait_idle(page, KERNEL_START_MS)
    # Fold the file browser away so the screenshots show the notebook.
    left_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if left_tab.count():
        left_tab.first.click()
    phases.done("open the notebook, kernel idle")

    # -- run all ------------------------------------------------------------------------------
    page.evaluate(MARK_STALE_JS)  # saved widget outputs may already show a (dead) form
    open_menu_item(page, "Run", "runmenu:run-all")
    wait_run_finished(page, "Run all")

    for cls in ("fk-form", "fk-plan-table", "fk-timeline", "fk-stage", "fk-drafts", "fk-status"):
        assert page.locator(fk(cls)).count() >= 1, f"no `.{cls}` widget rendered after Run all"
    assert page.locator(f"{fk('fk-plan-table')} table").count() == 1, "the plan has no <table>"
    assert page.locator(f"{fk('fk-form')} {fk('fk-company')} input").first.input_value().strip(), (
        "the form shows no company: the sample caseload was not loaded into the empty workbook"
    )
    phases.done("run all")
    shoot(page, screenshots_dir, "01-after-run-all.png", top=fk("fk-form"))

    # -- type an interviewer and a topic ----------------------------------------------------------
    plan_before = text_of(page, "fk-plan-table")
    drafts_before = page.evaluate(DRAFT_TEXTS_JS)
    rows = page.locator(fk("fk-interviewer"))
    rows_before = rows.count()
    page.locator(fk("fk-add-interviewer")).first.click()
    wait_until(
        page, lambda: rows.count() > rows_before, "a new interviewer row after Add interviewer"
    )
    row = rows.last
    name_input = row.locator(".fk-interviewer-name input").first
    name_input.fill(INTERVIEWER)
    name_input.press("Tab")  # continuous_update=False: the value is sent on blur/Enter
    topics = row.locator(".fk-interviewer-topics textarea").first
    topics.fill(TOPIC)
    topics.press("Tab")

    wait_until(
        page,
        lambda: INTERVIEWER in text_of(page, "fk-plan-table"),
        f"the plan table to list {INTERVIEWER!r}",
    )
    assert text_of(page, "fk-plan-table") != plan_before
    first_name = INTERVIEWER.split()[0]
    wait_until(
        page,
        lambda: (
            page.evaluate(DRAFT_TEXTS_JS) != drafts_before
            and any(first_name in text for text in page.evaluate(DRAFT_TEXTS_JS))
        ),
        f"a draft addressed to {first_name!r}",
    )
    wait_until(
        page,
        lambda: any(TOPIC in text for text in page.evaluate(DRAFT_TEXTS_JS)),
        f"a draft mentioning the topic {TOPIC!r}",
    )

    # -- change the decision date -------------------------------------------------------------------
    unknown = page.locator(f"{fk('fk-decision-unknown')} input[type=checkbox]").first
    if unknown.count() and unknown.is_checked():
        unknown.uncheck()
    date_input = page.locator(f"{fk('fk-decision-date')} input[type=date]").first
    old_date = date_input.input_value()
    new_date = (
        dt.date.fromisoformat(old_date) + dt.timedelta(days=7) if old_date else dt.date(2026, 3, 24)
    ).isoformat()
    plan_before = text_of(page, "fk-plan-table")
    chart_before = timeline_src(page)
    date_input.fill(new_date)  # fires `change`; Tab would only move to the next date segment
    date_input.blur()
    wait_until(page, lambda: timeline_src(page) != chart_before, "the timeline chart to be redrawn")
    wait_until(
        page,
        lambda: text_of(page, "fk-plan-table") != plan_before,
        f"the plan table to change after the decision date moved {old_date or '(none)'} -> {new_date}",
    )
    wait_until(page, lambda: "Saved" in text_of(page, "fk-form-message"), "the form to say 'Saved'")
    phases.done("type name, topic and decision date; plan, chart and drafts follow")
    shoot(page, screenshots_dir, "02-after-typing.png", top=typed_row(page))
    shoot(page, screenshots_dir, "02b-plan-after-typing.png", top=fk("fk-stage"))

    # -- record a rejection ---------------------------------------------------------------------------
    plan_before = text_of(page, "fk-plan-table")
    page.locator(fk("fk-record-rejected")).first.click()
    wait_until(page, lambda: "rejected" in stage_of(page), "the plan's stage to become 'rejected'")
    wait_until(
        page,
        lambda: text_of(page, "fk-plan-table") != plan_before,
        "the plan table to change after recording 'rejected'",
    )
    wait_idle(page, UPDATE_MS)  # the panel writes its message after the views have redrawn
    status_message = text_of(page, "fk-status-message")
    assert not any(word in status_message.lower() for word in ("error", "went wrong")), (
        f"status panel says: {status_message!r}"
    )
    phases.done("record 'rejected'")
    shoot(page, screenshots_dir, "03-after-rejected.png", top=fk("fk-stage"))
    shoot(page, screenshots_dir, "03b-status-after-rejected.png", top=fk("fk-status"))
    page.wait_for_timeout(1_000)  # let a debounced autosave (~0.4 s) land before the restart

    # -- restart the kernel and run all: nothing typed may be lost ------------------------------------
    page.evaluate(MARK_STALE_JS)
    open_menu_item(page, "Kernel", "runmenu:restart-and-run-all")
    dialog_accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    dialog_accept.wait_for(state="visible", timeout=10_000)
    dialog_accept.click()
    wait_run_finished(page, "Restart Kernel and Run All Cells")

    names = page.locator(f"{fk('fk-interviewer-name')} input")
    name_values = [names.nth(i).input_value() for i in range(names.count())]
    assert INTERVIEWER in name_values, f"interviewer lost on restart; form shows {name_values}"
    topic_boxes = page.locator(f"{fk('fk-interviewer-topics')} textarea")
    topic_values = [topic_boxes.nth(i).input_value() for i in range(topic_boxes.count())]
    assert any(TOPIC in value.splitlines() for value in topic_values), (
        f"topic lost on restart; form shows {topic_values}"
    )
    restored_date = page.locator(f"{fk('fk-decision-date')} input[type=date]").first.input_value()
    assert restored_date == new_date, f"decision date {new_date} came back as {restored_date!r}"
    assert "rejected" in stage_of(page), "the recorded rejection was lost on restart"
    phases.done("restart kernel and run all; form restored")
    shoot(page, screenshots_dir, "04-after-restart.png", top=typed_row(page))
