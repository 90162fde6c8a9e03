"""A load shared by several processes: each reads every n-th file, then all swap what they read.

Reading (YAML, model, derived facts) is most of a large build's serial time. With a `Split`
(pipeline/parallel.py starts the processes), process k of n reads the files at the positions
k, k + n, … of the discovered files, keeps those Vorlagen whole, and builds them later; what
the rules and the other processes need of its files travels as a `Part`: Refs, problems,
broken numbers, Sitzung files and, for the build index, what was read and stamped. After the
swap every process holds the same project but its own whole Vorlagen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from mitteilung.errors import Problem
from mitteilung.load.documents import Loader
from mitteilung.model.document import Document
from mitteilung.model.index import Record, Stamp
from mitteilung.model.project import Ref

#: What one file read adds to the build index: its Ref and the files it was made from
Loaded = tuple[Ref | None, tuple[Path, ...]]


class Split(Protocol):
    """The processes a load is shared with (implemented in pipeline/parallel.py)."""

    def begin(self, documents: int) -> tuple[int, int]:
        """Start the processes for ``documents`` to build; (this one's number k, their count n)."""
        ...

    def exchange(self, part: Part) -> list[Part]:
        """Hand this process's part to the others; the parts of all others."""
        ...


@dataclass
class Part:
    """What one process read of its files (positions are those in the discovered files)."""

    refs: list[tuple[int, Ref]] = field(default_factory=list)
    documents: list[tuple[int, Path]] = field(default_factory=list)  # to build
    problems: list[Problem] = field(default_factory=list)
    failed: dict[Path, list[Problem]] = field(default_factory=dict)
    broken_numbers: dict[str, Path] = field(default_factory=dict)
    sitzung_docs: list[Document] = field(default_factory=list)
    loaded: dict[Path, Loaded] = field(default_factory=dict)
    taken: dict[str, Record] = field(default_factory=dict)
    stamps: dict[str, Stamp | None] = field(default_factory=dict)


def part_of(
    loader: Loader,
    refs: list[tuple[int, Ref]],
    documents: list[tuple[int, Path]],
    loaded: dict[Path, Loaded],
    taken: dict[str, Record],
    stamps: dict[str, Stamp | None],
) -> Part:
    """This process's part: what it read and what its loader recorded."""
    return Part(
        refs,
        documents,
        list(loader.problems),
        dict(loader.failed),
        dict(loader.broken_numbers),
        list(loader.sitzung_docs),
        dict(loaded),
        dict(taken),
        dict(stamps),
    )


def merge(own: Part, others: list[Part], loader: Loader, position: dict[Path, int]) -> Part:
    """Every process's part in one, the same in each process; the loader gets the problems,
    broken numbers and Sitzung files of all (what it read itself wins where both read one)."""
    parts = [own, *others]
    whole = Part(
        sorted((r for p in parts for r in p.refs), key=lambda item: item[0]),
        sorted((d for p in parts for d in p.documents), key=lambda item: item[0]),
    )
    for part in reversed(parts):  # own last: it wins
        whole.failed.update(part.failed)
        whole.loaded.update(part.loaded)
        whole.taken.update(part.taken)
        whole.stamps.update(part.stamps)
    # in the order one process reads them: the same index, byte for byte
    whole.loaded = dict(sorted(whole.loaded.items(), key=lambda i: position.get(i[0], -1)))
    whole.taken = dict(sorted(whole.taken.items(), key=lambda i: position.get(Path(i[0]), -1)))
    # the same problem found by two processes (a facts file both read) counts once
    loader.problems[:] = list(dict.fromkeys(p for part in parts for p in part.problems))
    loader.failed.update(whole.failed)
    # a number broken in two files: the same file is named as in one process
    for part in parts:
        for number, path in part.broken_numbers.items():
            loader.broken(number, path)
    sitzungen = {doc.path: doc for part in parts for doc in part.sitzung_docs}
    loader.sitzung_docs[:] = sorted(sitzungen.values(), key=lambda d: position.get(d.path, -1))
    return whole
