"""Rules on a cooperation's facts: its partners, its stated counts, its own targets.

Each rule is a function ``(entry, project) -> problems`` listed in `check.RULES`; the problems
are located in the cooperation's facts file, so every document using the file reports them
(once in the summary).
"""

from __future__ import annotations

from collections.abc import Iterator

from mitteilung.errors import Problem, Severity, unknown_name
from mitteilung.formatting import prozent
from mitteilung.model.project import Entry, Project

#: Where the city file lists the kinds of partners.
PARTNERARTEN = "in data/stadt.yaml unter 'partnerarten:'"


def partner(entry: Entry, project: Project) -> Iterator[Problem]:
    """Every partner of a known kind, each named once; the own city counts without a line."""
    koop, doc = entry.kooperation, entry.kooperation_doc
    if koop is None or doc is None:
        return
    arten = project.stadt.partnerarten
    seen: set[str] = set()
    for i, p in enumerate(koop.partner):
        loc = ("kooperation", "partner", i)
        if p.art not in arten:
            yield doc.problem((*loc, "art"), unknown_name("Partnerart", p.art, arten, PARTNERARTEN))
        if p.name is None:
            continue
        if p.name in seen:
            yield doc.problem(
                (*loc, "name"),
                f"'{p.name}' steht schon weiter oben in der Liste; jeden Partner nur einmal nennen",
            )
        if p.name == project.stadt.stadt.name:
            yield doc.problem(
                (*loc, "name"),
                f"die eigene Stadt ({p.name}, aus data/stadt.yaml) zählt immer mit und steht "
                "nicht in der Liste; diesen Eintrag löschen",
            )
        seen.add(p.name)
    if all(p.status == "abgesagt" for p in koop.partner):
        yield doc.problem(
            ("kooperation", "partner"),
            "alle Partner haben abgesagt; eine Kooperation braucht mindestens einen Partner "
            "außer der eigenen Stadt",
        )


def angaben(entry: Entry, project: Project) -> Iterator[Problem]:
    """A count stated beside the partners must be the count the partners give."""
    koop, fakten, doc = entry.kooperation, entry.fakten, entry.kooperation_doc
    if koop is None or fakten is None or doc is None or koop.kommunen is None:
        return
    if koop.kommunen != fakten.anzahl_kommunen:
        yield doc.problem(
            ("kooperation", "kommunen"),
            f"{koop.kommunen} Kommunen angegeben, die Liste 'partner' ergibt aber "
            f"{fakten.anzahl_kommunen} (gezählt ohne die eigene Stadt, ohne Kreisverwaltungen "
            "und ohne abgesagte); die Zahl berichtigen oder die Zeile löschen, sie folgt aus "
            "der Liste",
        )


def foerderstufe(entry: Entry, project: Project) -> Iterator[Problem]:
    """Warn when the partners taking part reach no row of the programme's table."""
    fakten, programm, doc = entry.fakten, entry.foerderprogramm, entry.kooperation_doc
    if fakten is None or programm is None or doc is None or fakten.foerderstufe is not None:
        return
    kleinste = min(s.ab_kommunen for s in programm.foerderstufen)
    yield doc.problem(
        ("kooperation", "partner"),
        f"mit {fakten.anzahl_kommunen_gesamt} Kommunen (die eigene Stadt mitgezählt) erreicht "
        f"die Kooperation keine Förderstufe des Förderprogramms (die kleinste gilt ab "
        f"{kleinste} Kommunen)",
        severity=Severity.WARNING,
    )


def effizienzgewinn(entry: Entry, project: Project) -> Iterator[Problem]:
    """The cooperation's efficiency target: at least the programme's minimum, stated if aimed at."""
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    if koop is None or programm is None or doc is None:
        return
    target, minimum = koop.effizienzgewinn_prozent, programm.effizienzgewinn_prozent
    if target is not None and target < minimum:
        yield doc.problem(
            ("kooperation", "effizienzgewinn_prozent"),
            f"angestrebter Effizienzgewinn von {prozent(target)} liegt unter dem "
            f"Mindestwert des Förderprogramms ({prozent(minimum)})",
        )
    elif target is None and "effizienzgewinn" in koop.ziele:
        yield doc.problem(
            ("kooperation", "ziele"),
            "Ziel 'effizienzgewinn' ohne eigenen Wert: 'effizienzgewinn_prozent:' mit "
            f"mindestens {minimum:g} ergänzen",
            severity=Severity.WARNING,
        )
