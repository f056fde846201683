"""Issue 10, in a real browser: nothing typed is lost on a reload, and one invalid field never
stops the rest of the form saving.

A person types into the intake form in JupyterLab (headless Debian Chromium) and reloads the page
without leaving the field (no blur, no Enter); after Run all the text is there. Then they type an
invalid email, keep typing in another field and reload: the valid field is saved, and the invalid
text comes back in its field with its message. Screenshots land in build/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, CHROMIUM_MISSING, LabServer
from .test_lab_intake import (
    KERNEL_START_MS,
    MARK_STALE_JS,
    UPDATE_MS,
    Phases,
    fk,
    open_menu_item,
    shoot,
    text_of,
    wait_idle,
    wait_run_finished,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=CHROMIUM_MISSING)]

NOTEBOOK = "01_interview_intake.ipynb"
ROLE = "Principal Data Scientist, Ticketing"
COMPANY = "Harbourside Theatre Trust"
BAD_EMAIL = "ana@"

ROLE_INPUT = f"{fk('fk-form')} {fk('fk-role')} input"
COMPANY_INPUT = f"{fk('fk-form')} {fk('fk-company')} input"
FIRST_EMAIL = f"{fk('fk-interviewer')} >> nth=0 >> .fk-interviewer-email"


def open_and_run_all(page: Any, server: LabServer, *, first: bool) -> None:
    if first:
        page.goto(server.url(f"lab/tree/{NOTEBOOK}"), timeout=60_000)
    else:
        page.reload(timeout=60_000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    wait_idle(page, KERNEL_START_MS)
    left_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if first and left_tab.count():
        left_tab.first.click()
    page.evaluate(MARK_STALE_JS)
    open_menu_item(page, "Run", "runmenu:run-all")
    wait_run_finished(page, "Run all")


def type_over(page: Any, selector: str, text: str) -> None:
    """Select the field's text and type `text` key by key, then stay in the field."""
    box = page.locator(selector).first
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=15)


def test_typing_survives_a_reload_and_an_invalid_field_blocks_nothing(
    lab_server: LabServer, lab_page: Any, screenshots_dir: Path
) -> None:
    page = lab_page
    phases = Phases()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload
    open_and_run_all(page, lab_server, first=True)
    phases.done("open and run all")

    # -- type into a field and reload without leaving it ---------------------------------------
    type_over(page, ROLE_INPUT, ROLE)
    wait_until(
        page,
        lambda: "Saved" in text_of(page, "fk-form-message"),
        "the form to say 'Saved' while the cursor is still in the field",
    )
    shoot(page, screenshots_dir, "10-typed-role-no-blur.png", top=fk("fk-form"))
    open_and_run_all(page, lab_server, first=False)
    role = page.locator(ROLE_INPUT).first.input_value()
    assert role == ROLE, f"typed text lost on reload: the role field shows {role!r}"
    phases.done("type the role, reload without blur: kept")

    # -- an invalid email, then keep typing elsewhere, then reload ------------------------------
    type_over(page, f"{FIRST_EMAIL} input", BAD_EMAIL)
    type_over(page, COMPANY_INPUT, COMPANY)
    wait_until(
        page,
        lambda: (
            "not a valid email" in page.locator(FIRST_EMAIL).first.locator("..").inner_text()
            or "not a valid email" in page.locator(fk("fk-interviewer")).first.inner_text()
        ),
        "the message beside the invalid email",
    )
    wait_until(
        page,
        lambda: "Saved the rest" in text_of(page, "fk-form-message"),
        "the form to say the rest was saved",
    )
    wait_idle(page, UPDATE_MS)
    shoot(page, screenshots_dir, "11-invalid-email-rest-saved.png", top=fk("fk-interviewer"))
    open_and_run_all(page, lab_server, first=False)
    company = page.locator(COMPANY_INPUT).first.input_value()
    assert company == COMPANY, f"a valid field was not saved: company shows {company!r}"
    email_box = page.locator(f"{FIRST_EMAIL} input").first
    assert email_box.input_value() == BAD_EMAIL, "the invalid text typed was lost on reload"
    row_text = page.locator(fk("fk-interviewer")).first.inner_text()
    assert "not a valid email" in row_text, f"the message did not come back: {row_text[:400]!r}"
    classes = str(page.locator(FIRST_EMAIL).first.get_attribute("class"))
    assert "fk-invalid" in classes, f"the invalid field is not outlined: {classes!r}"
    assert page.locator(ROLE_INPUT).first.input_value() == ROLE
    phases.done("invalid email + other typing, reload: valid saved, invalid text and message back")
    shoot(page, screenshots_dir, "12-after-reload-invalid-kept.png", top=fk("fk-interviewer"))
    shoot(page, screenshots_dir, "12b-after-reload-header.png", top=fk("fk-form"))


OTHER_KERNEL = """
import sys
from followup_kit.store import Workbook
from followup_kit.store.state import CURRENT_APPLICATION
with Workbook.open() as book:
    app_id = book.setting(CURRENT_APPLICATION)
    record = book.application(app_id)
    book.save_application(
        record.client_id,
        record.application.with_changes(role=sys.argv[1]),
        application_id=app_id,
        base_version=record.version,
    )
    print(record.version + 1)
"""


def test_a_change_saved_by_another_kernel_shows_in_the_open_form(
    lab_server: LabServer, lab_page: Any, screenshots_dir: Path
) -> None:
    import os
    import subprocess
    import sys

    page = lab_page
    page.on("dialog", lambda dialog: dialog.accept())
    open_and_run_all(page, lab_server, first=True)
    role = "Head of Data Products (set in another notebook)"
    env = {
        **os.environ,
        "FOLLOWUP_KIT_HOME": str(lab_server.workbook_home),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    done = subprocess.run(
        [sys.executable, "-c", OTHER_KERNEL, role],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    version = int(done.stdout.split()[-1])
    wait_until(
        page,
        lambda: page.locator(ROLE_INPUT).first.input_value() == role,
        "the form to show the role saved by the other kernel (the session watches the workbook)",
    )
    wait_until(
        page,
        lambda: f"version {version}" in text_of(page, "fk-save-state"),
        f"the header to show version {version}",
    )
    shoot(page, screenshots_dir, "13-change-from-another-kernel.png", top=fk("fk-form"))
