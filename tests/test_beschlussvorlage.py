"""The Beschlussvorlage: built from the same facts as Mitteilung 7939/2025."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tests.conftest import Run, docx_to_pdf, edit, pdf_text
from tests.support.documents import HEADINGS

BV = Path("build/8012-2025-beschlussvorlage")
MI = Path("build/7939-2025-mitteilung")


def build(cli: Run, *args: str) -> None:
    result = cli("build", *args)
    assert result.exit_code == 0, result.output


def text(stem: Path) -> str:
    return stem.with_suffix(".txt").read_text(encoding="utf-8")


def test_build_writes_both_documents(project: Path, cli: Run) -> None:
    build(cli, "data/")
    for stem in (BV, MI):
        assert stem.with_suffix(".docx").is_file() and stem.with_suffix(".txt").is_file()


def test_beschlussvorlage_docx_has_beratungsfolge_and_sections(project: Path, cli: Run) -> None:
    build(cli)
    document = docx.Document(str(BV.with_suffix(".docx")))
    header, beratung, _mitzeichnung = document.tables
    # "öffentlich" spans the last two columns: no empty cell in the header
    assert [c.text for c in header.rows[2].cells] == [
        "Datum: 03.11.2025",
        "öffentlich",
        "öffentlich",
    ]
    rows = [[c.text for c in row.cells] for row in beratung.rows]
    assert rows == [
        ["Gremium", "Sitzungstermin", "Zuständigkeit", "ö/nö"],
        ["Haupt- und Finanzausschuss", "20.11.2025, TOP 3", "Vorberatung", "ö"],
        ["Stadtrat", "10.12.2025, TOP 2", "Entscheidung", "ö"],
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == HEADINGS
    paragraphs = [p.text for p in document.paragraphs]
    assert (
        "Der Haupt- und Finanzausschuss empfiehlt dem Stadtrat, folgenden Beschluss zu fassen:"
    ) in paragraphs
    assert any(
        p.startswith("Der Stadtrat beschließt die Teilnahme der Stadt Mayen") for p in paragraphs
    )
    assert paragraphs[-1] == (
        "Mitteilung 7939/2025 „interkommunale Zusammenarbeit zum Thema ‚künstliche Intelligenz‘“"
    )
    assert "nein, die Beteiligung" in "\n".join(paragraphs)


def test_funding_figures_are_spelled_the_same_in_both(project: Path, cli: Run) -> None:
    build(cli)
    mitteilung, vorlage = text(MI), text(BV)
    for figure in (
        "ca. 45t € pro Behörde",
        "8 verbandsangehörige Kommunen",
        "mindestens 5 Jahren",
        "Effizienzgewinn von 15 %",
    ):
        assert figure in mitteilung and figure in vorlage
    assert "insgesamt bis zu ca. 405t €" in vorlage  # 9 authorities x 45t €
    assert "bis zu 320.000 €" in vorlage


@pytest.mark.parametrize(
    ("file", "old", "new", "in_both"),
    [
        ("data/fakten/ikz-ki.yaml", "anzahl: 8", "anzahl: 6", "6 verbandsangehörige"),
        (
            "data/fakten/ikz-ki.yaml",
            "foerderung_je_behoerde: 45000",
            "foerderung_je_behoerde: 50000",
            "ca. 50t € pro Behörde",
        ),
        (
            "data/fakten/foerderprogramm-ikz.yaml",
            "effizienzgewinn_prozent: 15",
            "effizienzgewinn_prozent: 20",
            "Effizienzgewinn von 20 %",
        ),
        (
            "data/fakten/foerderprogramm-ikz.yaml",
            "datum: 15.03.2026",
            "datum: 31.03.2026",
            "31.03.2026",
        ),
    ],
)
def test_one_fact_changes_both_documents(
    project: Path, cli: Run, file: str, old: str, new: str, in_both: str
) -> None:
    build(cli)
    assert in_both not in text(MI) and in_both not in text(BV)
    edit(project / file, old, new)
    build(cli)
    assert in_both in text(MI) and in_both in text(BV)


def test_minimum_duration_changes_both_documents(project: Path, cli: Run) -> None:
    edit(
        project / "data/fakten/foerderprogramm-ikz.yaml",
        "mindestlaufzeit_jahre: 5",
        "mindestlaufzeit_jahre: 7",
    )
    edit(project / "data/fakten/ikz-ki.yaml", "laufzeit_jahre: 5", "laufzeit_jahre: 7")
    build(cli)
    assert "mindestens 7 Jahren begründet" in text(MI)
    assert "mindestens 7 Jahren begründet" in text(BV)
    assert "für eine Dauer von mindestens 7 Jahren" in text(BV)


def test_total_follows_the_number_of_authorities(project: Path, cli: Run) -> None:
    # two Kommunen, the Kreisverwaltung and Mayen: three Kommunen in the programme's table
    edit(project / "data/fakten/ikz-ki.yaml", "anzahl: 8", "anzahl: 2")
    build(cli)
    vorlage = text(BV)
    assert "alle 3 interessierten Behörden" in vorlage
    assert "insgesamt bis zu ca. 135t €" in vorlage
    assert "ab 3 Kommunen bis zu 210.000 €" in vorlage


@pytest.mark.libreoffice
def test_beschlussvorlage_converts_to_pdf(project: Path, cli: Run, tmp_path: Path) -> None:
    build(cli, "-f", "docx")
    pdf = pdf_text(docx_to_pdf(project / BV.with_suffix(".docx"), tmp_path))
    for heading in HEADINGS:
        assert heading in pdf
    assert re.search(r"Stadtrat 10\.12\.2025, TOP 2 Entscheidung", pdf)
