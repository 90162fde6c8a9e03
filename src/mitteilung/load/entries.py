"""The documents to build of a loaded project, each read (again) when it is reached."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from mitteilung.load.documents import Loader
from mitteilung.model.project import Entry


class Entries:
    """The documents to build, in order: those kept from the first reading, the rest read
    again when they are reached. Iterating twice gives the same documents."""

    def __init__(
        self,
        paths: tuple[Path, ...],
        kept: dict[Path, Entry],
        loader: Loader,
        position: dict[Path, int] | None = None,
    ) -> None:
        self.paths, self.kept, self.loader = paths, kept, loader
        #: with a split load: each document's position, which says which process read it
        self.position = position

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[Entry]:
        return self.share(0, 1)

    def share(self, k: int, n: int) -> Iterator[Entry]:
        """Every ``n``-th document from the ``k``-th: what one of ``n`` processes builds."""
        if self.position is None:
            paths: Iterable[Path] = self.paths[k::n]
        else:  # the documents this process read (and kept)
            paths = (p for p in self.paths if self.position.get(p, 0) % n == k)
        for path in paths:
            entry = self.kept.get(path) or self.loader.load(path)
            if entry is not None:
                yield entry
