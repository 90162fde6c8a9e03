"""A loaded project: its documents (`Entry`), their small records (`Ref`) and the `Project`.

Reading it from disk is `loader.py`'s job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung.check import references
from mitteilung.errors import Problem, display_path
from mitteilung.model import (
    Foerderprogramm,
    Kooperation,
    StadtDatei,
    Vorlage,
)
from mitteilung.model.document import Document
from mitteilung.model.sitzungsplan import Sitzungsplan

if TYPE_CHECKING:
    from mitteilung.load.loader import Loader

STADT_FILE = Path("data") / "stadt.yaml"
TEMPLATES_DIR = Path("templates")
#: Documents to build kept whole from the first reading (about 20 kB each); more are read again
KEEP = 1000


def file_stem(nummer: str, vorlagenart: str) -> str:
    """A document's file name without suffix: 7939/2025, mitteilung -> 7939-2025-mitteilung."""
    number = "".join(c if c.isalnum() else "-" for c in nummer)
    return f"{number}-{vorlagenart}"


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
        return file_stem(self.vorlage.nummer, self.vorlage.vorlagenart)


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
    loader: Loader | None = None
    seen: set[Problem] = field(default_factory=set)  # of the documents checked so far
    sitzungen: Sitzungsplan = field(default_factory=Sitzungsplan)  # data/sitzungen/

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
