"""Mitteilung 7939/2025 from data/: text byte for byte, Word structure, PDF text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.conftest import Run, docx_to_pdf, pdf_text
from tests.support.documents import reference_paragraphs, reference_text

OUT = Path("build")


def test_text_output_equals_reference_byte_for_byte(project: Path, cli: Run) -> None:
    result = cli("build", "data/", "-f", "txt")
    assert result.exit_code == 0, result.output
    written = (OUT / "7939-2025-mitteilung.txt").read_bytes()
    assert written == reference_text().encode("utf-8")
    assert not (OUT / "7939-2025-mitteilung.docx").exists()


@pytest.fixture
def built_docx(project: Path, cli: Run) -> Path:
    result = cli("build", "data/", "-f", "docx")
    assert result.exit_code == 0, result.output
    return project / OUT / "7939-2025-mitteilung.docx"


def test_docx_header_is_a_three_column_table(built_docx: Path) -> None:
    document = docx.Document(str(built_docx))
    table = document.tables[0]
    assert len(table.columns) == 3
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    betreff = 'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"'
    gremien = "Folgenden Gremien zur Kenntnis:\nHaupt- und Finanzausschuss\nStadtrat"
    assert cells == [
        ["Mitteilung", "7939/2025", "Zentralbereiche\nFrau Alter"],
        [betreff] * 3,  # one cell spanning all three columns
        [gremien] * 3,
    ]
    assert table.rows[1].cells[0]._tc.grid_span == 3
    assert table.rows[2].cells[0]._tc.grid_span == 3


def test_docx_heading_and_paragraphs_in_order(built_docx: Path) -> None:
    document = docx.Document(str(built_docx))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].text == "Information:"
    assert paragraphs[0].style.name == "Heading 1"
    assert [p.text for p in paragraphs[1:]] == reference_paragraphs()
    assert document.sections[0].header.paragraphs[0].text == "Stadt Mayen"


def test_docx_properties_come_from_the_data(built_docx: Path) -> None:
    props = docx.Document(str(built_docx)).core_properties
    assert props.title == 'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"'
    assert props.author == "Zentralbereiche"
    assert props.subject == "Mitteilung 7939/2025"
    assert props.language == "de-DE"
    assert props.created is not None and props.created.date().isoformat() == "2025-09-22"


def test_building_twice_gives_identical_bytes(project: Path, cli: Run) -> None:
    assert cli("build", "-o", "a").exit_code == 0
    assert cli("build", "-o", "b").exit_code == 0
    for name in ("7939-2025-mitteilung.docx", "7939-2025-mitteilung.txt"):
        assert (project / "a" / name).read_bytes() == (project / "b" / name).read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_converts_docx_and_pdf_has_every_paragraph(
    built_docx: Path, tmp_path: Path
) -> None:
    text = pdf_text(docx_to_pdf(built_docx, tmp_path))
    for paragraph in ["Mitteilung", "7939/2025", "Information:", *reference_paragraphs()]:
        assert " ".join(paragraph.split()) in text
