"""Cross-file checks: every name a file uses must exist where it points."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung.errors import Problem
from mitteilung.model import Foerderprogramm, Kooperation, StadtDatei, Vorlagenart
from mitteilung.model.document import Document, Path_
from mitteilung.render.deps import referenced

if TYPE_CHECKING:
    from mitteilung.model.project import Entry

BAUSTEIN_SUFFIX = ".txt.j2"
_ABSOLUTE = re.compile(r"[/\\]|[A-Za-z]:")


Resolve = Callable[[Path], Path]


def inside(path: Path, folder: Path, resolve: Resolve = Path.resolve) -> bool:
    """True when ``path`` (after following links and '..') lies in ``folder``."""
    return resolve(path).is_relative_to(resolve(folder))


def file_reference(
    doc: Document,
    loc: Path_,
    ref: str,
    root: Path,
    resolve: Resolve = Path.resolve,
) -> tuple[Path | None, Problem | None]:
    """A facts file named in ``doc``, relative to it; never absolute, never outside ``root``.

    ``resolve`` may remember what it resolved: thousands of documents name the same files.
    """
    if _ABSOLUTE.match(ref):
        return None, doc.problem(
            loc,
            f"absoluter Pfad {ref} ist nicht erlaubt; Pfad relativ zu dieser Datei angeben, "
            "z. B. ../fakten/ikz-ki.yaml",
        )
    path = resolve(doc.path.parent / ref)
    if not path.is_relative_to(resolve(root)):
        return None, doc.problem(
            loc,
            f"{ref} liegt außerhalb des Projektordners; Faktendateien müssen unter data/ liegen",
        )
    return path, None


def template_name_problem(name: str, what: str, folder: str) -> str | None:
    """Why ``name`` may not name a file under ``folder`` (absolute, '..', backslash), if so."""
    parts = name.split("/")
    if _ABSOLUTE.match(name) or "\\" in name or any(p in ("", ".", "..") for p in parts):
        return (
            f"{what} '{name}' ist nicht erlaubt: Namen gelten relativ zu {folder}, "
            "ohne '..', ohne '/' am Anfang und ohne '\\'"
        )
    return None


def unknown(
    doc: Document, loc: Path_, what: str, name: str, known: Iterable[str], listed: str = ""
) -> Problem:
    """'Quelle 'adx' gibt es nicht; meinten Sie 'add'?' with the known names as help.

    ``listed`` names where the known names are written (e.g. "in data/stadt.yaml unter
    'gremien:'"): the typo may be there, so the close name is offered, not presumed.
    """
    known = sorted(known)
    message = f"{what} '{name}' gibt es {listed + ' ' if listed else ''}nicht"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close and listed:
        message += f"; dort steht '{close[0]}' – Tippfehler?"
    elif close:
        message += f"; meinten Sie '{close[0]}'?"
    elif known:
        message += f"; {'dort stehen' if listed else 'vorhanden'}: {', '.join(known)}"
    return doc.problem(loc, message)


#: Where the city file lists the names documents and facts files refer to.
GREMIEN = "in data/stadt.yaml unter 'gremien:'"
VORLAGENARTEN = "in data/stadt.yaml unter 'vorlagenarten:'"


def number_pattern(art: Vorlagenart) -> re.Pattern[str]:
    """The Vorlagenart's numbering pattern ('{nr}/{jahr}') as a regular expression."""
    parts = re.split(r"(\{nr\}|\{jahr\})", art.nummer)
    nr, jahr = r"(?P<nr>[0-9]+)", r"(?P<jahr>[0-9]{4})"  # not \d: it matches any script's digits
    regex = "".join(nr if p == "{nr}" else jahr if p == "{jahr}" else re.escape(p) for p in parts)
    return re.compile(regex)


def number_year(art: Vorlagenart, nummer: str) -> int | None:
    """The year in a Vorlagennummer, where its kind's pattern has one and it matches."""
    match = number_pattern(art).fullmatch(nummer)
    if match is None or "jahr" not in match.groupdict():
        return None
    return int(match["jahr"])


def check_entry(
    entry: Entry, stadt: StadtDatei, templates: Path, resolve: Resolve = Path.resolve
) -> None:
    """Check a document's references to the city file and the templates.

    ``resolve`` may remember what it resolved: thousands of documents name the same files.
    """
    doc, vorlage = entry.doc, entry.vorlage
    art = stadt.vorlagenarten.get(vorlage.vorlagenart)
    if art is None:
        entry.problems.append(
            unknown(
                doc,
                ("vorlagenart",),
                "Vorlagenart",
                vorlage.vorlagenart,
                stadt.vorlagenarten,
                VORLAGENARTEN,
            )
        )
    else:
        entry.problems.extend(_check_art(entry, art, templates, resolve))
    for i, beratung in enumerate(vorlage.beratungsfolge):
        if beratung.gremium not in stadt.gremien:
            entry.problems.append(
                unknown(
                    doc,
                    ("beratungsfolge", i, "gremium"),
                    "Gremium",
                    beratung.gremium,
                    stadt.gremien,
                    GREMIEN,
                )
            )
    for name, blocks in vorlage.abschnitte.items():
        for i, block in enumerate(blocks):
            if block.baustein is not None:
                loc = ("abschnitte", name, i, "baustein")
                _check_baustein(entry, loc, block.baustein, templates, resolve)


def _check_baustein(entry: Entry, loc: Path_, name: str, templates: Path, resolve: Resolve) -> None:
    folder = templates / "bausteine"
    refused = template_name_problem(name, "Textbaustein", "templates/bausteine/")
    path = folder / (name + BAUSTEIN_SUFFIX)
    exists = refused is None and path.is_file()
    if exists and not inside(path, folder, resolve):
        refused = f"Textbaustein '{name}' liegt außerhalb von templates/bausteine/"
    if refused is not None:
        entry.problems.append(entry.doc.problem(loc, refused))
    elif exists:
        entry.sources += [path, *referenced(templates, f"bausteine/{name}{BAUSTEIN_SUFFIX}")]
    else:
        # as the data file must name them: relative to bausteine/, without the suffix
        known = [
            p.relative_to(folder).as_posix().removesuffix(BAUSTEIN_SUFFIX)
            for p in folder.rglob("*" + BAUSTEIN_SUFFIX)
        ]
        entry.problems.append(unknown(entry.doc, loc, "Textbaustein", name, known))


def _check_art(entry: Entry, art: Vorlagenart, templates: Path, resolve: Resolve) -> list[Problem]:
    doc, vorlage = entry.doc, entry.vorlage
    problems = []
    match = number_pattern(art).fullmatch(vorlage.nummer)
    if match is None:
        problems.append(
            doc.problem(
                ("nummer",),
                f"'{vorlage.nummer}' passt nicht zum Muster "
                f"'{art.nummer}' der Vorlagenart (z. B. 7939/2025)",
            )
        )
    elif number_year(art, vorlage.nummer) not in (None, vorlage.datum.year):
        problems.append(
            doc.problem(
                ("nummer",),
                f"Jahr der Vorlagennummer ({match['jahr']}) "
                f"passt nicht zum Datum der Vorlage "
                f"({vorlage.datum.strftime('%d.%m.%Y')})",
            )
        )
    for name in art.abschnitte:
        if name not in vorlage.abschnitte:
            problems.append(
                doc.problem(
                    ("abschnitte",),
                    f"Abschnitt '{name}' fehlt "
                    f"(eine {art.bezeichnung} braucht: "
                    f"{', '.join(art.abschnitte)})",
                )
            )
    for name in vorlage.abschnitte:
        if name not in art.abschnitte:
            problems.append(unknown(doc, ("abschnitte", name), "Abschnitt", name, art.abschnitte))
    for name in art.pflichtfelder:
        if not getattr(vorlage, name):
            problems.append(
                doc.problem(
                    (name,),
                    f"Pflichtfeld fehlt (eine {art.bezeichnung} "
                    f"braucht: {', '.join(art.pflichtfelder)})",
                )
            )
    for template in (art.word, art.text, art.html):
        if template is None:
            continue
        path = templates / template
        refused = template_name_problem(template, "Vorlage", "templates/")
        exists = refused is None and path.is_file()
        if exists and not inside(path, templates, resolve):
            refused = f"Vorlage '{template}' liegt außerhalb von templates/"
        if refused is not None:
            problems.append(doc.problem(("vorlagenart",), f"{refused} (in data/stadt.yaml)"))
        elif exists:
            entry.sources += [path, *referenced(templates, template)]
        else:
            problems.append(
                doc.problem(
                    ("vorlagenart",),
                    f"Vorlage {template} der Vorlagenart "
                    f"'{vorlage.vorlagenart}' fehlt im Ordner templates/",
                )
            )
    return problems


def check_foerderprogramm(doc: Document, programm: Foerderprogramm) -> list[Problem]:
    """Every source a funding fact names must be listed under 'quellen'."""
    base: Path_ = ("foerderprogramm",)
    problems = []
    for i, frist in enumerate(programm.fristen):
        if frist.quelle not in programm.quellen:
            problems.append(
                unknown(
                    doc, (*base, "fristen", i, "quelle"), "Quelle", frist.quelle, programm.quellen
                )
            )
    for i, stufe in enumerate(programm.foerderstufen):
        if stufe.quelle not in programm.quellen:
            problems.append(
                unknown(
                    doc,
                    (*base, "foerderstufen", i, "quelle"),
                    "Quelle",
                    stufe.quelle,
                    programm.quellen,
                )
            )
    return problems


def check_kooperation(
    doc: Document, koop: Kooperation, programm: Foerderprogramm, stadt: StadtDatei
) -> list[Problem]:
    """A cooperation's aims must be the programme's, its resolution a known Gremium's."""
    base: Path_ = ("kooperation",)
    problems = []
    for i, ziel in enumerate(koop.ziele):
        if ziel not in programm.ziele:
            problems.append(unknown(doc, (*base, "ziele", i), "Ziel", ziel, programm.ziele))
    if koop.beschluss.gremium not in stadt.gremien:
        problems.append(
            unknown(
                doc,
                (*base, "beschluss", "gremium"),
                "Gremium",
                koop.beschluss.gremium,
                stadt.gremien,
                GREMIEN,
            )
        )
    return problems
