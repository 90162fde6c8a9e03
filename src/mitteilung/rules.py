"""The rules a careful Büroleitung checks before anything reaches the council.

Each rule adds a German problem naming file, line and rule. Problems in a shared facts file are
added to every document that uses it, so that document is not built on a broken fact.
"""

from __future__ import annotations

from pathlib import Path

from mitteilung.errors import Problem, Severity, display_path
from mitteilung.formatting import datum
from mitteilung.project import Entry, Project


def check(project: Project) -> None:
    """Run every rule over a loaded project."""
    for entries in project.by_number.values():
        if len(entries) > 1:
            _duplicate_numbers(entries)
    index = project.by_number
    beschluss_arten = {k for k, art in project.stadt.vorlagenarten.items() if art.beschluss}
    for entry in project.entries:
        _anlagen(entry, index, project.broken_numbers)
        if entry.vorlage.vorlagenart in beschluss_arten:
            _entscheidung(entry)
        if entry.kooperation is not None and entry.foerderprogramm is not None:
            _kooperation(entry)
            _fristen(entry, project.stadt.pruefung.fristwarnung_tage)
    _beschlussvorlage_vorhanden(project, beschluss_arten)


def _duplicate_numbers(entries: list[Entry]) -> None:
    for entry in entries:
        others = ", ".join(e.doc.name for e in entries if e is not entry)
        entry.problems.append(
            entry.doc.problem(
                ("nummer",),
                f"Vorlagennummer {entry.vorlage.nummer} ist doppelt vergeben "
                f"(auch in {others}); jede Vorlage braucht eine eigene Nummer",
            )
        )


def _anlagen(entry: Entry, index: dict[str, list[Entry]], broken: dict[str, Path]) -> None:
    for i, anlage in enumerate(entry.vorlage.anlagen):
        if anlage.vorlage is None:
            continue
        found = index.get(anlage.vorlage)
        if not found and anlage.vorlage in broken:
            entry.problems.append(
                entry.doc.problem(
                    ("anlagen", i, "vorlage"),
                    f"Vorlage {anlage.vorlage} "
                    f"({display_path(broken[anlage.vorlage])}) hat selbst Fehler; diese zuerst "
                    "beheben",
                )
            )
        elif not found:
            entry.problems.append(
                entry.doc.problem(
                    ("anlagen", i, "vorlage"),
                    f"Vorlage {anlage.vorlage} gibt es in den Daten "
                    "nicht; als Anlage nur Vorlagen aus data/ nennen oder 'titel:' verwenden",
                )
            )
        else:
            entry.sources.append(found[0].doc.path)


def _entscheidung(entry: Entry) -> None:
    if not any(b.zustaendigkeit == "Entscheidung" for b in entry.vorlage.beratungsfolge):
        entry.problems.append(
            entry.doc.problem(
                ("beratungsfolge",),
                "kein Gremium mit Zuständigkeit 'Entscheidung': eine "
                "Beschlussvorlage muss von einem Gremium entschieden werden",
            )
        )


def _kooperation(entry: Entry) -> None:
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    assert koop is not None and programm is not None and doc is not None
    if koop.laufzeit_jahre < programm.mindestlaufzeit_jahre:
        entry.problems.append(
            doc.problem(
                ("kooperation", "laufzeit_jahre"),
                f"Laufzeit von {koop.laufzeit_jahre} Jahren ist "
                f"kürzer als die Mindestlaufzeit des Förderprogramms "
                f"({programm.mindestlaufzeit_jahre} Jahre)",
            )
        )
    if not koop.ziele:
        entry.problems.append(
            doc.problem(
                ("kooperation", "ziele"),
                "kein Förderziel angegeben: die Kooperation muss eines "
                f"der Ziele des Förderprogramms verfolgen ({', '.join(programm.ziele)})",
            )
        )


def _fristen(entry: Entry, warn_days: int) -> None:
    programm = entry.foerderprogramm
    assert programm is not None
    stichtag = entry.vorlage.datum
    if not programm.fristen:
        return
    offen = sorted(f.datum for f in programm.fristen if f.datum >= stichtag)
    if not offen:
        last = max(f.datum for f in programm.fristen)
        entry.problems.append(
            entry.doc.problem(
                ("datum",),
                f"alle Antragsfristen des Förderprogramms sind zum Datum der Vorlage "
                f"({datum(stichtag)}) abgelaufen (letzte: {datum(last)}); neue Frist in "
                "der Faktendatei des Förderprogramms eintragen",
            )
        )
    elif (offen[0] - stichtag).days < warn_days:
        entry.problems.append(
            entry.doc.problem(
                ("datum",),
                f"die nächste Antragsfrist ({datum(offen[0])}) ist nur "
                f"{(offen[0] - stichtag).days} Tage nach dem Datum der Vorlage "
                f"(Warnung ab weniger als {warn_days} Tagen)",
                severity=Severity.WARNING,
            )
        )


def _beschlussvorlage_vorhanden(project: Project, beschluss_arten: set[str]) -> None:
    """A cooperation that needs a resolution needs a Beschlussvorlage the Gremium decides."""
    for entry in project.entries:
        koop, doc = entry.kooperation, entry.kooperation_doc
        if koop is None or doc is None or not koop.beschluss.erforderlich:
            continue
        gremium = koop.beschluss.gremium
        if not any(
            _decides(other, doc.path, gremium, beschluss_arten) for other in project.entries
        ):
            name = (
                project.stadt.gremien[gremium].genitiv
                if gremium in project.stadt.gremien
                else gremium
            )
            entry.problems.append(
                Problem(
                    doc.name,
                    doc.line(("kooperation", "beschluss")),
                    "kooperation.beschluss",
                    f"die Teilnahme braucht einen Beschluss {name}, aber keine Beschlussvorlage "
                    f"zu dieser Kooperation nennt '{gremium}' mit Zuständigkeit 'Entscheidung'",
                    Severity.WARNING,
                )
            )


def _decides(entry: Entry, koop_path: object, gremium: str, arten: set[str]) -> bool:
    return (
        entry.vorlage.vorlagenart in arten
        and entry.kooperation_doc is not None
        and entry.kooperation_doc.path == koop_path
        and any(
            b.gremium == gremium and b.zustaendigkeit == "Entscheidung"
            for b in entry.vorlage.beratungsfolge
        )
    )
