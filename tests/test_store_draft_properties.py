"""Property: renaming, deleting and re-adding interviewers never loses a hand-edited draft.

Hypothesis drives a sequence of edits to round 1's interviewers, as the form makes them (a
rename keeps the person's id; a re-added person is new, with an id from their name), writing a
draft edit for someone now and then. After every step: every edit ever kept is still in the
workbook, each present person's edit is matched to their planned thank-you, and the edits of
people no longer in the round are reported as orphans.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_kit.core import Interviewer, Policy, build_plan
from followup_kit.core.draft_keys import draft_key, split_edits
from followup_kit.core.vocabulary import ActionKind
from followup_kit.store import Workbook
from tests.scenarios import application, round_

NAMES = ("Ana Ruiz", "Bo Chen", "José Nuñez-Ødegård", "José Nuñez", "Wei Zhang", "Dr Kim Lee")

op = st.one_of(
    st.tuples(st.just("rename"), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("delete"), st.integers(0, 9), st.just("")),
    st.tuples(st.just("add"), st.just(0), st.sampled_from(NAMES)),
    st.tuples(st.just("edit"), st.integers(0, 9), st.text(min_size=1, max_size=30)),
)


def _person(name: str) -> Interviewer:
    return Interviewer(name=name, email=f"p{NAMES.index(name)}@example.org")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(op, min_size=1, max_size=12))
def test_no_draft_edit_is_ever_lost(steps: list[tuple[str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        wb = Workbook.open(Path(folder) / "workbook.sqlite", daily_backups=0)
        try:
            _run(wb, steps)
        finally:
            wb.close()


def _run(wb: Workbook, steps: list[tuple[str, int, str]]) -> None:
    app = application((round_(interviewers=(_person("Ana Ruiz"), _person("Bo Chen"))),))
    saved = wb.save_application(wb.add_client("Sam").id, app)
    now = app.rounds[0].end + timedelta(hours=2)
    kept: dict[str, str] = {}  # every edit ever kept: key -> latest body
    for kind, index, value in steps:
        people = list(app.rounds[0].interviewers)
        if kind == "rename" and people:
            target = people[index % len(people)]
            if any(p.name == value for p in people):
                continue  # the form refuses a duplicate name in a round
            people[index % len(people)] = target.with_changes(name=value)  # the id rides along
        elif kind == "delete" and people:
            people.pop(index % len(people))
        elif kind == "add":
            if any(p.name == value for p in people):
                continue
            people.append(_person(value))
        elif kind == "edit" and people:
            plan = build_plan(app, Policy(), now=now)
            target = people[index % len(people)]
            action = next(
                a
                for a in plan.actions
                if a.kind is ActionKind.THANK_YOU and a.recipient == target.name
            )
            key = draft_key(app, action)
            wb.keep_draft_edit(saved.id, key, value)
            kept[key] = value
            continue
        else:
            continue
        new = app.with_changes(rounds=(app.rounds[0].with_changes(interviewers=tuple(people)),))
        saved = wb.save_application(
            saved_client(wb, saved.id), new, application_id=saved.id, base_version=saved.version
        )
        app = saved.application
        _check(wb, saved.id, app, now, kept)
    _check(wb, saved.id, app, now, kept)


def saved_client(wb: Workbook, application_id: int) -> int:
    return wb.application(application_id).client_id


def _check(
    wb: Workbook, application_id: int, app: object, now: object, kept: dict[str, str]
) -> None:
    from datetime import datetime

    from followup_kit.core import Application

    assert isinstance(app, Application)
    assert isinstance(now, datetime)
    stored = {key: edit.body for key, edit in wb.draft_edits(application_id).items()}
    assert stored == kept  # nothing lost, nothing invented
    plan = build_plan(app, Policy(), now=now)
    matched, orphans = split_edits(app, plan.actions, stored)
    assert set(matched.values()) | set(orphans.values()) >= set(stored.values())
    present = {p.id for p in app.rounds[0].interviewers}
    for key, body in stored.items():
        owner = key.split("|")[2]
        if owner in present:
            thank = next(
                a
                for a in plan.actions
                if a.kind is ActionKind.THANK_YOU and draft_key(app, a) == key
            )
            assert matched[thank.id] == body  # a present person's edit follows them
        else:
            assert orphans[key] == body  # reported, never dropped
