"""Careless use of the command line: a German message, exit code 1 (130 for Ctrl+C), no
traceback, and the outputs of the last good build byte for byte and time for time as they were."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mitteilung.errors import short
from scripts.synthetic import make_project
from tests.conftest import MITTEILUNG, Run
from tests.support.edits import snapshot
from tests.support.pdf import fake_soffice

LONG = "/".join(["abcdefgh"] * 600)  # 5,400 characters: more than a path may have
Setup = Callable[[Path], None]


def nothing(root: Path) -> None:
    """No preparation."""


def a_file(name: str, data: bytes = b"") -> Setup:
    """A file in the project folder."""

    def setup(root: Path) -> None:
        (root / name).write_bytes(data)

    return setup


@dataclass
class Case:
    """One careless call: the arguments, the exact first line of the output."""

    id: str
    args: list[str]
    message: str
    setup: Setup = nothing


CASES = [
    Case(
        "output-below-a-file",
        ["build", "-o", "notiz.txt/sub"],
        "Fehler: Zielordner notiz.txt/sub kann nicht angelegt werden (ein Teil des Pfads ist "
        "kein Ordner); einen anderen Ordner mit -o angeben",
        a_file("notiz.txt"),
    ),
    Case(
        "output-is-a-file",
        ["build", "-o", "notiz.txt"],
        "Fehler: -o notiz.txt: ist eine Datei, kein Ordner",
        a_file("notiz.txt"),
    ),
    Case(
        "output-empty",
        ["build", "-o", ""],
        "Fehler: -o: leerer Pfad; einen Ordner angeben, z. B. build",
    ),
    Case(
        "output-too-long",
        ["build", "-o", LONG],
        f"Fehler: Zielordner {short(LONG)} kann nicht angelegt werden (Pfad oder Dateiname zu "
        "lang); einen anderen Ordner mit -o angeben",
    ),
    Case(
        "list-latin-1",
        ["build", "--list", "liste.txt"],
        "Fehler: --list liste.txt: keine UTF-8-Textdatei (Byte 0xc4); die Datei als UTF-8 "
        "speichern",
        a_file("liste.txt", f"{MITTEILUNG}\n# Änderung\n".encode("latin-1")),
    ),
    Case(
        "schema-into-a-file",
        ["schema", "-o", "notiz.txt"],
        "Fehler: -o notiz.txt: ist eine Datei, kein Ordner",
        a_file("notiz.txt"),
    ),
    Case(
        "schema-below-a-file",
        ["schema", "-o", "notiz.txt/schema"],
        "Fehler: notiz.txt/schema/stadt.schema.json kann nicht geschrieben werden (ein Teil des "
        "Pfads ist kein Ordner); einen Ordner mit -o angeben",
        a_file("notiz.txt"),
    ),
    Case(
        "schema-empty",
        ["schema", "-o", ""],
        "Fehler: -o: leerer Pfad; einen Ordner angeben, z. B. build",
    ),
    Case(
        "clean-empty",
        ["clean", ""],
        "Fehler: ZIELORDNER: leerer Pfad; einen Ordner angeben, z. B. build",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_careless_call_is_a_german_message(
    project: Path, cli: Run, built_output: Path, case: Case
) -> None:
    out = built_output
    case.setup(project)
    before = snapshot(out), sorted(p.name for p in project.iterdir())

    result = cli(*case.args)

    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [case.message]
    assert (snapshot(out), sorted(p.name for p in project.iterdir())) == before


def run(folder: Path, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The program as a user starts it, in ``folder``."""
    return subprocess.run(
        [sys.executable, "-m", "mitteilung", *args],
        cwd=folder,
        stdout=kw.get("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="kein /dev/full")
def test_context_into_a_full_disk(project: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run(project, "context", str(MITTEILUNG), stdout=full)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Fehler: die Ausgabe kann nicht geschrieben werden (kein Platz mehr auf dem Datenträger)"
    ]


def test_a_file_name_that_is_no_utf8_fails_only_its_document_under_depfile(
    project: Path,
) -> None:
    text = (project / MITTEILUNG).read_text(encoding="utf-8")
    name = os.fsdecode(b"data/vorlagen/alt-\xe4.yaml")
    Path(name).write_text(text.replace("nummer: 7939/2025", "nummer: 7000/2025"), "utf-8")

    result = run(project, "build", "--depfile")

    assert result.returncode == 1
    shown = "data/vorlagen/alt-\\udce4.yaml"  # Python shows the byte it cannot decode so
    assert result.stderr.splitlines()[0] == (
        f"{shown}: der Dateiname ist kein gültiger UTF-8-Text; für make die Datei umbenennen "
        "(nur Buchstaben, Ziffern, - und _)"
    )
    assert "Traceback" not in result.stderr
    assert "  fehlgeschlagen: data/vorlagen/alt-\\udce4.yaml" in result.stderr.splitlines()
    built = sorted(p.name for p in (project / "build").iterdir() if not p.name.startswith("."))
    assert [n for n in built if n.startswith("7000")] == []  # nothing half of it
    depfiles = project / "build" / ".deps" / "data" / "vorlagen"
    assert sorted(p.name for p in depfiles.iterdir()) == [
        "7939-2025-mitteilung.d",
        "8012-2025-beschlussvorlage.d",
    ]


INTERRUPTED = (
    "Abgebrochen (Strg+C). Angefangene Dateien wurden entfernt; fertige bleiben, der nächste "
    "Bau ergänzt den Rest."
)


def interrupt(
    folder: Path,
    args: list[str],
    ready: Callable[[], bool],
    env: dict[str, str] | None = None,
    group: bool = False,
) -> tuple[int, str]:
    """Start a build, press Ctrl+C (SIGINT) once ``ready()``; (exit code, what it printed).
    With ``group`` the signal goes to every process of the build, as a terminal sends it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mitteilung", "build", *args],
        cwd=folder,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=group,
    )
    try:
        while not ready():
            assert process.poll() is None, "finished before Ctrl+C"
            time.sleep(0.01)
        if group:
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        return process.returncode, stderr
    finally:
        if process.poll() is None:
            process.kill()


def temporary(folder: Path) -> list[str]:
    """Our temporary files and folders left anywhere below ``folder``."""
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.mark.parametrize(
    ("processes", "group"), [("1", False), ("2", False), ("2", True)], ids=["one", "two", "group"]
)
def test_ctrl_c_while_building_ends_with_130_and_no_temporary_files(
    tmp_path: Path, processes: str, group: bool
) -> None:
    make_project(tmp_path, 600)
    out = tmp_path / "build"
    env = {**os.environ, "MITTEILUNG_PROZESSE": processes}
    code, stderr = interrupt(
        tmp_path, ["--depfile"], lambda: any(out.glob("*.docx")), env, group=group
    )
    assert code == 130, stderr
    assert stderr.splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in stderr
    assert temporary(out) == []
    assert len(list(out.glob("*.docx"))) < 600  # it did stop


def test_ctrl_c_while_libreoffice_converts_stops_it_and_removes_its_folder(
    project: Path,
) -> None:
    fake_soffice(
        project / "bin",
        "Path(os.environ['PIDFILE']).write_text(str(os.getpid()))\ntime.sleep(60)\n",
    )
    pidfile = project / "soffice.pid"
    env = {
        **os.environ,
        "PIDFILE": str(pidfile),
        "PATH": f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    code, stderr = interrupt(
        project, ["-f", "pdf"], lambda: pidfile.exists() and bool(pidfile.read_text()), env
    )
    assert code == 130, stderr
    assert stderr.splitlines()[-1] == INTERRUPTED
    assert "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):  # LibreOffice was stopped with the build
        os.kill(int(pidfile.read_text()), 0)
    assert temporary(project / "build") == []


#: Presses Ctrl+C (SIGINT to itself) while Python imports click for the command line, then
#: starts the command as the `mitteilung` command does
CTRL_C_WHILE_LOADING = """
import importlib.abc, os, signal, sys

class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["mitteilung", "--help"]
from mitteilung.__main__ import run
run()
"""


def test_ctrl_c_while_the_command_line_loads_ends_with_130_and_no_traceback(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_LOADING],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "Abgebrochen (Strg+C), bevor etwas geschrieben wurde."
    assert done.stdout == ""
