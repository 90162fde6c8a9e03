"""Cleaning an output folder: remove only the files the tool wrote, never anything else.

An output folder of make carries a marker file, written by its first build (with --depfile).
`clean` refuses a folder without the marker, a folder that holds the project, data/,
templates/ or the home folder, and a folder inside data/ or templates/. Within the folder it
deletes only what the depfiles list (the outputs of each document), the depfiles, make's
rules (makerules.py) and stamps themselves, our temporary files of dead processes and the
marker; whatever else is there stays, and so does the folder then.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mitteilung.errors import MitteilungError, display_path, os_reason
from mitteilung.write.atomic import remove_stale_temp, write_atomic
from mitteilung.write.depfile import DEPS_DIR, depfile_path, listed_outputs, make_path
from mitteilung.write.makerules import UNFINISHED

#: Marker of an output folder: written by the first build, required by clean.
MARKER = ".mitteilung-ausgabe"
MARKER_TEXT = (
    "Diesen Ordner hat mitteilung als Zielordner angelegt. `make clean` löscht hier nur die\n"
    "Dateien, die mitteilung geschrieben hat; ohne diese Datei löscht es nichts.\n"
).encode()
#: Suffixes of the files a build writes, the only ones clean deletes
OUTPUT_SUFFIXES = (".docx", ".txt", ".html", ".pdf", ".oparl.json")
#: make's own files under .deps/: the lists it hands to the program, stamps of read files
_DEPS_FILES = ("veraltet.txt", "gelesen.txt", "index.json")


class CleanRefused(MitteilungError):
    """The folder is not one the tool may clean; the message says why."""


@dataclass
class Cleaned:
    """What clean did: the files deleted, the files left (not written by the tool)."""

    deleted: int = 0
    kept: list[Path] = field(default_factory=list)
    missing: bool = False  # there was no such folder: nothing to do


def mark(folder: Path) -> None:
    """Write the marker into an output folder (once; a build calls this before writing)."""
    if not (folder / MARKER).is_file():
        write_atomic(folder / MARKER, MARKER_TEXT)


def refusal(folder: Path, root: Path) -> str | None:
    """Why ``folder`` must not be cleaned, or None when it is an output folder of ours."""
    target = Path(os.path.abspath(folder.expanduser()))
    resolved = target.resolve()
    guarded = {
        "den Projektordner": root,
        "den Ordner data/": root / "data",
        "den Ordner templates/": root / "templates",
        "den persönlichen Ordner": Path.home(),
        "das Programm selbst": Path(__file__).parents[3],  # its checkout, or lib/python3.x
    }
    for what, path in guarded.items():
        path = path.resolve()
        if path == resolved or resolved in path.parents:
            return f"ist oder enthält {what}"
    for inside in ("data", "templates"):
        if (root / inside).resolve() in resolved.parents:
            return f"liegt im Ordner {inside}/ des Projekts"
    if target.is_symlink():
        return "ist eine Verknüpfung, kein Zielordner"
    if not resolved.exists():
        return None  # nothing to delete: not an error (make clean twice)
    if not resolved.is_dir():
        return "ist kein Ordner"
    if not (resolved / MARKER).is_file():
        return (
            f"ist kein Zielordner von make (die Datei {MARKER}, die make beim ersten Bau "
            "anlegt, fehlt; ein Zielordner einer älteren Version bekommt sie beim nächsten make)"
        )
    return None


def clean(folder: Path, root: Path, name: str) -> Cleaned:
    """Delete what the tool wrote into ``folder`` (``name``: as the user wrote it).

    A CleanRefused says why it will not.
    """
    why = refusal(folder, root)
    if why is not None:
        raise CleanRefused(f"{name} wird nicht gelöscht: {why}")
    if not os.path.lexists(folder):
        return Cleaned(missing=True)
    folder = Path(os.path.abspath(folder))
    result = Cleaned()
    deps = folder / DEPS_DIR
    for path in sorted(_listed_outputs(folder, deps)):
        result.deleted += _unlink(path)
    for dirpath, _dirs, files in os.walk(deps) if deps.is_dir() else ():
        for name in files:
            # depfiles, stamps, make's rules and the mark of an unfinished build
            ours = name.endswith((".d", ".ok", ".mk")) or name == UNFINISHED
            if ours or (Path(dirpath) == deps and name in _DEPS_FILES):
                result.deleted += _unlink(Path(dirpath) / name)
    for sub in (deps, folder):
        result.deleted += len(remove_stale_temp(sub))
    _remove_empty(deps)
    result.kept = sorted(
        Path(dirpath) / name
        for dirpath, _dirs, files in os.walk(folder)
        for name in files
        if Path(dirpath) / name != folder / MARKER
    )
    if not result.kept:
        result.deleted += _unlink(folder / MARKER)
        _remove_empty(folder)
    return result


def _listed_outputs(folder: Path, deps: Path) -> set[Path]:
    """The output files the depfiles name, where they lie directly in ``folder``."""
    found: set[Path] = set()
    for depfile in deps.rglob("*.d") if deps.is_dir() else ():
        found |= outputs_of(folder, depfile)
    return found


def drop(folder: Path, data_files: Iterable[Path]) -> None:
    """Remove the depfiles, and the outputs they name, of data files that made nothing (a
    Vorlage that became a facts file, stadt.yaml without Sitzungen): make would hand them to
    the program again at every run."""
    absolute = Path(os.path.abspath(folder))
    for data_file in data_files:
        path = depfile_path(folder, data_file)
        if path.is_file():
            for stale in sorted(outputs_of(absolute, path)):
                stale.unlink(missing_ok=True)
            path.unlink(missing_ok=True)


def outputs_of(folder: Path, depfile: Path) -> set[Path]:
    """The output files one depfile names, where they lie directly in ``folder`` (absolute)."""
    found: set[Path] = set()
    try:
        text = depfile.read_text(encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        return found
    for line in text.splitlines():
        if (listed := listed_outputs(line)) is not None:
            for name in _split(listed):
                path = _inside(folder, name)
                if path is not None:
                    found.add(path)
    return found


def _inside(folder: Path, name: str) -> Path | None:
    """The output file ``name`` (as make writes it), if it is one of ours in ``folder``."""
    path = Path(os.path.abspath(name))
    if path.parent != folder or not path.name.endswith(OUTPUT_SUFFIXES):
        return None
    return path if make_path(path) == name else None


def _split(targets: str) -> list[str]:
    """make's target list: words split at spaces, '\\ ' an escaped space (see depfile.py)."""
    words = targets.replace("\\ ", "\0").split(" ")
    return [w.replace("\0", " ").replace("\\#", "#").replace("$$", "$") for w in words if w]


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise MitteilungError(
            f"{display_path(path)} kann nicht gelöscht werden ({os_reason(exc)})"
        ) from None
    return 1


def _remove_empty(top: Path) -> None:
    """Remove ``top`` and the folders below it that are empty (nothing else)."""
    if not top.is_dir() or top.is_symlink():
        return
    for dirpath, _dirs, _files in sorted(os.walk(top), key=lambda w: -len(w[0])):
        with contextlib.suppress(OSError):  # not empty: something not ours is in it
            os.rmdir(dirpath)
