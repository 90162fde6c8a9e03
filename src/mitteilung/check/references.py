"""Rules on the names a document uses: its kind, Gremien, Textbausteine and templates must exist
where the city file and templates/ say, and its number must fit its kind."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path

from mitteilung.errors import Problem, unknown_name
from mitteilung.formatting import datum
from mitteilung.load.paths import inside, template_name_problem
from mitteilung.model import Vorlagenart
from mitteilung.model.project import BAUSTEIN_SUFFIX, BAUSTEINE_DIR, Entry, Project
from mitteilung.model.stadt import number_pattern, number_year

#: Where the city file lists the names documents and facts files refer to.
GREMIEN = "in data/stadt.yaml unter 'gremien:'"
VORLAGENARTEN = "in data/stadt.yaml unter 'vorlagenarten:'"


class _PerRun:
    """What one project's run finds on disk about its template files, found once.

    Thousands of documents name the same few templates and Textbausteine; each was stat'ed
    and resolved for every document. The files do not change during a run, and a new run (a
    new Project) starts afresh, so a later build in the same process sees later edits.
    """

    def __init__(self) -> None:
        self._project: weakref.ref[Project] | None = None
        self._found: dict[tuple[Path, Path], tuple[bool, bool]] = {}

    def file(self, project: Project, path: Path, folder: Path) -> tuple[bool, bool]:
        """(``path`` is a file, it lies inside ``folder``), looked up once per project."""
        if self._project is None or self._project() is not project:
            self._project, self._found = weakref.ref(project), {}
        key = (path, folder)
        if key not in self._found:
            exists = path.is_file()
            self._found[key] = exists, exists and inside(path, folder)
        return self._found[key]


_PER_RUN = _PerRun()


def _art(entry: Entry, project: Project) -> Vorlagenart | None:
    return project.stadt.vorlagenarten.get(entry.vorlage.vorlagenart)


def vorlagenart(entry: Entry, project: Project) -> Iterator[Problem]:
    """The kind of document must be one of data/stadt.yaml."""
    kinds = project.stadt.vorlagenarten
    name = entry.vorlage.vorlagenart
    if name not in kinds:
        message = unknown_name("Vorlagenart", name, kinds, VORLAGENARTEN)
        yield entry.doc.problem(("vorlagenart",), message)


def nummer(entry: Entry, project: Project) -> Iterator[Problem]:
    """The Vorlagennummer fits its kind's pattern, and its year is the document's."""
    art, vorlage = _art(entry, project), entry.vorlage
    if art is None:
        return
    match = number_pattern(art).fullmatch(vorlage.nummer)
    if match is None:
        yield entry.doc.problem(
            ("nummer",),
            f"'{vorlage.nummer}' passt nicht zum Muster '{art.nummer}' der Vorlagenart "
            "(z. B. 7939/2025)",
        )
    elif number_year(art, vorlage.nummer) not in (None, vorlage.datum.year):
        yield entry.doc.problem(
            ("nummer",),
            f"Jahr der Vorlagennummer ({match['jahr']}) passt nicht zum Datum der Vorlage "
            f"({datum(vorlage.datum)})",
        )


def abschnitte(entry: Entry, project: Project) -> Iterator[Problem]:
    """Exactly the sections its kind asks for."""
    art, vorlage = _art(entry, project), entry.vorlage
    if art is None:
        return
    for name in art.abschnitte:
        if name not in vorlage.abschnitte:
            yield entry.doc.problem(
                ("abschnitte",),
                f"Abschnitt '{name}' fehlt (eine {art.bezeichnung} braucht: "
                f"{', '.join(art.abschnitte)})",
            )
    for name in vorlage.abschnitte:
        if name not in art.abschnitte:
            message = unknown_name("Abschnitt", name, art.abschnitte)
            yield entry.doc.problem(("abschnitte", name), message)


def pflichtfelder(entry: Entry, project: Project) -> Iterator[Problem]:
    """The fields its kind requires are filled."""
    art = _art(entry, project)
    if art is None:
        return
    for name in art.pflichtfelder:
        if not getattr(entry.vorlage, name):
            yield entry.doc.problem(
                (name,),
                f"Pflichtfeld fehlt (eine {art.bezeichnung} braucht: "
                f"{', '.join(art.pflichtfelder)})",
            )


def vorlagen_dateien(entry: Entry, project: Project) -> Iterator[Problem]:
    """Its kind's templates exist under templates/ (and nowhere else)."""
    art = _art(entry, project)
    templates = project.templates
    for template in (art.word, art.text, art.html) if art is not None else ():
        if template is None:
            continue
        refused = template_name_problem(template, "Dokumentvorlage", "templates/")
        exists, within = (
            _PER_RUN.file(project, templates / template, templates)
            if refused is None
            else (False, False)
        )
        if exists and not within:
            refused = f"Dokumentvorlage '{template}' liegt außerhalb von templates/"
        if refused is not None:
            yield entry.doc.problem(("vorlagenart",), f"{refused} (in data/stadt.yaml)")
        elif not exists:
            yield entry.doc.problem(
                ("vorlagenart",),
                f"Dokumentvorlage {template} der Vorlagenart '{entry.vorlage.vorlagenart}' "
                "fehlt im Ordner templates/",
            )


def gremien(entry: Entry, project: Project) -> Iterator[Problem]:
    """Every Gremium of the Beratungsfolge is one of data/stadt.yaml."""
    known = project.stadt.gremien
    for i, beratung in enumerate(entry.vorlage.beratungsfolge):
        if beratung.gremium not in known:
            message = unknown_name("Gremium", beratung.gremium, known, GREMIEN)
            yield entry.doc.problem(("beratungsfolge", i, "gremium"), message)


def bausteine(entry: Entry, project: Project) -> Iterator[Problem]:
    """Every Textbaustein a section names exists under templates/bausteine/."""
    folder = project.templates / BAUSTEINE_DIR
    for section, blocks in entry.vorlage.abschnitte.items():
        for i, block in enumerate(blocks):
            if block.baustein is None:
                continue
            loc = ("abschnitte", section, i, "baustein")
            name = block.baustein
            refused = template_name_problem(name, "Textbaustein", "templates/bausteine/")
            path = folder / (name + BAUSTEIN_SUFFIX)
            exists, within = (
                _PER_RUN.file(project, path, folder) if refused is None else (False, False)
            )
            if exists and not within:
                refused = f"Textbaustein '{name}' liegt außerhalb von templates/bausteine/"
            if refused is not None:
                yield entry.doc.problem(loc, refused)
            elif not exists:
                # as the data file must name them: relative to bausteine/, without the suffix
                known = [
                    p.relative_to(folder).as_posix().removesuffix(BAUSTEIN_SUFFIX)
                    for p in folder.rglob("*" + BAUSTEIN_SUFFIX)
                ]
                yield entry.doc.problem(loc, unknown_name("Textbaustein", name, known))


def kooperation_namen(entry: Entry, project: Project) -> Iterator[Problem]:
    """A cooperation's aims must be the programme's, its resolution a known Gremium's."""
    koop, programm, doc = entry.kooperation, entry.foerderprogramm, entry.kooperation_doc
    if koop is None or programm is None or doc is None:
        return
    for i, ziel in enumerate(koop.ziele):
        if ziel not in programm.ziele:
            message = unknown_name("Ziel", ziel, programm.ziele)
            yield doc.problem(("kooperation", "ziele", i), message)
    gremium = koop.beschluss.gremium
    if gremium not in project.stadt.gremien:
        message = unknown_name("Gremium", gremium, project.stadt.gremien, GREMIEN)
        yield doc.problem(("kooperation", "beschluss", "gremium"), message)
