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
        "{{ beratung.sitzung|datum if beratung.sitzung else b.sitzung_offen }}"
        "{{ ', ' ~ b.top ~ ' ' ~ beratung.top if beratung.top else '' }}",
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


# --- Sitzungen (issue 11): Einladung, Bekanntmachung, Niederschrift, Beschlussauszug -------

_ABSTIMMUNG = (
    "{{ top.ergebnis }}{% if top.einstimmig %} (einstimmig){% elif top.abstimmung %} "
    "(ja {{ top.abstimmung.ja }}, nein {{ top.abstimmung.nein }}, "
    "Enthaltungen {{ top.abstimmung.enthaltungen }}){% endif %}"
)


def sitzung_kopf(doc: Document, *rows: tuple[str, str]) -> None:
    """Title (a heading) and a two-column table: Gremium, date, time, place, …"""
    doc.add_heading("{{ dokument.bezeichnung }}", level=1)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cell_text(row.cells[0], label, bold=True)
        cell_text(row.cells[1], value)
        row.cells[0].width, row.cells[1].width = Cm(4.0), Cm(12.0)
    table.columns[0].width, table.columns[1].width = Cm(4.0), Cm(12.0)
    doc.add_paragraph("{%p if sitzung.beispiel %}")
    doc.add_paragraph().add_run("{{ sitzung.beispiel }}").italic = True
    doc.add_paragraph("{%p endif %}")


_SITZUNG_ROWS = (
    ("Gremium", "{{ sitzung.gremium.name }}"),
    ("Datum", "{{ sitzung.datum|datum_lang }}"),
    ("Beginn", "{{ sitzung.beginn }} Uhr"),
    ("Ort", "{{ sitzung.ort }}"),
)


def tagesordnung(doc: Document, teil: str, label: str, extra: bool = False) -> None:
    """One part of the Tagesordnung as a table (TOP | Gegenstand | Vorlage), a row per TOP."""
    doc.add_paragraph("{%p if sitzung." + teil + " %}")
    doc.add_heading(label, level=2)
    cols = 4 if extra else 3
    table = doc.add_table(rows=4, cols=cols)
    table.style = doc.styles["Table Grid"]
    labels = ("TOP", "Gegenstand", "Vorlage", "Ergebnis")[:cols]
    for cell, text in zip(table.rows[0].cells, labels, strict=True):
        cell_text(cell, text, bold=True)
    table.rows[1].cells[0].text = "{%tr for top in sitzung." + teil + " %}"
    values = [
        "{{ top.nummer }}",
        "{{ top.titel }}",
        "{% if top.vorlage %}{{ top.vorlage.art }} {{ top.vorlage.nummer }}{% endif %}",
        _ABSTIMMUNG,
    ][:cols]
    for cell, value in zip(table.rows[2].cells, values, strict=True):
        cell.text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"
    # a narrow number column, the widest for the subject (Word and LibreOffice follow these)
    widths = (Cm(1.3), Cm(8.2), Cm(3.5), Cm(3.0)) if extra else (Cm(1.3), Cm(10.7), Cm(4.0))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    doc.add_paragraph("{%p endif %}")


def einladung() -> Document:
    """templates/sitzung/einladung.docx"""
    doc = base_document()
    rows = (*_SITZUNG_ROWS, ("Datum der Einladung", "{{ sitzung.einladung|datum }}"))
    sitzung_kopf(doc, *rows)
    doc.add_paragraph("{%p if sitzung.dringlich %}")
    doc.add_paragraph("Dringlichkeit: {{ sitzung.dringlich }}")
    doc.add_paragraph("{%p endif %}")
    tagesordnung(doc, "oeffentlich", "Tagesordnung, öffentlicher Teil")
    tagesordnung(doc, "nichtoeffentlich", "Tagesordnung, nichtöffentlicher Teil")
    return doc


def bekanntmachung() -> Document:
    """templates/sitzung/bekanntmachung.docx: nichtöffentliche TOP only with their label."""
    doc = base_document()
    sitzung_kopf(doc, *_SITZUNG_ROWS)
    tagesordnung(doc, "oeffentlich", "Tagesordnung, öffentlicher Teil")
    tagesordnung(doc, "nichtoeffentlich", "Tagesordnung, nichtöffentlicher Teil")
    return doc


def niederschrift() -> Document:
    """templates/sitzung/niederschrift.docx: the minimum content of § 41 GemO."""
    doc = base_document()
    rows = (
        *_SITZUNG_ROWS,
        ("Ende", "{{ sitzung.ende }} Uhr"),
        ("Vorsitz", "{{ sitzung.anwesenheit.vorsitz }}"),
        ("Schriftführung", "{{ sitzung.anwesenheit.schriftfuehrung }}"),
        ("Anwesend", "{{ sitzung.anwesenheit.anwesend|liste }}"),
        (
            "Abwesend",
            "{{ sitzung.anwesenheit.abwesend|liste if sitzung.anwesenheit.abwesend "
            "else 'niemand' }}",
        ),
    )
    sitzung_kopf(doc, *rows)
    tagesordnung(doc, "oeffentlich", "Öffentlicher Teil", extra=True)
    tagesordnung(doc, "nichtoeffentlich", "Nichtöffentlicher Teil", extra=True)
    doc.add_heading("Wortlaut der Beschlüsse", level=2)
    doc.add_paragraph("{%p for top in sitzung.oeffentlich + sitzung.nichtoeffentlich %}")
    doc.add_paragraph(
        "{%p if top.wortlaut and top.ergebnis in ('beschlossen', "
        "'ungeändert beschlossen', 'geändert beschlossen', 'abgelehnt') %}"
    )
    doc.add_paragraph().add_run("TOP {{ top.nummer }}: {{ top.titel }}").bold = True
    doc.add_paragraph("{%p for absatz in top.wortlaut %}")
    doc.add_paragraph("{{ absatz }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("Ergebnis: " + _ABSTIMMUNG)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    signatures = doc.add_table(rows=2, cols=2)
    cell_text(signatures.rows[0].cells[0], "{{ sitzung.anwesenheit.vorsitz }}")
    cell_text(signatures.rows[0].cells[1], "{{ sitzung.anwesenheit.schriftfuehrung }}")
    cell_text(signatures.rows[1].cells[0], "Vorsitz")
    cell_text(signatures.rows[1].cells[1], "Schriftführung")
    return doc


def beschlussauszug() -> Document:
    """templates/sitzung/beschlussauszug.docx: one TOP, its resolution as decided, the vote."""
    doc = base_document()
    rows = (
        ("Gremium", "{{ sitzung.gremium.name }}"),
        (
            "Sitzung",
            "{{ sitzung.datum|datum }} ({{ 'öffentlich' if top.oeffentlich "
            "else 'nichtöffentlich' }})",
        ),
        ("TOP", "{{ top.nummer }}: {{ top.titel }}"),
        (
            "Vorlage",
            "{% if top.vorlage %}{{ top.vorlage.art }} {{ top.vorlage.nummer }} vom "
            "{{ top.vorlage.datum|datum }}{% else %}keine{% endif %}",
        ),
        ("Ergebnis", _ABSTIMMUNG),
    )
    sitzung_kopf(doc, *rows)
    doc.add_heading("Beschluss", level=2)
    doc.add_paragraph("{%p for absatz in top.wortlaut %}")
    doc.add_paragraph("{{ absatz }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if top.umsetzung %}")
    doc.add_paragraph(
        "Zur Ausführung an: {{ top.umsetzung.bereich }}{% if top.umsetzung.frist %}, "
        "bis {{ top.umsetzung.frist|datum }}{% endif %}"
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Für die Richtigkeit des Auszugs: {{ sitzung.anwesenheit.schriftfuehrung }}")
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {
    "mitteilung.docx": mitteilung,
    "beschlussvorlage.docx": beschlussvorlage,
}
BUILDERS.update(
    {
        "sitzung/einladung.docx": einladung,
        "sitzung/bekanntmachung.docx": bekanntmachung,
        "sitzung/niederschrift.docx": niederschrift,
        "sitzung/beschlussauszug.docx": beschlussauszug,
    }
)


def main(names: list[str]) -> None:
    """Write the named templates (default: all)."""
    for name in names or list(BUILDERS):
        doc = BUILDERS[name]()
        mark_header_rows(doc)
        save(doc, TEMPLATES / name)
        print(f"geschrieben: templates/{name}")


if __name__ == "__main__":
    main(sys.argv[1:])
