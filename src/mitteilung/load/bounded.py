"""Reading a data file bounded: a regular file of at most a given size, whatever it claims.

A FIFO or a device named like a data file would block or never end, a file under /proc lies
about its size: each is refused, or cut off at the limit, with a German message.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from mitteilung.errors import InputError, format_size, os_reason, single

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "eine benannte Pipe (FIFO)"),
    (stat.S_ISCHR, "ein Gerät"),
    (stat.S_ISBLK, "ein Gerät"),
    (stat.S_ISSOCK, "ein Socket"),
)
LOOP = (
    "Verknüpfung zeigt im Kreis (auf sich selbst oder über andere Verknüpfungen zurück); "
    "die Verknüpfung löschen oder auf die richtige Datei richten"
)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, whatever ``stat`` claims."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO waits for no writer
    except OSError as exc:
        raise _open_error(path, exc) from None
    try:
        return _read_fd(path, fd, max_bytes)
    finally:
        os.close(fd)


def _read_fd(path: Path, fd: int, max_bytes: int) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise single(path, None, None, "ist ein Ordner, erwartet wird eine YAML-Datei")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "keine Datei")
        raise single(
            path,
            None,
            None,
            f"ist keine gewöhnliche Datei, sondern {kind}; erwartet wird eine YAML-Datei",
        )
    if info.st_size > max_bytes:
        raise too_large(path, format_size(info.st_size), max_bytes)
    chunks: list[bytes] = []
    size = 0
    try:
        # read one byte more than allowed: a file that grows (or lies about its size, like
        # those under /proc) is cut off at the limit, never read to its end
        while size <= max_bytes and (chunk := os.read(fd, min(_CHUNK, max_bytes + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise single(
            path, None, None, f"Datei kann nicht gelesen werden ({os_reason(exc)})"
        ) from None
    if size > max_bytes:
        raise too_large(path, f"mehr als {format_size(max_bytes)}", max_bytes)
    return b"".join(chunks)


def too_large(path: Path, size: str, max_bytes: int) -> InputError:
    """'Datei ist zu groß (6 MB; erlaubt sind höchstens 5 MB, einstellbar mit --max-size)'."""
    return single(
        path,
        None,
        None,
        f"Datei ist zu groß ({size}; erlaubt sind höchstens {format_size(max_bytes)}, "
        "einstellbar mit --max-size)",
    )


def _open_error(path: Path, exc: OSError) -> InputError:
    if exc.errno == errno.ELOOP:
        return single(path, None, None, LOOP)
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            target = os.readlink(path)
            return single(path, None, None, f"Verknüpfung auf {target}, das es nicht gibt")
        return single(path, None, None, "Datei nicht gefunden")
    if exc.errno == errno.EISDIR:
        return single(path, None, None, "ist ein Ordner, erwartet wird eine YAML-Datei")
    return single(path, None, None, f"Datei kann nicht gelesen werden ({os_reason(exc)})")
