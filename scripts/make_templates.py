"""Create the Word templates in templates/ once (they are then edited in Word or LibreOffice).

Run: python scripts/make_templates.py [NAME ...]  (overwrites the named templates)
"""

from __future__ import annotations

import io
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

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
    _word_2013_layout(doc)
    city_name(section.header.paragraphs[0])
    return doc


def city_name(paragraph: Paragraph) -> None:
    """The city's name, bold and right-aligned, as in the header of 7939/2025."""
    paragraph.text = "{{ stadt.name }}"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.runs[0].bold = True


def _word_2013_layout(doc: Document) -> None:
    """compatibilityMode 15: a table's border (not its text) sits on the margin.

    In the older mode Word and LibreOffice move each left-aligned table left by its cell
    margin (about 2 mm), so the Beratungsfolge stood out of the text column.
    """
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


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


# --- Page layout shared by every template (Vorlagen and Sitzung documents) ---------------

#: The footer's name of a Vorlage: "Beschlussvorlage 8012/2025".
VORLAGE_TITLE = "{{ vorlage.art.bezeichnung }} {{ vorlage.nummer }}"
#: The footer's name of a Sitzung document: "Einladung Stadtrat 10.12.2025".
SITZUNG_TITLE = "{{ dokument.bezeichnung }} {{ sitzung.gremium.name }} {{ sitzung.datum|datum }}"
#: The box the logo may fill (the renderer shrinks it to the logo's proportions).
LOGO_BOX = (Cm(4.0), Cm(2.2))
_TEXT_WIDTH = Cm(16.0)  # A4 less the margins of base_document


def page_footer(doc: Document, title: str) -> None:
    """'<title> – Seite X von Y' on every page, X and Y as Word fields (PAGE, NUMPAGES).

    Word and LibreOffice compute the fields when they lay out the pages, so the numbers are
    right in Word, after edits, and in the PDF. ``title`` names the document, e.g.
    VORLAGE_TITLE or "Einladung {{ sitzung.gremium.name }}"; the words come from stadt.yaml.
    """
    section = doc.sections[0]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        footers.append(section.first_page_footer)
    for footer in footers:
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _small(paragraph.add_run(title + " – {{ stadt.fusszeile.seite }} "))
        _field(paragraph, "PAGE")
        _small(paragraph.add_run(" {{ stadt.fusszeile.von }} "))
        _field(paragraph, "NUMPAGES")


def _small(run: Run) -> Run:
    run.font.size = Pt(9)
    return run


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (begin, instruction, separate, shown value, end), as Word writes it."""
    _small(paragraph.add_run())._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _small(paragraph.add_run())._r.append(instr)
    _small(paragraph.add_run())._r.append(_fld_char("separate"))
    _small(paragraph.add_run("1"))  # shown until Word or LibreOffice computes the field
    _small(paragraph.add_run())._r.append(_fld_char("end"))


def _fld_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def letterhead(doc: Document, first_page_only: bool) -> None:
    """The city's logo (file and alternative text from stadt.yaml) above the city's name.

    The picture is a placeholder named "Logo"; the renderer puts the city's PNG in its place.
    With ``first_page_only`` later pages show the name only (Word: "Erste Seite anders").
    """
    section = doc.sections[0]
    header = section.header
    if first_page_only:
        section.different_first_page_header_footer = True
        header = section.first_page_header
    first = header.paragraphs[0]
    first.insert_paragraph_before("{%p if stadt.briefkopf.logo %}")
    logo = first.insert_paragraph_before("")
    logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    width, height = LOGO_BOX
    logo.add_run().add_picture(io.BytesIO(_placeholder_png()), width=width, height=height)
    doc_pr = logo._p.find(".//" + qn("wp:docPr"))
    doc_pr.set("name", "Logo")
    doc_pr.set("descr", "{{ stadt.briefkopf.alternativtext }}")
    _svg_version(header.part, logo._p.find(".//" + qn("a:blip")))
    first.insert_paragraph_before("{%p endif %}")
    city_name(first)


_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Word 2016: picture as SVG
_SVG_MAIN = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_PLACEHOLDER_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="22" viewBox="0 0 40 22">'
    b'<rect width="40" height="22" fill="#ddd"/></svg>'
)


def _svg_version(part: Part, blip: OxmlElement) -> None:
    """An SVG version of the logo beside the PNG (a:extLst, as Word 2016 writes it).

    Word 365 shows the SVG, older programs the PNG. The renderer puts the city's SVG in place
    of this placeholder, or drops the extension where the city has only a PNG.
    """
    svg = Part(PackURI("/word/media/logo.svg"), "image/svg+xml", _PLACEHOLDER_SVG, part.package)
    rid = part.relate_to(svg, RT.IMAGE)
    ext_lst = OxmlElement("a:extLst")
    ext = OxmlElement("a:ext")
    ext.set("uri", _SVG_EXTENSION)
    svg_blip = etree.SubElement(ext, f"{{{_SVG_MAIN}}}svgBlip", nsmap={"asvg": _SVG_MAIN})
    svg_blip.set(qn("r:embed"), rid)
    ext_lst.append(ext)
    blip.append(ext_lst)


def _placeholder_png() -> bytes:
    """A light grey box of the logo's frame: what the template shows where the logo goes."""
    width, height = 40, 22
    row = b"\0" + b"\xdd\xdd\xdd" * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def fit_table(table: Table, widths_cm: tuple[float, ...]) -> None:
    """Border on the text margin, fixed column widths filling the text column.

    The widths are set on the grid and on every cell, with a fixed layout, so that neither
    Word nor LibreOffice re-fits the columns to their content; the renderer copies them.
    """
    assert abs(sum(widths_cm) - 16.0) < 0.01, "the columns must fill the 16 cm text column"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for name, value in (("w:tblW", _TEXT_WIDTH), ("w:tblInd", Emu(0))):
        for old in tbl_pr.findall(qn(name)):
            tbl_pr.remove(old)
        element = OxmlElement(name)
        element.set(qn("w:w"), str(Emu(value).twips))
        element.set(qn("w:type"), "dxa")
        tbl_pr.append(element)
    _sort_tbl_pr(tbl_pr)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


_TBL_PR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def _sort_tbl_pr(tbl_pr: object) -> None:
    """Children of w:tblPr in the schema's order: Word refuses a file with them out of order."""
    children = list(tbl_pr)  # type: ignore[call-overload]
    children.sort(key=lambda e: _TBL_PR_ORDER.index(e.tag.split("}")[1]))
    for child in children:
        tbl_pr.append(child)  # type: ignore[attr-defined]


def sign_off(doc: Document) -> None:
    """Place and date, function and name, where the Vorlagenart says so; then the Mitzeichnung.

    Uses ``b``, the labels of the Vorlagenart (set at the top of the Vorlage templates).
    """
    doc.add_paragraph("{%p if vorlage.art.unterzeichnung %}")
    place = doc.add_paragraph("{{ stadt.unterzeichnung.ort }}, {{ vorlage.datum|datum }}")
    place.paragraph_format.space_before = Pt(18)
    function = doc.add_paragraph("{{ stadt.unterzeichnung.funktion }}")
    function.paragraph_format.space_before = Pt(30)  # room for the signature
    function.paragraph_format.space_after = Pt(0)
    doc.add_paragraph("{{ stadt.unterzeichnung.name }}")
    for paragraph in (place, function):
        paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph("{%p if vorlage.mitzeichnung %}")
    label = doc.add_paragraph()
    label.add_run("{{ b.mitzeichnung }}").bold = True
    label.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=4, cols=2)
    table.style = doc.styles["Table Grid"]
    fit_table(table, (11.0, 5.0))
    cell_text(table.rows[0].cells[0], "{{ b.mitzeichnung_bereich }}", bold=True)
    cell_text(table.rows[0].cells[1], "{{ b.mitzeichnung_datum }}", bold=True)
    table.rows[1].cells[0].text = "{%tr for mitzeichnung in vorlage.mitzeichnung %}"
    table.rows[2].cells[0].text = "{{ mitzeichnung.bereich }}"
    table.rows[2].cells[1].text = "{{ mitzeichnung.datum|datum }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")


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
    fit_table(table, (5.0, 4.0, 7.0))
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
    letterhead(doc, first_page_only=True)
    page_footer(doc, VORLAGE_TITLE)
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
            if info.filename == "word/styles.xml":
                data = lean_styles(data, _style_references(src))
            # a fixed date: the same script writes the same bytes (templates are in git)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dst.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)


# --- Lean styles: only the styles a template uses ---------------------------------------
# python-docx's default styles.xml holds 164 styles (349 kB) of which a template uses about a
# dozen; every user's .docx carried them and docxtpl re-parses them per document.
_STYLE_USE = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
# What ties one style to another: Word and LibreOffice follow these, so they must resolve.
_STYLE_LINKS = ("w:basedOn", "w:link", "w:next")


def _style_references(package: zipfile.ZipFile) -> set[str]:
    """The style ids the parts other than styles.xml name (body, headers, numbering...)."""
    used: set[str] = set()
    for name in package.namelist():
        if name.endswith(".xml") and name != "word/styles.xml":
            used.update(m.decode() for m in _STYLE_USE.findall(package.read(name)))
    return used


def lean_styles(xml: bytes, used: set[str]) -> bytes:
    """styles.xml with the used styles, the default ones and every style they lead to.

    docDefaults and latentStyles stay: the first carries the language and font sizes, the
    second tells Word how to show its built-in styles (about 13 kB, compressed 1 kB).
    """
    root = etree.fromstring(xml)
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    keep = {i for i, s in styles.items() if s.get(qn("w:default")) == "1"} | used
    todo = list(keep)
    while todo:
        style = styles.get(todo.pop())
        for tag in () if style is None else _STYLE_LINKS:
            link = style.find(qn(tag))
            target = None if link is None else link.get(qn("w:val"))
            if target is not None and target not in keep:
                keep.add(target)
                todo.append(target)
    missing = sorted(keep - set(styles))
    if missing:
        raise SystemExit(f"Formatvorlage(n) benutzt, aber nicht definiert: {', '.join(missing)}")
    for style_id, style in styles.items():
        if style_id not in keep:
            root.remove(style)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    letterhead(doc, first_page_only=True)
    page_footer(doc, VORLAGE_TITLE)
    doc.add_paragraph("{%p set b = vorlage.art.beschriftungen %}")
    table = header_table(doc)
    row3 = table.rows[2].cells
    cell_text(row3[0], "{{ b.datum }} {{ vorlage.datum|datum }}")
    # the last two cells are one: an empty cell in the header looks like a missing value
    oeffentlich = row3[1].merge(row3[2])
    cell_text(oeffentlich, "{{ b.oeffentlich if vorlage.oeffentlich else b.nichtoeffentlich }}")
    doc.add_paragraph("{%p if vorlage.entwurf %}")
    doc.add_paragraph().add_run("{{ vorlage.entwurf }}").italic = True
    doc.add_paragraph("{%p endif %}")
    heading(doc, "beratungsfolge")
    beratung = doc.add_table(rows=4, cols=4)
    beratung.style = doc.styles["Table Grid"]
    # "Haupt- und Finanzausschuss" on one line; "ö/nö" needs little room
    fit_table(beratung, (6.5, 3.5, 4.0, 2.0))
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
    sign_off(doc)
    heading(doc, "anlagen")
    doc.add_paragraph("{%p for anlage in vorlage.anlagen %}")
    doc.add_paragraph(
        "{% if anlage.vorlage %}{{ anlage.art }} {{ anlage.vorlage }} "
        "{{ anlage.betreff|zitat }}{% else %}{{ anlage.titel }}{% endif %}"
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
    """Letterhead, footer, title (a heading) and a two-column table: Gremium, date, time, …"""
    letterhead(doc, first_page_only=True)
    page_footer(doc, SITZUNG_TITLE)
    doc.add_heading("{{ dokument.bezeichnung }}", level=1)
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cell_text(row.cells[0], label, bold=True)
        cell_text(row.cells[1], value)
    fit_table(table, (4.0, 12.0))
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
        ("Ende", "{{ sitzung.ende ~ ' Uhr' if sitzung.ende else '…' }}"),
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


def beschlusskontrolle() -> Document:
    """templates/sitzung/beschlusskontrolle.docx: a row per resolution, open ones first."""
    doc = base_document()
    letterhead(doc, first_page_only=True)
    page_footer(doc, "{{ dokument.bezeichnung }} {{ stichtag|datum if stichtag else '' }}")
    doc.add_heading("{{ dokument.bezeichnung }}", level=1)
    doc.add_paragraph(
        "Stand: {{ stichtag|datum if stichtag else 'keine Sitzung gehalten' }}; "
        "{{ beschluesse|length }} {{ 'Beschluss' if beschluesse|length == 1 else "
        "'Beschlüsse' }}, davon {{ ueberfaellig }} überfällig"
    )
    labels = ("Sitzung, TOP", "Gegenstand", "Ergebnis, Stand", "Zuständig, Frist", "Vermerk")
    table = doc.add_table(rows=4, cols=len(labels))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, labels, strict=True):
        cell_text(cell, text, bold=True)
    table.rows[1].cells[0].text = "{%tr for b in beschluesse %}"
    values = (
        "{{ b.gremium }}, {{ b.datum|datum }}, TOP {{ b.top }}",
        "{% if b.vorlage %}Vorlage {{ b.vorlage }}: {% endif %}{{ b.titel }}",
        "{{ b.ergebnis }}: {{ b.umsetzung.status if b.umsetzung else 'nicht erfasst' }}"
        "{% if b.ueberfaellig %} – ÜBERFÄLLIG{% endif %}",
        "{% if b.umsetzung %}{{ b.umsetzung.bereich }}{% if b.umsetzung.frist %}, bis "
        "{{ b.umsetzung.frist|datum }}{% endif %}{% endif %}",
        "{{ b.umsetzung.vermerk if b.umsetzung and b.umsetzung.vermerk else '' }}",
    )
    for cell, value in zip(table.rows[2].cells, values, strict=True):
        cell.text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"
    fit_table(table, (2.6, 4.0, 2.9, 3.4, 3.1))
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
        "sitzung/beschlusskontrolle.docx": beschlusskontrolle,
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
