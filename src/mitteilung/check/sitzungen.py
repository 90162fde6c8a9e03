"""The rules of the Gemeindeordnung Rheinland-Pfalz (GemO) for a Sitzung, checked before any
document of it goes out: here those of the Einladung and Bekanntmachung, and the list of all.

Each rule is a function returning problems; `SITZUNG_RULES` lists them in the order they run.
The rules about the Vorlagen on the Tagesordnung are in `sitzung_vorlagen.py`, those about
results in `sitzung_ergebnisse.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from mitteilung.check.sitzung_ergebnisse import ergebnisse, umsetzung
from mitteilung.check.sitzung_vorlagen import schon_entschieden, termine, vorlagen
from mitteilung.errors import Problem, display_path
from mitteilung.formatting import datum
from mitteilung.model.project import Project
from mitteilung.model.sitzungsplan import SitzungEntry

Rule = Callable[[SitzungEntry, Project], list[Problem]]


def ladungsfrist(entry: SitzungEntry, project: Project) -> list[Problem]:
    """§ 34 GemO: the Einladung at least the required number of full days before the session."""
    s, tage = entry.sitzung, project.stadt.sitzungen.ladungsfrist_tage
    volle = (s.datum - s.einladung).days - 1
    if volle >= tage or s.dringlich is not None:
        return []
    return [
        entry.doc.problem(
            ("sitzung", "einladung"),
            f"die Einladung vom {datum(s.einladung)} liegt nur {max(volle, 0)} volle Tage vor "
            f"der Sitzung am {datum(s.datum)}; § 34 GemO verlangt mindestens {tage} volle Tage "
            "(data/stadt.yaml: sitzungen.ladungsfrist_tage). Früher einladen oder unter "
            "'dringlich:' begründen, warum die Sitzung dringlich ist",
        )
    ]


def dokumente(entry: SitzungEntry, project: Project) -> list[Problem]:
    """Every template (Dokumentvorlage) of the documents this Sitzung has is there."""
    problems: list[Problem] = []
    templates = project.templates.resolve()
    for key, art in project.stadt.sitzungsdokumente.items():
        if art.je == "alle" or (art.nach_sitzung and not entry.gehalten):
            continue  # no such document of this Sitzung (yet)
        for template in (art.word, art.text, art.html):
            if template is None:
                continue
            path = (templates / template).resolve()
            if path.is_file() and path.is_relative_to(templates):
                continue
            problems.append(
                Problem(
                    display_path(project.stadt_doc.path),
                    project.stadt_doc.line(("sitzungsdokumente", key)),
                    f"sitzungsdokumente.{key}",
                    f"Dokumentvorlage {template} fehlt im Ordner templates/",
                )
            )
    return problems


def oeffentlicher_titel(entry: SitzungEntry, project: Project) -> list[Problem]:
    """A nichtöffentlich TOP has the generic label the Bekanntmachung shows instead."""
    return [
        entry.doc.problem(
            t.loc,
            "nichtöffentlicher TOP ohne 'oeffentlicher_titel:': die Bekanntmachung nennt ihn "
            "nur mit einer allgemeinen Bezeichnung, z. B. 'Grundstücksangelegenheiten' "
            "(§ 34 GemO und Verwaltungsvorschrift)",
        )
        for t in entry.tops
        if not t.oeffentlich and t.top.oeffentlicher_titel is None
    ]


SITZUNG_RULES: list[Rule] = [dokumente, ladungsfrist, vorlagen, oeffentlicher_titel, ergebnisse]
SITZUNG_RULES += [schon_entschieden, termine, umsetzung]


def check_sitzung(entry: SitzungEntry, project: Project) -> list[Problem]:
    """Every problem of one Sitzung: those found loading it, then those of every rule."""
    found = list(entry.problems)
    for rule in SITZUNG_RULES:
        found.extend(rule(entry, project))
    return found
