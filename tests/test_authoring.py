"""Help for authors: JSON Schemas for editors, template-check, context."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from mitteilung.authoring.schema import DESCRIPTIONS, FOLDER, kind_of, modeline, schemas
from mitteilung.load.loader import load_project
from mitteilung.render.context import full_context
from mitteilung.render.renderer import Renderer
from mitteilung.render.shape import ITEM, context_shape, kinds_using, missing
from tests.conftest import MITTEILUNG, ROOT, Run, edit
from tests.support.cli import validator

DATA_FILES = sorted((ROOT / "data").rglob("*.yaml"))
SUFFIXES = ("docx", "txt.j2", "html.j2")


def plain(value: Any) -> Any:
    """YAML as an editor sees it: PyYAML's dates back to the text they were."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


# --- schema ---------------------------------------------------------------------------------


def test_committed_schemas_are_current() -> None:
    for name, data in schemas().items():
        path = ROOT / FOLDER / name
        assert path.is_file(), f"{path} fehlt: make schema"
        assert path.read_bytes() == data, f"{path} ist veraltet: make schema"
    assert sorted(p.name for p in (ROOT / FOLDER).iterdir()) == sorted(schemas())


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_files_name_their_schema_and_match_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kind = kind_of(yaml.safe_load(text))
    assert kind is not None
    assert text.split("\n", 1)[0] == modeline(path, ROOT / FOLDER / kind)
    errors = [e.message for e in validator(kind).iter_errors(plain(yaml.safe_load(text)))]
    assert errors == []


def test_schema_reports_a_mistyped_key_like_the_tool() -> None:
    data = plain(yaml.safe_load((ROOT / MITTEILUNG).read_text(encoding="utf-8")))
    data["betref"] = data.pop("betreff")
    messages = sorted(e.message for e in validator("vorlage.schema.json").iter_errors(data))
    assert messages == [
        "'betreff' is a required property",
        "Additional properties are not allowed ('betref' was unexpected)",
    ]


def test_schema_accepts_german_dates_and_refuses_others() -> None:
    data = plain(yaml.safe_load((ROOT / MITTEILUNG).read_text(encoding="utf-8")))
    check = validator("vorlage.schema.json")
    for good in ("22.09.2025", "2025-09-22", "1.2.2025"):
        assert not list(check.iter_errors({**data, "datum": good})), good
    assert list(check.iter_errors({**data, "datum": "22.9.25"}))


def test_every_field_and_model_is_described_in_german() -> None:
    # the models' docstrings are English (for developers); editors show the German ones
    german = set(DESCRIPTIONS.values())
    for name, data in schemas().items():
        schema = json.loads(data)
        for model in [schema, *schema.get("$defs", {}).values()]:
            assert model["description"] in german, f"{name}: {model['title']}"
            for field, prop in model.get("properties", {}).items():
                assert prop.get("description"), f"{name}: {model['title']}.{field}"


def test_schema_command_writes_the_files(project: Path, cli: Run) -> None:
    result = cli("schema", "-o", "neu")
    assert result.exit_code == 0, result.output
    assert "geschrieben: neu/vorlage.schema.json" in result.output
    for name, data in schemas().items():
        assert (project / "neu" / name).read_bytes() == data


# --- template-check -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [f"{kind}.{suffix}" for kind in ("mitteilung", "beschlussvorlage") for suffix in SUFFIXES],
)
def test_shipped_templates_use_only_what_the_model_provides(
    project: Path, cli: Run, template: str
) -> None:
    kind = template.split(".")[0]
    result = cli("template-check", f"templates/{template}")
    assert result.exit_code == 0, result.output
    assert f"templates/{template} (Vorlagenart: {kind}) verwendet:" in result.output
    assert "  vorlage.betreff\n" in result.output
    assert result.output.endswith("Alle Variablen sind im Datenmodell vorhanden.\n")


def test_loop_variables_resolve_to_their_list(project: Path, cli: Run) -> None:
    result = cli("template-check", "templates/mitteilung.docx")
    assert "  vorlage.beratungsfolge[].gremium.name\n" in result.output
    assert "  abschnitte.information[]\n" in result.output
    result = cli("template-check", "templates/bausteine/foerderprogramm/fristen.txt.j2")
    assert result.exit_code == 0, result.output
    assert "  foerderprogramm.fristen[].datum.year\n" in result.output


def test_a_variable_the_model_lacks_is_reported(project: Path, cli: Run) -> None:
    edit(
        project / "templates/mitteilung.txt.j2",
        "{{ vorlage.nummer }}",
        "{{ vorlage.nummmer }} {{ vorlage.aktenzeichen }}",
    )
    path = project / "templates/mitteilung.txt.j2"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n{% for b in vorlage.beratungsfolge %}{{ b.gremium.kurzname }}{% endfor %}"
        + "\n{{ abschnitte.beschlussvorschlag|join }}{{ vorlage.art.beschriftungen.foo }}",
        encoding="utf-8",
    )
    result = cli("template-check", "templates/mitteilung.txt.j2")
    assert result.exit_code == 1
    problems = result.output.split("Nicht im Datenmodell (5):\n")[1].splitlines()
    assert problems == [
        "templates/mitteilung.txt.j2:4: vorlage.aktenzeichen: Feld 'aktenzeichen' gibt es "
        "bei 'vorlage' nicht; vorhanden: abschnitte, anlagen, art, beratungsfolge, bereich, "
        "betreff, datum, entscheidung, entwurf, klimaschutz, kooperation, mitzeichnung, nummer, "
        "oeffentlich, sachbearbeitung, vorlagenart",
        "templates/mitteilung.txt.j2:4: vorlage.nummmer: Feld 'nummmer' gibt es bei "
        "'vorlage' nicht; meinten Sie 'nummer'?",
        "templates/mitteilung.txt.j2:12: b.gremium.kurzname: Feld 'kurzname' gibt es bei "
        "'vorlage.beratungsfolge[].gremium' nicht; meinten Sie 'name'?",
        "templates/mitteilung.txt.j2:13: abschnitte.beschlussvorschlag: Schlüssel "
        "'beschlussvorschlag' gibt es bei 'abschnitte' nicht; vorhanden: information",
        "templates/mitteilung.txt.j2:13: vorlage.art.beschriftungen.foo: Schlüssel 'foo' "
        "gibt es bei 'vorlage.art.beschriftungen' nicht; vorhanden: gremien, information",
    ]


def test_word_template_problems_name_the_paragraph(project: Path, cli: Run) -> None:
    result = cli("template-check", "templates/mitteilung.docx")
    assert result.exit_code == 0
    # a Word template with a wrong name: write one with python-docx
    import docx

    document = docx.Document(str(project / "templates/mitteilung.docx"))
    document.add_paragraph("{{ vorlage.betref }}")
    document.save(str(project / "templates/kaputt.docx"))
    result = cli("template-check", "templates/kaputt.docx")
    assert result.exit_code == 1
    assert (
        "templates/kaputt.docx: Absatz 14 „{{ vorlage.betref }}“: vorlage.betref: Feld 'betref' "
        "gibt es bei 'vorlage' "
        "nicht; meinten Sie 'betreff'?"
    ) in result.output


def test_textbausteine_get_no_sections(project: Path, cli: Run) -> None:
    path = project / "templates/bausteine/ikz/interesse.txt.j2"
    path.write_text("{{ abschnitte.information }}", encoding="utf-8")
    result = cli("template-check", str(path))
    assert result.exit_code == 1
    assert "Feld 'abschnitte' gibt es bei 'oberster Ebene' nicht" in result.output


def test_template_syntax_errors_and_outside_templates(project: Path, cli: Run) -> None:
    edit(project / "templates/mitteilung.txt.j2", "{{ vorlage.nummer }}", "{{ vorlage.nummer | }}")
    result = cli("template-check", "templates/mitteilung.txt.j2")
    assert result.exit_code == 1
    assert (
        "templates/mitteilung.txt.j2:4: Syntaxfehler: hier fehlt ein Name (etwa nach '|' der "
        "Filter oder nach '.' das Feld), gefunden: '}}'"
    ) in result.output
    (project / "fremd.txt.j2").write_text("{{ x }}", encoding="utf-8")
    result = cli("template-check", "fremd.txt.j2")
    assert result.exit_code == 1
    assert "fremd.txt.j2: liegt nicht im Ordner templates/" in result.output


# --- context --------------------------------------------------------------------------------


def test_context_command_prints_the_context_as_json(project: Path, cli: Run) -> None:
    result = cli("context", str(MITTEILUNG))
    assert result.exit_code == 0, result.output
    context = json.loads(result.output)
    assert context["vorlage"]["datum"] == "2025-09-22"
    assert context["vorlage"]["beratungsfolge"][0]["gremium"]["name"] == (
        "Haupt- und Finanzausschuss"
    )
    assert context["fakten"]["foerderstufe"]["hoechstbetrag"] == 320000
    assert context["abschnitte"]["information"][-1] == (
        "Die Verwaltung wird zum Thema weiter berichten."
    )


def test_context_of_broken_data_is_the_usual_message(project: Path, cli: Run) -> None:
    edit(project / MITTEILUNG, "betreff:", "betref:")
    result = cli("context", str(MITTEILUNG))
    assert result.exit_code == 1
    assert "data/vorlagen/7939-2025-mitteilung.yaml:3: betreff: Pflichtfeld fehlt" in result.output
    result = cli("context", "data/fakten/ikz-ki.yaml")
    assert result.exit_code == 1
    assert "data/fakten/ikz-ki.yaml: ist keine Vorlage" in result.output


def paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path in a real context value, lists as ITEM."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for item in value:
            found += paths(item, (*prefix, ITEM))
    return found


def test_context_shape_follows_the_real_context(project: Path) -> None:
    # template-check's picture of the context must match what context.py builds
    loaded = load_project(project, [project / "data"])
    renderer = Renderer(loaded)
    for entry in loaded.entries:
        context = json.loads(json.dumps(full_context(entry, loaded, renderer.text), default=str))
        art = loaded.stadt.vorlagenarten[entry.vorlage.vorlagenart]
        shape = context_shape(loaded.stadt, kinds_using(loaded.stadt, art.text))
        for path in paths(context):
            assert missing(shape, path) is None, path
