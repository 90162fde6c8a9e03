"""A loaded project as data: its documents (`Entry`), their small records (`Ref`), the `Project`.

Reading it from disk is the load stage's job; nothing here reads a file. Once loaded, nothing
here changes: the check stage returns its problems, the build report collects them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Protocol

from mitteilung.errors import Problem, display_path
from mitteilung.model.derived import Fakten
from mitteilung.model.document import Document
from mitteilung.model.foerderung import Foerderprogramm, Kooperation
from mitteilung.model.sitzungsplan import Sitzungsplan
from mitteilung.model.stadt import StadtDatei
from mitteilung.model.vorlage import Vorlage

STADT_FILE = Path("data") / "stadt.yaml"
TEMPLATES_DIR = Path("templates")
#: Textbausteine live in templates/bausteine/ and are named without this suffix
BAUSTEINE_DIR = "bausteine"
BAUSTEIN_SUFFIX = ".txt.j2"


def baustein_template(name: str) -> str:
    """The template name of a Textbaustein: ikz/interesse -> bausteine/ikz/interesse.txt.j2."""
    return f"{BAUSTEINE_DIR}/{name}{BAUSTEIN_SUFFIX}"


def file_stem(nummer: str, vorlagenart: str) -> str:
    """A document's file name without suffix: 7939/2025, mitteilung -> 7939-2025-mitteilung."""
    number = "".join(c if c.isalnum() else "-" for c in nummer)
    return f"{number}-{vorlagenart}"


@dataclass(frozen=True)
class Entry:
    """One document to build: its data, the facts it uses, derived once, and the problems found
    while loading it. ``sources`` are the data files it was read from (for make)."""

    doc: Document
    vorlage: Vorlage
    kooperation: Kooperation | None = None
    kooperation_doc: Document | None = None
    foerderprogramm: Foerderprogramm | None = None
    fakten: Fakten | None = None  # derived from the two above at the document's date
    sources: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def stem(self) -> str:
        """Output name without suffix: 7939/2025, mitteilung -> 7939-2025-mitteilung."""
        return file_stem(self.vorlage.nummer, self.vorlage.vorlagenart)


#: The sets of deciding Gremien of all Refs, each once (a Ref is kept for every document)
_SETS: dict[frozenset[str], frozenset[str]] = {}


@dataclass(frozen=True, slots=True)
class Ref:
    """What other documents and the rules need to know of a document (kept for all of them)."""

    path: Path
    nummer: str
    vorlagenart: str
    betreff: str
    datum: date
    kooperation: Path | None  # its cooperation's facts file
    entscheidung: frozenset[str]  # the Gremien with Zuständigkeit "Entscheidung"
    anlagen: tuple[str, ...]  # the numbers of the Vorlagen it names as Anlagen

    @classmethod
    def of(cls, entry: Entry) -> Ref:
        """The reference of a loaded document."""
        v = entry.vorlage
        koop = entry.kooperation_doc.path if entry.kooperation_doc is not None else None
        entscheidung = frozenset(
            b.gremium for b in v.beratungsfolge if b.zustaendigkeit == "Entscheidung"
        )
        entscheidung = _SETS.setdefault(entscheidung, entscheidung)  # thousands share a few
        anlagen = tuple(a.vorlage for a in v.anlagen if a.vorlage is not None)
        return cls(
            entry.doc.path, v.nummer, v.vorlagenart, v.betreff, v.datum, koop, entscheidung, anlagen
        )

    @property
    def name(self) -> str:
        """The path as shown in messages."""
        return display_path(self.path)


class Entries(Protocol):
    """The documents to build, in order, each loaded when it is reached."""

    def __iter__(self) -> Iterator[Entry]: ...

    def __len__(self) -> int: ...

    def share(self, k: int, n: int) -> Iterator[Entry]:
        """Every ``n``-th document from the ``k``-th: what one of ``n`` processes builds."""
        ...


@dataclass(frozen=True)
class Project:
    """Everything loaded from data/ and templates/, as data that does not change once loaded."""

    root: Path
    stadt: StadtDatei
    stadt_doc: Document
    refs: tuple[Ref, ...]  # every document in data/ and the selection that could be loaded
    documents: tuple[Path, ...]  # the documents to build, in order
    # those documents loaded, in the same order: read when reached, the same each time
    entries: Entries
    problems: tuple[Problem, ...]  # of files that are not documents (facts, unknown files)
    broken: tuple[Path, ...] = ()  # selected files that could not be loaded at all
    selected: frozenset[Path] = frozenset()  # the files the user asked to build
    broken_numbers: dict[str, Path] = field(default_factory=dict)  # of documents with errors
    sitzungen: Sitzungsplan = field(default_factory=Sitzungsplan)  # data/sitzungen/
    #: the Vorlagen on a Tagesordnung, loaded whole, by number (not those with load errors)
    tagesordnung: dict[str, Entry] = field(default_factory=dict)
    #: with --depfile: the index of every data file for the build to keep, an `Index` of
    #: model/index.py (which imports `Ref` from here: not named, so no import circle)
    index: object | None = None

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
    def entscheidungen(self) -> set[tuple[Path, str]]:
        """(cooperation file, Gremium) of every Beschluss-kind document the Gremium decides."""
        kinds = {k for k, art in self.stadt.vorlagenarten.items() if art.beschluss}
        return {
            (ref.kooperation, gremium)
            for ref in self.refs
            if ref.vorlagenart in kinds and ref.kooperation is not None
            for gremium in ref.entscheidung
        }

    def load_problems(self) -> list[Problem]:
        """The problems of the selected files that could not be loaded as documents."""
        names = {display_path(p) for p in self.broken}
        return [p for p in self.problems if p.file in names]
