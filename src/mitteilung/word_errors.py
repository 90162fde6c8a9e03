"""Where in a Word template a problem is, and what to do when it renders to broken XML."""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from mitteilung.environment import word_part_source
from mitteilung.errors import Problem, display_path

_PART_NAMES = {
    "document": "Haupttext",
    "header": "Kopfzeile",
    "footer": "Fußzeile",
    "footnotes": "Fußnoten",
    "endnotes": "Endnoten",
}
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

    Word parts are compiled one paragraph per line (see environment.word_part_source), so the
    line gives the paragraph; its text (the placeholder as typed in Word) helps find it.
    """
    lines = word_part_source(path, part).splitlines()
    line = min(line or len(lines), len(lines))
    number = sum(len(re.findall(r"<w:p[ >]", text)) for text in lines[:line]) or 1
    shown = _shown(lines[line - 1])
    name = _part_name(part)
    where = "Absatz" if name == _PART_NAMES["document"] else f"{name}, Absatz"
    return f"{where} {number} „{shown}“" if shown else f"{where} {number}"


def _part_name(part: str) -> str:
    kind = re.sub(r"\d*\.xml$", "", part.rsplit("/", 1)[-1])
    return _PART_NAMES.get(kind, part)


def _shown(xml_line: str) -> str:
    """The text of one line of Word XML, tags removed, shortened."""
    spaced = re.sub(r"</w:p>|<w:(?:br|tab|cr)\b[^>]*>", " ", xml_line)
    text = " ".join(re.sub(r"<[^>]+>", "", spaced).split())
    return text if len(text) <= 60 else text[:60].rstrip() + "…"
