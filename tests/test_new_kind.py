"""A new kind of document needs a template and a data entry, no Python."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.conftest import Run

KIND = """
  anfrage:
    bezeichnung: Anfrage
    text: anfrage.txt.j2
    nummer: "A-{nr}/{jahr}"
    abschnitte: [frage]
    beschriftungen:
      frage: "Anfrage:"
"""

TEMPLATE = """{{ vorlage.art.bezeichnung }} {{ vorlage.nummer }} vom {{ vorlage.datum|datum_lang }}
{{ vorlage.betreff }}
An: {{ vorlage.beratungsfolge|map(attribute="gremium.name")|liste }}

{{ vorlage.art.beschriftungen.frage }}
{{ abschnitte.frage|join("\\n\\n") }}
"""

DOCUMENT = """vorlagenart: anfrage
nummer: A-12/2025
datum: 2025-11-05
betreff: Stand der IKZ „KI“
bereich: Fraktion
sachbearbeitung: Herr Muster
beratungsfolge:
  - gremium: hfa
  - gremium: stadtrat
abschnitte:
  frage:
    - text: Wie viele Kommunen sind interessiert?
"""


def test_anfrage_from_template_and_data_entry(project: Path, cli: Run) -> None:
    stadt = project / "data/stadt.yaml"
    text = stadt.read_text(encoding="utf-8")
    stadt.write_text(
        text.replace("\nvorlagenarten:\n", "\nvorlagenarten:" + KIND, 1), encoding="utf-8"
    )
    (project / "templates/anfrage.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    (project / "data/vorlagen/a-12-2025-anfrage.yaml").write_text(DOCUMENT, encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    out = project / "build/A-12-2025-anfrage.txt"
    assert out.read_text(encoding="utf-8") == (
        "Anfrage A-12/2025 vom 5. November 2025\n"
        "Stand der IKZ „KI“\n"
        "An: Haupt- und Finanzausschuss und Stadtrat\n\n"
        "Anfrage:\n"
        "Wie viele Kommunen sind interessiert?"
    )
    # a kind without a Word template gets no .docx, the others still do
    assert not (project / "build/A-12-2025-anfrage.docx").exists()
    assert docx.Document(str(project / "build/7939-2025-mitteilung.docx")).tables
