"""Issue 11 item 4: the kit installs from a wheel and finds everything it needs there.

- The wheel is built from a copy of the source (pip wheel, the project's own setup.py step), and
  carries the sample caseload and byte-identical copies of `notebooks/*.ipynb`.
- Installed into a fresh venv (the wheel + its dependencies from PyPI, pinned by
  constraints.txt; pip's cache makes a re-run quick), `followup-kit demo`, `lab --help` and
  `app --help` work from there, and `followup-kit lab` really starts JupyterLab and prints the
  start notebook's URL, which answers.
- Where things live: the data folder (FOLLOWUP_KIT_HOME, an earlier version's folder, then
  platformdirs), the workspace and the exports folder inside it; the check-cell tags app mode
  relies on.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

from followup_kit.cli import app as app_cli
from followup_kit.store import location
from followup_kit.store.location import (
    default_workbook_path,
    export_folder,
    export_folder_name,
    exports_folder,
    exports_folder_of,
    workspace_folder,
)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
# What a source distribution holds: enough to build the wheel, nothing else.
SOURCE_PARTS = (
    "followup_kit",
    "notebooks",
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
)
BUILD_TIMEOUT_S = 300
INSTALL_TIMEOUT_S = 900  # a first install downloads JupyterLab, pandas, matplotlib ... from PyPI
LAB_START_TIMEOUT_S = 120
WHEEL_TESTS = pytest.mark.packaging


# -- where things live ---------------------------------------------------------------------------
def test_followup_kit_home_wins(tmp_path: Path) -> None:
    env = {"FOLLOWUP_KIT_HOME": str(tmp_path / "kit")}
    assert default_workbook_path(env) == tmp_path / "kit" / "workbook.sqlite"


def test_a_workbook_in_the_old_folder_keeps_being_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    monkeypatch.setattr(location, "platform_data_folder", lambda: new / "followup_kit")
    env = {"XDG_DATA_HOME": str(old)}
    # Nothing in the old place: the platform's folder.
    assert default_workbook_path(env) == new / "followup_kit" / "workbook.sqlite"
    # An earlier version's workbook there: it stays in use, nothing moves.
    (old / "followup_kit").mkdir(parents=True)
    (old / "followup_kit" / "workbook.sqlite").write_bytes(b"")
    assert default_workbook_path(env) == old / "followup_kit" / "workbook.sqlite"


def test_the_platform_folder_is_platformdirs_user_data_folder() -> None:
    import platformdirs

    expected = Path(platformdirs.user_data_dir("followup_kit", appauthor=False))
    assert location.platform_data_folder() == expected
    if sys.platform.startswith("linux"):
        # Same as every earlier version on Linux: nobody's workbook moves.
        assert location.platform_data_folder() == location.legacy_data_folder()


def test_exports_go_inside_the_served_workspace(tmp_path: Path) -> None:
    env = {"FOLLOWUP_KIT_HOME": str(tmp_path)}
    assert workspace_folder(env) == tmp_path / "notebooks"
    assert exports_folder(env) == tmp_path / "notebooks" / "exports"
    assert exports_folder_of(default_workbook_path(env)) == exports_folder(env)
    assert export_folder(3, "Sam Okafor", "Riverside Museum", "Guide", environ=env) == (
        tmp_path / "notebooks" / "exports" / "003-sam-okafor-riverside-museum-guide"
    )


def test_export_folder_names_tell_applications_apart_and_repeat_for_a_reexport() -> None:
    one = export_folder_name(7, "Zoë O'Brien", "Greenway Energy", "Communications Lead")
    assert one == "007-zoë-o-brien-greenway-energy-communications-lead"
    assert export_folder_name(7, "Zoë O'Brien", "Greenway Energy", "Communications Lead") == one
    # Two roles at one company, and even two identical titles there: different folders.
    assert export_folder_name(8, "Zoë O'Brien", "Greenway Energy", "Data Analyst") != one
    assert export_folder_name(9, "Zoë O'Brien", "Greenway Energy", "Communications Lead") != one


def test_export_folder_names_are_safe_file_names() -> None:
    name = export_folder_name(
        12, "../../etc/passwd", "A/B\\C: *Corp*?", "Lead <Ops> | " + "very long title " * 10
    )
    assert re.fullmatch(r"[\w-]+", name), name
    assert len(name) <= 3 + 3 * 41
    assert name.startswith("012-etc-passwd-a-b-c-corp-lead-ops-very-long")
    assert export_folder_name(1, "   ", "", "—") == "001"
    with pytest.raises(ValueError, match="negative"):
        export_folder_name(-1, "a", "b", "c")


# -- the check cells app mode hides ----------------------------------------------------------------
def load_regenerate_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "regenerate_notebooks", REPO / "scripts" / "regenerate_notebooks.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_check_cell_carries_the_tag_app_mode_removes() -> None:
    script = load_regenerate_script()
    assert script.CHECK_TAG == app_cli.CHECK_TAG
    tagged = 0
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        committed = nbformat.read(path, as_version=4)
        retagged = nbformat.read(path, as_version=4)
        script.tag_check_cells(retagged)
        assert retagged == committed, (
            f"{path.name}: check-cell tags are stale; run "
            "`python scripts/regenerate_notebooks.py --tags-only`"
        )
        checks = [c for c in committed.cells if app_cli.CHECK_TAG in c.metadata.get("tags", [])]
        for cell in checks:
            assert "NBVAL_IGNORE_OUTPUT" not in cell.source, "a check cell must be compared"
        tagged += len(checks)
    assert tagged >= len(list(NOTEBOOKS.glob("*.ipynb"))), "a notebook has no check cell"
    start = nbformat.read(NOTEBOOKS / "00_start_here.ipynb", as_version=4)
    assert any(app_cli.CHECK_TAG in c.metadata.get("tags", []) for c in start.cells)


# -- the wheel, installed into a fresh venv ------------------------------------------------------
@dataclass
class Installed:
    wheel: Path
    venv: Path
    seconds_build: float
    seconds_install: float

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


def clean_environment(tmp: Path) -> dict[str, str]:
    """The environment a person has: no PYTHONPATH pointing at this checkout, no test clock."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    env["FOLLOWUP_KIT_HOME"] = str(tmp / "home")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp / name.lower()).mkdir(exist_ok=True)
        env[name] = str(tmp / name.lower())
    return env


def run(command: list[str | Path], *, env: dict[str, str], cwd: Path, timeout: float) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))} exited with {done.returncode}:\n"
        f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for part in SOURCE_PARTS:
        origin = REPO / part
        if origin.is_dir():
            shutil.copytree(
                origin, source / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copyfile(origin, source / part)
    env = clean_environment(tmp)
    start = time.monotonic()
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp / "dist", source],
        env=env,
        cwd=tmp,
        timeout=BUILD_TIMEOUT_S,
    )
    built = time.monotonic()
    [wheel] = (tmp / "dist").glob("followup_kit-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", venv], env=env, cwd=tmp, timeout=120)
    run(
        # --no-compile: byte-compiling JupyterLab & co. costs more than the rest of the install.
        [
            *(venv / "bin" / "python", "-m", "pip", "install", "--no-compile"),
            *("-c", REPO / "constraints.txt", wheel),
        ],
        env=env,
        cwd=tmp,
        timeout=INSTALL_TIMEOUT_S,
    )
    result = Installed(wheel, venv, built - start, time.monotonic() - built)
    print(
        f"\n[packaging] wheel built in {result.seconds_build:.0f} s; "
        f"fresh venv installed in {result.seconds_install:.0f} s"
    )
    return result


@WHEEL_TESTS
def test_the_wheel_carries_the_caseload_and_the_notebooks(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        assert "followup_kit/data/sample_caseload.json" in names
        assert "followup_kit/py.typed" in names
        assert any(n.startswith("followup_kit/templates/drafts/") for n in names)
        shipped = sorted(
            n.removeprefix("followup_kit/notebooks/")
            for n in names
            if n.startswith("followup_kit/notebooks/")
        )
        assert shipped == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
        for name in shipped:  # the build copies notebooks/; the two never differ
            assert wheel.read(f"followup_kit/notebooks/{name}") == (NOTEBOOKS / name).read_bytes()
        caseload = wheel.read("followup_kit/data/sample_caseload.json")
        assert caseload == (REPO / "followup_kit" / "data" / "sample_caseload.json").read_bytes()
        assert not any("test" in n.split("/")[0] for n in names), "tests must not ship"
        metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        requires = metadata.decode()
        assert "Requires-Dist: voila" in requires
        assert "Requires-Dist: platformdirs" in requires
        assert not re.search(r"Requires-Dist: pytest[^\n]*\n", requires.split("extra ==")[0])


@WHEEL_TESTS
def test_the_installed_commands_work(installed: Installed, tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    kit = installed.bin("followup-kit")
    out = run([kit, "demo"], env=env, cwd=tmp_path, timeout=120)
    assert "Created a demo workbook" in out
    assert "with 5 fictional clients and 8 applications." in out
    assert (tmp_path / "home" / "workbook.sqlite").exists()
    assert "usage: followup-kit lab" in run(
        [kit, "lab", "--help"], env=env, cwd=tmp_path, timeout=60
    )
    assert "usage: followup-kit app" in run(
        [kit, "app", "--help"], env=env, cwd=tmp_path, timeout=60
    )
    where = run(
        [
            installed.bin("python"),
            "-c",
            "from followup_kit.cli.lab import kit_notebooks; print(kit_notebooks())",
        ],
        env=env,
        cwd=tmp_path,
        timeout=60,
    ).strip()
    assert where.startswith(str(installed.venv)), f"notebooks read from {where}, not the wheel"


@WHEEL_TESTS
def test_lab_from_the_wheel_prints_the_start_page_and_serves_it(
    installed: Installed, tmp_path: Path
) -> None:
    from tests.browser.conftest import free_port

    env = clean_environment(tmp_path)
    port = free_port()
    log_path = tmp_path / "lab.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(installed.bin("followup-kit")), "lab", "--no-browser", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    pattern = re.compile(
        rf"^\s+(http://127\.0\.0\.1:{port}/lab/tree/00_start_here\.ipynb\?token=[0-9a-f]+)$", re.M
    )
    try:
        deadline = time.monotonic() + LAB_START_TIMEOUT_S
        found = None
        while found is None:
            text = log_path.read_text(encoding="utf-8", errors="replace")
            found = pattern.search(text)
            assert process.poll() is None, f"followup-kit lab exited:\n{text[-3000:]}"
            assert time.monotonic() < deadline, f"no start page URL printed:\n{text[-3000:]}"
            time.sleep(0.25)
        url = found.group(1)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert "JupyterLab" in response.read().decode("utf-8", errors="replace")
        workspace = tmp_path / "home" / "notebooks"
        assert sorted(p.name for p in workspace.glob("*.ipynb")) == sorted(
            p.name for p in NOTEBOOKS.glob("*.ipynb")
        )
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0, log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
