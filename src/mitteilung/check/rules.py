"""Rules over a document and the others: numbers, Anlagen, decisions, funding, placeholders.

Each rule returns German problems naming file, line and field. Problems in a shared facts file
are given to every document that uses it, so that document is not built on a broken fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mitteilung.errors import Problem, Severity, display_path
from mitteilung.formatting import datum
from mitteilung.model.document import Path_
from mitteilung.model.project import Entry, Project

PLACEHOLDER = "[hier den Text des Abschnitts '{}' schreiben]"
ERLAEUTERUNG = "[Begründung in einem Satz]"
ANLAGE = "[Titel der Anlage]"
#: Every placeholder `mitteilung new` writes; a rule warns about any left in a document.
PLACEHOLDERS = (PLACEHOLDER, ERLAEUTERUNG, ANLAGE)
# new's placeholder with any section label: "[hier den Text des Abschnitts '…' schreiben]"
_PLACEHOLDER = re.compile(
    "|".join(".+?".join(re.escape(part) for part in text.split("{}")) for text in PLACEHOLDERS)
)


def eindeutige_nummer(entry: Entry, project: Project) -> Iterator[Problem]:
    """Every Vorlagennummer is given once in all of data/."""
    refs = project.by_number.get(entry.vorlage.nummer, [])
    if len(refs) > 1:
        others = ", ".join(r.name for r in refs if r.path != entry.doc.path)
        yield entry.doc.problem(
            ("nummer",),
            f"Vorlagennummer {entry.vorlage.nummer} ist doppelt vergeben "
            f"(auch in {others}); jede Vorlage braucht eine eigene Nummer",
        )


def anlagen(entry: Entry, project: Project) -> Iterator[Problem]:
    """An Anlage that names a Vorlage names one of data/ that can be read."""
    broken = project.broken_numbers
    for i, anlage in enumerate(entry.vorlage.anlagen):
        if anlage.vorlage is None or project.by_number.get(anlage.vorlage):
            continue
        loc = ("anlagen", i, "vorlage")
        if anlage.vorlage in broken:
            yield entry.doc.problem(
                loc,
                f"Vorlage {anlage.vorlage} ({display_path(broken[anlage.vorlage])}) hat selbst "
                "Fehler; diese zuerst beheben",
            )
        else:
            yield entry.doc.problem(
                loc,
                f"Vorlage {anlage.vorlage} gibt es in den Daten nicht; als Anlage nur Vorlagen "
                "aus data/ nennen oder 'titel:' verwenden",
            )


def entscheidung(entry: Entry, project: Project) -> Iterator[Problem]:
    """A Beschlussvorlage is decided by a Gremium of its Beratungsfolge."""
    art = project.stadt.vorlagenarten.get(entry.vorlage.vorlagenart)
    if art is None or not art.beschluss:
        return
    if not any(b.zustaendigkeit == "Entscheidung" for b in entry.vorlage.beratungsfolge):
        yield entry.doc.problem(
            ("beratungsfolge",),
            "kein Gremium mit Zuständigkeit 'Entscheidung': eine Beschlussvorlage muss von "
            "einem Gremium entschieden werden",
        )


def mitzeichnung(entry: Entry, project: Project) -> Iterator[Problem]:
    """A Mitzeichnung is given only where the Vorlagenart shows the sign-off: else it is lost."""
    key = entry.vorlage.vorlagenart
    art = project.stadt.vorlagenarten.get(key)
    if art is None or art.unterzeichnung or not entry.vorlage.mitzeichnung:
        return
    yield entry.doc.problem(
        ("mitzeichnung",),
        f"Vorlagenart '{key}' hat keine Unterzeichnung, die Mitzeichnung erscheint nicht im "
        "Dokument; in data/stadt.yaml bei der Vorlagenart 'unterzeichnung: true' setzen oder "
        "die Mitzeichnung löschen",
        severity=Severity.WARNING,
    )


def foerderbedingungen(entry: Entry, project: Project) -> Iterator[Problem]:
    """The cooperation meets the programme's minimum duration and pursues one of its aims."""
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    if koop is None or programm is None or doc is None:
        return
    if koop.laufzeit_jahre < programm.mindestlaufzeit_jahre:
        yield doc.problem(
            ("kooperation", "laufzeit_jahre"),
            f"Laufzeit von {koop.laufzeit_jahre} Jahren ist kürzer als die Mindestlaufzeit des "
            f"Förderprogramms ({programm.mindestlaufzeit_jahre} Jahre)",
        )
    if not koop.ziele:
        yield doc.problem(
            ("kooperation", "ziele"),
            "kein Förderziel angegeben: die Kooperation muss eines der Ziele des "
            f"Förderprogramms verfolgen ({', '.join(programm.ziele)})",
        )


def fristen(entry: Entry, project: Project) -> Iterator[Problem]:
    """A deadline of the programme is still open at the document's date, and not too close."""
    fakten = entry.fakten
    if fakten is None:
        return
    stichtag = entry.vorlage.datum
    warn_days = project.stadt.pruefung.fristwarnung_tage
    if fakten.naechste_frist is None and fakten.fristen_vergangen:
        last = fakten.fristen_vergangen[-1].datum
        yield entry.doc.problem(
            ("datum",),
            f"alle Antragsfristen des Förderprogramms sind zum Datum der Vorlage "
            f"({datum(stichtag)}) abgelaufen (letzte: {datum(last)}); neue Frist in der "
            "Faktendatei des Förderprogramms eintragen",
        )
    elif fakten.naechste_frist is not None:
        days = (fakten.naechste_frist.datum - stichtag).days
        if days < warn_days:
            yield entry.doc.problem(
                ("datum",),
                f"die nächste Antragsfrist ({datum(fakten.naechste_frist.datum)}) ist nur "
                f"{days} Tage nach dem Datum der Vorlage (Warnung ab weniger als {warn_days} "
                "Tagen)",
                severity=Severity.WARNING,
            )


def beschlussvorlage_vorhanden(entry: Entry, project: Project) -> Iterator[Problem]:
    """A cooperation that needs a resolution needs a Beschlussvorlage the Gremium decides."""
    koop, doc = entry.kooperation, entry.kooperation_doc
    if koop is None or doc is None or not koop.beschluss.erforderlich:
        return
    gremium = koop.beschluss.gremium
    if (doc.path, gremium) in project.entscheidungen:
        return
    name = project.stadt.gremien[gremium].genitiv if gremium in project.stadt.gremien else gremium
    yield Problem(
        doc.name,
        doc.line(("kooperation", "beschluss")),
        "kooperation.beschluss",
        f"die Teilnahme braucht einen Beschluss {name}, aber keine Beschlussvorlage "
        f"zu dieser Kooperation nennt '{gremium}' mit Zuständigkeit 'Entscheidung'",
        Severity.WARNING,
    )


def platzhalter(entry: Entry, project: Project) -> Iterator[Problem]:
    """A text `mitteilung new` wrote as placeholder, still in the document: one warning each."""
    todo: list[tuple[Path_, Any]] = [((), entry.doc.data)]
    while todo:
        loc, data = todo.pop(0)
        if isinstance(data, dict):
            todo[:0] = [((*loc, key), value) for key, value in data.items()]
        elif isinstance(data, list):
            todo[:0] = [((*loc, i), value) for i, value in enumerate(data)]
        elif isinstance(data, str) and _PLACEHOLDER.search(data):
            yield entry.doc.problem(
                loc, "Platzhalter noch nicht ersetzt", severity=Severity.WARNING
            )
