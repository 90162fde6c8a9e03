"""Synthetic matters for the benchmark and the batch tests, made from the samples' pattern.

`make_project` copies data/ and templates/ into a folder and adds N documents that differ in
number, date, Betreff, Gremien, facts file and number of paragraphs; every fifth one is a
Beschlussvorlage. A second cooperation (`fakten/ikz-digital.yaml`) lets tests tell documents
apart by the facts file they use.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_NUMBER = 10000  # above the samples' numbers

#: facts file per document: KOOPERATIONEN[i % 3] (None: prose only)
KOOPERATIONEN = ("ikz-ki.yaml", "ikz-digital.yaml", None)
_THEMEN = ("Digitalisierung der Bauakten", "Straßenbeleuchtung", "Schulentwicklung", "Radwege")
_GREMIEN = (["hfa"], ["stadtrat"], ["hfa", "stadtrat"], ["stadtrat", "hfa"])
_BAUSTEINE = (
    "ikz/gespraeche",
    "foerderprogramm/ueberblick",
    "foerderprogramm/zweck",
    "ikz/interesse",
    "foerderprogramm/voraussetzungen",
    "ikz/beschlusserfordernis",
    "foerderprogramm/fristen",
)
_SATZ = "Die Verwaltung prüft Vorlage Nr. {i} zu „{thema}“ & berichtet (Stand: {datum})."


def kooperation_of(i: int) -> str | None:
    """The facts file synthetic document ``i`` uses (None: none)."""
    return KOOPERATIONEN[i % len(KOOPERATIONEN)]


def make_project(target: Path, count: int) -> list[Path]:
    """A project folder with the samples, their facts and templates, and ``count`` documents."""
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True)
    # the Vorlagen alone: the sample Sitzungen would be measured and counted along
    shutil.rmtree(target / "data" / "sitzungen", ignore_errors=True)
    facts = target / "data" / "fakten"
    digital = (facts / "ikz-ki.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("thema: künstliche Intelligenz", "thema: Digitalisierung"),
        ("kurzthema: KI", "kurzthema: DIGI"),
        ("erforderlich: true", "erforderlich: false"),
    ):
        assert old in digital, old
        digital = digital.replace(old, new)
    (facts / "ikz-digital.yaml").write_text(digital, encoding="utf-8")
    folder = target / "data" / "vorlagen"
    return [write_matter(folder, i) for i in range(count)]


def write_matter(folder: Path, i: int) -> Path:
    """Write synthetic document ``i`` and return its path."""
    jahr = 2023 + i % 3
    datum = f"{1 + i % 28:02d}.{1 + (i // 28) % 9:02d}.{jahr}"  # before every deadline
    thema = _THEMEN[i % len(_THEMEN)]
    kooperation = kooperation_of(i)
    beschluss = kooperation is not None and i % 5 == 0
    art = "beschlussvorlage" if beschluss else "mitteilung"
    nummer = f"{FIRST_NUMBER + i}/{jahr}"
    lines = [
        f"vorlagenart: {art}",
        f"nummer: {nummer}",
        f"datum: {datum}",
        f'betreff: "{thema}: Sachstand {i} der Zusammenarbeit"',
        f"bereich: Fachbereich {1 + i % 4}",
        f"sachbearbeitung: Herr Muster{i % 10}",
        "beratungsfolge:",
    ]
    gremien = _GREMIEN[i % len(_GREMIEN)]
    for n, gremium in enumerate(gremien, 1):
        lines.append(f"  - gremium: {gremium}")
        if beschluss:
            lines.append(
                f"    zustaendigkeit: {'Entscheidung' if n == len(gremien) else 'Vorberatung'}"
            )
    if kooperation:
        lines.append(f"kooperation: ../fakten/{kooperation}")
    satz = _SATZ.format(i=i, thema=thema, datum=datum)
    prose = [f"    - text: '{satz}'" for _ in range(1 + i % 9)]
    if beschluss:
        lines += [
            "abschnitte:",
            "  beschlussvorschlag:",
            "    - baustein: vorlage/empfehlung",
            "    - baustein: ikz/beschluss",
            "  sachverhalt:",
            *prose,
            "    - baustein: foerderprogramm/ueberblick",
            "  finanzen:",
            "    - baustein: ikz/finanzen",
            "klimaschutz:",
            "  auswirkung: nein",
            "  erlaeuterung: keine unmittelbaren Auswirkungen.",
        ]
    else:
        lines += ["abschnitte:", "  information:"]
        if kooperation:
            lines += [f"    - baustein: {b}" for b in _BAUSTEINE[: 1 + i % len(_BAUSTEINE)]]
        lines += prose
    path = folder / f"{FIRST_NUMBER + i}-{jahr}-{art}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
