"""Read a project from disk: the city file, every document found, the facts files they use.

Every document in data/ is known, so that references between documents and the rules over all
of them hold even when one document is built. Of each, only a small `Ref` is kept; the
documents to build are kept whole up to `KEEP` and read again beyond, so that a batch of any
size needs about the same memory. With an index (model/index.py) the Ref of a file not to be
built is taken from it while the file is unchanged: then only the changed files are read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mitteilung import __version__
from mitteilung.load import files
from mitteilung.load.documents import Loader
from mitteilung.load.entries import Entries
from mitteilung.load.files import discover
from mitteilung.load.index import Stamps, read_index
from mitteilung.load.paths import resolved
from mitteilung.load.reader import Limits
from mitteilung.load.shares import Split, merge, part_of
from mitteilung.load.sitzungen import load_sitzungen
from mitteilung.model.index import Index, Record, Used
from mitteilung.model.project import Entry, Project, Ref
from mitteilung.model.sitzungsplan import Sitzungsplan

#: Documents to build kept whole from the first reading (about 20 kB each); more are read again
KEEP = 1000


def load_project(
    root: Path,
    paths: Iterable[Path],
    limits: Limits | None = None,
    index: Path | None = None,
    new: Callable[[Path], bool] | None = None,
    split: Split | None = None,
) -> Project:
    """Load the city file and every document in data/ and ``paths``; select those in ``paths``.

    All of data/ is loaded so that references between documents (Anlagen) and the rules over
    all documents (unique numbers) hold even when only one document is built. With ``index``
    (a file, there or not) unchanged files not selected come from it, and the project carries
    the index of all files for the build to write. A selected Sitzung file for which ``new``
    is true (no depfile yet) also selects the Vorlagen on its Tagesordnung and stadt.yaml (the
    Beschlusskontrolle): no depfile of theirs names it yet. With ``split``, the files are read
    by several processes (see shares.py); each keeps its own share of the Vorlagen whole.
    """
    started = time.time_ns()  # before any file is looked at (see RACY_NS)
    resolved.cache_clear()  # files may have moved since the last run in this process
    files.forget()
    loader = Loader(root, limits or Limits())
    stadt_doc, stadt = loader.stadt()
    paths = list(paths)
    found = {p: p for p in discover([root / "data"], root)}
    known = _Known(read_index(index, root, found) if index else None, started, bool(index))
    # one Path object per file; a build of all of data/ need not look twice
    selected = (
        set(found)
        if paths == [root / "data"]
        else {found.setdefault(p, p) for p in discover(paths, root)}
    )
    if split is not None and new is not None:  # asked before any process writes a depfile
        fresh = frozenset(p for p in selected if new(p))
        new = fresh.__contains__
    k, n = split.begin(len(selected)) if split is not None else (0, 1)
    position = {path: i for i, path in enumerate(found)} if n > 1 else None
    documents, kept, refs = _read(found, selected, stadt_doc.path, known, loader, k, n)
    if split is not None and position is not None:
        documents, refs = _swap(split, loader, known, documents, refs, position)
    plan = load_sitzungen(loader.sitzung_docs, stadt, loader.stadt_path, selected)
    if new is not None:
        _dated_by_new(plan, new, refs, selected, documents, stadt_doc.path)
    for path, problems in plan.failed.items():
        loader._fail(path, problems)
    return Project(
        root=root,
        stadt=stadt,
        stadt_doc=stadt_doc,
        refs=tuple(refs),
        documents=tuple(documents),
        entries=Entries(tuple(documents), kept, loader, position),
        problems=tuple(loader.problems),
        broken=tuple(sorted(p for p in loader.failed if p in selected)),
        selected=frozenset(selected),
        broken_numbers=loader.broken_numbers,
        sitzungen=plan,
        tagesordnung=_tagesordnung(plan.vorlagen, refs, kept, loader),
        index=None if index is None or k > 0 else known.index(root, loader),
    )


def _read(
    found: Iterable[Path],
    selected: set[Path],
    stadt_path: Path,
    known: _Known,
    loader: Loader,
    k: int = 0,
    n: int = 1,
) -> tuple[list[Path], dict[Path, Entry], list[Ref]]:
    """Every file's Ref (from the index while it holds), the documents to build in order, and
    the first `KEEP` of them whole: of the files at positions k, k + n, …"""
    documents: list[Path] = []
    kept: dict[Path, Entry] = {}
    refs: list[Ref] = []
    for i, path in enumerate(found):
        if path == stadt_path or i % n != k:
            continue
        if path not in selected and (record := known.take(path, loader)) is not None:
            refs += [record.ref] if record.ref is not None else []
            continue
        loaded = known.read(path, loader)
        if loaded is None:
            continue
        entry, ref = loaded
        refs.append(ref)
        if path in selected:
            documents.append(path)
            if len(kept) < KEEP:
                kept[path] = entry
    return documents, kept, refs


def _swap(
    split: Split,
    loader: Loader,
    known: _Known,
    documents: list[Path],
    refs: list[Ref],
    position: dict[Path, int],
) -> tuple[list[Path], list[Ref]]:
    """Swap what this process read with the others (shares.py); every document and Ref."""
    own = part_of(
        loader,
        [(position[r.path], r) for r in refs],
        [(position[p], p) for p in documents],
        known.loaded,
        known.taken,
        known.stamps.seen,
    )
    whole = merge(own, split.exchange(own), loader, position)
    known.loaded, known.taken = whole.loaded, whole.taken
    known.stamps.seen.update(whole.stamps)
    return [p for _, p in whole.documents], [r for _, r in whole.refs]


def _dated_by_new(
    plan: Sitzungsplan,
    new: Callable[[Path], bool],
    refs: list[Ref],
    selected: set[Path],
    documents: list[Path],
    stadt_path: Path,
) -> None:
    """Select the Vorlagen on the Tagesordnung of a new Sitzung file (no depfile names it yet:
    their Beratungsfolge gets its date), and stadt.yaml for the Beschlusskontrolle."""
    fresh = [e for e in plan.selected if new(e.doc.path)]
    listed = {t.top.vorlage for e in fresh for t in e.tops if t.top.vorlage}
    if fresh:  # the Beschlusskontrolle (made with stadt.yaml) lists its resolutions
        selected.add(stadt_path)
    for ref in refs:
        if ref.nummer in listed and ref.path not in selected:
            selected.add(ref.path)
            documents.append(ref.path)


class _Known:
    """The index side of one load: what the old index gives, what is read, the new index."""

    def __init__(self, old: Index | None, started: int, keep: bool) -> None:
        self.started, self.keep = started, keep  # keep: what the new index needs
        self.old, self.stamps = old, Stamps()
        self.taken: dict[str, Record] = {}
        self.loaded: dict[Path, tuple[Ref | None, tuple[Path, ...]]] = {}  # small: no Entry

    def take(self, path: Path, loader: Loader) -> Record | None:
        """The old record of ``path`` if it is current; its broken number noted as reading
        it would."""
        record = self.old.trusted(str(path), self.stamps) if self.old is not None else None
        if record is not None:
            self.taken[str(path)] = record
            if record.broken is not None:
                loader.broken(record.broken, path)
        return record

    def read(self, path: Path, loader: Loader) -> tuple[Entry, Ref] | None:
        """Load ``path`` (stamped before: a change while it is read shows next time); the
        Vorlage in it and its Ref, or None."""
        if self.keep:
            self.stamps(str(path))
        entry = loader.load(path)
        ref = Ref.of(entry) if entry is not None else None
        if self.keep:  # else a few hundred bytes a Vorlage for nothing (and the swap)
            self.loaded[path] = (ref, entry.sources if entry is not None else ())
        return (entry, ref) if entry is not None and ref is not None else None

    def index(self, root: Path, loader: Loader) -> Index:
        """The index of every file: the records taken from the old one, new ones of files
        read (not the Sitzungen: a few, read every time)."""
        broken = {path: number for number, path in loader.broken_numbers.items()}
        sitzungen = {doc.path for doc in loader.sitzung_docs}
        records, shared = dict(self.taken), dict[Used, Used]()
        for path, (ref, sources) in self.loaded.items():
            own = self.stamps(str(path))
            if own is None or path in sitzungen:
                continue
            others = dict.fromkeys(str(s) for s in sources if s != path)
            uses = tuple(shared.setdefault(u, u) for o in others if (u := _used(o, self.stamps)))
            if len(uses) == len(others):  # else (a file it used is gone): read next time
                records[str(path)] = Record(own, ref, broken.get(path), uses)
        return Index(str(root), __version__, self.started, records)


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
