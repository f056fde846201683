"""Exports of the personal plan: golden files, parse-back by independent readers, and a look
at the HTML page in a real browser.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1`` and review the
diff. The HTML golden embeds a stand-in chart so that it tests the page, not the chart (which
has its own tests); the real chart is checked separately below.
"""

from __future__ import annotations

import base64
import email
import os
import re
import xml.etree.ElementTree as ET
from datetime import datetime, time, timedelta, timezone
from email.policy import default as email_default
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pytest
import vobject

from followup_kit.core import Application, Interviewer, Plan, build_plan
from followup_kit.core.vocabulary import ActionStatus, Channel
from followup_kit.render.drafts import draft_plan
from followup_kit.render.export import (
    Reminder,
    export_plan,
    save,
    to_csv,
    to_eml,
    to_html,
    to_ics,
    to_markdown,
)
from followup_kit.render.export.html_page import chart_png
from tests.scenarios import LONDON, ana, application, at, candidate, done, event, round_

GOLDEN = Path(__file__).resolve().parent / "data" / "export"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
NOW = at("2026-03-05", 9)
# A stand-in for the timeline in the HTML golden (a valid PNG signature and nothing else).
STAND_IN_PNG = b"\x89PNG\r\n\x1a\nstand-in chart"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def golden_application() -> Application:
    """Round 1 done with (notes and Bo's card sent, Ana's thank-you overdue), round 2 booked
    for next week with Ana and a new interviewer who prefers the phone; its second status
    check falls after the clocks change (BST starts on 29 March 2026)."""
    chidi = Interviewer(
        name="Chidi Obi",
        title="Engineering Manager",
        phone="+44 20 7946 0000",
        preferred_channel="phone",
    )
    second = round_(
        2,
        day="2026-03-12",
        start_hour=14,
        interviewers=(ana(), chidi),
        decision_expected=None,
        next_steps_asked=False,
    )
    return application(
        (round_(), second),
        (
            done("write_notes", at("2026-03-03", 12)),
            done("thank_you", at("2026-03-03", 16), "Bo Chen", 1),
            event("next_round_booked", at("2026-03-05", 8, 30)),
        ),
        notes="Recruiter: Jo at Hire & Co.\nAsk about the hybrid policy.",
    )


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_plan(golden_application(), now=NOW)


def check_golden(name: str, data: str | bytes) -> None:
    """`data` must equal tests/data/export/`name` byte for byte."""
    path = GOLDEN / name
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    assert path.exists(), f"missing golden {path}; run with UPDATE_GOLDEN=1 and review it"
    assert raw == path.read_bytes(), f"{name} differs from its golden file"


# -- golden files -----------------------------------------------------------------------------
def test_markdown_matches_golden(plan: Plan) -> None:
    check_golden("plan.md", to_markdown(plan, chart_file="plan-timeline.png"))


def test_html_matches_golden(plan: Plan) -> None:
    check_golden("plan.html", to_html(plan, chart_png_bytes=STAND_IN_PNG))


def test_ics_matches_golden(plan: Plan) -> None:
    check_golden("plan.ics", to_ics(plan))


def test_csv_matches_golden(plan: Plan) -> None:
    check_golden("plan.csv", to_csv(plan, bom=True))


def test_every_email_draft_matches_golden(plan: Plan) -> None:
    drafts = [d for d in draft_plan(plan) if d.channel is Channel.EMAIL]
    assert len(drafts) == 4
    for number, draft in enumerate(drafts, start=1):
        check_golden(f"email-{number}.eml", to_eml(draft))


def test_export_writes_the_expected_files(tmp_path: Path) -> None:
    result = export_plan(golden_application(), tmp_path, now=NOW)
    names = "\n".join(sorted(p.name for p in result.paths)) + "\n"
    check_golden("files.txt", names)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in result.paths)


# -- determinism ------------------------------------------------------------------------------
def test_exporting_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = export_plan(golden_application(), tmp_path / "a", now=NOW)
    second = export_plan(golden_application(), tmp_path / "b", now=NOW)
    assert [p.name for p in first.paths] == [p.name for p in second.paths]
    for one, two in zip(first.paths, second.paths, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_the_html_page_embeds_the_real_timeline(plan: Plan) -> None:
    page = to_html(plan)
    png = chart_png(plan)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    match = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert match is not None
    assert base64.b64decode(match.group(1)) == png


def test_markdown_links_the_timeline_file_that_export_writes(tmp_path: Path) -> None:
    result = export_plan(golden_application(), tmp_path, now=NOW)
    markdown = next(p for p in result.paths if p.suffix == ".md").read_text(encoding="utf-8")
    link = re.search(r"!\[[^\]]*\]\(([^)]+)\)", markdown)
    assert link is not None
    assert (tmp_path / link.group(1)).read_bytes().startswith(b"\x89PNG")


# -- calendar ---------------------------------------------------------------------------------
def _icalendar_events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_ics_has_one_event_per_action_and_per_future_round(plan: Plan) -> None:
    events = _icalendar_events(to_ics(plan))
    uids = [str(e["UID"]) for e in events]
    assert len(events) == len(plan.actions) + 1  # round 2 is still to come
    assert [u for u in uids if not u.startswith("round-")] == [
        f"{a.id}@followup-kit" for a in plan.actions
    ]
    assert len(set(uids)) == len(uids)


def test_ics_reads_the_same_in_icalendar_and_vobject(plan: Plan) -> None:
    data = to_ics(plan)
    by_icalendar = {
        str(e["UID"]): e.decoded("DTSTART").astimezone(timezone.utc)
        for e in _icalendar_events(data)
    }
    calendar = vobject.readOne(data.decode("utf-8"))
    by_vobject = {
        e.uid.value: e.dtstart.value.astimezone(timezone.utc) for e in calendar.vevent_list
    }
    assert by_vobject == by_icalendar
    alarms_vobject = sum(len(getattr(e, "valarm_list", [])) for e in calendar.vevent_list)
    alarms_icalendar = sum(len(list(e.walk("VALARM"))) for e in _icalendar_events(data))
    assert alarms_vobject == alarms_icalendar


def _scenarios() -> dict[str, tuple[Application, datetime]]:
    base = application(thanked=True)
    return {
        "golden": (golden_application(), NOW),
        "before the interview": (application(), at("2026-03-02", 9)),
        "chasing": (base, at("2026-03-16", 9)),
        "on hold": (
            application(events=(event("on_hold", at("2026-03-12", 9)),), thanked=True),
            at("2026-04-20", 9),
        ),
        "rejected": (
            application(
                events=(event("rejected", at("2026-03-12", 9), interviewer="Ana Ruiz"),),
                thanked=True,
            ),
            at("2026-03-13", 9),
        ),
        "new york": (
            application(
                candidate=candidate(time_zone="America/New_York", country="US", subdivision="NY")
            ),
            at("2026-03-05", 9),
        ),
    }


@pytest.mark.parametrize("name", list(_scenarios()))
def test_every_ics_reads_the_same_in_both_parsers(name: str) -> None:
    app, now = _scenarios()[name]
    plan = build_plan(app, now=now)
    data = to_ics(plan)
    by_icalendar = sorted(
        (str(e["UID"]), e.decoded("DTSTART").astimezone(timezone.utc), str(e["STATUS"]))
        for e in _icalendar_events(data)
    )
    calendar = vobject.readOne(data.decode("utf-8"))
    by_vobject = sorted(
        (e.uid.value, e.dtstart.value.astimezone(timezone.utc), e.status.value)
        for e in calendar.vevent_list
    )
    assert by_vobject == by_icalendar
    future_rounds = sum(r.start > now for r in app.rounds)
    assert len(by_icalendar) == len(plan.actions) + future_rounds
    assert {t for _, t, _ in by_icalendar} >= {a.due.astimezone(timezone.utc) for a in plan.actions}


def test_ics_times_are_in_the_candidates_zone_across_the_clock_change(plan: Plan) -> None:
    data = to_ics(plan)
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/London" in data
    events = {str(e["UID"]): e for e in _icalendar_events(data)}
    last = plan.actions[-1]
    start = events[f"{last.id}@followup-kit"].decoded("DTSTART")
    # 10:00 in London on 31 March is 09:00 UTC (summer time), and the file says so by TZID.
    assert start.astimezone(LONDON).time() == time(10, 0)
    assert start.astimezone(timezone.utc).hour == 9
    assert f"DTSTART;TZID=Europe/London:{last.due:%Y%m%d}T100000".encode() in data


def test_ics_reminders_default_to_the_morning_of_the_day(plan: Plan) -> None:
    events = {str(e["UID"]): e for e in _icalendar_events(to_ics(plan))}
    thank_you = next(
        a for a in plan.actions if a.status is ActionStatus.OVERDUE and a.recipient == "Ana Ruiz"
    )
    event_ = events[f"{thank_you.id}@followup-kit"]
    (alarm,) = event_.walk("VALARM")
    fires = event_.decoded("DTSTART") + alarm.decoded("TRIGGER")
    assert fires.astimezone(LONDON).time() == time(8, 30)
    assert fires.date() == thank_you.due.date()


def test_ics_reminder_can_be_minutes_before(plan: Plan) -> None:
    data = to_ics(plan, reminder=Reminder(before=timedelta(minutes=30)))
    for event_ in _icalendar_events(data):
        if str(event_["UID"]).startswith("round-"):
            continue
        for alarm in event_.walk("VALARM"):
            assert alarm.decoded("TRIGGER") == -timedelta(minutes=30)


def test_reminder_never_rings_after_an_early_due_time() -> None:
    due = datetime(2026, 3, 4, 8, 0, tzinfo=LONDON)
    assert Reminder().ahead_of(due) == timedelta(hours=1)
    assert Reminder().ahead_of(due.replace(hour=11)) == timedelta(hours=2, minutes=30)
    with pytest.raises(ValueError, match="negative"):
        Reminder(before=timedelta(minutes=-5))


def test_ics_interview_gets_reminders_a_day_and_an_hour_before(plan: Plan) -> None:
    events = _icalendar_events(to_ics(plan))
    (interview,) = [e for e in events if str(e["UID"]).startswith("round-2-")]
    triggers = sorted(a.decoded("TRIGGER") for a in interview.walk("VALARM"))
    assert triggers == [-timedelta(hours=24), -timedelta(hours=1)]
    assert interview.decoded("DTSTART") == at("2026-03-12", 14)


def test_ics_past_rounds_get_no_interview_event() -> None:
    later = build_plan(golden_application(), now=at("2026-03-12", 16))
    assert not [e for e in _icalendar_events(to_ics(later)) if str(e["UID"]).startswith("round")]


def test_ics_marks_cancelled_and_done_actions(plan: Plan) -> None:
    events = {str(e["UID"]): e for e in _icalendar_events(to_ics(plan))}
    for action in plan.actions:
        event_ = events[f"{action.id}@followup-kit"]
        alarms = list(event_.walk("VALARM"))
        if action.status is ActionStatus.CANCELLED:
            assert str(event_["STATUS"]) == "CANCELLED"
            assert alarms == []
        elif action.status is ActionStatus.DONE:
            assert str(event_["SUMMARY"]).startswith("Done: ")
            assert alarms == []
        else:
            assert str(event_["STATUS"]) == "CONFIRMED"
            assert len(alarms) == 1


def test_ics_carries_the_draft_in_the_description(plan: Plan) -> None:
    events = {str(e["UID"]): e for e in _icalendar_events(to_ics(plan))}
    for draft in draft_plan(plan):
        description = str(events[f"{draft.action_id}@followup-kit"]["DESCRIPTION"])
        assert draft.body in description


def test_an_updated_plan_keeps_uids_and_raises_sequence() -> None:
    before = to_ics(build_plan(golden_application(), now=NOW))
    app = golden_application()
    sent = done("thank_you", at("2026-03-05", 10), "Ana Ruiz", 1)
    after_app = app.with_changes(events=(*app.events, sent))
    after = to_ics(build_plan(after_app, now=at("2026-03-05", 11)))
    old = {str(e["UID"]): e for e in _icalendar_events(before)}
    new = {str(e["UID"]): e for e in _icalendar_events(after)}
    assert set(old) == set(new)
    assert all(int(new[u]["SEQUENCE"]) > int(old[u]["SEQUENCE"]) for u in new)
    assert {str(e["DTSTAMP"].dt) for e in new.values()} == {"2026-03-05 11:00:00+00:00"}


# -- email ------------------------------------------------------------------------------------
def test_eml_parses_back_as_an_unsent_draft(plan: Plan) -> None:
    for draft in (d for d in draft_plan(plan) if d.channel is Channel.EMAIL):
        message = email.message_from_bytes(to_eml(draft), policy=email_default)
        assert message["X-Unsent"] == "1"
        assert message["To"].addresses[0].addr_spec == "ana.ruiz@acme.example"
        assert message["To"].addresses[0].display_name == "Ana Ruiz"
        assert message["From"].addresses[0].addr_spec == "sam.okafor@example.org"
        assert message["Subject"] == draft.subject
        assert message.get_content().replace("\r\n", "\n").rstrip("\n") == draft.body
        assert sorted(message.keys()) == sorted(
            [
                "To",
                "From",
                "Subject",
                "X-Unsent",
                "Content-Type",
                "Content-Transfer-Encoding",
                "MIME-Version",
            ]
        )


def test_only_email_drafts_become_eml(plan: Plan) -> None:
    card = next(d for d in draft_plan(plan) if d.channel is not Channel.EMAIL)
    with pytest.raises(ValueError, match="cannot be saved as an email"):
        to_eml(card)


def test_save_picks_the_format_from_the_suffix(plan: Plan, tmp_path: Path) -> None:
    assert save(plan, tmp_path / "p.ics").read_bytes() == to_ics(plan)
    assert save(plan, tmp_path / "p.csv").read_bytes() == to_csv(plan).encode()
    assert save(plan, tmp_path / "p.md").read_text(encoding="utf-8") == to_markdown(plan)
    draft = next(d for d in draft_plan(plan) if d.channel is Channel.EMAIL)
    assert save(draft, tmp_path / "d.eml").read_bytes() == to_eml(draft)
    with pytest.raises(ValueError, match=r"'\.docx' is not a format"):
        save(plan, tmp_path / "p.docx")


# -- HTML -------------------------------------------------------------------------------------
def _xml(page: str) -> ET.Element:
    assert page.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(page.removeprefix("<!DOCTYPE html>\n"))


def test_html_is_well_formed_and_self_contained(plan: Plan) -> None:
    page = to_html(plan)
    root = _xml(page)
    assert root.tag == "html"
    assert not root.findall(".//script")
    sources = [e.get("src", "") for e in root.iter() if e.get("src") is not None]
    assert sources
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "http://" not in page
    assert "https://" not in page
    assert "default-src 'none'" in page


def test_html_puts_what_is_urgent_first(plan: Plan) -> None:
    root = _xml(to_html(plan, chart=False))
    now = root.find(".//section[@class='now']")
    assert now is not None
    items = ["".join(li.itertext()) for li in now.iter("li")]
    assert items == [
        "Thank-you email to Ana Ruiz: overdue since Wed 4 Mar 2026, 11:00",
        "LinkedIn request to Ana Ruiz: do it by Thu 5 Mar 2026, 11:00",
        "Ask Bo Chen before connecting on LinkedIn: do it by Tue 10 Mar 2026, 11:00",
    ]


def test_html_is_printable(plan: Plan) -> None:
    page = to_html(plan, chart=False)
    assert "@media print" in page
    assert re.search(r"\.action[^{]*\{[^}]*break-inside: avoid", page)
    assert "<figure" not in page  # chart=False leaves the timeline out


def test_html_shows_each_action_with_its_why_and_draft(plan: Plan) -> None:
    root = _xml(to_html(plan, chart=False))
    listed = [a for a in plan.actions if a.status is not ActionStatus.CANCELLED]
    cards = [li for li in root.iter("li") if "action" in (li.get("class") or "").split()]
    assert [c.get("id") for c in cards] == [f"action-{a.id}" for a in listed]
    for card, action in zip(cards, listed, strict=True):
        text = "".join(card.itertext())
        assert action.why in text
        assert action.status.value in (card.get("class") or "")
    dropped = root.findall(".//section[@class='dropped']/ul/li")
    assert [li.get("id") for li in dropped] == [
        f"action-{a.id}" for a in plan.actions if a.status is ActionStatus.CANCELLED
    ]
    drafted = {d.action_id: d for d in draft_plan(plan)}
    for card, action in zip(cards, listed, strict=True):
        body = card.find(".//div[@class='body']")
        assert (body is not None) == (action.id in drafted)
        if body is not None:
            assert body.text == drafted[action.id].body


def test_html_mailto_links_open_the_draft(plan: Plan) -> None:
    root = _xml(to_html(plan, chart=False))
    links = [a.get("href", "") for a in root.iter("a") if a.get("href", "").startswith("mailto:")]
    emails = [d for d in draft_plan(plan) if d.channel is Channel.EMAIL]
    assert len(links) == len(emails)
    for link, draft in zip(links, emails, strict=True):
        parts = urlsplit(link)
        assert parts.scheme == "mailto"
        assert unquote(parts.path) == "ana.ruiz@acme.example"
        query = parse_qs(parts.query)
        assert query["subject"] == [draft.subject]
        assert query["body"] == [draft.body.replace("\n", "\r\n")]
        assert " " not in link
        assert "\n" not in link


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="apt-get install chromium to enable")
def test_html_renders_in_chromium(plan: Plan, build_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder = build_dir / "export"
    folder.mkdir(parents=True, exist_ok=True)
    page_file = save(plan, folder / "plan.html")
    shot = folder / "plan.png"
    shot.unlink(missing_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            page.screenshot(path=str(shot), full_page=True)
            chart_width = page.evaluate("document.querySelector('figure img').naturalWidth")
            heading = page.inner_text("h1")
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert chart_width > 1000  # the embedded timeline decoded and loaded
    assert heading == "Follow-up plan: Acme Analytics, Data Analyst"
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert pdf.startswith(b"%PDF")
    (folder / "plan.pdf").write_bytes(pdf)


# -- edge cases -------------------------------------------------------------------------------
def test_an_application_without_an_interview_exports_without_a_chart(tmp_path: Path) -> None:
    result = export_plan(application(rounds=()), tmp_path, now=NOW)
    assert sorted(p.suffix for p in result.paths) == [".csv", ".html", ".ics", ".md"]
    page = next(p for p in result.paths if p.suffix == ".html").read_text(encoding="utf-8")
    assert "No interview is recorded yet" in page
    assert "<img" not in page
    assert icalendar.Calendar.from_ical(
        next(p for p in result.paths if p.suffix == ".ics").read_bytes()
    )


def test_a_candidate_in_utc_gets_utc_times_without_a_zone_table() -> None:
    app = application(candidate=candidate(time_zone="UTC"))
    data = to_ics(build_plan(app, now=NOW))
    assert b"VTIMEZONE" not in data
    assert b"DTSTART:20260303T130000Z" in data  # notes due two hours after the interview
