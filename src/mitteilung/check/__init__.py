"""The check stage: the rules a careful Büroleitung applies before anything reaches the council.

It receives a loaded `model.Project` and one `model.Entry` at a time and hands back the problems
it finds (errors stop the document, warnings only with --strict); it changes nothing. A new rule
is one function ``(entry, project) -> problems`` and one line in `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mitteilung.check import kooperation, references, rules, sitzung_vorlagen
from mitteilung.errors import Problem
from mitteilung.model.project import Entry, Project

Rule = Callable[[Entry, Project], Iterable[Problem]]

#: Every rule, in the order its problems are found.
RULES: tuple[Rule, ...] = (
    references.vorlagenart,
    references.nummer,
    references.abschnitte,
    references.pflichtfelder,
    references.vorlagen_dateien,
    references.gremien,
    references.bausteine,
    references.kooperation_namen,
    kooperation.partner,
    rules.eindeutige_nummer,
    rules.anlagen,
    rules.entscheidung,
    rules.mitzeichnung,
    rules.foerderbedingungen,
    kooperation.angaben,
    kooperation.foerderstufe,
    kooperation.effizienzgewinn,
    rules.fristen,
    rules.beschlussvorlage_vorhanden,
    rules.platzhalter,
    sitzung_vorlagen.vorlage_termine,
)


def check(entry: Entry, project: Project) -> list[Problem]:
    """Every problem of one document: those found loading it, then those of every rule."""
    found = list(entry.problems)
    for rule in RULES:
        found.extend(rule(entry, project))
    return found
