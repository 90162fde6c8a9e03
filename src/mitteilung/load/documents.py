"""Read the files of a project one at a time: the city file, documents, facts files (cached).

A `Loader` reads each file once, however many documents refer to it, and records the problems
of each file that cannot be used; `load_project` (loader.py) decides which files to read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from mitteilung.errors import InputError, Problem, display_path, unknown_name
from mitteilung.load import files, kinds
from mitteilung.load.image import read_logo
from mitteilung.load.paths import file_reference, resolved
from mitteilung.load.reader import Limits, read_yaml
from mitteilung.load.validate import validate
from mitteilung.model import (
    Foerderprogramm,
    FoerderprogrammDatei,
    KooperationDatei,
    StadtDatei,
    Vorlage,
)
from mitteilung.model.derived import derive
from mitteilung.model.document import Document, Path_
from mitteilung.model.project import STADT_FILE, Entry

F = TypeVar("F", KooperationDatei, FoerderprogrammDatei)


class Loader:
    """Reads each file once, however many documents refer to it."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.cache: dict[Path, object] = {}
        self.problems: list[Problem] = []
        self.failed: dict[Path, list[Problem]] = {}
        self.docs: dict[Path, Document] = {}
        self.broken_numbers: dict[str, Path] = {}
        self.resolve = resolved
        self.sitzung_docs: list[Document] = []  # read by load_sitzungen
        #: files read that are no facts file (a Vorlage, a Sitzung, of unknown kind): named
        #: as one, the naming is wrong, whether the file was read before or not
        self.not_facts: set[Path] = set()

    def stadt(self) -> tuple[Document, StadtDatei]:
        """The city file, which every other file needs; InputError when it cannot be used."""
        files.check_link(self.root / STADT_FILE, self.root)
        path = self.stadt_path = self.resolve(self.root / STADT_FILE)
        if not path.exists():
            message = (
                "Datei fehlt: sie nennt die Stadt, ihre Gremien und Vorlagenarten (siehe README)"
            )
            raise InputError([Problem(display_path(path), None, None, message)])
        doc = read_yaml(path, self.limits, self.root)
        model, problems = validate(doc, StadtDatei)
        if model is None:
            raise InputError(problems)
        read_logo(doc, model)  # checked here: a bad logo stops the run before any output
        self.stadt_model = model
        return doc, model

    def broken(self, number: str, path: Path) -> None:
        """Note that ``path``, which has errors, claims ``number``. Of two such files the one
        that sorts last is named, however the files were read (in order, or by processes)."""
        old = self.broken_numbers.get(number)
        if old is None or path.parts >= old.parts:
            self.broken_numbers[number] = path

    def _fail(self, path: Path, problems: list[Problem]) -> None:
        self.failed[path] = problems
        self.problems.extend(problems)

    def read(self, path: Path) -> Document | None:
        """A YAML file, or None (its problems recorded) when it cannot be read."""
        try:
            doc = self.docs[path] = read_yaml(path, self.limits, self.root)
            return doc
        except InputError as exc:
            self._fail(path, exc.problems)
            if number := kinds.raw_number(path, self.limits, self.root):
                self.broken(number, path)
            return None

    def load(self, path: Path) -> Entry | None:
        """The document in ``path``; None for a facts file or a file that cannot be used."""
        doc = self.read(path)
        if doc is None:
            return None
        if kinds.is_vorlage(doc.data):
            del self.docs[path]  # kept by its Entry only, if at all
            self.not_facts.add(self.resolve(path))
            return self._entry(doc)
        if kinds.is_sitzung(doc.data):
            self.sitzung_docs.append(self.docs.pop(path))
            self.not_facts.add(self.resolve(path))
            return None
        self.facts(path, doc)
        return None

    def facts(self, path: Path, doc: Document | None = None) -> tuple[object | None, list[Problem]]:
        """A facts file as model (cached), or None and the problems that stop it."""
        path = self.resolve(path)
        if path in self.cache:
            return self.cache[path], []
        referred = doc is None
        if referred and path in self.not_facts:
            return None, []  # not a facts file at all: the reference is wrong, not the file
        if path in self.failed:
            return None, self.failed[path]
        doc = doc or self.read(path)
        if doc is None:
            return None, self.failed[path]
        data = doc.data if isinstance(doc.data, dict) else {}
        kind = kinds.facts_kind(data)
        if kind is None or kinds.is_vorlage(data) or path == self.stadt_path:
            self.not_facts.add(path)
            if referred:
                return None, []  # as above
        model: object | None = None
        if kinds.looks_like_document(data):
            if isinstance(data.get("nummer"), str):
                self.broken(str(data["nummer"]), doc.path)
            problems = [kinds.kind_missing(doc, data, self.stadt_model)]
        elif kind is None:
            problems = [kinds.unknown_kind(doc)]
        else:
            model, problems = validate(doc, kinds.FACTS[kind])
        if isinstance(model, FoerderprogrammDatei):
            problems = _sources_listed(doc, model.foerderprogramm)
            model = None if problems else model
        if model is None:
            self._fail(path, problems)
            return None, problems
        self.cache[path] = model
        return model, []

    def _entry(self, doc: Document) -> Entry | None:
        """A Vorlage with the facts files it names, and the facts derived from them."""
        vorlage, problems = validate(doc, Vorlage)
        if vorlage is None:
            if isinstance(doc.data.get("nummer"), str):
                self.broken(doc.data["nummer"], doc.path)
            self._fail(doc.path, problems)
            return None
        sources = [doc.path, self.stadt_path]
        if vorlage.kooperation is None:
            return Entry(doc, vorlage, sources=tuple(sources))
        koop, path, problems = self._follow(
            doc, ("kooperation",), vorlage.kooperation, KooperationDatei
        )
        sources += [path] if path is not None else []
        if koop is None or path is None:
            return Entry(doc, vorlage, sources=tuple(sources), problems=tuple(problems))
        koop_doc = self.docs[path]
        loc = ("kooperation", "foerderprogramm")
        programm, path, problems = self._follow(
            koop_doc, loc, koop.kooperation.foerderprogramm, FoerderprogrammDatei
        )
        sources += [path] if path is not None else []
        fakten = None
        if programm is not None:
            fakten = derive(
                koop.kooperation, programm.foerderprogramm, vorlage.datum, self.stadt_model
            )
        return Entry(
            doc,
            vorlage,
            kooperation=koop.kooperation,
            kooperation_doc=koop_doc,
            foerderprogramm=programm.foerderprogramm if programm is not None else None,
            fakten=fakten,
            sources=tuple(sources),
            problems=tuple(problems),
        )

    def _follow(
        self, doc: Document, loc: Path_, ref: str, kind: type[F]
    ) -> tuple[F | None, Path | None, list[Problem]]:
        """The facts file ``ref`` names in ``doc`` at ``loc``, if it is one of ``kind``; its path
        where it exists (the document depends on it even when it is broken); what stops it."""
        path, refused = file_reference(doc, loc, ref, self.root, self.resolve)
        if refused is not None:
            return None, None, [refused]
        if path is None or not path.exists():
            where = display_path(path or ref)
            return (
                None,
                None,
                [doc.problem(loc, f"Faktendatei {ref} nicht gefunden (gesucht: {where})")],
            )
        model, problems = self.facts(path)
        if not isinstance(model, kind):
            key = next(k for k, v in kinds.FACTS.items() if v is kind)
            problems = problems or [doc.problem(loc, f"{ref} ist keine Faktendatei mit '{key}:'")]
            return None, path, problems
        return model, path, []


def _sources_listed(doc: Document, programm: Foerderprogramm) -> list[Problem]:
    """Every source a funding fact names must be listed under 'quellen'."""
    problems = []
    named = [("fristen", i, f.quelle) for i, f in enumerate(programm.fristen)]
    named += [("foerderstufen", i, s.quelle) for i, s in enumerate(programm.foerderstufen)]
    for key, i, quelle in named:
        if quelle not in programm.quellen:
            message = unknown_name("Quelle", quelle, programm.quellen)
            problems.append(doc.problem(("foerderprogramm", key, i, "quelle"), message))
    return problems
