"""Accessible Word output: language, title, real headings, tables with a marked header row."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import Run
from tests.support.documents import HEADINGS

# file -> (subject, title, section headings)
BUILT = {
    "7939-2025-mitteilung.docx": (
        "Mitteilung 7939/2025",
        'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"',
        ["Information:"],
    ),
    "8012-2025-beschlussvorlage.docx": (
        "Beschlussvorlage 8012/2025",
        'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"',
        HEADINGS,
    ),
}


@pytest.fixture
def built(project: Path, cli: Run) -> Path:
    result = cli("build", "-f", "docx")
    assert result.exit_code == 0, result.output
    return project / "build"


@pytest.mark.parametrize("name", sorted(BUILT))
def test_language_is_german_in_the_style_defaults(built: Path, name: str) -> None:
    styles = docx.Document(str(built / name)).styles.element
    lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    element = lang.find(qn("w:lang"))
    assert element is not None
    assert element.get(qn("w:val")) == "de-DE"


@pytest.mark.parametrize("name", sorted(BUILT))
def test_title_and_subject_in_the_properties(built: Path, name: str) -> None:
    props = docx.Document(str(built / name)).core_properties
    assert props.subject == BUILT[name][0]
    assert props.title == BUILT[name][1]  # the Betreff: what a screen reader announces


@pytest.mark.parametrize("name", sorted(BUILT))
def test_section_headings_use_heading_styles(built: Path, name: str) -> None:
    document = docx.Document(str(built / name))
    headings = {p.text: p for p in document.paragraphs if p.text in BUILT[name][2]}
    assert sorted(headings) == sorted(BUILT[name][2])
    for text, paragraph in headings.items():
        style = paragraph.style
        assert style is not None and style.name.startswith("Heading"), text
        # the outline level is what makes it a heading for navigation and PDF tags
        level = style.element.find(qn("w:pPr")).find(qn("w:outlineLvl"))
        assert level is not None, text


@pytest.mark.parametrize("name", sorted(BUILT))
def test_every_table_has_a_marked_header_row(built: Path, name: str) -> None:
    tables = docx.Document(str(built / name)).tables
    assert tables
    for table in tables:
        first = table.rows[0]._tr
        tr_pr = first.trPr
        assert tr_pr is not None
        marker = tr_pr.find(qn("w:tblHeader"))
        assert marker is not None
        assert marker.get(qn("w:val"), "true") in ("true", "1", "on")
        for row in table.rows[1:]:  # only the header row is marked
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
