"""Messages a clerk acts on: what was meant, where a list lives, what is still to be written.

The build's messages for single broken inputs are in test_bad_input.py's table; here are those
of template-check, the placeholder rule of `mitteilung new` and the tag suggestions one by one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from mitteilung.render.problems import template_problem
from tests.conftest import MITTEILUNG, Run, edit
from tests.support.cli import ANSWERS, new
from tests.support.documents import all_docx_text
from tests.support.edits import word_sub

TXT = "templates/mitteilung.txt.j2"
INTERESSE = "templates/bausteine/ikz/interesse.txt.j2"
NEW = Path("data/vorlagen/8013-2025-beschlussvorlage.yaml")


# --- template-check: a template Jinja cannot read is a syntax error, not a missing variable ---


def test_template_check_reports_a_syntax_error_as_such(project: Path, cli: Run) -> None:
    edit(project / TXT, "{{ vorlage.nummer }}", "{{ vorlage.nummer }")
    result = cli("template-check", TXT)
    assert result.exit_code == 1
    # no variable list, no "Nicht im Datenmodell": only the error, with file and line
    assert result.output.splitlines() == [
        f"{TXT}:4: Syntaxfehler: unerwartetes '}}' (Platzhalter so schreiben: {{{{ name }}}})"
    ]


def test_template_check_names_the_paragraph_of_a_word_syntax_error(project: Path, cli: Run) -> None:
    word_sub("{%p endfor %}", "{%p endfro %}")(project)
    result = cli("template-check", "templates/mitteilung.docx")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "templates/mitteilung.docx: Absatz 8 „{{ beratung.gremium.name }} {% endfro %}“: "
        "Syntaxfehler: unbekannter Befehl 'endfro'; gemeint ist wohl 'endfor'"
    ]


def test_template_check_reports_an_unknown_filter_without_the_model_heading(
    project: Path, cli: Run
) -> None:
    edit(project / TXT, "{{ vorlage.nummer }}", "{{ vorlage.datum|datun }}")
    result = cli("template-check", TXT)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{TXT}:4: Filter 'datun' gibt es nicht; meinten Sie 'datum'?"
    ]


def test_build_and_template_check_say_the_same_about_a_wrong_field(project: Path, cli: Run) -> None:
    edit(project / INTERESSE, "fakten.anzahl_behoerden", "fakten.anzahl_behorden")
    message = "Feld 'anzahl_behorden' gibt es bei 'fakten' nicht; meinten Sie 'anzahl_behoerden'?"
    checked = cli("template-check", INTERESSE)
    assert checked.exit_code == 1
    assert f"{INTERESSE}:2: fakten.anzahl_behorden: {message}" in checked.output.splitlines()
    built = cli("build", str(MITTEILUNG))
    assert built.exit_code == 1
    assert built.output.splitlines()[0] == f"{INTERESSE}:2: {message}"


# --- tags: a misspelt one is named, with the tag Jinja expected there ---


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% for x in y %}{% endfro %}", "unbekannter Befehl 'endfro'; gemeint ist wohl 'endfor'"),
        ("{% if x %}{% endfi %}", "unbekannter Befehl 'endfi'; gemeint ist wohl 'endif'"),
        ("{% if x %}{% esle %}{% endif %}", "unbekannter Befehl 'esle'; gemeint ist wohl 'else'"),
        (
            "{% macro m() %}{% endmcaro %}",
            "unbekannter Befehl 'endmcaro'; gemeint ist wohl 'endmacro'",
        ),
        ("{% sett x = 1 %}", "unbekannter Befehl 'sett'; gemeint ist wohl 'set'"),
        ("{% endfro %}", "unbekannter Befehl 'endfro'; gemeint ist wohl 'endfor'"),
        ("{% zeige x %}", "unbekannter Befehl 'zeige'"),
        ("{% endif %}", "{% endif %} ohne passenden Anfang"),
        (
            "{% for x in y %}{% endif %}",
            "{% endif %} ohne passenden Anfang (offen ist {% for %}, das mit {% endfor %} endet)",
        ),
    ],
)
def test_unknown_tags_name_the_tag_meant(source: str, message: str) -> None:
    with pytest.raises(TemplateSyntaxError) as caught:
        SandboxedEnvironment().parse(source)
    assert template_problem(caught.value, []).message == message


# --- quotes Word types: only those docxtpl leaves alone reach Jinja ---


def test_word_curly_quotes_docxtpl_straightens_build(project: Path, cli: Run) -> None:
    word_sub("{{ vorlage.nummer }}", "{{ vorlage.nummer ~ “ (Entwurf)” }}")(project)
    result = cli("build", str(MITTEILUNG), "-f", "docx")
    assert result.exit_code == 0, result.output
    assert "7939/2025 (Entwurf)" in all_docx_text(project / "build/7939-2025-mitteilung.docx")


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
        f"{NEW}:35: Warnung: klimaschutz.erlaeuterung: Platzhalter noch nicht ersetzt",
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
        f"{NEW}:32: Warnung: abschnitte.finanzen[1].text: Platzhalter noch nicht ersetzt",
        f"{NEW}:35: Warnung: klimaschutz.erlaeuterung: Platzhalter noch nicht ersetzt",
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
