"""The rules a careful Büroleitung checks before anything reaches the council.

Each rule adds a German problem naming file, line and rule. Problems in a shared facts file are
added to every document that uses it, so that document is not built on a broken fact.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mitteilung.authoring.new import PLACEHOLDERS
from mitteilung.check import kooperation
from mitteilung.errors import Problem, Severity, display_path
from mitteilung.formatting import datum
from mitteilung.model.derived import derive
from mitteilung.model.document import Path_
from mitteilung.model.project import Entry, Project, Ref

# scaffold's placeholder with any section label: "[hier den Text des Abschnitts '…' schreiben]"
_PLACEHOLDER = re.compile(
    "|".join(".+?".join(re.escape(part) for part in text.split("{}")) for text in PLACEHOLDERS)
)


def check(entry: Entry, project: Project) -> None:
    """Run every rule on one document of a loaded project (the others known by their Ref)."""
    index = project.by_number
    if len(index.get(entry.vorlage.nummer, [])) > 1:
        _duplicate_number(entry, index[entry.vorlage.nummer])
    _anlagen(entry, index, project.broken_numbers)
    art = project.stadt.vorlagenarten.get(entry.vorlage.vorlagenart)
    if art is not None and art.beschluss:
        _entscheidung(entry)
    if entry.kooperation is not None and entry.foerderprogramm is not None:
        _kooperation(entry)
        _fristen(entry, project)
        for rule in kooperation.RULES:
            entry.problems.extend(rule(entry, project))
    _beschlussvorlage_vorhanden(entry, project)
    _platzhalter(entry, entry.doc.data, ())


def _duplicate_number(entry: Entry, refs: list[Ref]) -> None:
    others = ", ".join(r.name for r in refs if r.path != entry.doc.path)
    entry.problems.append(
        entry.doc.problem(
            ("nummer",),
            f"Vorlagennummer {entry.vorlage.nummer} ist doppelt vergeben "
            f"(auch in {others}); jede Vorlage braucht eine eigene Nummer",
        )
    )


def _anlagen(entry: Entry, index: dict[str, list[Ref]], broken: dict[str, Path]) -> None:
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
            entry.sources.append(found[0].path)


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


def _fristen(entry: Entry, project: Project) -> None:
    koop, programm = entry.kooperation, entry.foerderprogramm
    assert koop is not None and programm is not None
    warn_days = project.stadt.pruefung.fristwarnung_tage
    stichtag = entry.vorlage.datum
    fakten = derive(koop, programm, stichtag, project.stadt)
    if fakten.naechste_frist is None and fakten.fristen_vergangen:
        last = fakten.fristen_vergangen[-1].datum
        entry.problems.append(
            entry.doc.problem(
                ("datum",),
                f"alle Antragsfristen des Förderprogramms sind zum Datum der Vorlage "
                f"({datum(stichtag)}) abgelaufen (letzte: {datum(last)}); neue Frist in "
                "der Faktendatei des Förderprogramms eintragen",
            )
        )
    elif fakten.naechste_frist is not None:
        days = (fakten.naechste_frist.datum - stichtag).days
        if days < warn_days:
            entry.problems.append(
                entry.doc.problem(
                    ("datum",),
                    f"die nächste Antragsfrist ({datum(fakten.naechste_frist.datum)}) ist nur "
                    f"{days} Tage nach dem Datum der Vorlage "
                    f"(Warnung ab weniger als {warn_days} Tagen)",
                    severity=Severity.WARNING,
                )
            )


def _beschlussvorlage_vorhanden(entry: Entry, project: Project) -> None:
    """A cooperation that needs a resolution needs a Beschlussvorlage the Gremium decides."""
    koop, doc = entry.kooperation, entry.kooperation_doc
    if koop is None or doc is None or not koop.beschluss.erforderlich:
        return
    gremium = koop.beschluss.gremium
    if (doc.path, gremium) in project.decided:
        return
    name = project.stadt.gremien[gremium].genitiv if gremium in project.stadt.gremien else gremium
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


def _platzhalter(entry: Entry, data: Any, loc: Path_) -> None:
    """A text `mitteilung new` wrote as placeholder, still in the document: one warning each."""
    if isinstance(data, dict):
        for key, value in data.items():
            _platzhalter(entry, value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _platzhalter(entry, value, (*loc, i))
    elif isinstance(data, str) and _PLACEHOLDER.search(data):
        entry.problems.append(
            entry.doc.problem(loc, "Platzhalter noch nicht ersetzt", severity=Severity.WARNING)
        )
