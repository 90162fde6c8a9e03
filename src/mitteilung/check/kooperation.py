"""Rules on a cooperation's facts: its partners, its stated counts, its own targets.

Each rule is a function ``(entry, project) -> list[Problem]``; the problems are located in the
cooperation's facts file, so every document using the file reports them (once in the summary).
"""

from __future__ import annotations

from collections.abc import Callable

from mitteilung.check.references import unknown
from mitteilung.errors import Problem, Severity
from mitteilung.formatting import prozent
from mitteilung.model.derived import derive
from mitteilung.model.project import Entry, Project

Rule = Callable[[Entry, Project], list[Problem]]
#: Where the city file lists the kinds of partners.
PARTNERARTEN = "in data/stadt.yaml unter 'partnerarten:'"


def partner(entry: Entry, project: Project) -> list[Problem]:
    """Every partner of a known kind, each named once; the own city counts without a line."""
    koop, doc = entry.kooperation, entry.kooperation_doc
    if koop is None or doc is None:
        return []
    problems = []
    arten = project.stadt.partnerarten
    seen: set[str] = set()
    for i, p in enumerate(koop.partner):
        if p.art not in arten:
            loc = ("kooperation", "partner", i, "art")
            problems.append(unknown(doc, loc, "Partnerart", p.art, arten, PARTNERARTEN))
        if p.name is not None and p.name in seen:
            problems.append(
                doc.problem(
                    ("kooperation", "partner", i, "name"),
                    f"'{p.name}' steht schon weiter oben in der Liste; jeden Partner nur "
                    "einmal nennen",
                )
            )
        if p.name is not None and p.name == project.stadt.stadt.name:
            problems.append(
                doc.problem(
                    ("kooperation", "partner", i, "name"),
                    f"die eigene Stadt ({p.name}, aus data/stadt.yaml) zählt immer mit und "
                    "steht nicht in der Liste; diesen Eintrag löschen",
                )
            )
        seen.update([p.name] if p.name is not None else [])
    return problems


def angaben(entry: Entry, project: Project) -> list[Problem]:
    """A count stated beside the partners must be the count the partners give."""
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    if koop is None or programm is None or doc is None or koop.kommunen is None:
        return []
    fakten = derive(koop, programm, entry.vorlage.datum, project.stadt)
    if koop.kommunen == fakten.anzahl_kommunen:
        return []
    return [
        doc.problem(
            ("kooperation", "kommunen"),
            f"{koop.kommunen} Kommunen angegeben, die Liste 'partner' ergibt aber "
            f"{fakten.anzahl_kommunen} (gezählt ohne die eigene Stadt, ohne Kreisverwaltungen "
            "und ohne abgesagte); die Zahl berichtigen oder die Zeile löschen, sie folgt aus "
            "der Liste",
        )
    ]


def effizienzgewinn(entry: Entry, project: Project) -> list[Problem]:
    """The cooperation's efficiency target: at least the programme's minimum, stated if aimed at."""
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    if koop is None or programm is None or doc is None:
        return []
    loc = ("kooperation", "effizienzgewinn_prozent")
    target, minimum = koop.effizienzgewinn_prozent, programm.effizienzgewinn_prozent
    if target is not None and target < minimum:
        return [
            doc.problem(
                loc,
                f"angestrebter Effizienzgewinn von {prozent(target)} liegt unter dem "
                f"Mindestwert des Förderprogramms ({prozent(minimum)})",
            )
        ]
    if target is None and "effizienzgewinn" in koop.ziele:
        return [
            doc.problem(
                ("kooperation", "ziele"),
                f"Ziel 'effizienzgewinn' ohne eigenen Wert: 'effizienzgewinn_prozent:' mit "
                f"mindestens {programm.effizienzgewinn_prozent:g} ergänzen",
                severity=Severity.WARNING,
            )
        ]
    return []


RULES: tuple[Rule, ...] = (partner, angaben, effizienzgewinn)
