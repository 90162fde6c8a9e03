"""Messages a clerk acts on: what is still to be written."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, edit
from tests.test_authoring_new import ANSWERS, new

NEW = Path("data/vorlagen/8013-2025-beschlussvorlage.yaml")


# --- placeholders `mitteilung new` writes ---


def _placeholder_warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(str(NEW))]


def test_placeholders_of_new_are_reported_per_field(project: Path, cli: Run) -> None:
    assert new("--kind", "beschlussvorlage", answers=ANSWERS).exit_code == 0
    result = cli("build", str(NEW))
    assert result.exit_code == 0, result.output  # a warning: the draft is still built
    assert _placeholder_warnings(result.output) == [
        f"{NEW}:28: Warnung: abschnitte.beschlussvorschlag[1].text: Platzhalter noch nicht ersetzt",
        f"{NEW}:30: Warnung: abschnitte.sachverhalt[1].text: Platzhalter noch nicht ersetzt",
        f"{NEW}:32: Warnung: abschnitte.finanzen[1].text: Platzhalter noch nicht ersetzt",
    ]
    strict = cli("check", "--strict", str(NEW))
    assert strict.exit_code == 1
    assert f"  fehlgeschlagen: {NEW}" in strict.output


def test_a_replaced_placeholder_is_no_longer_reported(project: Path, cli: Run) -> None:
    assert new("--kind", "beschlussvorlage", answers=ANSWERS).exit_code == 0
    for section, text in [
        ("Beschlussvorschlag", "Der Stadtrat beschließt die Teilnahme."),
        ("Sachverhalt", "Die Kommunen arbeiten zusammen."),
    ]:
        edit(project / NEW, f"[hier den Text des Abschnitts '{section}' schreiben]", text)
    # a placeholder left inside a longer text still counts
    edit(
        project / NEW,
        "\"[hier den Text des Abschnitts 'Finanzielle Auswirkungen' schreiben]\"",
        "\"Kosten: [hier den Text des Abschnitts 'Finanzielle Auswirkungen' schreiben]\"",
    )
    result = cli("check", str(NEW))
    assert _placeholder_warnings(result.output) == [
        f"{NEW}:32: Warnung: abschnitte.finanzen[1].text: Platzhalter noch nicht ersetzt"
    ]
    edit(
        project / NEW,
        "Kosten: [hier den Text des Abschnitts 'Finanzielle Auswirkungen' schreiben]",
        "Keine.",
    )
    edit(project / NEW, "[Begründung in einem Satz]", "Keine Auswirkung.")
    result = cli("check", "--strict", str(NEW))
    assert result.exit_code == 0, result.output
    assert _placeholder_warnings(result.output) == []


def test_sample_documents_have_no_placeholders(project: Path, cli: Run) -> None:
    result = cli("check", "--strict")
    assert result.exit_code == 0, result.output
    assert "Platzhalter" not in result.output
