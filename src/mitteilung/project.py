"""Load a project: the city file, every document found, and the facts files they use.

Every document in data/ is read, so that references between documents and the rules over all
of them hold even when one document is built. Of each, only a small `Ref` is kept; the
documents to build are kept whole up to `KEEP` and read again beyond, so that a batch of any
size needs about the same memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from mitteilung import references
from mitteilung.errors import InputError, Problem, display_path
from mitteilung.model import (
    Foerderprogramm,
    FoerderprogrammDatei,
    Kooperation,
    KooperationDatei,
    StadtDatei,
    Vorlage,
)
from mitteilung.reader import Document, Limits, read_yaml
from mitteilung.validate import validate

STADT_FILE = Path("data") / "stadt.yaml"
TEMPLATES_DIR = Path("templates")
_KINDS: dict[str, type[KooperationDatei] | type[FoerderprogrammDatei]] = {
    "kooperation": KooperationDatei,
    "foerderprogramm": FoerderprogrammDatei,
}
#: Documents to build kept whole from the first reading (about 20 kB each); more are read again
KEEP = 1000


@dataclass
class Entry:
    """One document to build, with the facts it uses and the files it depends on."""

    doc: Document
    vorlage: Vorlage
    kooperation: Kooperation | None = None
    kooperation_doc: Document | None = None
    foerderprogramm: Foerderprogramm | None = None
    sources: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stops this document from being built."""
        return not any(p.is_error for p in self.problems)

    @property
    def stem(self) -> str:
        """Output name without suffix: 7939/2025, mitteilung -> 7939-2025-mitteilung."""
        number = "".join(c if c.isalnum() else "-" for c in self.vorlage.nummer)
        return f"{number}-{self.vorlage.vorlagenart}"


@dataclass(frozen=True, slots=True)
class Ref:
    """What other documents and the rules need to know of a document (kept for all of them)."""

    path: Path
    nummer: str
    vorlagenart: str
    betreff: str
    datum: date
    kooperation: Path | None  # its cooperation's facts file
    entscheidet: frozenset[str]  # the Gremien with Zuständigkeit "Entscheidung"
    anlagen: tuple[str, ...]  # the numbers of the Vorlagen it names as Anlagen

    @classmethod
    def of(cls, entry: Entry) -> Ref:
        """The reference of a loaded document."""
        v = entry.vorlage
        koop = entry.kooperation_doc.path if entry.kooperation_doc is not None else None
        decides = frozenset(
            b.gremium for b in v.beratungsfolge if b.zustaendigkeit == "Entscheidung"
        )
        anlagen = tuple(a.vorlage for a in v.anlagen if a.vorlage is not None)
        return cls(
            entry.doc.path, v.nummer, v.vorlagenart, v.betreff, v.datum, koop, decides, anlagen
        )

    @property
    def name(self) -> str:
        """The path as shown in messages."""
        return display_path(self.path)


@dataclass
class Project:
    """Everything loaded from data/ and templates/, plus every problem found on the way."""

    root: Path
    stadt: StadtDatei
    stadt_doc: Document
    refs: list[Ref]  # every document in data/ and the selection that could be loaded
    documents: list[Path]  # the documents to build, in order
    problems: list[Problem]  # problems of files that are not documents (facts, unknown files)
    broken: list[Path] = field(default_factory=list)  # files that could not be loaded at all
    selected: set[Path] = field(default_factory=set)  # the files the user asked to build
    broken_numbers: dict[str, Path] = field(default_factory=dict)  # of documents with errors
    kept: dict[Path, Entry] = field(default_factory=dict)  # documents to build, read once
    loader: _Loader | None = None
    seen: set[Problem] = field(default_factory=set)  # of the documents checked so far

    @property
    def selection(self) -> Iterator[Entry]:
        """The documents to build, each loaded whole just before it is needed."""
        for path in self.documents:
            entry = self.kept.pop(path, None)
            if entry is None and self.loader is not None:
                entry = self.loader.load(path)
                if entry is not None:
                    references.check_entry(entry, self.stadt, self.templates, self.loader.resolve)
            if entry is not None:
                yield entry

    @property
    def templates(self) -> Path:
        """The folder of Word and text templates and Textbausteine."""
        return self.root / TEMPLATES_DIR

    @cached_property
    def by_number(self) -> dict[str, list[Ref]]:
        """Documents by Vorlagennummer (a list: numbers must be unique, rules check that)."""
        index: dict[str, list[Ref]] = {}
        for ref in self.refs:
            index.setdefault(ref.nummer, []).append(ref)
        return index

    @cached_property
    def decided(self) -> set[tuple[Path, str]]:
        """(cooperation file, Gremium) of every Beschluss-kind document the Gremium decides."""
        kinds = {k for k, art in self.stadt.vorlagenarten.items() if art.beschluss}
        return {
            (ref.kooperation, gremium)
            for ref in self.refs
            if ref.vorlagenart in kinds and ref.kooperation is not None
            for gremium in ref.entscheidet
        }

    def all_problems(self) -> list[Problem]:
        """Every problem of the selection once, in file and line order: of the files that
        could not be loaded, and of the documents checked so far (by a check or build)."""
        names = {display_path(p) for p in self.broken}
        found = {p for p in self.problems if p.file in names} | self.seen
        found.update(p for entry in self.kept.values() for p in entry.problems)  # not built yet
        return sorted(found, key=lambda p: (p.file, p.line or 0, p.message))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every YAML file in the given files and folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix in (".yaml", ".yml"))
        else:
            found.append(path)
    unique = dict.fromkeys(p.resolve() for p in found)
    return list(unique)


def load_project(root: Path, paths: Iterable[Path], limits: Limits | None = None) -> Project:
    """Load the city file and every document in data/ and ``paths``; select those in ``paths``.

    All of data/ is loaded so that references between documents (Anlagen) and the rules over
    all documents (unique numbers) hold even when only one document is built.
    """
    loader = _Loader(root, limits or Limits())
    stadt_doc, stadt = loader.stadt()
    paths = list(paths)
    found = {p: p for p in discover([root / "data"])}
    # one Path object per file; a build of all of data/ need not look twice
    selected = (
        set(found)
        if paths == [root / "data"]
        else {found.setdefault(p, p) for p in discover(paths)}
    )
    documents: list[Path] = []
    kept: dict[Path, Entry] = {}
    refs: list[Ref] = []
    for path in found:
        if path == stadt_doc.path:
            continue
        entry = loader.load(path)
        if entry is None:
            continue
        refs.append(Ref.of(entry))
        if path in selected:
            documents.append(path)
            if len(kept) < KEEP:
                references.check_entry(entry, stadt, root / TEMPLATES_DIR, loader.resolve)
                kept[path] = entry
    broken = sorted(p for p in loader.failed if p in selected)
    return Project(
        root,
        stadt,
        stadt_doc,
        refs,
        documents,
        loader.problems,
        broken,
        selected,
        loader.broken_numbers,
        kept,
        loader,
    )


class _Loader:
    """Reads each file once, however many documents refer to it."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.cache: dict[Path, object] = {}
        self.problems: list[Problem] = []
        self.failed: dict[Path, list[Problem]] = {}
        self.docs: dict[Path, Document] = {}
        self.broken_numbers: dict[str, Path] = {}
        self._resolved: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        """``path.resolve()``, once per path: thousands of documents name the same files."""
        found = self._resolved.get(path)
        if found is None:
            found = self._resolved[path] = path.resolve()
        return found

    def stadt(self) -> tuple[Document, StadtDatei]:
        path = self.stadt_path = self.resolve(self.root / STADT_FILE)
        if not path.exists():
            raise InputError(
                [
                    Problem(
                        display_path(path),
                        None,
                        None,
                        "Datei fehlt: sie nennt "
                        "die Stadt, ihre Gremien und Vorlagenarten (siehe README)",
                    )
                ]
            )
        doc = read_yaml(path, self.limits)
        model, problems = validate(doc, StadtDatei)
        if model is None:
            raise InputError(problems)
        self.stadt_model = model
        return doc, model

    def read(self, path: Path) -> Document | None:
        try:
            doc = self.docs[path] = read_yaml(path, self.limits)
            return doc
        except InputError as exc:
            self.failed[path] = exc.problems
            self.problems.extend(exc.problems)
            return None

    def load(self, path: Path) -> Entry | None:
        doc = self.read(path)
        if doc is None:
            return None
        if isinstance(doc.data, dict) and "vorlagenart" in doc.data:
            del self.docs[path]  # kept by its Entry only, if at all
            return self._entry(doc)
        self.facts(path, doc)
        return None

    def facts(self, path: Path, doc: Document | None = None) -> tuple[object | None, list[Problem]]:
        """A facts file as model (cached), or None and the problems that stop it."""
        path = self.resolve(path)
        if path in self.cache:
            return self.cache[path], []
        if path in self.failed:
            return None, self.failed[path]
        doc = doc or self.read(path)
        if doc is None:
            return None, self.failed[path]
        kind = next((k for k in _KINDS if isinstance(doc.data, dict) and k in doc.data), None)
        if kind is None:
            problems = [
                doc.problem(
                    (),
                    "unbekannte Art von Datei: erwartet eine Vorlage (mit "
                    "'vorlagenart:') oder eine Faktendatei (mit 'kooperation:' "
                    "oder 'foerderprogramm:')",
                )
            ]
            model = None
        else:
            model, problems = validate(doc, _KINDS[kind])
        if isinstance(model, FoerderprogrammDatei):
            problems = references.check_foerderprogramm(doc, model.foerderprogramm)
            model = None if problems else model
        if model is None:
            self.failed[path] = problems
            self.problems.extend(problems)
            return None, problems
        self.cache[path] = model
        return model, []

    def _entry(self, doc: Document) -> Entry | None:
        vorlage, problems = validate(doc, Vorlage)
        if vorlage is None:
            if isinstance(doc.data.get("nummer"), str):
                self.broken_numbers[doc.data["nummer"]] = doc.path
            self.failed[doc.path] = problems
            self.problems.extend(problems)
            return None
        entry = Entry(doc, vorlage, sources=[doc.path, self.stadt_path])
        if vorlage.kooperation is not None:
            self._kooperation(entry, vorlage.kooperation)
        return entry

    def _kooperation(self, entry: Entry, ref: str) -> None:
        path, refused = references.file_reference(
            entry.doc, ("kooperation",), ref, self.root, self.resolve
        )
        if path is None or not path.exists():
            entry.problems.append(
                refused
                or entry.doc.problem(
                    ("kooperation",),
                    f"Faktendatei {ref} nicht gefunden (gesucht: {display_path(path or ref)})",
                )
            )
            return
        model, problems = self.facts(path)
        entry.sources.append(path)
        if not isinstance(model, KooperationDatei):
            entry.problems.extend(
                problems
                or [
                    entry.doc.problem(
                        ("kooperation",), f"{ref} ist keine Faktendatei mit 'kooperation:'"
                    )
                ]
            )
            return
        entry.kooperation = model.kooperation
        koop_doc = entry.kooperation_doc = self.docs[path]
        loc = ("kooperation", "foerderprogramm")
        ref2 = model.kooperation.foerderprogramm
        path2, refused = references.file_reference(koop_doc, loc, ref2, self.root, self.resolve)
        if path2 is None or not path2.exists():
            entry.problems.append(
                refused or koop_doc.problem(loc, f"Faktendatei {ref2} nicht gefunden")
            )
            return
        model2, problems2 = self.facts(path2)
        entry.sources.append(path2)
        if not isinstance(model2, FoerderprogrammDatei):
            entry.problems.extend(
                problems2
                or [koop_doc.problem(loc, f"{ref2} ist keine Faktendatei mit 'foerderprogramm:'")]
            )
            return
        entry.foerderprogramm = model2.foerderprogramm
        entry.problems.extend(
            references.check_kooperation(
                koop_doc, model.kooperation, model2.foerderprogramm, self.stadt_model
            )
        )
