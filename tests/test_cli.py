"""The `followup-kit` command line: exit codes, messages without tracebacks, and each command
end to end (JupyterLab itself is not started: `lab` is checked up to the command it runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import followup_kit
from followup_kit.cli import app, lab, main, serve
from followup_kit.cli.serve import Server
from followup_kit.core import dump_application
from tests.scenarios import application, at, done, round_

NOW = "2026-03-05T09:00:00+00:00"


@pytest.fixture
def app_file(tmp_path: Path) -> Path:
    path = tmp_path / "sam.json"
    path.write_text(dump_application(application((round_(),))), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("FOLLOWUP_KIT_HOME", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- help and usage ---------------------------------------------------------------------------
def test_help_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "Plan the follow-up after a job interview" in out
    assert "examples:" in out
    for command in ("plan", "export", "agenda", "demo", "lab", "app"):
        assert f"followup-kit {command}" in out
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("command", ["plan", "export", "agenda", "demo", "lab", "app"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert out.startswith(f"usage: followup-kit {command}")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["plan"],
        ["export", "x.json"],  # --out is required
        ["plan", "x.json", "--now", "tomorrow"],
        ["agenda", "--days", "-3"],
        ["agenda", "--tz", "Mars/Olympus"],
        ["export", "x.json", "--out", "d", "--remind-at", "25:00"],
        ["export", "x.json", "--out", "d", "--remind-at", "08:00", "--remind-before", "5"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert "usage: followup-kit" in err
    assert "Traceback" not in err


def test_a_bad_now_says_what_is_expected(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "plan", "x.json", "--now", "tomorrow")
    assert "'tomorrow' is not an ISO time; expected e.g. 2026-03-10T09:00:00+00:00" in err


def test_the_installed_script_prints_help() -> None:
    script = Path(sys.executable).with_name("followup-kit")
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout


# -- plan -------------------------------------------------------------------------------------
def test_plan_prints_a_readable_table(capsys: pytest.CaptureFixture[str], app_file: Path) -> None:
    code, out, err = run(capsys, "plan", str(app_file), "--now", NOW)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Sam Okafor · Acme Analytics · Data Analyst"
    assert max(len(line) for line in lines) <= 100
    row = next(line for line in lines if "Thank-you email to Ana Ruiz" in line)
    assert row.startswith("Wed 4 Mar, 11:00")
    assert "Overdue" in row
    assert "(R-C1, R-C2, R-C4, R-C5" in out.replace("\n", " ").replace("  ", " ")


def test_plan_uses_the_kits_clock_by_default(
    capsys: pytest.CaptureFixture[str], app_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_KIT_NOW", "2026-03-03T12:00:00+00:00")
    _, out, _ = run(capsys, "plan", str(app_file), "--no-why")
    assert "Plan as of Tue 3 Mar 2026, 12:00" in out
    assert "(R-" not in out


def test_a_missing_file_exits_1_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "plan", str(tmp_path / "nope.json"))
    assert code == 1
    assert out == ""
    assert err == f"followup-kit: there is no file at '{tmp_path / 'nope.json'}'\n"


def test_a_folder_is_not_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "plan", str(tmp_path))
    assert code == 1
    assert "is a folder; expected an application file" in err


def test_broken_json_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    code, _, err = run(capsys, "plan", str(path))
    assert code == 1
    assert "the file is not valid JSON (line 1" in err
    assert "Traceback" not in err


def test_invalid_fields_are_each_named(
    capsys: pytest.CaptureFixture[str], app_file: Path, tmp_path: Path
) -> None:
    document = json.loads(app_file.read_text(encoding="utf-8"))
    document["application"]["candidate"]["time_zone"] = "Mars/Olympus"
    document["application"]["rounds"][0]["interviewers"][0]["phone"] = "call me"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "plan", str(bad))
    assert code == 1
    assert err.startswith("followup-kit: 2 problems:\n")
    assert "  - candidate.time_zone: " in err
    assert "'Mars/Olympus' is unknown" in err
    assert "'call me' is not a phone number" in err


def test_events_after_now_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sent = done("thank_you", at("2026-03-03", 16), "Ana Ruiz", 1)
    path = tmp_path / "later.json"
    path.write_text(dump_application(application((round_(),), (sent,))), encoding="utf-8")
    code, out, err = run(capsys, "plan", str(path), "--now", "2026-03-03T12:00:00+00:00")
    assert (code, out) == (1, "")
    assert err.startswith("followup-kit: events[0].at: 2026-03-03T16:00:00+00:00 is after now")


# -- export -----------------------------------------------------------------------------------
def test_export_writes_every_format(
    capsys: pytest.CaptureFixture[str], app_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "plans" / "sam"
    code, out, err = run(capsys, "export", str(app_file), "--out", str(out_dir), "--now", NOW)
    assert (code, err) == (0, "")
    names = sorted(p.name for p in out_dir.iterdir())
    assert {Path(n).suffix for n in names} == {".md", ".html", ".ics", ".csv", ".png", ".eml"}
    assert out.splitlines()[0] == f"Wrote {len(names)} files to {out_dir}:"
    assert sorted(line.strip() for line in out.splitlines()[1:]) == names


def test_export_reminder_options_reach_the_calendar(
    capsys: pytest.CaptureFixture[str], app_file: Path, tmp_path: Path
) -> None:
    run(capsys, "export", str(app_file), "--out", str(tmp_path / "a"), "--now", NOW)
    run(
        capsys,
        *("export", str(app_file), "--out", str(tmp_path / "b"), "--now", NOW),
        *("--remind-before", "30"),
    )
    default = next((tmp_path / "a").glob("*.ics")).read_bytes()
    early = next((tmp_path / "b").glob("*.ics")).read_bytes()
    assert b"TRIGGER:-PT2H30M" in default  # 08:30 on the day of an 11:00 step
    assert b"TRIGGER:-PT30M" in early
    assert b"TRIGGER:-PT2H30M" not in early


def test_export_into_a_file_exits_1(
    capsys: pytest.CaptureFixture[str], app_file: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    code, _, err = run(capsys, "export", str(app_file), "--out", str(blocker), "--now", NOW)
    assert code == 1
    assert err.startswith(f"followup-kit: could not write to '{blocker}'")


# -- demo and agenda --------------------------------------------------------------------------
def test_agenda_without_a_workbook_says_how_to_make_one(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, _, err = run(capsys, "agenda")
    assert code == 1
    assert "there is no workbook at" in err
    assert "followup-kit demo" in err
    assert not home.exists()  # asking for an agenda never creates a workbook


def test_demo_then_agenda(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = run(capsys, "demo", "--now", "2026-03-10T09:00:00+00:00")
    assert (code, err) == (0, "")
    assert f"Created a demo workbook at {home / 'workbook.sqlite'}" in out
    assert "5 fictional clients and 8 applications" in out
    code, out, err = run(
        capsys, "agenda", "--now", "2026-03-10T09:00:00+00:00", "--tz", "Europe/London"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("Agenda for Tue 10 Mar 2026, 09:00 (Europe/London), looking 7 days ahead")
    assert any(line.startswith("Overdue (") for line in lines)
    assert any(line.startswith("Due today (") for line in lines)
    assert max(len(line) for line in lines) <= 100


def test_agenda_days_narrow_the_view(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    run(capsys, "demo", "--now", "2026-03-10T09:00:00+00:00")
    args = ("agenda", "--now", "2026-03-10T09:00:00+00:00", "--tz", "UTC")
    _, week, _ = run(capsys, *args)
    _, today, _ = run(capsys, *args, "--days", "0")
    assert "Coming up (" in week
    assert "Coming up (" not in today


def test_demo_never_touches_a_workbook_with_clients(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    run(capsys, "demo")
    code, out, err = run(capsys, "demo")
    assert code == 1
    assert out == ""
    assert "already holds 5 client(s)" in err


def test_demo_at_an_explicit_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    where = tmp_path / "elsewhere" / "demo.sqlite"
    code, _, _ = run(capsys, "demo", "--workbook", str(where))
    assert code == 0
    assert where.exists()


# -- lab and app --------------------------------------------------------------------------------
# The servers themselves are started for real in tests/test_packaging.py (lab) and
# tests/browser/test_app_mode.py (app); here each command is checked up to the server it starts.
@pytest.fixture
def notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    source = tmp_path / "repo" / "notebooks"
    source.mkdir(parents=True)
    for name in ("00_start_here.ipynb", "10_plan.ipynb"):
        (source / name).write_text(json.dumps({"name": name}), encoding="utf-8")
    monkeypatch.setattr(lab, "kit_notebooks", lambda: source)
    return source


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Server, bool]]:
    servers: list[tuple[Server, bool]] = []

    def record(server: Server, *, browser: bool) -> int:
        servers.append((server, browser))
        return 0

    monkeypatch.setattr(serve, "serve", record)
    monkeypatch.setattr(lab, "running_as_root", lambda: False)
    return servers


def test_the_kit_finds_its_notebooks_beside_the_package() -> None:
    # A checkout (editable install) reads the repository's notebooks/; a wheel its own copy.
    found = Path(str(lab.kit_notebooks()))
    assert found == Path(followup_kit.__file__).resolve().parents[1] / "notebooks"
    assert (found / lab.START_NOTEBOOK).is_file()


def test_lab_copies_notebooks_and_serves_the_start_page(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    notebooks: Path,
    launched: list[tuple[Server, bool]],
) -> None:
    code, out, _ = run(capsys, "lab", "--no-browser", "--port", "8899")
    workspace = home / "notebooks"
    assert code == 0
    assert sorted(p.name for p in workspace.iterdir()) == ["00_start_here.ipynb", "10_plan.ipynb"]
    [(server, browser)] = launched
    assert browser is False
    assert server.command[:3] == (sys.executable, "-m", "jupyterlab")
    assert "--ServerApp.ip=127.0.0.1" in server.command
    assert "--ServerApp.port=8899" in server.command
    assert f"--ServerApp.root_dir={workspace}" in server.command
    assert "--no-browser" in server.command  # Lab's own browser would open the Launcher
    assert server.environment is not None
    token = server.environment["JUPYTER_TOKEN"]
    assert len(token) >= 32
    assert not any(token in part for part in server.command), "the token would show in `ps`"
    assert server.page_url == (f"http://127.0.0.1:8899/lab/tree/00_start_here.ipynb?token={token}")
    assert f"Notebook workspace: {workspace}" in out
    assert "added 00_start_here.ipynb" in out


def test_lab_never_overwrites_the_users_copy(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    notebooks: Path,
    launched: list[tuple[Server, bool]],
) -> None:
    run(capsys, "lab")
    mine = home / "notebooks" / "10_plan.ipynb"
    mine.write_text("my own edits", encoding="utf-8")
    (home / "notebooks" / "00_start_here.ipynb").unlink()
    code, out, _ = run(capsys, "lab")
    assert code == 0
    assert mine.read_text(encoding="utf-8") == "my own edits"
    assert "added 00_start_here.ipynb" in out
    assert "kept your copies of 1 notebook(s)" in out
    assert "delete your copy and run this command again" in out
    assert launched[-1][1] is True  # opens a browser unless told not to


def test_lab_refuses_a_workspace_inside_the_repository(
    capsys: pytest.CaptureFixture[str],
    notebooks: Path,
    launched: list[tuple[Server, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOLLOWUP_KIT_HOME", str(notebooks.parent / "data"))
    code, _, err = run(capsys, "lab")
    assert code == 1
    assert "where client data could end up in git" in err
    assert launched == []
    assert not (notebooks.parent / "data").exists()


def test_lab_without_notebooks_explains(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    tmp_path: Path,
    launched: list[tuple[Server, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(lab, "kit_notebooks", lambda: empty)
    code, _, err = run(capsys, "lab")
    assert code == 1
    assert "no notebooks found" in err
    assert launched == []


def test_lab_as_root_allows_root(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    notebooks: Path,
    launched: list[tuple[Server, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lab, "running_as_root", lambda: True)
    run(capsys, "lab")
    assert "--allow-root" in launched[-1][0].command


def test_lab_opens_the_workspace_even_without_a_start_notebook(tmp_path: Path) -> None:
    server = lab.lab_server(tmp_path, port=8123, token="t0k")
    assert server.page_url == "http://127.0.0.1:8123/lab?token=t0k"


def test_the_workspace_is_beside_the_workbook(home: Path) -> None:
    assert lab.workspace_folder() == home / "notebooks"


def test_a_bad_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("lab", "app"):
        code, _, err = run(capsys, command, "--port", "http")
        assert code == 2
        assert "'http' is not a port; expected a number 1-65535" in err


def test_app_serves_the_kits_start_notebook_with_voila(
    capsys: pytest.CaptureFixture[str], home: Path, launched: list[tuple[Server, bool]]
) -> None:
    code, out, _ = run(capsys, "app", "--port", "8877")
    assert code == 0
    [(server, browser)] = launched
    assert browser is True
    assert server.command[:4] == (
        sys.executable,
        "-m",
        "voila",
        str(Path(str(lab.kit_notebooks())) / "00_start_here.ipynb"),
    )
    for option in (
        "--Voila.ip=127.0.0.1",
        "--Voila.port=8877",
        "--Voila.port_retries=0",
        "--Voila.auto_token=True",
        "--VoilaConfiguration.strip_sources=True",
        "--TagRemovePreprocessor.remove_cell_tags=fk-check",
        f"--MappingKernelManager.cull_idle_timeout={app.CULL_IDLE_S}",
    ):
        assert option in server.command
    assert server.environment is not None
    token = server.environment["JUPYTER_TOKEN"]
    assert server.page_url == f"http://127.0.0.1:8877/?token={token}"
    assert f"Exports go to: {home / 'notebooks' / 'exports'}" in out
    assert (home / "notebooks" / "00_start_here.ipynb").exists()  # Lab's root, where exports are
