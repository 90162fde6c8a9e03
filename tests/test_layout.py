"""Word documents as the city sends them: footer, letterhead, sign-off, tables, quotes."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from mitteilung.formatting import zitat
from tests.conftest import Run, edit

BV = Path("build/8012-2025-beschlussvorlage")
MI = Path("build/7939-2025-mitteilung")
LOGO = Path("data/stadt-mayen-logo.png")
STADT = Path("data/stadt.yaml")
TEXT_WIDTH = Cm(21.0 - 2 * 2.5)


def build(cli: Run, *args: str) -> None:
    result = cli("build", *args)
    assert result.exit_code == 0, result.output


def parts(path: Path, pattern: str) -> dict[str, str]:
    """The XML of every part of a .docx whose name matches ``pattern``."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode() for n in zf.namelist() if re.fullmatch(pattern, n)}


def visible(xml: str) -> str:
    """The text of a part as Word shows it before computing fields (field codes left out)."""
    xml = re.sub(r"<w:instrText[^>]*>[^<]*</w:instrText>", "", xml)
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


# --- footer --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "title"), [(BV, "Beschlussvorlage 8012/2025"), (MI, "Mitteilung 7939/2025")]
)
def test_every_page_has_a_footer_with_page_fields_and_the_number(
    project: Path, cli: Run, stem: Path, title: str
) -> None:
    build(cli, "-f", "docx")
    path = stem.with_suffix(".docx")
    section = docx.Document(str(path)).sections[0]
    footers = [section.footer, section.first_page_footer]
    assert section.different_first_page_header_footer  # the letterhead: page 1 only
    for footer in footers:
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        fields = [t.strip() for t in re.findall(r"<w:instrText[^>]*>([^<]*)<", xml)]
        assert fields == ["PAGE", "NUMPAGES"]
        assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
        assert visible(xml) == f"{title} – Seite 1 von 1"


def test_footer_words_come_from_stadt_yaml(project: Path, cli: Run) -> None:
    edit(STADT, "    seite: Seite\n    von: von", "    seite: S.\n    von: /")
    build(cli, "-f", "docx")
    footer = docx.Document(str(BV.with_suffix(".docx"))).sections[0].footer
    assert visible(footer._element.xml) == "Beschlussvorlage 8012/2025 – S. 1 / 1"


# --- letterhead ----------------------------------------------------------------------------


def logo_drawings(path: Path) -> dict[str, list[str]]:
    found = {}
    for name, xml in parts(path, r"word/header\d*\.xml").items():
        found[name] = re.findall(r"<w:drawing>.*?</w:drawing>", xml, re.DOTALL)
    return found


def test_logo_is_in_the_first_page_header_with_alt_text_and_its_proportions(
    project: Path, cli: Run
) -> None:
    build(cli, "-f", "docx")
    path = BV.with_suffix(".docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    first = section.first_page_header._element.xml
    assert section.header.paragraphs[0].text == "Stadt Mayen"  # later pages: the name only
    assert "<w:drawing>" not in section.header._element.xml
    (drawing,) = re.findall(r"<w:drawing>.*?</w:drawing>", first, re.DOTALL)
    assert 'descr="Wappen der Stadt Mayen"' in drawing
    cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', drawing).groups())
    assert cy == Cm(2.2) and cx <= Cm(4.0)
    assert abs(cx / cy - 240 / 280) < 0.01  # the sample logo is 240 × 280 pixels
    assert f'<a:ext cx="{cx}" cy="{cy}"/>' in drawing
    rid = re.search(r'r:embed="([^"]+)"', drawing)[1]
    image = section.first_page_header.part.related_parts[rid]
    assert image.blob == LOGO.read_bytes()
    assert [p.text for p in section.first_page_header.paragraphs if p.text] == ["Stadt Mayen"]


SVG = Path("data/stadt-mayen-logo.svg")


def test_the_svg_version_is_beside_the_png_and_dropped_without_one(project: Path, cli: Run) -> None:
    build(cli, "-f", "docx")
    header = docx.Document(str(BV.with_suffix(".docx"))).sections[0].first_page_header
    (drawing,) = re.findall(r"<w:drawing>.*?</w:drawing>", header._element.xml, re.DOTALL)
    rid = re.search(r'svgBlip [^>]*r:embed="([^"]+)"', drawing)[1]
    assert header.part.related_parts[rid].blob == SVG.read_bytes()
    edit(STADT, "    logo_svg: stadt-mayen-logo.svg\n", "")
    build(cli, "-f", "docx")
    header = docx.Document(str(BV.with_suffix(".docx"))).sections[0].first_page_header
    assert "svgBlip" not in header._element.xml  # Word shows the PNG, not the placeholder
    assert 'descr="Wappen der Stadt Mayen"' in header._element.xml


def test_a_broken_svg_logo_is_a_german_error(project: Path, cli: Run) -> None:
    SVG.write_text("<html><body>kein Bild</body></html>", encoding="utf-8")
    result = cli("build", "-f", "docx")
    line = line_of(STADT, "    logo_svg: stadt-mayen-logo.svg")
    assert result.exit_code == 1
    assert (
        f"data/stadt.yaml:{line}: stadt.briefkopf.logo_svg: die Bilddatei "
        "data/stadt-mayen-logo.svg ist kein SVG-Bild; im Grafikprogramm als SVG speichern"
    ) in result.output


def test_a_template_with_the_letterhead_on_every_page_gets_the_logo_on_every_page(
    project: Path, cli: Run
) -> None:
    from scripts import make_templates as mt  # the script that writes templates/*.docx

    doc = mt.base_document()
    mt.letterhead(doc, first_page_only=False)
    mt.page_footer(doc, mt.VORLAGE_TITLE)
    doc.add_paragraph("{{ vorlage.betreff }}")
    mt.save(doc, Path("templates/mitteilung.docx"))
    build(cli, "-f", "docx")
    section = docx.Document(str(MI.with_suffix(".docx"))).sections[0]
    assert not section.different_first_page_header_footer
    (drawing,) = re.findall(r"<w:drawing>.*?</w:drawing>", section.header._element.xml, re.DOTALL)
    rid = re.search(r'<a:blip [^>]*r:embed="([^"]+)"', drawing)[1]
    assert section.header.part.related_parts[rid].blob == LOGO.read_bytes()
    assert visible(section.footer._element.xml) == "Mitteilung 7939/2025 – Seite 1 von 1"


def test_without_a_logo_the_header_has_no_picture(project: Path, cli: Run) -> None:
    edit(STADT, "    logo: stadt-mayen-logo.png\n    logo_svg: stadt-mayen-logo.svg\n", "")
    build(cli, "-f", "docx")
    for drawings in logo_drawings(BV.with_suffix(".docx")).values():
        assert drawings == []


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "fehlt; Datei dort ablegen oder den Dateinamen korrigieren"),
        (
            b"GIF89a not a png",
            "ist kein gültiges PNG-Bild (die Datei beginnt nicht wie ein PNG-Bild)",
        ),
        ("truncated", "ist kein gültiges PNG-Bild (die Datei ist beschädigt oder abgeschnitten)"),
    ],
)
def test_a_missing_or_broken_logo_is_a_german_error_naming_it(
    project: Path, cli: Run, content: bytes | str | None, reason: str
) -> None:
    if content is None:
        LOGO.unlink()
    elif content == "truncated":
        LOGO.write_bytes(LOGO.read_bytes()[:200])
    else:
        assert isinstance(content, bytes)
        LOGO.write_bytes(content)
    result = cli("build", "-f", "docx")
    line = line_of(STADT, "    logo: stadt-mayen-logo.png")
    assert result.exit_code == 1
    assert (
        f"data/stadt.yaml:{line}: stadt.briefkopf.logo: die Bilddatei "
        f"data/stadt-mayen-logo.png {reason}"
    ) in result.output
    assert "Traceback" not in result.output
    assert not Path("build").exists() or not list(Path("build").glob("*.docx"))


def test_alt_text_and_signer_survive_special_characters(project: Path, cli: Run) -> None:
    odd = "Wappen „Mayen“ & <Stadt> 'x' \"y\" 🎉"
    edit(
        STADT,
        "    alternativtext: Wappen der Stadt Mayen",
        "    alternativtext: '" + odd.replace("'", "''") + "'",
    )
    edit(STADT, "    name: Dirk Meid", '    name: "{{ 7*7 }} & <b>"')
    build(cli, "-f", "docx")
    document = docx.Document(str(BV.with_suffix(".docx")))
    doc_pr = document.sections[0].first_page_header._element.find(".//" + qn("wp:docPr"))
    assert doc_pr.get("descr") == odd
    assert "{{ 7*7 }} & <b>" in [p.text for p in document.paragraphs]


def test_a_logo_without_alt_text_is_refused(project: Path, cli: Run) -> None:
    edit(STADT, "    alternativtext: Wappen der Stadt Mayen\n", "")
    result = cli("build", "-f", "docx")
    assert result.exit_code == 1
    assert "zum Logo fehlt 'alternativtext:'" in result.output


# --- tables --------------------------------------------------------------------------------


def table_layout(table: object) -> dict[str, object]:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    ind = tbl_pr.find(qn("w:tblInd"))
    width = tbl_pr.find(qn("w:tblW"))
    return {
        "ind": (ind.get(qn("w:w")), ind.get(qn("w:type"))),
        "jc": tbl_pr.find(qn("w:jc")).get(qn("w:val")),
        "layout": tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")),
        "width": Cm(int(width.get(qn("w:w"))) * 2.54 / 1440),
        "grid": [c.width for c in table.columns],  # type: ignore[attr-defined]
    }


def test_tables_start_at_the_text_margin_with_fitted_columns(project: Path, cli: Run) -> None:
    build(cli, "-f", "docx")
    document = docx.Document(str(BV.with_suffix(".docx")))
    settings = document.settings.element.xml
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    header, beratung, mitzeichnung = document.tables
    for table in (header, beratung, mitzeichnung):
        layout = table_layout(table)
        assert layout["ind"] == ("0", "dxa") and layout["jc"] == "left"
        assert layout["layout"] == "fixed"
        assert abs(sum(layout["grid"]) - TEXT_WIDTH) < Cm(0.01)  # type: ignore[arg-type]
        assert abs(layout["width"] - TEXT_WIDTH) < Cm(0.01)  # type: ignore[operator]
        grid = layout["grid"]
        for row in table.rows:  # each cell as wide as its columns, in the rows docxtpl repeats too
            column = 0
            for tc in row._tr.tc_lst:
                span = tc.grid_span
                assert tc.width == sum(grid[column : column + span])  # type: ignore[index]
                column += span
            assert column == len(grid)  # type: ignore[arg-type]
    grid = table_layout(beratung)["grid"]
    assert grid[0] > grid[1] and grid[0] > grid[-1]  # type: ignore[index,operator]


def test_no_empty_cell_in_the_header(project: Path, cli: Run) -> None:
    build(cli, "-f", "docx")
    for stem in (BV, MI):
        header = docx.Document(str(stem.with_suffix(".docx"))).tables[0]
        assert all(cell.text.strip() for row in header.rows for cell in row.cells)


# --- sign-off ------------------------------------------------------------------------------


def test_sign_off_with_place_date_function_name_and_mitzeichnung(project: Path, cli: Run) -> None:
    build(cli, "-f", "docx", "-f", "txt", "-f", "html")
    document = docx.Document(str(BV.with_suffix(".docx")))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    start = paragraphs.index("Mayen, 03.11.2025")
    assert paragraphs[start : start + 4] == [
        "Mayen, 03.11.2025",
        "Der Oberbürgermeister",
        "Dirk Meid",
        "Mitzeichnung:",
    ]
    assert paragraphs[start + 4] == "Anlagen:"
    rows = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert rows == [["Bereich", "Datum"], ["Finanzen", "30.10.2025"]]
    text = BV.with_suffix(".txt").read_text(encoding="utf-8")
    assert "\n\nMayen, 03.11.2025\n\nDer Oberbürgermeister\nDirk Meid\n\nMitzeichnung:\n\n" in text
    assert "Bereich\tDatum\nFinanzen\t30.10.2025\n\nAnlagen:" in text
    html = BV.with_suffix(".html").read_text(encoding="utf-8")
    assert "<p>Mayen, 03.11.2025</p>" in html and "<td>Finanzen</td><td>30.10.2025</td>" in html


def test_no_sign_off_where_the_vorlagenart_says_none(project: Path, cli: Run) -> None:
    build(cli, "-f", "docx")
    paragraphs = [p.text for p in docx.Document(str(MI.with_suffix(".docx"))).paragraphs]
    assert "Der Oberbürgermeister" not in paragraphs


def test_without_mitzeichnung_no_table(project: Path, cli: Run) -> None:
    bv = Path("data/vorlagen/8012-2025-beschlussvorlage.yaml")
    edit(bv, "mitzeichnung:\n  - bereich: Finanzen\n    datum: 30.10.2025\n", "")
    build(cli, "-f", "docx", "-f", "txt")
    document = docx.Document(str(BV.with_suffix(".docx")))
    assert len(document.tables) == 2
    assert "Mitzeichnung:" not in [p.text for p in document.paragraphs]
    assert "Dirk Meid\n\nAnlagen:" in BV.with_suffix(".txt").read_text(encoding="utf-8")


def test_a_mitzeichnung_the_kind_does_not_show_is_a_warning(project: Path, cli: Run) -> None:
    mi = Path("data/vorlagen/7939-2025-mitteilung.yaml")
    mi.write_text(
        mi.read_text(encoding="utf-8")
        + "mitzeichnung:\n  - bereich: Finanzen\n    datum: 19.09.2025\n",
        encoding="utf-8",
    )
    result = cli("build", "-f", "txt")
    line = line_of(mi, "mitzeichnung:")
    assert result.exit_code == 0, result.output
    assert (
        f"data/vorlagen/7939-2025-mitteilung.yaml:{line}: Warnung: mitzeichnung: Vorlagenart "
        "'mitteilung' hat keine Unterzeichnung, die Mitzeichnung erscheint nicht im Dokument"
    ) in result.output
    assert cli("build", "-f", "txt", "--strict").exit_code == 1


def test_a_signed_kind_needs_the_signer_in_stadt_yaml(project: Path, cli: Run) -> None:
    text = STADT.read_text(encoding="utf-8")
    STADT.write_text(re.sub(r"  unterzeichnung:\n(    .*\n){3}", "", text), encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 1
    assert (
        "Vorlagenart 'beschlussvorlage' hat 'unterzeichnung: true', aber unter 'stadt:' "
        "fehlt 'unterzeichnung:' mit ort, funktion und name"
    ) in result.output


# --- quotes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "quoted"),
    [
        ("Vergabestelle „gemeinsam“ nutzen", {}, "„Vergabestelle ‚gemeinsam‘ nutzen“"),
        ('Thema "KI"', {}, "„Thema ‚KI‘“"),
        ("KI", {}, "„KI“"),
        ("a „b“ und „c“", {}, "„a ‚b‘ und ‚c‘“"),
        ("a »b« c", {"aussen": "»«", "innen": "›‹"}, "»a ›b‹ c«"),
        ("Emoji 🎉 & <Tag> 'x'", {}, "„Emoji 🎉 & <Tag> 'x'“"),
    ],
)
def test_zitat_nests_quotes(text: str, rule: dict[str, str], quoted: str) -> None:
    assert zitat(text, **rule) == quoted


def test_the_citys_quote_rule_applies_in_every_format(project: Path, cli: Run) -> None:
    edit(STADT, "    aussen: „“\n    innen: ‚‘", "    aussen: »«\n    innen: ›‹")
    build(cli, "-f", "docx", "-f", "txt", "-f", "html")
    quoted = "»interkommunale Zusammenarbeit zum Thema ›künstliche Intelligenz‹«"
    assert f"Mitteilung 7939/2025 {quoted}" in BV.with_suffix(".txt").read_text(encoding="utf-8")
    assert f"Mitteilung 7939/2025 {quoted}" in BV.with_suffix(".html").read_text(encoding="utf-8")
    paragraphs = [p.text for p in docx.Document(str(BV.with_suffix(".docx"))).paragraphs]
    assert paragraphs[-1] == f"Mitteilung 7939/2025 {quoted}"
    assert f"mit Mitteilung 7939/2025 ({quoted})" in "\n".join(paragraphs)


# --- LibreOffice ---------------------------------------------------------------------------


def left_edges(pdf: Path, page: int) -> dict[str, float]:
    """The left edge (points) of each word on a page, by its text (the first time it occurs)."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    edges: dict[str, float] = {}
    for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', out.stdout.decode()):
        edges.setdefault(word, float(x))
    return edges


@pytest.mark.libreoffice
def test_pdf_of_three_pages_numbers_them_and_shows_the_logo(project: Path, cli: Run) -> None:
    bv = Path("data/vorlagen/8012-2025-beschlussvorlage.yaml")
    filler = "    - text: " + "Ein langer Absatz, der die Vorlage verlängert. " * 30 + "\n"
    edit(bv, "  finanzen:\n", "  finanzen:\n" + filler * 3)
    build(cli, "-f", "pdf")  # as the clerk builds it: tagged PDF/A
    pdf = BV.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True).stdout.decode()
    assert re.search(r"Pages:\s+3\n", info), info
    for page in (1, 2, 3):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
        )
        assert f"Beschlussvorlage 8012/2025 – Seite {page} von 3" in out.stdout.decode()
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True)
    pages = [line.split()[0] for line in images.stdout.decode().splitlines()[2:]]
    assert pages and set(pages) == {"1"}  # the logo, on the first page only
    # The tables' borders sit on the text margin: the text in their cells starts one cell
    # margin (0.19 cm, 5.4 pt) right of the body text, the same in both tables. (Before, the
    # Beratungsfolge's cell text sat on the margin and its border 2 mm left of it.)
    edges = left_edges(pdf, 1)
    margin = edges["Beratungsfolge:"]
    assert margin == pytest.approx(2.5 / 2.54 * 72, abs=0.5)
    assert edges["Gremium"] == pytest.approx(edges["Beschlussvorlage"], abs=0.3)
    assert edges["Gremium"] - margin == pytest.approx(0.19 / 2.54 * 72, abs=0.5)


def test_the_logo_files_are_dependencies_of_the_word_documents(project: Path, cli: Run) -> None:
    build(cli, "--depfile")
    deps = Path("build/.deps/data/vorlagen/8012-2025-beschlussvorlage.d").read_text()
    assert "data/stadt-mayen-logo.png" in deps and "data/stadt-mayen-logo.svg" in deps
