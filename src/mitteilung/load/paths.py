"""Paths a data file names: facts files relative to it, templates relative to templates/.

Nothing a data file names may lead outside the project, however it is written ('..', links,
absolute paths).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path

from mitteilung.errors import Problem
from mitteilung.load import files
from mitteilung.model.document import Document, Path_

_ABSOLUTE = re.compile(r"[/\\]|[A-Za-z]:")

Resolve = Callable[[Path], Path]


@functools.lru_cache(maxsize=4096)
def resolved(path: Path) -> Path:
    """``path.resolve()``, once per path and run: thousands of documents name the same files.

    Where links form a loop, the path as written (made absolute): reading it then says so.
    A path that is its own real path comes back as the same object: the loader keeps the
    real path of every Vorlage, and a second Path each cost 350 bytes at 10,000 of them.
    """
    real = files.resolve(path) or Path(os.path.abspath(path))
    return path if real == path else real


def inside(path: Path, folder: Path, resolve: Resolve = resolved) -> bool:
    """True when ``path`` (after following links and '..') lies in ``folder``."""
    return resolve(path).is_relative_to(resolve(folder))


def file_reference(
    doc: Document,
    loc: Path_,
    ref: str,
    root: Path,
    resolve: Resolve = resolved,
) -> tuple[Path | None, Problem | None]:
    """A facts file named in ``doc``, relative to it; never absolute, never outside ``root``.

    ``resolve`` may remember what it resolved: thousands of documents name the same files.
    """
    if _ABSOLUTE.match(ref):
        return None, doc.problem(
            loc,
            f"absoluter Pfad {ref} ist nicht erlaubt; Pfad relativ zu dieser Datei angeben, "
            "z. B. ../fakten/ikz-ki.yaml",
        )
    path = resolve(doc.path.parent / ref)
    if not path.is_relative_to(resolve(root)):
        return None, doc.problem(
            loc,
            f"{ref} liegt außerhalb des Projektordners; Faktendateien müssen unter data/ liegen",
        )
    return path, None


def template_name_problem(name: str, what: str, folder: str) -> str | None:
    """Why ``name`` may not name a file under ``folder`` (absolute, '..', backslash), if so."""
    parts = name.split("/")
    if _ABSOLUTE.match(name) or "\\" in name or any(p in ("", ".", "..") for p in parts):
        return (
            f"{what} '{name}' ist nicht erlaubt: Namen gelten relativ zu {folder}, "
            "ohne '..', ohne '/' am Anfang und ohne '\\'"
        )
    return None
