"""`mitteilung new`: answer the questions, build the result, get a valid document."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml

from tests.conftest import Run
from tests.support.cli import ANSWERS, BETREFF, NEW, new, validator
from tests.support.documents import all_docx_text


def test_new_beschlussvorlage_builds_to_a_valid_document(project: Path, cli: Run) -> None:
    result = new("--kind", "beschlussvorlage", answers=ANSWERS)
    assert result.exit_code == 0, result.output
    assert f"geschrieben: {NEW}" in result.output
    text = NEW.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/vorlage.schema.json\n")
    built = cli("build", str(NEW), "-f", "docx", "-f", "txt")
    assert built.exit_code == 0, built.output
    # the only warnings: the section texts are still placeholders (tests/test_messages.py)
    warnings = [line for line in built.output.splitlines() if "Warnung" in line]
    assert warnings and all(w.endswith(": Platzhalter noch nicht ersetzt") for w in warnings)
    document = docx.Document("build/8013-2025-beschlussvorlage.docx")
    assert document.core_properties.title == BETREFF
    body = all_docx_text(Path("build/8013-2025-beschlussvorlage.docx"))
    assert "Entwurf: Platzhalter in [eckigen Klammern] sind noch zu ersetzen." in body
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows[1:] == [
        ["Haupt- und Finanzausschuss", "noch offen", "Vorberatung", "ö"],
        ["Stadtrat", "noch offen", "Entscheidung", "ö"],
    ]


def test_new_file_matches_the_schema_and_the_kind(project: Path) -> None:
    assert new("--kind", "mitteilung", answers=ANSWERS).exit_code == 0
    path = Path("data/vorlagen/8013-2025-mitteilung.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert not list(validator("vorlage.schema.json").iter_errors(data))
    assert [b["zustaendigkeit"] for b in data["beratungsfolge"]] == ["Kenntnisnahme"] * 2
    assert list(data["abschnitte"]) == ["information"]
    assert "klimaschutz" not in data  # required only where stadt.yaml says so


def test_wrong_answers_are_asked_again(project: Path) -> None:
    answers = ["7939/2025", "13/25", "8013/2025", "31.02.2025", "01.12.2024", "01.12.2025"]
    answers += ["", BETREFF, "Zentralbereiche", "Frau Alter", "hfa, rat", "stadtrat"]
    result = new("--kind", "beschlussvorlage", answers=answers)
    assert result.exit_code == 0, result.output
    for message in (
        "Fehler: 7939/2025 ist schon vergeben (data/vorlagen/7939-2025-mitteilung.yaml)",
        "Fehler: '13/25' passt nicht zum Muster '{nr}/{jahr}' (z. B. 8013/2025)",
        "Fehler: 31.02.2025 ist kein gültiges Datum (diesen Tag gibt es nicht)",
        "Fehler: das Jahr passt nicht zur Vorlagennummer 8013/2025",
        "Fehler: unbekannt: rat; vorhanden: hfa, stadtrat",
    ):
        assert message in result.output
    text = NEW.read_text(encoding="utf-8")
    assert "  - gremium: stadtrat\n    zustaendigkeit: Entscheidung" in text


def test_new_never_overwrites(project: Path) -> None:
    assert new("--kind", "beschlussvorlage", answers=ANSWERS).exit_code == 0
    before = NEW.read_bytes()
    target = ["-o", str(NEW)]
    result = new("--kind", "beschlussvorlage", *target, answers=["9000/2025", *ANSWERS[1:]])
    assert result.exit_code == 1
    assert f"{NEW}: Datei gibt es schon" in result.output
    assert NEW.read_bytes() == before


def test_new_never_overwrites_a_file_it_did_not_recognise(project: Path) -> None:
    NEW.write_text("nicht: [fertig\n", encoding="utf-8")  # broken: its number is unknown
    result = new("--kind", "beschlussvorlage", answers=ANSWERS)
    assert result.exit_code == 1
    assert f"{NEW}: Datei gibt es schon; nichts geschrieben" in result.output
    assert NEW.read_text(encoding="utf-8") == "nicht: [fertig\n"
    assert sorted(p.name for p in NEW.parent.iterdir() if p.name.startswith(".")) == []


def test_unknown_kind_names_the_known_ones(project: Path) -> None:
    result = new("--kind", "antrag", answers=[])
    assert result.exit_code == 1
    assert (
        "Fehler: Vorlagenart 'antrag' gibt es in data/stadt.yaml nicht; "
        "vorhanden: mitteilung, beschlussvorlage"
    ) in result.output


@pytest.mark.parametrize("command", ["new", "schema", "template-check", "context"])
def test_help_shows_an_example(cli: Run, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Beispiel:" in result.output
    assert f"mitteilung {command}" in result.output.split("Beispiel:")[1]
