"""HTML rendering: semantic, German, self-contained; data arrives escaped and reads unchanged."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, Run, edit
from tests.support.documents import HEADINGS, NASTY, reference_paragraphs

HTML = Path("build/7939-2025-mitteilung.html")
BESCHLUSSVORLAGE = Path("build/8012-2025-beschlussvorlage.html")
BETREFF = 'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"'


class Page(HTMLParser):
    """The parts of a page a reader (or screen reader) meets: headings, tables, paragraphs."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.elements: list[tuple[str, str]] = []  # (tag, text) of h1, h2, p, th, td, li, …
        self.tables: list[list[list[tuple[str, str]]]] = []  # rows of (tag, text) cells
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: tuple[str, list[str]] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in ("title", "h1", "h2", "p", "th", "td", "caption", "li"):
            self._open = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and self._open[0] == tag:
            text = "".join(self._open[1])
            self.elements.append((tag, text))
            if tag in ("th", "td"):
                self.tables[-1][-1].append((tag, text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def texts(self, tag: str) -> list[str]:
        """The text of every element with this tag, in order."""
        return [text for t, text in self.elements if t == tag]


@pytest.fixture
def page(project: Path, cli: Run) -> Page:
    result = cli("build", "-f", "html")
    assert result.exit_code == 0, result.output
    assert not Path("build/7939-2025-mitteilung.docx").exists()
    return Page(HTML.read_text(encoding="utf-8"))


def test_language_title_and_headings(page: Page) -> None:
    assert page.lang == "de"
    assert page.texts("title") == [BETREFF]
    assert page.texts("h1") == [BETREFF]
    assert page.texts("h2") == ["Information:"]


def test_paragraphs_are_the_sections_text(page: Page) -> None:
    paragraphs = page.texts("p")
    assert paragraphs[0] == "Stadt Mayen"
    assert paragraphs[1:] == reference_paragraphs()


def test_header_and_beratungsfolge_are_real_tables(page: Page) -> None:
    header, beratung = page.tables
    assert [cells for cells in header][:2] == [
        [("th", "Vorlagenart"), ("td", "Mitteilung")],
        [("th", "Vorlagennummer"), ("td", "7939/2025")],
    ]
    assert ("th", "Sachbearbeitung") in [cell for row in header for cell in row]
    assert beratung == [
        [("th", "Gremium"), ("th", "Zuständigkeit")],
        [("td", "Haupt- und Finanzausschuss"), ("td", "Kenntnisnahme")],
        [("td", "Stadtrat"), ("td", "Kenntnisnahme")],
    ]
    assert page.texts("caption")[1] == "Folgenden Gremien zur Kenntnis:"


def test_no_external_resources(page: Page) -> None:
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object"), tag
        assert not {"src", "href"} & set(attrs), (tag, attrs)
    text = HTML.read_text(encoding="utf-8")
    assert "url(" not in text and "@import" not in text


def test_special_characters_are_escaped_and_read_unchanged(project: Path, cli: Run) -> None:
    quoted = '"' + NASTY.replace('"', '\\"') + '"'
    edit(project / MITTEILUNG, f"betreff: {BETREFF}", f"betreff: {quoted}")
    edit(project / MITTEILUNG, "- text: Die Verwaltung wird", f"- text: {quoted}\n    - text: Die")
    assert cli("build", "-f", "html").exit_code == 0
    raw = HTML.read_text(encoding="utf-8")
    assert "A &amp; B &lt; C &gt; D" in raw
    assert "<" not in re.sub(r"<[/!]?[a-zA-Z][^<>]*>", "", raw)  # every '<' left is a real tag
    page = Page(raw)
    assert page.texts("title") == page.texts("h1") == [NASTY]
    assert NASTY in page.texts("p")


def test_line_breaks_in_prose_stay_visible(project: Path, cli: Run) -> None:
    edit(
        project / MITTEILUNG,
        "- text: Die Verwaltung wird",
        '- text: "Zeile 1\\nZeile 2"\n    - text: Die',
    )
    assert cli("build", "-f", "html").exit_code == 0
    raw = HTML.read_text(encoding="utf-8")
    assert "<p>Zeile 1\nZeile 2</p>" in raw
    # pre-wrap: line breaks, tabs and runs of spaces show as in Word and in the text form
    assert re.search(r"p, td \{[^}]*white-space: pre-wrap", raw)


def test_kind_without_html_template_has_no_html_file(project: Path, cli: Run) -> None:
    # like a kind without a Word template has no .docx (data/stadt.yaml decides)
    edit(project / "data/stadt.yaml", "    html: mitteilung.html.j2\n", "")
    result = cli("build", "-f", "html")
    assert result.exit_code == 0, result.output
    assert not HTML.exists()
    assert cli("check").exit_code == 0


def test_check_reports_an_error_in_the_html_template(project: Path, cli: Run) -> None:
    edit(project / "templates/mitteilung.html.j2", "{{ absatz }}", "{{ absatz.gibtsnicht }}")
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "templates/mitteilung.html.j2:13: 'abschnitte.information[]' ist ein einzelner Wert "
        "ohne Feld 'gibtsnicht'"
    ) in result.output


def test_beschlussvorlage_headings_beratungsfolge_and_anlagen(page: Page) -> None:
    bv = Page(BESCHLUSSVORLAGE.read_text(encoding="utf-8"))
    assert bv.lang == "de"
    assert bv.texts("title") == bv.texts("h1")
    assert bv.texts("h2") == HEADINGS
    assert bv.tables[1] == [
        [("th", "Gremium"), ("th", "Sitzungstermin"), ("th", "Zuständigkeit"), ("th", "ö/nö")],
        [
            ("td", "Haupt- und Finanzausschuss"),
            ("td", "20.11.2025, TOP 3"),
            ("td", "Vorberatung"),
            ("td", "ö"),
        ],
        [("td", "Stadtrat"), ("td", "10.12.2025, TOP 2"), ("td", "Entscheidung"), ("td", "ö")],
    ]
    assert "Der Stadtrat beschließt die Teilnahme der Stadt Mayen" in " ".join(bv.texts("p"))
    # the Betreff's own quotes become the inner pair (stadt.yaml: anfuehrungszeichen)
    nested = BETREFF.replace('"künstliche Intelligenz"', "‚künstliche Intelligenz‘")
    assert bv.texts("li") == [f"Mitteilung 7939/2025 „{nested}“"]
