"""`mitteilung new`: a commented data file to start a new document from.

The kinds, their sections and required fields come from data/stadt.yaml; the answers are
checked one by one (so the prompt can ask again) and the whole file once more before it is
written. An existing file is never overwritten.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from mitteilung import formatting
from mitteilung.authoring import schema
from mitteilung.check.rules import ANLAGE, ERLAEUTERUNG, PLACEHOLDER
from mitteilung.errors import InputError, Problem, display_path
from mitteilung.load.reader import parse_yaml
from mitteilung.load.validate import validate
from mitteilung.model import Datum, Vorlage, Vorlagenart
from mitteilung.model.project import Project, file_stem
from mitteilung.model.stadt import number_pattern, number_year

_DATUM: TypeAdapter[date] = TypeAdapter(Datum)


@dataclass(frozen=True)
class Answers:
    """The header values a clerk gives for a new document."""

    nummer: str
    datum: date
    betreff: str
    bereich: str
    sachbearbeitung: str
    gremien: list[str]


def kind(project: Project, key: str) -> Vorlagenart:
    """The Vorlagenart ``key`` from data/stadt.yaml; ValueError naming the known ones."""
    kinds = project.stadt.vorlagenarten
    if key not in kinds:
        raise ValueError(
            f"Vorlagenart '{key}' gibt es in data/stadt.yaml nicht; vorhanden: {', '.join(kinds)}"
        )
    return kinds[key]


def pattern_hint(art: Vorlagenart) -> str:
    """The numbering pattern as a clerk reads it: '{nr}/{jahr}' -> 'NR/JJJJ'."""
    return art.nummer.replace("{nr}", "NR").replace("{jahr}", "JJJJ")


def check_nummer(project: Project, art: Vorlagenart, value: str) -> str:
    """A Vorlagennummer in the kind's pattern, not used by another document."""
    value = value.strip()
    if not number_pattern(art).fullmatch(value):
        raise ValueError(f"'{value}' passt nicht zum Muster '{art.nummer}' (z. B. 8013/2025)")
    used = project.by_number.get(value)
    if used:
        raise ValueError(f"{value} ist schon vergeben ({display_path(used[0].path)})")
    return value


def check_datum(art: Vorlagenart, nummer: str, value: str) -> date:
    """A date as the clerk writes it, in the year of the Vorlagennummer."""
    try:
        day = _DATUM.validate_python(value.strip())
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
    if number_year(art, nummer) not in (None, day.year):
        raise ValueError(f"das Jahr passt nicht zur Vorlagennummer {nummer}")
    return day


def check_text(value: str) -> str:
    """A one-line text that is not empty."""
    value = " ".join(value.split())
    if not value:
        raise ValueError("bitte einen Text eingeben")
    return value


def check_gremien(project: Project, value: str) -> list[str]:
    """Gremium keys, separated by commas or spaces, each known in data/stadt.yaml."""
    keys = [k for k in value.replace(",", " ").split() if k]
    known = project.stadt.gremien
    wrong = [k for k in keys if k not in known]
    if wrong or not keys:
        raise ValueError(
            f"unbekannt: {', '.join(wrong) or '(keines angegeben)'}; vorhanden: {', '.join(known)}"
        )
    return keys


#: Asks one question: (label, check raising ValueError, default) -> the checked answer.
Ask = Callable[[str, Callable[[str], Any], str | None], Any]


def interview(project: Project, art: Vorlagenart, ask: Ask) -> Answers:
    """Ask for the header values of a new document, each checked as it is given."""
    nummer = ask(f"Nummer ({pattern_hint(art)})", lambda v: check_nummer(project, art, v), None)
    datum = ask(
        "Datum (TT.MM.JJJJ)",
        lambda v: check_datum(art, nummer, v),
        formatting.datum(date.today()),
    )
    return Answers(
        nummer=nummer,
        datum=datum,
        betreff=ask("Betreff", check_text, None),
        bereich=ask("Bereich (federführend)", check_text, None),
        sachbearbeitung=ask("Sachbearbeitung", check_text, None),
        gremien=ask(
            "Gremien in der Reihenfolge der Beratung (Schlüssel aus data/stadt.yaml)",
            lambda v: check_gremien(project, v),
            " ".join(project.stadt.gremien),
        ),
    )


def target(project: Project, key: str, nummer: str) -> Path:
    """Where the new file goes by default: data/vorlagen/<nummer>-<art>.yaml."""
    return project.root / "data" / "vorlagen" / f"{file_stem(nummer, key)}.yaml"


def _q(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar: quotes, colons and '#' stay text.
    return json.dumps(text, ensure_ascii=False)


def render(project: Project, key: str, answers: Answers, path: Path) -> str:
    """The commented data file for a new document of kind ``key``."""
    art = kind(project, key)
    last = len(answers.gremien) - 1
    lines = [
        schema.modeline(path, project.root / schema.FOLDER / "vorlage.schema.json"),
        f"# {art.bezeichnung} {answers.nummer}, angelegt mit 'mitteilung new'.",
        "# Texte in [eckigen Klammern] ersetzen; jedes Feld ist im README beschrieben.",
        f"vorlagenart: {key}",
        f"nummer: {answers.nummer}",
        f"datum: {formatting.datum(answers.datum)}",
        "# Hinweis im Dokument, solange es ein Entwurf ist: löschen, wenn die Vorlage fertig ist",
        'entwurf: "Entwurf: Platzhalter in [eckigen Klammern] sind noch zu ersetzen."',
        f"betreff: {_q(answers.betreff)}",
        f"bereich: {_q(answers.bereich)}",
        f"sachbearbeitung: {_q(answers.sachbearbeitung)}",
        "oeffentlich: true   # false: nichtöffentlich",
        "# Gremien in der Reihenfolge der Beratung;",
        "# Zuständigkeit: Vorberatung, Entscheidung, Kenntnisnahme oder Anhörung",
        "beratungsfolge:",
    ]
    for i, gremium in enumerate(answers.gremien):
        role = (
            ("Entscheidung" if i == last else "Vorberatung") if art.beschluss else "Kenntnisnahme"
        )
        lines += [f"  - gremium: {gremium}", f"    zustaendigkeit: {role}"]
        lines += ["    # sitzung: TT.MM.JJJJ"]
    lines += [
        "# Faktendatei einer Kooperation (relativ zu dieser Datei), für Textbausteine mit Fakten:",
        "# kooperation: ../fakten/<datei>.yaml",
        "# Je Abschnitt Blöcke: '- text: ...' (eigener Absatz) oder '- baustein: name'",
        "# (ein Textbaustein aus templates/bausteine/, ohne Endung)",
        "abschnitte:",
    ]
    for section in art.abschnitte:
        label = art.beschriftungen.get(section, section).rstrip(":")
        lines += [f"  {section}:", f"    - text: {_q(PLACEHOLDER.format(label))}"]
    lines += _optional_fields(art)
    return "\n".join(lines) + "\n"


def _optional_fields(art: Vorlagenart) -> list[str]:
    klimaschutz = [
        "klimaschutz:",
        "  auswirkung: nein   # prüfen: ja, positiv / ja, negativ / nein",
        f"  erlaeuterung: {_q(ERLAEUTERUNG)}",
    ]
    anlagen = ["anlagen:", f"  - titel: {_q(ANLAGE)}"]
    anlagen += ["  # - vorlage: 7939/2025   # eine andere Vorlage aus data/"]
    lines: list[str] = []
    for name, block in (("klimaschutz", klimaschutz), ("anlagen", anlagen)):
        required = name in art.pflichtfelder
        lines += block if required else ["# " + line for line in block]
    return lines


def check_file(path: Path, text: str) -> None:
    """The generated text must be a valid document (a bug here would be ours)."""
    doc = parse_yaml(path, text)
    model, problems = validate(doc, Vorlage)
    if model is None:
        raise AssertionError("\n".join(str(p) for p in problems))


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it exists: complete or not at all, never overwriting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.link(tmp, path)  # fails if the file exists: unlike rename, never replaces
    except FileExistsError:
        raise InputError(
            [Problem(display_path(path), None, None, "Datei gibt es schon; nichts geschrieben")]
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
