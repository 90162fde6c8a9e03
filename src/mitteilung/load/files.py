"""Finding data files: regular files inside the project only (reading them: bounded.py).

A link may point outside the project or in a circle. Each is refused with a German message
under the path as written, so that the run goes on with the other documents.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from mitteilung.errors import single
from mitteilung.load.bounded import LOOP as LOOP
from mitteilung.load.bounded import read_bounded as read_bounded
from mitteilung.load.bounded import too_large as too_large

_SUFFIXES = (".yaml", ".yml")


def resolve(path: Path) -> Path | None:
    """``path`` with every link and '..' followed; None where links form a loop."""
    try:
        return path.resolve()
    except RuntimeError:  # Python 3.11 reports a link loop so, later versions with OSError
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise


def discover(paths: Iterable[Path], root: Path) -> list[Path]:
    """Every YAML file in the given files and folders, once each, in a stable order.

    A file is named by its real path, except a link that points outside ``root`` or in a
    circle: that one keeps the path as written, so that its refusal names the link.
    """
    found: list[tuple[str, str, bool]] = []  # folder, name, whether it is certainly no link
    for path in paths:
        name = str(path)  # a file named itself (make names thousands): one lstat, no resolve
        if path.is_dir():
            found.extend(_walk(name))
        else:  # certainly no link only if it is there: a missing one keeps the name as written
            found.append((*os.path.split(name), _no_link(name)))
    unique: dict[Path, None] = {}
    folders: dict[str, _Folder] = {}
    # on strings, each folder resolved once: pathlib's parsing was most of a small build's time
    absolute_root, real_root = os.path.abspath(root), str(_real(_absolute(root)))
    for folder, name, plain in found:
        if (at := folders.get(folder)) is None:
            at = folders[folder] = _Folder(folder, absolute_root, real_root)
        if plain and at.plain is not None and name not in ("", ".", ".."):
            unique[at.plain / name] = None  # its folder's verdict holds for it
            continue
        joined = os.path.join(folder, name)
        real, written = _real_of(joined), os.path.abspath(joined)
        inside = _within(written, absolute_root) or _within(written, real_root)
        refused = real is None or (inside and not _within(real, real_root))
        if not refused and real != written and not os.path.exists(real):  # type: ignore[arg-type]
            refused = True  # a link to nothing: its message names the link
        unique[Path(real if real is not None and not refused else written)] = None
    return list(unique)


def _no_link(name: str) -> bool:
    """Whether ``name`` is there and no link."""
    try:
        return not stat.S_ISLNK(os.lstat(name).st_mode)
    except (OSError, ValueError):
        return False


class _Folder:
    """A folder data files were found in, resolved once for all files in it that are no link."""

    def __init__(self, folder: str, absolute_root: str, real_root: str) -> None:
        real = resolve(Path(folder or "."))
        written = os.path.abspath(folder)
        inside = _within(written, absolute_root) or _within(written, real_root)
        refused = real is None or (inside and not _within(str(real), real_root))
        #: the Path of the real folder, where a plain file in it is neither refused nor a
        #: link to nothing: the file is named as its real folder and its name
        self.plain = real if not refused else None


def _walk(top: str) -> list[tuple[str, str, bool]]:
    """The YAML files below ``top`` as Path.rglob finds them (no link to a folder followed),
    sorted as Paths sort (by parts): folder, name, whether it is certainly no link."""
    found: list[tuple[str, str, bool]] = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # as rglob: a folder that cannot be listed holds nothing
        for entry in entries:
            link = entry.is_symlink()
            if _suffix(entry.name) in _SUFFIXES:
                found.append((folder, entry.name, not link))
            with contextlib.suppress(OSError):
                if not link and entry.is_dir():
                    folders.append(os.path.join(folder, entry.name))
    found.sort(key=lambda item: os.path.join(item[0], item[1]).split(os.sep))
    return found


def _suffix(name: str) -> str:
    """Path(name).suffix, without making a Path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _real_of(path: str) -> str | None:
    """``resolve(path)`` as a string."""
    real = resolve(Path(path))
    return str(real) if real is not None else None


def _within(path: str, folder: str) -> bool:
    """Path.is_relative_to for normalised absolute paths as strings."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _absolute(path: Path) -> Path:
    """The path made absolute and '..' removed, links not followed: as the user wrote it."""
    return Path(os.path.abspath(path))


def _inside(real: Path, root: Path) -> bool:
    return real.is_relative_to(_real(_absolute(root)))


@functools.lru_cache(maxsize=8)
def _real(root: Path) -> Path:
    """The (absolute) project folder resolved once: every data file is compared with it."""
    return resolve(root) or root


def _written_inside(path: Path, root: Path) -> bool:
    return _absolute(path).is_relative_to(_absolute(root)) or _inside(_absolute(path), root)


def check_link(path: Path, root: Path) -> None:
    """Refuse a data file written inside ``root`` whose link leads outside or in a circle."""
    if _plain_inside(path, root):
        return
    real = resolve(path)
    if real is None:
        raise single(path, None, None, LOOP)
    if _written_inside(path, root) and not _inside(real, root):
        raise single(
            path,
            None,
            None,
            f"ist eine Verknüpfung auf {real}, also auf eine Datei außerhalb des "
            "Projektordners; Datendateien müssen im Projektordner liegen (Datei "
            "hineinkopieren statt verknüpfen)",
        )


def forget() -> None:
    """Forget the folders resolved so far: they may have moved since the last run."""
    _real.cache_clear()
    _real_folder.cache_clear()


def _plain_inside(path: Path, root: Path) -> bool:
    """True for a file that is no link, in a folder that lies inside ``root`` once resolved:
    one lstat a file, each folder resolved once a run (resolving every file cost a sixth of
    loading it)."""
    name = os.fspath(path)
    try:
        if stat.S_ISLNK(os.lstat(name).st_mode):
            return False
    except OSError:
        return False  # the full check below says why
    folder = _real_folder(os.path.dirname(os.path.abspath(name)))
    return folder is not None and _within(folder, str(_real(_absolute(root))))


@functools.lru_cache(maxsize=256)
def _real_folder(folder: str) -> str | None:
    """A folder's real path (cleared with `_real` at the start of every load)."""
    real = resolve(Path(folder))
    return str(real) if real is not None else None
