"""Where in a Word template a problem is, and what to do when it renders to broken XML."""

from __future__ import annotations

import html
import re
from pathlib import Path
from xml.parsers import expat

from mitteilung.errors import Problem, display_path
from mitteilung.render.loader import word_part_source
from mitteilung.render.package import open_docx

_PART_NAMES = {
    "document": "Haupttext",
    "header": "Kopfzeile",
    "footer": "Fußzeile",
    "footnotes": "Fußnoten",
    "endnotes": "Endnoten",
}
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_EXPAT = {
    expat.errors.XML_ERROR_TAG_MISMATCH: "Anfang und Ende von Absatz, Tabelle oder Zeile "
    "passen nicht zusammen",
    expat.errors.XML_ERROR_INVALID_TOKEN: "ungültiges Zeichen",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: "unbekanntes Zeichen mit '&'",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "unvollständiges Element",
    expat.errors.XML_ERROR_NO_ELEMENTS: "der Teil endet vorzeitig",
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "Inhalt nach dem Ende des Teils",
}


class WordXMLError(Exception):
    """A Word template rendered to XML that is not well-formed (Word would refuse it)."""

    def __init__(self, path: Path, part: str, line: int, detail: str, excerpt: str) -> None:
        self.path, self.part, self.line = path, part, line
        self.detail, self.excerpt = detail, excerpt
        super().__init__(f"{path}/{part}:{line}: {detail}")


def check_xml(path: Path, part: str, xml: str) -> None:
    """Refuse broken XML here, instead of handing Word a file it cannot open."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:  # only from |safe: never into a document
        line = parser.CurrentLineNumber
        raise WordXMLError(path, part, line, "DOCTYPE-Angabe im Text", "<!DOCTYPE …>")

    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        english = expat.errors.messages[exc.code]
        lines = xml.splitlines() or [""]
        excerpt = _shown(lines[min(exc.lineno, len(lines)) - 1])
        raise WordXMLError(path, part, exc.lineno, _EXPAT.get(english, english), excerpt) from None


def xml_problem(exc: WordXMLError) -> Problem:
    """The problem for a Word template whose placeholders produce broken XML."""
    near = f" beim Text „{exc.excerpt}“" if exc.excerpt else ""
    return Problem(
        display_path(exc.path),
        None,
        _part_name(exc.part),
        f"die Vorlage ergibt kein gültiges Word-Dokument ({exc.detail}){near}; meist beginnt "
        "ein {% if %} oder {% for %} in einem Absatz und endet in einem anderen (dafür "
        "{%p if … %} und {%p endif %} je in einem eigenen Absatz verwenden) oder ein "
        "Platzhalter mit |safe gibt '<' oder '&' aus den Daten weiter (|safe entfernen)",
    )


def word_location(path: Path, part: str, line: int | None) -> str:
    """'Kopfzeile, Absatz 2 „{{ stadt.nam }}“': where in a Word template a Jinja line is.

    Word parts are compiled one paragraph per line (see loader.word_part_source); the
    paragraphs up to that line are found again in the file as Word shows it, to count them the
    way the clerk sees them, and the paragraph's text helps find it with Word's search.
    """
    lines = word_part_source(path, part).splitlines()
    line = min(line or len(lines), len(lines))
    with open_docx(path) as zf:
        original = [_key(p) for p in _PARAGRAPH.findall(zf.read(part).decode("utf-8"))]
    number = 0
    for paragraph in (p for text in lines[:line] for p in _PARAGRAPH.findall(text)):
        try:  # paragraphs docxtpl removed ({%p for … %} and the like) are skipped here
            number = original.index(_key(paragraph), number) + 1
        except ValueError:
            number += 1
    shown = _shown(lines[line - 1])
    name = _part_name(part)
    where = "Absatz" if name == _PART_NAMES["document"] else f"{name}, Absatz"
    return f"{where} {max(number, 1)} „{shown}“" if shown else f"{where} {max(number, 1)}"


def _key(paragraph_xml: str) -> str:
    """A paragraph's text, compared the way docxtpl leaves it (quotes straight, no spaces)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", paragraph_xml))
    return re.sub(r"\s", "", text.translate(_STRAIGHT))


def _part_name(part: str) -> str:
    kind = re.sub(r"\d*\.xml$", "", part.rsplit("/", 1)[-1])
    return _PART_NAMES.get(kind, part)


def _shown(xml_line: str) -> str:
    """The text of one line of Word XML, tags removed, shortened."""
    spaced = re.sub(r"</w:p>|<w:(?:br|tab|cr)\b[^>]*>", " ", xml_line)
    text = " ".join(re.sub(r"<[^>]+>", "", spaced).split())
    return text if len(text) <= 60 else text[:60].rstrip() + "…"
