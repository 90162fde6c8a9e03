"""make reads what it knows of all documents from one file (OUT/.deps/make/dokumente.mk)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mitteilung.write.depfile import Rule
from mitteilung.write.makerules import DOCS_FILE, FOLDER, UNFINISHED, write_rules
from tests.support.make import (
    SAMPLES,
    changed,
    copy_samples,
    make,
    mtimes,
    needs_make,
    run_make,
)

pytestmark = needs_make

RULES = Path("build") / FOLDER / DOCS_FILE


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The two samples, built once by make."""
    folder = copy_samples(tmp_path / "projekt")
    make(folder)
    return folder


def test_the_rules_name_every_document_with_its_outputs_and_sources(built: Path) -> None:
    text = (built / RULES).read_text(encoding="utf-8")
    doc = "data/vorlagen/8012-2025-beschlussvorlage.yaml"
    sources = text.split(f"MITTEILUNG_SRC/{doc} := ")[1].split("\n")[0].split()
    assert sources[0] == doc  # the Makefile's recipe takes it as $<
    assert {"data/stadt.yaml", "templates/beschlussvorlage.docx"} <= set(sources)
    outputs = text.split(f"MITTEILUNG_OUT/{doc} := ")[1].split("\n")[0].split()
    assert "build/8012-2025-beschlussvorlage.docx" in outputs
    assert "build/8012-2025-beschlussvorlage.pdf" in outputs  # every format it has
    docs = text.split("MITTEILUNG_DOCS := ")[1].split("\n")[0].split()
    assert docs == [f"data/vorlagen/{s}.yaml" for s in SAMPLES]


def test_an_output_folder_with_depfiles_alone_hands_every_file_to_the_program(
    built: Path,
) -> None:
    # as an output folder of an earlier version: depfiles and stamps, no rules
    shutil.rmtree(built / "build" / FOLDER)
    output = make(built)
    files = len(list((built / "data").rglob("*.yaml")))
    assert f"{files} Datei(en) neu oder geändert" in output
    assert (built / RULES).is_file()
    before = mtimes(built)
    (built / "templates" / "mitteilung.txt.j2").touch()
    output = make(built)
    assert "1 von 2 Vorlage(n) und Sitzung(en) veraltet" in output
    assert changed(before, mtimes(built)) == {"7939-2025-mitteilung"}


def test_a_deleted_vorlage_neither_stops_make_nor_stays_in_the_rules(built: Path) -> None:
    (built / "data" / "vorlagen" / "8012-2025-beschlussvorlage.yaml").unlink()
    output = make(built)
    assert "Alle 1 Vorlage(n) und Sitzung(en) sind aktuell." in output
    (built / "data" / "stadt.yaml").touch()
    output = make(built)
    assert "1 von 1 Vorlage(n) und Sitzung(en) veraltet" in output
    assert "8012-2025" not in (built / RULES).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["mit leerzeichen.txt.j2", "preis$dollar.txt.j2", "nr#1.txt.j2"])
def test_a_source_named_with_make_characters_rebuilds_when_it_changes(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "templates").mkdir()
    doc, source = tmp_path / "data" / "d.yaml", tmp_path / "templates" / name
    outputs = [tmp_path / "build" / "d.docx", tmp_path / "build" / "d.txt"]
    for path in (doc, source, *outputs):
        path.parent.mkdir(exist_ok=True)
        path.write_text("x", encoding="utf-8")
    escaped = "templates/" + name.replace("$", "$$").replace("#", "\\#").replace(" ", "\\ ")
    rule = Rule("data/d.yaml", ("build/d.docx", "build/d.txt"), ("data/d.yaml", escaped))
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        write_rules(Path("build"), {rule.doc: rule})
    finally:
        os.chdir(cwd)
    assert "Alle 1 Vorlage(n)" in make(tmp_path, "-n")
    later = time.time() + 5
    os.utime(source, (later, later))
    assert "1 von 1 Vorlage(n) und Sitzung(en) veraltet" in make(tmp_path, "-n")


def test_a_build_by_hand_from_another_folder_leaves_the_rules_to_make(built: Path) -> None:
    # paths in the rules are relative to make's folder; this build's are not
    elsewhere = built.parent
    edit_line(built / "data/vorlagen/7939-2025-mitteilung.yaml")
    result = cli_in(elsewhere, "-C", str(built), "build", "--depfile", "-o", str(built / "build"))
    assert result.returncode == 0, result.stderr
    make(built)  # the mark of an unsure build is there: every file goes to the program
    before = mtimes(built)
    (built / "templates" / "beschlussvorlage.txt.j2").touch()
    assert "1 von 2 Vorlage(n) und Sitzung(en) veraltet" in make(built)
    assert changed(before, mtimes(built)) == {"8012-2025-beschlussvorlage"}


def test_a_vorlage_with_a_depfile_but_no_rule_goes_to_the_program(built: Path) -> None:
    # built by hand into a folder whose rules were lost: only 7939 gets a rule
    shutil.rmtree(built / "build" / FOLDER)
    one = "data/vorlagen/7939-2025-mitteilung.yaml"
    result = cli_in(built, "build", "--depfile", "-o", "build", one)
    assert result.returncode == 0, result.stderr
    assert "8012-2025" not in (built / RULES).read_text(encoding="utf-8")
    output = make(built)
    assert "8012-2025-beschlussvorlage.yaml" in (built / "build/.deps/veraltet.txt").read_text()
    assert "8012-2025" in (built / RULES).read_text(encoding="utf-8"), output


def test_a_vorlage_moved_away_and_back_is_rebuilt_when_its_template_changes(
    built: Path, tmp_path: Path
) -> None:
    vorlage = built / "data/vorlagen/7939-2025-mitteilung.yaml"
    away = tmp_path / "weg.yaml"
    shutil.move(vorlage, away)
    run_make(built)  # fails: 8012 names it as Anlage
    shutil.move(away, vorlage)  # its time as before: older than its outputs
    make(built)
    before = mtimes(built)
    (built / "templates" / "mitteilung.txt.j2").touch()
    make(built)
    assert "7939-2025-mitteilung" in changed(before, mtimes(built))


def test_after_a_broken_off_build_make_hands_every_file_to_the_program(built: Path) -> None:
    assert not (built / "build" / FOLDER / UNFINISHED).exists()  # a finished build
    (built / "build" / FOLDER / UNFINISHED).write_text("", encoding="utf-8")  # as Ctrl+C leaves
    output = make(built)
    files = len(list((built / "data").rglob("*.yaml")))
    assert f"{files} Datei(en) neu oder geändert" in output
    assert not (built / "build" / FOLDER / UNFINISHED).exists()
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in make(built)


def test_a_vorlage_that_became_a_facts_file_loses_its_outputs_and_depfile(built: Path) -> None:
    vorlage = built / "data/vorlagen/7939-2025-mitteilung.yaml"
    facts = (built / "data/fakten/ikz-ki.yaml").read_text(encoding="utf-8")
    vorlage.write_text(facts, encoding="utf-8")
    (built / "data/vorlagen/8012-2025-beschlussvorlage.yaml").unlink()  # it named 7939
    make(built)
    assert not (built / "build" / "7939-2025-mitteilung.docx").exists()
    assert not (built / "build/.deps/data/vorlagen/7939-2025-mitteilung.d").exists()
    make(built)  # once more as a file that is no document (stamped as read)
    output = make(built, venv=str(built / "kein-venv"))  # no Python: it would fail
    assert "Alle 0 Vorlage(n) und Sitzung(en) sind aktuell." in output


def edit_line(path: Path) -> None:
    """Change a file's content (a comment at its end)."""
    path.write_text(path.read_text(encoding="utf-8") + "# geändert\n", encoding="utf-8")


def cli_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The program run in ``folder``, as a clerk runs it by hand."""
    command = [sys.executable, "-m", "mitteilung", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", ["teil (alt).txt.j2", "teil;2.txt.j2", "a:b.txt.j2", "x=y.txt.j2"])
def test_a_source_make_cannot_read_sends_its_document_to_the_program(
    built: Path, name: str
) -> None:
    """Not a make that stops ("No rule to make target") or misreads a rule at every run."""
    (built / "templates" / name).write_text("Zusatz {{ vorlage.nummer }}\n", encoding="utf-8")
    template = built / "templates" / "mitteilung.txt.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + f'\n{{% include "{name}" %}}\n', encoding="utf-8"
    )
    warning = f"templates/{name}: Warnung: make kann mit diesem Dateinamen nicht arbeiten"
    assert warning in make(built)
    text = built / "build" / "7939-2025-mitteilung.txt"
    assert "Zusatz 7939/2025" in text.read_text(encoding="utf-8")
    before = mtimes(built)
    again = make(built)  # make reads its rules; 7939 has none and goes to the program
    assert warning in again and "8012" not in again
    assert changed(before, mtimes(built)) <= {"7939-2025-mitteilung"}
    (built / "templates" / name).write_text("Neu {{ vorlage.nummer }}\n", encoding="utf-8")
    make(built)
    assert "Neu 7939/2025" in text.read_text(encoding="utf-8")
    assert "8012-2025-beschlussvorlage.yaml" in (built / RULES).read_text(encoding="utf-8")
