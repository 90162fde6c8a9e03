"""Loading the project for a command: the data files given, or all of data/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mitteilung import defaults

if TYPE_CHECKING:
    from mitteilung.model.project import Project


def load(root: Path, data: tuple[Path, ...], max_size: int = defaults.DATA_BYTES) -> Project:
    """The loaded project of ``root`` with the documents in ``data`` (default: data/)."""
    from mitteilung.load.loader import load_project  # a stage: only when a command runs
    from mitteilung.load.reader import Limits

    return load_project(root, data or (root / "data",), Limits(max_bytes=max_size))
