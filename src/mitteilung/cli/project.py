"""Loading the project for a command: the data files given, or all of data/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung import defaults

if TYPE_CHECKING:
    from mitteilung.model.project import Project


def load(
    root: Path,
    data: tuple[Path, ...],
    max_size: int = defaults.DATA_BYTES,
    index: Path | None = None,
    new: Callable[[Path], bool] | None = None,
) -> Project:
    """The loaded project of ``root`` with the documents in ``data`` (default: data/); with
    ``index`` (a build's index file, there or not) unchanged files come from it; ``new``:
    whether a Sitzung file has no depfile yet (see `load_project`)."""
    from mitteilung.load.loader import load_project  # a stage: only when a command runs
    from mitteilung.load.reader import Limits

    return load_project(root, data or (root / "data",), Limits(max_bytes=max_size), index, new)
