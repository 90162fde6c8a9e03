"""Loading the project for a command: the data files given, or all of data/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung import defaults

if TYPE_CHECKING:
    from mitteilung.load.shares import Split
    from mitteilung.model.project import Project


def load(
    root: Path,
    data: tuple[Path, ...],
    max_size: int = defaults.DATA_BYTES,
    index: Path | None = None,
    new: Callable[[Path], bool] | None = None,
    split: Split | None = None,
) -> Project:
    """The loaded project of ``root`` with the documents in ``data`` (default: data/); with
    ``index`` (a build's index file, there or not) unchanged files come from it; ``new``:
    whether a Sitzung file has no depfile yet; ``split``: the processes that share the reading
    (see `load_project`)."""
    from mitteilung.load.loader import load_project  # a stage: only when a command runs
    from mitteilung.load.reader import Limits

    limits = Limits(max_bytes=max_size)
    return load_project(root, data or (root / "data",), limits, index, new, split)
