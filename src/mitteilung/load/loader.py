"""Read a project from disk: the city file, every document found, the facts files they use.

Every document in data/ is known, so that references between documents and the rules over all
of them hold even when one document is built. Of each, only a small `Ref` is kept; the
documents to build are kept whole up to `KEEP` and read again beyond, so that a batch of any
size needs about the same memory. With an index (model/index.py) the Ref of a file not to be
built is taken from it while the file is unchanged: then only the changed files are read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from mitteilung import __version__
from mitteilung.load.documents import Loader
from mitteilung.load.files import discover
from mitteilung.load.index import Stamps, read_index
from mitteilung.load.paths import resolved
from mitteilung.load.reader import Limits
from mitteilung.load.sitzungen import load_sitzungen
from mitteilung.model.index import Index, Record, Used
from mitteilung.model.project import Entry, Project, Ref

#: Documents to build kept whole from the first reading (about 20 kB each); more are read again
KEEP = 1000


def load_project(
    root: Path, paths: Iterable[Path], limits: Limits | None = None, index: Path | None = None
) -> Project:
    """Load the city file and every document in data/ and ``paths``; select those in ``paths``.

    All of data/ is loaded so that references between documents (Anlagen) and the rules over
    all documents (unique numbers) hold even when only one document is built. With ``index``
    (a file, there or not) unchanged files not selected come from it, and the project carries
    the index of all files for the build to write.
    """
    started = time.time_ns()
    old = read_index(index, root) if index is not None else None
    stamps = Stamps()
    resolved.cache_clear()  # files may have moved since the last run in this process
    loader = Loader(root, limits or Limits())
    stadt_doc, stadt = loader.stadt()
    paths = list(paths)
    found = {p: p for p in discover([root / "data"], root)}
    # one Path object per file; a build of all of data/ need not look twice
    selected = (
        set(found)
        if paths == [root / "data"]
        else {found.setdefault(p, p) for p in discover(paths, root)}
    )
    documents: list[Path] = []
    kept: dict[Path, Entry] = {}
    refs: list[Ref] = []
    taken: dict[str, Record] = {}
    read: dict[Path, tuple[Ref | None, tuple[Path, ...]]] = {}  # for the index: small
    for path in found:
        if path == stadt_doc.path:
            continue
        record = old.trusted(str(path), stamps) if old and path not in selected else None
        if record is not None:
            taken[str(path)] = record
            refs += [record.ref] if record.ref is not None else []
            if record.broken is not None:
                loader.broken_numbers[record.broken] = path  # as reading it would
            continue
        stamps(str(path))  # before reading: a change while it is read shows next time
        entry = loader.load(path)
        if entry is None:
            read[path] = (None, ())
            continue
        ref = Ref.of(entry)
        read[path] = (ref, entry.sources)
        refs.append(ref)
        if path in selected:
            documents.append(path)
            if len(kept) < KEEP:
                kept[path] = entry
    plan = load_sitzungen(loader.sitzung_docs, stadt, loader.stadt_path, selected)
    for path, problems in plan.failed.items():
        loader._fail(path, problems)
    return Project(
        root=root,
        stadt=stadt,
        stadt_doc=stadt_doc,
        refs=tuple(refs),
        documents=tuple(documents),
        entries=Entries(tuple(documents), kept, loader),
        problems=tuple(loader.problems),
        broken=tuple(sorted(p for p in loader.failed if p in selected)),
        selected=frozenset(selected),
        broken_numbers=loader.broken_numbers,
        sitzungen=plan,
        tagesordnung=_tagesordnung(plan.vorlagen, refs, kept, loader),
        index=None if index is None else _index(root, started, taken, read, loader, stamps),
    )


def _index(
    root: Path,
    started: int,
    taken: dict[str, Record],
    read: dict[Path, tuple[Ref | None, tuple[Path, ...]]],
    loader: Loader,
    stamps: Stamps,
) -> Index:
    """The index of every file: the records taken from the old one, new ones of files read."""
    broken = {path: number for number, path in loader.broken_numbers.items()}
    sitzungen = {doc.path for doc in loader.sitzung_docs}
    records = dict(taken)
    shared: dict[Used, Used] = {}
    for path, (ref, sources) in read.items():
        own = stamps(str(path))
        if own is None or path in sitzungen:
            continue  # gone, or a Sitzung (read every time: the Sitzungen are a few)
        others = dict.fromkeys(str(s) for s in sources if s != path)
        uses = tuple(shared.setdefault(u, u) for name in others if (u := _used(name, stamps)))
        if len(uses) == len(others):  # else (a file it used is gone): read next time
            records[str(path)] = Record(own, ref, broken.get(path), uses)
    return Index(str(root), __version__, started, records)


def _used(path: str, stamps: Stamps) -> Used | None:
    stamp = stamps(path)
    return (path, stamp) if stamp is not None else None


def _tagesordnung(
    numbers: set[str], refs: list[Ref], kept: dict[Path, Entry], loader: Loader
) -> dict[str, Entry]:
    """The Vorlagen on a Tagesordnung, loaded whole (a few: their Beschlussvorschlag is the
    wording of a resolution); one that has errors while loading fails on its own."""
    found: dict[str, Entry] = {}
    for ref in refs:
        if ref.nummer in numbers and ref.nummer not in found:
            entry = kept.get(ref.path) or loader.load(ref.path)
            if entry is not None and not any(p.is_error for p in entry.problems):
                found[ref.nummer] = entry
    return found


class Entries:
    """The documents to build, in order: those kept from the first reading, the rest read
    again when they are reached. Iterating twice gives the same documents."""

    def __init__(self, paths: tuple[Path, ...], kept: dict[Path, Entry], loader: Loader) -> None:
        self.paths, self.kept, self.loader = paths, kept, loader

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[Entry]:
        for path in self.paths:
            entry = self.kept.get(path) or self.loader.load(path)
            if entry is not None:
                yield entry
