"""The command line: help with examples, exit codes, German messages with file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, Run, edit


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"]])
def test_help_shows_an_example(cli: Run, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0
    assert "Beispiel:" in result.output
    assert "mitteilung " in result.output.split("Beispiel:")[1]


def test_click_speaks_german(project: Path, cli: Run) -> None:
    help_text = cli("--help").output
    assert help_text.startswith("Aufruf: ")
    assert "Optionen:" in help_text and "Befehle:" in help_text
    assert "Diese Hilfe anzeigen und beenden." in help_text
    error = cli("build", "-f", "odt")
    assert "Fehler: Ungültiger Wert für '-f' / '--format': 'odt' ist keines von" in error.output
    assert "Hilfe: 'mitteilung build --help'." in error.output
    assert "Aufruf: mitteilung build [OPTIONEN] [DATEN]..." in error.output


def test_check_writes_nothing(project: Path, cli: Run) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert "2 Vorlage(n) und 2 Sitzung(en) geprüft, 0 fehlgeschlagen" in result.output
    assert not (project / "build").exists()


def test_wrong_usage_is_exit_code_2(project: Path, cli: Run) -> None:
    assert cli("build", "-f", "odt").exit_code == 2
    assert cli("build", "gibt-es-nicht/").exit_code == 2
    assert cli("frobnicate").exit_code == 2


@pytest.mark.usefixtures("no_sitzungen")
def test_bad_input_is_exit_code_1_with_file_line_and_field(project: Path, cli: Run) -> None:
    edit(project / MITTEILUNG, "betreff:", "betref:")
    result = cli("build")
    assert result.exit_code == 1
    output = re.sub(r"\(\d+\.\d+ s\)", "(… s)", result.output)
    assert output.splitlines() == [
        "data/vorlagen/7939-2025-mitteilung.yaml:3: betreff: Pflichtfeld fehlt (Betreff, wie "
        "er im Kopf der Vorlage steht); die Zeile 'betreff: …' ergänzen",
        "data/vorlagen/7939-2025-mitteilung.yaml:7: betref: unbekanntes Feld; "
        "meinten Sie 'betreff'?",
        "data/vorlagen/8012-2025-beschlussvorlage.yaml:41: anlagen[1].vorlage: Vorlage "
        "7939/2025 (data/vorlagen/7939-2025-mitteilung.yaml) hat selbst Fehler; diese "
        "zuerst beheben",
        "0 Vorlage(n) gebaut, 2 fehlgeschlagen (… s)",
        "  fehlgeschlagen: data/vorlagen/7939-2025-mitteilung.yaml",
        "  fehlgeschlagen: data/vorlagen/8012-2025-beschlussvorlage.yaml",
    ]
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


def test_unknown_gremium_names_the_known_ones(project: Path, cli: Run) -> None:
    edit(project / MITTEILUNG, "- gremium: stadtrat", "- gremium: stadtrat2")
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "data/vorlagen/7939-2025-mitteilung.yaml:12: beratungsfolge[2].gremium: "
        "Gremium 'stadtrat2' gibt es in data/stadt.yaml unter 'gremien:' nicht; dort steht "
        "'stadtrat' – Tippfehler?"
    ) in result.output


def test_missing_facts_file_is_named(project: Path, cli: Run) -> None:
    edit(
        project / MITTEILUNG,
        "kooperation: ../fakten/ikz-ki.yaml",
        "kooperation: ../fakten/ikz.yaml",
    )
    result = cli("build")
    assert result.exit_code == 1
    assert (
        "data/vorlagen/7939-2025-mitteilung.yaml:13: kooperation: Faktendatei "
        "../fakten/ikz.yaml nicht gefunden (gesucht: data/fakten/ikz.yaml)"
    ) in result.output


def test_undefined_template_variable_names_template_and_line(project: Path, cli: Run) -> None:
    edit(project / "templates/mitteilung.txt.j2", "{{ vorlage.nummer }}", "{{ vorlage.nummmer }}")
    result = cli("build")
    assert result.exit_code == 1
    assert (
        "templates/mitteilung.txt.j2:4: Feld 'nummmer' gibt es bei 'vorlage' nicht; "
        "meinten Sie 'nummer'?"
    ) in result.output
    assert not (project / "build/7939-2025-mitteilung.txt").exists()


def test_dash_c_builds_into_the_project_folder(
    project: Path,
    cli: Run,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path_factory.mktemp("anderswo")
    monkeypatch.chdir(elsewhere)
    result = cli("-C", str(project), "build", "-f", "txt")
    assert result.exit_code == 0, result.output
    assert (project / "build/7939-2025-mitteilung.txt").is_file()
    assert not (elsewhere / "build").exists()


@pytest.mark.usefixtures("no_sitzungen")
def test_broken_unused_template_is_counted_apart_from_documents(project: Path, cli: Run) -> None:
    (project / "templates/alt.txt.j2").write_text("{% if %}\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    lines = [re.sub(r"\(\d+\.\d+ s\)", "(… s)", line) for line in result.output.splitlines()]
    assert lines[-2:] == [
        "2 Vorlage(n) geprüft, 0 fehlgeschlagen, 1 fehlerhafte Datei(en) in templates/ (… s)",
        "  fehlgeschlagen: templates/alt.txt.j2",
    ]


def test_a_vorlage_of_an_unknown_kind_on_a_tagesordnung_fails_the_sitzung(
    project: Path, cli: Run
) -> None:
    # found by test_property_yaml: the Sitzung was rendered and raised a KeyError
    edit(project / MITTEILUNG, "vorlagenart: mitteilung", "vorlagenart: itteilung")
    result = cli("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "data/sitzungen/2025-11-20-hfa.yaml:15: sitzung.tagesordnung.oeffentlich[2].vorlage: "
        "Vorlage 7939/2025 "
        "(data/vorlagen/7939-2025-mitteilung.yaml) hat selbst Fehler; diese zuerst beheben"
    ) in result.output
    assert "  fehlgeschlagen: data/sitzungen/2025-11-20-hfa.yaml" in result.output


def test_attachment_in_an_unreadable_file_is_named(project: Path, cli: Run) -> None:
    edit(project / MITTEILUNG, "sachbearbeitung: Frau Alter", "sachbearbeitung: Frau: Alter")
    result = cli("build", "data/vorlagen/8012-2025-beschlussvorlage.yaml")
    assert result.exit_code == 1
    assert (
        "data/vorlagen/8012-2025-beschlussvorlage.yaml:41: anlagen[1].vorlage: Vorlage "
        "7939/2025 (data/vorlagen/7939-2025-mitteilung.yaml) hat selbst Fehler; diese zuerst "
        "beheben"
    ) in result.output


def test_missing_programme_file_is_named_in_the_cooperation_file(project: Path, cli: Run) -> None:
    edit(
        project / "data/fakten/ikz-ki.yaml",
        "foerderprogramm: foerderprogramm-ikz.yaml",
        "foerderprogramm: programm.yaml",
    )
    result = cli("check")
    assert result.exit_code == 1
    assert (
        "data/fakten/ikz-ki.yaml:7: kooperation.foerderprogramm: Faktendatei programm.yaml "
        "nicht gefunden (gesucht: data/fakten/programm.yaml)"
    ) in result.output
