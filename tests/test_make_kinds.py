"""make leaves no YAML file in data/ unread: the program decides what is a document.

A file that is neither a document nor a facts file, or a document with a mistyped
'vorlagenart:', fails the build with one clear message, every time, until it is fixed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, Run, edit
from tests.support.make import copy_samples, make, needs_make, run_make

NEW = Path("data/vorlagen/neu.yaml")
TYPO = "data/vorlagen/neu.yaml:3: vorlagenart: Pflichtfeld fehlt; ist 'vorlagenat' gemeint?"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The sample project, built once by make."""
    make(copy_samples(tmp_path))
    return tmp_path


def new_document(folder: Path, kind_line: str) -> Path:
    """A copy of the sample Mitteilung as a new document (99/2025) with another kind line."""
    text = (folder / MITTEILUNG).read_text(encoding="utf-8")
    text = text.replace("nummer: 7939/2025", "nummer: 99/2025")
    path = folder / NEW
    path.write_text(text.replace("vorlagenart: mitteilung", kind_line, 1), encoding="utf-8")
    return path


@needs_make
def test_new_document_with_mistyped_kind_fails_make_every_time(built: Path) -> None:
    path = new_document(built, "vorlagenat: mitteilung")
    for _ in range(2):
        result = run_make(built)
        assert result.returncode != 0
        assert TYPO in result.stderr
        assert "unbekanntes Feld" not in result.stderr
    edit(path, "vorlagenat:", "vorlagenart:")
    output = make(built)
    assert "1 Vorlage(n) gebaut" in output
    assert (built / "build" / "99-2025-mitteilung.docx").is_file()
    output = make(built, venv=str(built / "kein-venv"))
    assert "Alle 3 Vorlage(n) und Sitzung(en) sind aktuell." in output


@needs_make
def test_mistyped_kind_in_a_known_document_fails_make(built: Path) -> None:
    edit(built / MITTEILUNG, "vorlagenart: mitteilung", "Vorlagenart: mitteilung")
    result = run_make(built)
    assert result.returncode != 0
    message = f"{MITTEILUNG}:3: vorlagenart: Pflichtfeld fehlt; ist 'Vorlagenart' gemeint?"
    assert message in result.stderr
    # the Beschlussvorlage names it as Anlage: it is told where the mistake is
    assert f"Vorlage 7939/2025 ({MITTEILUNG}) hat selbst Fehler" in result.stderr


@needs_make
def test_new_facts_file_is_checked_once_then_starts_no_program(built: Path) -> None:
    facts = built / "data" / "fakten" / "ikz-neu.yaml"
    shutil.copy(built / "data" / "fakten" / "ikz-ki.yaml", facts)
    output = make(built)
    assert "mitteilung build" in output
    assert "0 Vorlage(n) gebaut, 0 fehlgeschlagen" in output
    output = make(built, venv=str(built / "kein-venv"))
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in output
    # once it changes it is read again, and a mistake in it fails the build
    edit(facts, "kooperation:", "kooperatoin:")
    result = run_make(built)
    assert result.returncode != 0
    assert "data/fakten/ikz-neu.yaml" in result.stderr


@needs_make
def test_file_of_unknown_kind_fails_make(built: Path) -> None:
    (built / "data" / "notizen.yaml").write_text("thema: Radwege\n", encoding="utf-8")
    result = run_make(built)
    assert result.returncode != 0
    assert "data/notizen.yaml:1: unbekannte Art von Datei" in result.stderr


# --- the program's message for a document without 'vorlagenart:' ------------------------------


def lines_about(output: str, path: Path) -> list[str]:
    """The lines of ``output`` that report a problem in ``path``."""
    return [line for line in output.splitlines() if line.startswith(f"{path}:")]


def test_document_with_mistyped_kind_gets_one_message(project: Path, cli: Run) -> None:
    new_document(project, "vorlagenat: mitteilung")
    result = cli("build")
    assert result.exit_code == 1
    assert lines_about(result.output, NEW) == [TYPO]
    assert f"fehlgeschlagen: {NEW}" in result.output


def test_document_without_kind_names_the_kinds_there_are(project: Path, cli: Run) -> None:
    new_document(project, "# vorlagenart fehlt")
    edit(project / NEW, "kooperation: ../fakten/ikz-ki.yaml\n", "")
    result = cli("check", str(NEW))
    assert result.exit_code == 1
    assert lines_about(result.output, NEW) == [
        f"{NEW}:4: vorlagenart: Pflichtfeld fehlt: jede Vorlage nennt ihre Vorlagenart aus "
        "data/stadt.yaml (mitteilung, beschlussvorlage), z. B. 'vorlagenart: mitteilung'"
    ]


def test_file_of_neither_kind_gets_one_message(project: Path, cli: Run) -> None:
    path = Path("data/fakten/notizen.yaml")
    (project / path).write_text("thema: Radwege\nstand: offen\n", encoding="utf-8")
    result = cli("build", str(path))
    assert result.exit_code == 1
    assert lines_about(result.output, path) == [
        f"{path}:1: unbekannte Art von Datei: erwartet eine Vorlage (mit 'vorlagenart:'), "
        "eine Sitzung (mit 'sitzung:') oder eine Faktendatei (mit 'kooperation:' oder "
        "'foerderprogramm:')"
    ]
