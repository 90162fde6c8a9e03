"""The Beschlusskontrolle: one list over all held Sitzungen of the resolutions taken, with how far
the administration has carried each out (``umsetzung:`` of the TOP in the Sitzung file).

Overdue is measured against a fixed Stichtag (``sitzungen.stichtag`` in data/stadt.yaml, else
the day of the latest held Sitzung), never today: the same data give the same files. A public
list (``oeffentlich: true``) receives no row of a nichtöffentlich TOP at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mitteilung.check.sitzung_ergebnisse import kontrolle_fehler
from mitteilung.check.sitzungen import check_sitzung
from mitteilung.errors import Problem, TemplateProblem
from mitteilung.model.project import Project
from mitteilung.model.sitzung import Sitzungsdokument
from mitteilung.model.sitzungsplan import SitzungEntry
from mitteilung.render.deps import referenced
from mitteilung.render.logo import logo_files
from mitteilung.render.sitzung import RenderText, RenderWord, formats_of, render_files
from mitteilung.render.word import CoreProperties

#: Order of the states: what is still to do comes first.
_REIHENFOLGE = {"offen": 0, "in Arbeit": 1, "erledigt": 2, None: 0}


def kontrolllisten(project: Project) -> list[tuple[str, Sitzungsdokument]]:
    """(file stem, kind) of each Beschlusskontrolle in stadt.yaml; none without a Sitzung."""
    if not project.sitzungen.entries:
        return []
    return [(k, a) for k, a in project.stadt.sitzungsdokumente.items() if a.je == "alle"]


def gehalten(project: Project) -> list[SitzungEntry]:
    """The held Sitzungen, in the order of their dates: the ones with resolutions."""
    return [e for e in project.sitzungen.entries if e.gehalten]


def stichtag(project: Project) -> date | None:
    """The day against which a Frist counts as overdue (None: no Sitzung held yet)."""
    fixed = project.stadt.sitzungen.stichtag
    held = [e.sitzung.datum for e in gehalten(project)]
    return fixed if fixed is not None else max(held, default=None)


def zeilen(project: Project, public: bool) -> list[dict[str, Any]]:
    """One row per resolution: open ones first, then by Frist, then by Sitzung and TOP."""
    tag = stichtag(project)
    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for entry in gehalten(project):
        s = entry.sitzung
        for i, t in enumerate(entry.tops):
            if not t.beschluss or (public and not t.oeffentlich):
                continue  # a public list names no nichtöffentlich TOP, not even its label
            vorlage = project.tagesordnung.get(t.top.vorlage or "")
            u = t.top.umsetzung
            status = u.status if u is not None else None
            frist = u.frist if u is not None else None
            row = {
                "gremium": project.stadt.gremien[s.gremium].name,
                "datum": s.datum,
                "top": t.nummer,
                "oeffentlich": t.oeffentlich,
                "vorlage": vorlage.vorlage.nummer if vorlage else None,
                "titel": vorlage.vorlage.betreff if vorlage else t.top.titel,
                "ergebnis": t.top.ergebnis,
                "umsetzung": u.model_dump() if u is not None else None,
                "ueberfaellig": bool(frist and tag and frist < tag and status != "erledigt"),
            }
            key = (_REIHENFOLGE[status], frist or date.max, s.datum, s.gremium, i)
            rows.append((key, row))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def kontroll_context(project: Project, art: Sitzungsdokument) -> dict[str, Any]:
    """Everything a Beschlusskontrolle's template may use."""
    rows = zeilen(project, art.oeffentlich)
    return {
        "stadt": project.stadt.stadt.model_dump(),
        "dokument": art.model_dump(),
        "stichtag": stichtag(project),
        "beschluesse": rows,
        "ueberfaellig": sum(1 for r in rows if r["ueberfaellig"]),
    }


def kontrolle(
    project: Project, formats: Sequence[str], render_text: RenderText, render_word: RenderWord
) -> tuple[list[Problem], list[tuple[str, dict[str, bytes], list[str]]]]:
    """The Beschlusskontrolle when stadt.yaml is built (make hands it over when one of its
    sources changed): why it cannot be made, or (stem, files, formats it has) of each list."""
    lists = kontrolllisten(project)
    if not lists or project.stadt_doc.path not in project.selected:
        return [], []
    found = [p for e in gehalten(project) for p in check_sitzung(e, project)]
    problems = kontrolle_fehler(project, found)
    if problems:
        return problems, []
    try:
        rendered = render_kontrolle(project, formats, render_text, render_word)
    except TemplateProblem as exc:
        return [exc.problem], []
    return [], [(stem, rendered[stem], formats_of(art)) for stem, art in lists]


def render_kontrolle(
    project: Project, formats: Sequence[str], render_text: RenderText, render_word: RenderWord
) -> dict[str, dict[str, bytes]]:
    """Every Beschlusskontrolle, by file stem, in the requested formats (pdf: the .docx)."""
    return {
        stem: render_files(
            art,
            kontroll_context(project, art),
            formats,
            _properties(project, art),
            render_text,
            render_word,
        )
        for stem, art in kontrolllisten(project)
    }


def _properties(project: Project, art: Sitzungsdokument) -> CoreProperties:
    """Title 'Beschlusskontrolle, Stand 10.12.2025', dated by the Stichtag (reproducible)."""
    tag = stichtag(project) or date(2000, 1, 1)
    title = f"{art.bezeichnung}, Stand {tag.strftime('%d.%m.%Y')}"
    return CoreProperties(
        title=title, subject=art.bezeichnung, author=project.stadt.stadt.name, created=tag
    )


def kontroll_sources(project: Project) -> list[Path]:
    """Every file the Beschlusskontrolle is made from: stadt.yaml, every Sitzung file, the
    Vorlagen they name (their Betreff), the templates with what they pull in, the logo."""
    found: list[Path] = [project.stadt_doc.path, *project.sitzungen.failed]
    for entry in project.sitzungen.entries:
        found.append(entry.doc.path)
        for t in entry.tops:
            vorlage = project.tagesordnung.get(t.top.vorlage or "")
            if vorlage is not None:
                found.append(vorlage.doc.path)
    templates = project.templates
    for _, art in kontrolllisten(project):
        for name in (art.word, art.text, art.html):
            path = templates.joinpath(*name.split("/")) if name else None
            if path is not None and path.is_file():
                found += [path, *referenced(templates, name or "")]
        if art.word is not None:
            found += logo_files(project)
    return list(dict.fromkeys(found))
