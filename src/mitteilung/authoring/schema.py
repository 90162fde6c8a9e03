"""JSON Schemas of the data files, so editors complete and check keys while a clerk types.

One schema per kind of file (city, document, cooperation, funding programme): editors give
precise completion and messages for one schema, but only vague ones for "one of four".
Generated from the pydantic models; the class descriptions in German (the docstrings are
for developers and stay English).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mitteilung.model import FoerderprogrammDatei, KooperationDatei, StadtDatei, Vorlage
from mitteilung.model.sitzung import SitzungDatei

# Draft 7: what yaml-language-server supports; the generated schemas use nothing newer.
DIALECT = "http://json-schema.org/draft-07/schema#"
FOLDER = Path("schema")

#: file name -> (model, title): which data files use which schema.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "stadt.schema.json": (StadtDatei, "Stadt, Gremien und Vorlagenarten (data/stadt.yaml)"),
    "vorlage.schema.json": (Vorlage, "Eine Vorlage (data/vorlagen/*.yaml)"),
    "kooperation.schema.json": (KooperationDatei, "Fakten einer Kooperation (data/fakten/)"),
    "foerderprogramm.schema.json": (
        FoerderprogrammDatei,
        "Fakten eines Förderprogramms (data/fakten/)",
    ),
    "sitzung.schema.json": (SitzungDatei, "Eine Sitzung (data/sitzungen/*.yaml)"),
}

#: German description of every model, shown by the editor on hover.
DESCRIPTIONS = {
    "StadtDatei": "Die Stadt, ihre Gremien und die Arten von Vorlagen, die sie schreibt.",
    "Stadt": "Die Stadt, deren Verwaltung die Vorlagen schreibt.",
    "Gremium": "Ein Gremium (Ausschuss, Rat), an das Vorlagen gehen.",
    "Wahlperiode": "Eine Wahlperiode des Stadtrates (in OParl: LegislativeTerm).",
    "Vorlagenart": "Eine Art von Vorlage mit Beschriftungen, Vorlagen und Nummernmuster; "
    "eine neue Art braucht nur einen Eintrag hier und ihre Vorlagen.",
    "Pruefung": "Einstellungen der Prüfungen vor jedem Bau.",
    "Briefkopf": "Das Logo im Briefkopf der Word-Dokumente, mit Alternativtext.",
    "Fusszeile": "Die Wörter um die Seitenzahlen in der Fußzeile.",
    "Unterzeichnung": "Ort, Funktion und Name unter Vorlagen, deren Art unterzeichnet wird.",
    "Anfuehrungszeichen": "Anführungszeichen außen und innen für angeführte Texte.",
    "Partnerart": "Eine Art von Behörde, die an einer Kooperation teilnimmt, mit der Grammatik "
    "für die Textbausteine ('die Verbandsgemeinde', '3 Verbandsgemeinden').",
    "Vorlage": "Eine Vorlage (Mitteilung, Beschlussvorlage, …): eine YAML-Datei in data/.",
    "Block": "Ein Teil eines Abschnitts: eigener Text ('text') oder ein Textbaustein "
    "('baustein'), genau eines von beiden.",
    "Beratung": "Ein Schritt der Beratungsfolge: welches Gremium, wann, wozu.",
    "Klimaschutz": "Auswirkungen auf den Klimaschutz.",
    "Anlage": "Eine Anlage: eine andere Vorlage ('vorlage') oder eine Datei ('titel').",
    "Mitzeichnung": "Ein Bereich, der die Vorlage mitzeichnet, mit Datum.",
    "KooperationDatei": "Faktendatei zu einer Kooperation.",
    "Kooperation": "Eine interkommunale Zusammenarbeit (IKZ) und wer daran teilnimmt.",
    "Partner": "Eine beteiligte Behörde ('name') oder mehrere ungenannte einer Art ('anzahl'); "
    "die eigene Stadt zählt immer mit und steht nicht in der Liste.",
    "Gespraeche": "Die Vorgeschichte einer Sache (freiwillig): seit wann mit wem auf welcher "
    "Ebene gesprochen wird.",
    "Beschlusserfordernis": "Ob die Teilnahme der Stadt einen Beschluss braucht, und von wem.",
    "FoerderprogrammDatei": "Faktendatei zu einem Förderprogramm.",
    "Foerderprogramm": "Ein Förderprogramm mit Quellen; jede Vorlage dazu nutzt diese Datei.",
    "Quelle": "Woher eine Angabe stammt.",
    "Frist": "Eine Einreichungsfrist des Förderprogramms.",
    "Foerderstufe": "Eine Zeile der Fördertabelle: ab wie vielen Kommunen (die eigene Stadt "
    "mitgezählt), bis zu welchem Betrag.",
    "Zuschlag": "Ein Zuschlag (vertikale oder nicht angrenzende Zusammenarbeit); "
    "der Betrag darf offen sein.",
    "SitzungDatei": "Eine Sitzung eines Gremiums: eine YAML-Datei in data/sitzungen/.",
    "Sitzung": "Eine Sitzung: Gremium, Tag, Zeit, Ort, Einladung, Tagesordnung und nach der "
    "Sitzung Anwesenheit und Ergebnisse.",
    "Tagesordnung": "Die Tagesordnung in zwei Teilen; die TOP-Nummern zählt das Programm.",
    "Top": "Ein Tagesordnungspunkt: eine Vorlage ('vorlage') oder ein Punkt mit Titel "
    "('titel'), genau eines von beiden.",
    "Abstimmung": "Die Abstimmung über einen TOP.",
    "Umsetzung": "Stand der Ausführung eines Beschlusses (Beschlusskontrolle).",
    "Anwesenheit": "Wer an der Sitzung teilgenommen hat (für die Niederschrift, § 41 GemO).",
    "SitzungsRegeln": "Einstellungen für Sitzungen; ohne Angabe gelten die Vorgaben der GemO.",
    "TopNummern": "Schreibweise der TOP-Nummern; {nr} ist die laufende Nummer.",
    "Sitzungsdokument": "Ein Dokument einer Sitzung (Einladung, Bekanntmachung, …) mit "
    "seinen Vorlagen.",
}


def schema_of(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file, with German descriptions."""
    schema = model.model_json_schema()
    for definition in [schema, *schema.get("$defs", {}).values()]:
        name = definition.get("title", "")
        if name in DESCRIPTIONS:
            definition["description"] = DESCRIPTIONS[name]
    return {"$schema": DIALECT, **schema, "title": title}


def schemas() -> dict[str, bytes]:
    """Every schema file, by name, as it is written (stable: sorted keys, final newline)."""
    return {
        name: (
            json.dumps(schema_of(model, title), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        ).encode("utf-8")
        for name, (model, title) in KINDS.items()
    }


def modeline(data_file: Path, schema_file: Path) -> str:
    """The first line that tells the editor (yaml-language-server) which schema a file has."""
    relative = os.path.relpath(schema_file.resolve(), data_file.parent.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def kind_of(data: object) -> str | None:
    """The schema file of a loaded data file, by its top-level keys."""
    if isinstance(data, dict):
        for key, name in _TOP_KEYS.items():
            if key in data:
                return name
    return None


_TOP_KEYS = {
    "vorlagenart": "vorlage.schema.json",
    "vorlagenarten": "stadt.schema.json",
    "kooperation": "kooperation.schema.json",
    "foerderprogramm": "foerderprogramm.schema.json",
    "sitzung": "sitzung.schema.json",
}
