"""Create the Word templates in templates/ once (they are then edited in Word or LibreOffice).

Run: python scripts/make_templates.py [NAME ...]  (overwrites the named templates)
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Parts of python-docx's default template that Word does not need and that only cost time.
_DROP = re.compile(r"word/stylesWithEffects\.xml|docProps/thumbnail\.jpeg|customXml/.*")


def base_document() -> Document:
    """A4, Arial, German as document language, sober heading styles, the city on top."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    for level, size in ((1, 12), (2, 11)):
        heading = styles[f"Heading {level}"]
        heading.font.name = "Arial"
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
        _drop_theme_fonts(heading)
    _set_language(doc, "de-DE")
    header = section.header.paragraphs[0]
    header.text = "{{ stadt.name }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].bold = True
    return doc


def _drop_theme_fonts(style: object) -> None:
    """Theme font attributes win over w:ascii; drop them so the style's own font applies."""
    rfonts = style.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _set_language(doc: Document, lang: str) -> None:
    """w:lang in the style defaults: Word's spelling and LibreOffice's PDF /Lang follow it."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    element = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attr), lang)
    rpr.append(element)


def cell_text(cell: object, *lines: str, bold: bool = False) -> None:
    """Fill a table cell with one paragraph per line."""
    first, *rest = lines
    cell.paragraphs[0].text = first  # type: ignore[attr-defined]
    for line in rest:
        cell.add_paragraph(line)  # type: ignore[attr-defined]
    if bold:
        for paragraph in cell.paragraphs:  # type: ignore[attr-defined]
            for run in paragraph.runs:
                run.bold = True


def mark_header_rows(doc: Document) -> None:
    """w:tblHeader on each table's first row: screen readers read it as header, Word repeats it."""
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        element = OxmlElement("w:tblHeader")
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def header_table(doc: Document) -> Table:
    """The 3-column header table of 7939/2025: kind, number, Bereich; Betreff; a third row."""
    table = doc.add_table(rows=3, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(5.0), Cm(4.0), Cm(7.0)), strict=True):
            cell.width = width
    row1 = table.rows[0].cells
    cell_text(row1[0], "{{ vorlage.art.bezeichnung }}", bold=True)
    cell_text(row1[1], "{{ vorlage.nummer }}", bold=True)
    cell_text(row1[2], "{{ vorlage.bereich }}", "{{ vorlage.sachbearbeitung }}")
    betreff = table.rows[1].cells[0].merge(table.rows[1].cells[2])
    cell_text(betreff, "{{ vorlage.betreff }}", bold=True)
    return table


def body(doc: Document, section: str) -> None:
    """The paragraphs of one section: docxtpl repeats the middle paragraph per item."""
    doc.add_paragraph("{%p for absatz in abschnitte." + section + " %}")
    doc.add_paragraph("{{ absatz }}")
    doc.add_paragraph("{%p endfor %}")


def mitteilung() -> Document:
    """templates/mitteilung.docx"""
    doc = base_document()
    table = header_table(doc)
    gremien = table.rows[2].cells[0].merge(table.rows[2].cells[2])
    cell_text(
        gremien,
        "{{ vorlage.art.beschriftungen.gremien }}",
        "{%p for beratung in vorlage.beratungsfolge %}",
        "{{ beratung.gremium.name }}",
        "{%p endfor %}",
    )
    doc.add_heading("{{ vorlage.art.beschriftungen.information }}", level=1)
    body(doc, "information")
    return doc


def save(doc: Document, path: Path) -> None:
    """Save without the parts Word does not need."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if _DROP.fullmatch(info.filename):
                continue
            data = src.read(info)
            if info.filename in (
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
            ):
                data = _drop_references(data)
            dst.writestr(info.filename, data)


def _drop_references(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(
        r"<(Override|Relationship)[^>]*(stylesWithEffects|thumbnail|customXml)[^>]*/>", "", text
    )
    return text.encode("utf-8")


def heading(doc: Document, label: str) -> None:
    """A section heading whose text is a label of the Vorlagenart."""
    doc.add_heading("{{ b." + label + " }}", level=1)


def beschlussvorlage() -> Document:
    """templates/beschlussvorlage.docx"""
    doc = base_document()
    doc.add_paragraph("{%p set b = vorlage.art.beschriftungen %}")
    table = header_table(doc)
    row3 = table.rows[2].cells
    cell_text(row3[0], "{{ b.datum }} {{ vorlage.datum|datum }}")
    cell_text(row3[1], "{{ b.oeffentlich if vorlage.oeffentlich else b.nichtoeffentlich }}")
    doc.add_paragraph("{%p if vorlage.entwurf %}")
    doc.add_paragraph().add_run("{{ vorlage.entwurf }}").italic = True
    doc.add_paragraph("{%p endif %}")
    heading(doc, "beratungsfolge")
    beratung = doc.add_table(rows=4, cols=4)
    beratung.style = doc.styles["Table Grid"]
    labels = ("gremium", "sitzung", "zustaendigkeit", "oeffentlichkeit")
    for cell, label in zip(beratung.rows[0].cells, labels, strict=True):
        cell_text(cell, "{{ b." + label + " }}", bold=True)
    beratung.rows[1].cells[0].text = "{%tr for beratung in vorlage.beratungsfolge %}"
    values = (
        "{{ beratung.gremium.name }}",
        "{{ beratung.sitzung|datum if beratung.sitzung else b.sitzung_offen }}",
        "{{ beratung.zustaendigkeit }}",
        "{{ 'ö' if beratung.oeffentlich else 'nö' }}",
    )
    for cell, value in zip(beratung.rows[2].cells, values, strict=True):
        cell.text = value
    beratung.rows[3].cells[0].text = "{%tr endfor %}"
    for section in ("beschlussvorschlag", "sachverhalt", "finanzen"):
        heading(doc, section)
        body(doc, section)
    heading(doc, "klimaschutz")
    doc.add_paragraph(
        "{{ vorlage.klimaschutz.auswirkung }}, {{ vorlage.klimaschutz.erlaeuterung }}"
    )
    heading(doc, "anlagen")
    doc.add_paragraph("{%p for anlage in vorlage.anlagen %}")
    doc.add_paragraph(
        "{% if anlage.vorlage %}{{ anlage.art }} {{ anlage.vorlage }} "
        "„{{ anlage.betreff }}“{% else %}{{ anlage.titel }}{% endif %}"
        "{{ '' if anlage.oeffentlich else ' (nichtöffentlich)' }}"
    )
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ b.keine_anlagen }}")
    doc.add_paragraph("{%p endfor %}")
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {
    "mitteilung.docx": mitteilung,
    "beschlussvorlage.docx": beschlussvorlage,
}


def main(names: list[str]) -> None:
    """Write the named templates (default: all)."""
    for name in names or list(BUILDERS):
        doc = BUILDERS[name]()
        mark_header_rows(doc)
        save(doc, TEMPLATES / name)
        print(f"geschrieben: templates/{name}")


if __name__ == "__main__":
    main(sys.argv[1:])
