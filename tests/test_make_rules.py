"""make reads what it knows of all documents from one file (OUT/.deps/make/dokumente.mk)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from mitteilung.write.depfile import Rule
from mitteilung.write.makerules import DOCS_FILE, FOLDER, write_rules
from tests.support.make import SAMPLES, changed, copy_samples, make, mtimes, needs_make

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
