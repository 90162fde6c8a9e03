"""The resolution's wording per Gremium: the deciding Gremium resolves only what it decides, not
the recommendation of the Vorberatung (``sitzungen.nur_vorberatung`` in data/stadt.yaml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import Run, edit

HFA = "data/sitzungen/2025-11-20-hfa.yaml"
EMPFEHLUNG = "Der Haupt- und Finanzausschuss empfiehlt dem Stadtrat, folgenden Beschluss zu fassen:"
BESCHLUSS = "Der Stadtrat beschließt die Teilnahme der Stadt Mayen an der interkommunalen"
AUSZUG = "2025-12-10-stadtrat-beschlussauszug-top-2"


def _document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_the_stadtrat_resolves_without_the_recommendation_of_the_hfa(
    project: Path, cli: Run
) -> None:
    assert cli("build", "-f", "txt", "-f", "docx").exit_code == 0
    build = project / "build"
    auszug = (build / f"{AUSZUG}.txt").read_text(encoding="utf-8")
    assert "Beschluss:\n\nDer Stadtrat beschließt die Teilnahme" in auszug
    assert "empfiehlt" not in auszug
    xml = _document_xml(build / f"{AUSZUG}.docx")
    assert BESCHLUSS in xml
    assert "empfiehlt" not in xml
    niederschrift = (build / "2025-12-10-stadtrat-niederschrift.txt").read_text("utf-8")
    assert BESCHLUSS in niederschrift
    assert "empfiehlt" not in niederschrift
    assert "empfiehlt" not in _document_xml(build / "2025-12-10-stadtrat-niederschrift.docx")
    # the Vorlage itself still carries the recommendation before the proposal
    vorlage = (build / "8012-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    assert f"{EMPFEHLUNG}\n\n{BESCHLUSS}" in vorlage


def test_the_hfa_as_vorberatung_resolves_the_recommendation(project: Path, cli: Run) -> None:
    path = project / HFA
    text = path.read_text(encoding="utf-8")
    start = text.index("  tagesordnung:")
    path.write_text(  # the HFA held (no 'ende:' noted), with a result on 8012/2025 only
        text[:start]
        + """  tagesordnung:
    oeffentlich:
      - vorlage: 8012/2025
        ergebnis: beschlossen
        einstimmig: true
  anwesenheit:
    vorsitz: Herr Otto Beispiel
    schriftfuehrung: Frau Alter
    anwesend: [Herr Otto Beispiel, Frau Anna Beispiel]
""",
        encoding="utf-8",
    )
    result = cli("build", "-f", "txt", "-f", "docx")
    assert result.exit_code == 0, result.output
    build = project / "build"
    auszug = (build / "2025-11-20-hfa-beschlussauszug-top-1.txt").read_text(encoding="utf-8")
    assert f"{EMPFEHLUNG}\n\n{BESCHLUSS}" in auszug
    assert EMPFEHLUNG in _document_xml(build / "2025-11-20-hfa-beschlussauszug-top-1.docx")
    niederschrift = _document_xml(build / "2025-11-20-hfa-niederschrift.docx")
    assert EMPFEHLUNG in niederschrift
    assert ">Ende<" in niederschrift and ">…<" in niederschrift  # an end not noted is '…'


def test_without_the_setting_the_stadtrat_resolves_the_whole_proposal(
    project: Path, cli: Run
) -> None:
    edit(project / "data/stadt.yaml", "  nur_vorberatung:\n    - vorlage/empfehlung\n", "")
    assert cli("build", "-f", "txt").exit_code == 0
    auszug = (project / "build" / f"{AUSZUG}.txt").read_text(encoding="utf-8")
    assert f"{EMPFEHLUNG}\n\n{BESCHLUSS}" in auszug
