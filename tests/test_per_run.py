"""Work shared by the documents of one run is done once, and only for that run (issue 14)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import Run, edit

pytestmark = pytest.mark.usefixtures("no_sitzungen")  # counts Vorlagen


def test_a_later_run_in_the_same_process_sees_a_removed_textbaustein(
    project: Path, cli: Run
) -> None:
    first = cli("build", "-f", "txt")
    assert first.exit_code == 0, first.output
    (project / "templates" / "bausteine" / "ikz" / "gespraeche.txt.j2").unlink()
    second = cli("build", "-f", "txt")
    assert second.exit_code == 1
    for name in ("7939-2025-mitteilung.yaml", "8012-2025-beschlussvorlage.yaml"):
        assert f"data/vorlagen/{name}" in second.output
    assert second.output.count("Textbaustein 'ikz/gespraeche' gibt es nicht") == 2


def test_a_later_run_in_the_same_process_sees_a_removed_word_template(
    project: Path, cli: Run
) -> None:
    assert cli("build", "-f", "docx").exit_code == 0
    (project / "templates" / "mitteilung.docx").unlink()
    result = cli("build", "-f", "docx")
    assert result.exit_code == 1
    assert (
        "Dokumentvorlage mitteilung.docx der Vorlagenart 'mitteilung' fehlt im Ordner templates/"
        in result.output
    )


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def test_parts_that_differ_between_documents_are_not_shared(project: Path, cli: Run) -> None:
    # the footer names each document; the header only the city: the same in both
    edit(project / "data" / "stadt.yaml", "name: Stadt Mayen", "name: Stadt Mayen & <Eifel>")
    result = cli("build", "-f", "docx")
    assert result.exit_code == 0, result.output
    out = project / "build"
    mitteilung, vorlage = out / "7939-2025-mitteilung.docx", out / "8012-2025-beschlussvorlage.docx"
    assert "Mitteilung 7939/2025" in _part(mitteilung, "word/footer1.xml")
    assert "Beschlussvorlage 8012/2025" in _part(vorlage, "word/footer1.xml")
    for doc in (mitteilung, vorlage):
        assert "Stadt Mayen &amp; &lt;Eifel&gt;" in _part(doc, "word/header1.xml")
