"""Templates pulled in by {% extends %}, {% include %} or {% import %} are dependencies too."""

from __future__ import annotations

from pathlib import Path

import pytest

from mitteilung.render.deps import referenced
from tests.conftest import edit
from tests.support.edits import word_sub
from tests.support.make import SAMPLES, copy_samples, make, needs_make

BESCHLUSS = Path("templates/bausteine/ikz/beschluss.txt.j2")
HINWEIS = Path("templates/bausteine/ikz/hinweis.txt.j2")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The sample project; the Baustein 'ikz/beschluss' includes another one; built by make."""
    copy_samples(tmp_path)
    (tmp_path / HINWEIS).write_text("Hinweis: erste Fassung.\n", encoding="utf-8")
    text = (tmp_path / BESCHLUSS).read_text(encoding="utf-8")
    include = '{% include "bausteine/ikz/hinweis.txt.j2" %}\n'
    (tmp_path / BESCHLUSS).write_text(text + include, encoding="utf-8")
    make(tmp_path)
    return tmp_path


def rebuilt(folder: Path) -> set[str]:
    """The documents make handed to the program in its last run."""
    listed = (folder / "build" / ".deps" / "veraltet.txt").read_text(encoding="utf-8").split()
    return {Path(p).stem for p in listed}


@needs_make
def test_page_template_extended_by_the_html_templates_is_a_dependency(built: Path) -> None:
    (built / "templates" / "seite.html.j2").touch()
    output = make(built)
    assert "mitteilung build" in output
    assert rebuilt(built) == set(SAMPLES)
    depfile = built / "build" / ".deps" / "data" / "vorlagen" / "7939-2025-mitteilung.d"
    assert "templates/seite.html.j2" in depfile.read_text(encoding="utf-8").split()


@needs_make
def test_included_baustein_rebuilds_exactly_the_documents_using_it(built: Path) -> None:
    edit(built / HINWEIS, "erste Fassung", "zweite Fassung")
    output = make(built)
    assert "1 Vorlage(n) gebaut" in output
    assert rebuilt(built) == {"8012-2025-beschlussvorlage"}
    text = (built / "build" / "8012-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    assert "Hinweis: zweite Fassung." in text
    assert "sind aktuell" in make(built)


def test_references_are_followed_through_every_level_once(tmp_path: Path) -> None:
    (tmp_path / "teile").mkdir()
    files = {
        "a.txt.j2": '{% extends "b.txt.j2" %}{% block x %}{% include "teile/c.txt.j2" %}'
        "{% endblock %}",
        "b.txt.j2": '{% import "teile/d.txt.j2" as d %}{% block x %}{% endblock %}',
        "teile/c.txt.j2": '{% include "a.txt.j2" %}{% include name %}',  # a cycle, a variable
        "teile/d.txt.j2": '{% include ["fehlt.txt.j2", "../aussen.txt.j2"] %}{% if %}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = referenced(tmp_path, "a.txt.j2")
    # not a itself, not what is missing, outside or named by a variable; d despite its error
    expected = {tmp_path / name for name in ("b.txt.j2", "teile/c.txt.j2", "teile/d.txt.j2")}
    assert len(found) == len(expected)
    assert set(found) == expected


def test_word_template_parts_are_followed(project: Path) -> None:
    nummer = "{{ vorlage.nummer }}"
    word_sub(nummer, '{% import "makros.txt.j2" as m %}' + nummer)(project)
    word_sub("{{ stadt.name }}", '{% include "kopf.txt.j2" %}', part="word/header1.xml")(project)
    for name in ("makros.txt.j2", "kopf.txt.j2"):
        (project / "templates" / name).write_text("", encoding="utf-8")
    found = referenced(project / "templates", "mitteilung.docx")
    assert sorted(found) == [project / "templates" / n for n in ("kopf.txt.j2", "makros.txt.j2")]
