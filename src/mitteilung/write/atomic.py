"""Write output files atomically: a reader sees the old file or the complete new one."""

from __future__ import annotations

import errno
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

#: Longest file name and path the usual file systems take (Linux: NAME_MAX, PATH_MAX)
NAME_MAX, PATH_MAX = 255, 4096


def creatable(folder: Path) -> None:
    """An OSError if ``folder`` could not be made: a name too long, a file on the way."""
    path = Path(os.path.abspath(folder))
    longest = max(len(os.fsencode(part)) for part in path.parts)
    if longest > NAME_MAX or len(os.fsencode(path)) >= PATH_MAX:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(folder))
    existing = path
    while not os.path.lexists(existing):
        existing = existing.parent
    if not existing.is_dir():
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(existing))


#: Our temporary files and folders: hidden, with the writing process's id, e.g.
#: ".7939-2025-mitteilung.docx.4711.k2j3l4m5.tmp". A build removes those of dead processes.
_TEMP = re.compile(r"\..*\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp")
#: Folders where this process made temporary files: removed from there when it is interrupted
_OWN_FOLDERS: set[Path] = set()
#: The temporary files of one process are numbered (the process id in their name tells apart)
_COUNTER = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of them) to a temporary file beside ``path``, then
    rename it over ``path``."""
    _OWN_FOLDERS.add(path.parent)
    fd, tmp = _temp_file(path)
    try:
        try:
            for piece in [data] if isinstance(data, bytes) else data:
                _write_all(fd, piece)
            os.fchmod(fd, 0o644)
        finally:
            os.close(fd)
        # rename is atomic within one file system; a kill before it leaves only the .tmp file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (os.write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _temp_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, open for writing (its folder made if missing).

    Named by this process's id and a counter, not by tempfile's random names: thousands of
    documents a batch, and mkstemp with fdopen and chmod took twice the time of writing.
    O_EXCL never opens what is there (a file left by a dead process of the same id, a link).
    """
    folder = os.fspath(path.parent)
    prefix = os.path.join(folder, _temp_prefix(path.name))
    made = False
    while True:
        tmp = f"{prefix}{next(_COUNTER) % 16**8:08x}.tmp"
        try:
            return os.open(tmp, _CREATE, 0o600), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made:
                raise
            # another process of the build may make it at the same moment: then it is there
            os.makedirs(folder, exist_ok=True)
            made = True


def write_if_changed(path: Path, data: bytes, touch: bool = False) -> bool:
    """Write ``data`` unless ``path`` holds exactly it; True if the file was (re)written.

    With ``touch`` an unchanged file gets a new modification time, so make sees it current.
    """
    try:
        same = path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        same = False
    if same:
        if touch:
            os.utime(path)
        return False
    write_atomic(path, data)
    return True


def temp_folder(parent: Path, name: str) -> Path:
    """A new hidden working folder in ``parent`` (same file system, so renames are atomic)."""
    parent.mkdir(parents=True, exist_ok=True)
    _OWN_FOLDERS.add(parent)
    return Path(tempfile.mkdtemp(prefix=_temp_prefix(name), suffix=".tmp", dir=parent))


def remove_stale_temp(folder: Path) -> list[Path]:
    """Remove our temporary files and folders left in ``folder`` by killed processes."""
    return _remove_temp(folder, lambda pid: not _alive(pid))


def remove_own_temp() -> list[Path]:
    """Remove this process's temporary files and folders (after Ctrl+C, before it ends)."""
    own = os.getpid()
    return [p for f in sorted(_OWN_FOLDERS) for p in _remove_temp(f, lambda pid: pid == own)]


def _remove_temp(folder: Path, whose: Callable[[int], bool]) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match is None or not whose(int(match["pid"])):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
        removed.append(Path(entry.path))
    return removed


def _temp_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but was not yet waited for (a killed build's helper, whose
    new parent may take its time): it writes nothing more."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            line = stat.read()
    except OSError:  # no /proc (not Linux): alive, as os.kill says
        return False
    return line[line.rfind(b")") + 2 : line.rfind(b")") + 3] == b"Z"
