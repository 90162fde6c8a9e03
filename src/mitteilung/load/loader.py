"""Read a project from disk: the city file, every document found, the facts files they use.

Every document in data/ is read, so that references between documents and the rules over all
of them hold even when one document is built. Of each, only a small `Ref` is kept; the
documents to build are kept whole up to `KEEP` and read again beyond, so that a batch of any
size needs about the same memory.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from mitteilung.check import references
from mitteilung.errors import InputError, Problem, display_path
from mitteilung.load.reader import Limits, read_yaml
from mitteilung.load.sitzungen import is_sitzung, load_sitzungen
from mitteilung.load.validate import validate
from mitteilung.model import FoerderprogrammDatei, KooperationDatei, StadtDatei, Vorlage
from mitteilung.model.document import Document, Path_
from mitteilung.model.project import KEEP, STADT_FILE, TEMPLATES_DIR, Entry, Project, Ref

# "nummer: 7939/2025" in a file YAML cannot read: enough to name it when another document
# refers to that number.
_RAW_NUMBER = re.compile(r"^nummer:[ \t]*[\"']?([^\"'#\n]+?)[\"']?[ \t]*(?:#.*)?$", re.M)


def _raw_number(path: Path) -> str | None:
    try:
        match = _RAW_NUMBER.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return match.group(1) if match else None


F = TypeVar("F", KooperationDatei, FoerderprogrammDatei)

_KINDS: dict[str, type[KooperationDatei] | type[FoerderprogrammDatei]] = {
    "kooperation": KooperationDatei,
    "foerderprogramm": FoerderprogrammDatei,
}


_KIND = "vorlagenart"
#: keys only a document has (a facts file has one key: its kind)
_DOCUMENT_KEYS = frozenset(Vorlage.model_fields) - {_KIND, *_KINDS}


def _mistyped_kind(data: dict[str, object]) -> str | None:
    """The key that is most likely a misspelt 'vorlagenart' (among the unknown keys)."""
    unknown = {
        key.lower(): key for key in data if isinstance(key, str) and key not in Vorlage.model_fields
    }
    close = difflib.get_close_matches(_KIND, unknown, n=1, cutoff=0.6)
    return unknown[close[0]] if close else None


def _looks_like_document(data: dict[str, object]) -> bool:
    """A document whose 'vorlagenart:' is missing or misspelt (not a facts file)."""
    return _KIND not in data and (
        any(key in _DOCUMENT_KEYS for key in data) or _mistyped_kind(data) is not None
    )


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
    loader = Loader(root, limits or Limits())
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
    plan = load_sitzungen(loader.sitzung_docs, stadt, loader.stadt_path, selected)
    for path, problems in plan.failed.items():
        loader.failed[path] = problems
        loader.problems.extend(problems)
    broken = sorted(p for p in loader.failed if p in selected)
    project = Project(
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
        sitzungen=plan,
    )
    return project


class Loader:
    """Reads each file once, however many documents refer to it (kept by the Project)."""

    def __init__(self, root: Path, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.cache: dict[Path, object] = {}
        self.problems: list[Problem] = []
        self.failed: dict[Path, list[Problem]] = {}
        self.docs: dict[Path, Document] = {}
        self.broken_numbers: dict[str, Path] = {}
        self._resolved: dict[Path, Path] = {}
        self.sitzung_docs: list[Document] = []  # read by load_sitzungen

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
            if number := _raw_number(path):
                self.broken_numbers[number] = path
            return None

    def load(self, path: Path) -> Entry | None:
        doc = self.read(path)
        if doc is None:
            return None
        if isinstance(doc.data, dict) and _KIND in doc.data:
            del self.docs[path]  # kept by its Entry only, if at all
            return self._entry(doc)
        if is_sitzung(doc.data):
            self.sitzung_docs.append(self.docs.pop(path))
            return None
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
        data = doc.data if isinstance(doc.data, dict) else {}
        kind = next((k for k in _KINDS if k in data), None)
        model: object | None = None
        if _looks_like_document(data):
            problems = [self._kind_missing(doc, data)]
        elif kind is None:
            problems = [
                doc.problem(
                    (),
                    "unbekannte Art von Datei: erwartet eine Vorlage (mit "
                    "'vorlagenart:') oder eine Faktendatei (mit 'kooperation:' "
                    "oder 'foerderprogramm:')",
                )
            ]
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

    def _kind_missing(self, doc: Document, data: dict[str, object]) -> Problem:
        """A document without 'vorlagenart:': name the key probably meant, or the kinds."""
        if isinstance(data.get("nummer"), str):
            self.broken_numbers[str(data["nummer"])] = doc.path
        mistyped = _mistyped_kind(data)
        if mistyped is not None:
            message = f"Pflichtfeld fehlt; ist '{mistyped}' gemeint?"
        else:
            kinds = list(self.stadt_model.vorlagenarten)
            message = (
                "Pflichtfeld fehlt: jede Vorlage nennt ihre Vorlagenart aus data/stadt.yaml "
                f"({', '.join(kinds)}), z. B. 'vorlagenart: {kinds[0]}'"
            )
        line = doc.line((mistyped,) if mistyped is not None else ())
        return Problem(doc.name, line, _KIND, message)

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
        found = self._follow(entry, entry.doc, ("kooperation",), ref, KooperationDatei)
        if found is None:
            return
        model, path = found
        entry.kooperation = model.kooperation
        koop_doc = entry.kooperation_doc = self.docs[path]
        loc = ("kooperation", "foerderprogramm")
        found2 = self._follow(
            entry, koop_doc, loc, model.kooperation.foerderprogramm, FoerderprogrammDatei
        )
        if found2 is None:
            return
        model2, _ = found2
        entry.foerderprogramm = model2.foerderprogramm
        entry.problems.extend(
            references.check_kooperation(
                koop_doc, model.kooperation, model2.foerderprogramm, self.stadt_model
            )
        )

    def _follow(
        self, entry: Entry, doc: Document, loc: Path_, ref: str, kind: type[F]
    ) -> tuple[F, Path] | None:
        """The facts file ``ref`` names in ``doc`` at ``loc``, if it is one of ``kind``.

        Whatever stops it is added to the problems of ``entry``; the file is one of its sources.
        """
        path, refused = references.file_reference(doc, loc, ref, self.root, self.resolve)
        if path is None or not path.exists():
            entry.problems.append(
                refused
                or doc.problem(
                    loc, f"Faktendatei {ref} nicht gefunden (gesucht: {display_path(path or ref)})"
                )
            )
            return None
        model, problems = self.facts(path)
        entry.sources.append(path)
        if not isinstance(model, kind):
            key = next(k for k, v in _KINDS.items() if v is kind)
            entry.problems.extend(
                problems or [doc.problem(loc, f"{ref} ist keine Faktendatei mit '{key}:'")]
            )
            return None
        return model, path
