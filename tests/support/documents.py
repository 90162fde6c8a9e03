"""Reading what a build produced: the text of a .docx, the reference Mitteilung, the headings
of a Beschlussvorlage, and a text full of characters that must survive."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.conftest import REFERENCE, need_shared

HEADINGS = [
    "Beratungsfolge:",
    "Beschlussvorschlag:",
    "Sachverhalt:",
    "Finanzielle Auswirkungen:",
    "Auswirkungen auf den Klimaschutz:",
    "Anlagen:",
]


def reference_text() -> str:
    """The reference Mitteilung (../shared) as text."""
    need_shared(REFERENCE)
    # The one allowed difference: the extraction error "Mdl" is "MdI" in our data.
    return REFERENCE.read_text(encoding="utf-8").replace("Mdl", "MdI")


def reference_paragraphs() -> list[str]:
    """The paragraphs of the reference Mitteilung after "Information:"."""
    body = reference_text().split("Information:\n\n", 1)[1]
    return body.split("\n\n")


NASTY = "A & B < C > D \"E\" 'F' „G“ »H« – § 5 € 😀 {{ stadt.name }} {% if x %}"


def all_docx_text(path: Path) -> str:
    """The text of every paragraph and table cell of a .docx, a line each."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def docx_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of a .docx."""
    return [p.text for p in docx.Document(str(path)).paragraphs]
