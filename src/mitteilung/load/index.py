"""Read a build's index (see model/index.py) and never trust it blindly.

An index that cannot be read, is not JSON, has another schema, program version or project, does
not match its checksum (truncated, edited) or holds one record of the wrong shape is not used:
the build then reads every file, as without an index, and writes a new one. A record is used
only while its stamps are current.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from mitteilung import __version__
from mitteilung.model.index import SCHEMA, Index, Record, Stamp, Used
from mitteilung.model.project import Ref

#: An index larger than this is not read (about 400 bytes a Vorlage: room for a million)
MAX_BYTES = 500 * 1000 * 1000


def read_index(path: Path, root: Path, paths: Iterable[Path] = ()) -> Index | None:
    """The index in ``path`` if it is whole and of this program and project, else None.

    ``paths``: Path objects of files found already, used for the records' paths
    (making tens of thousands of them anew was most of the time to read an index)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        first, _, body = path.read_bytes().partition(b"\n")
        head = json.loads(first)
        if head["schema"] != SCHEMA or head["version"] != __version__:
            return None
        if head["root"] != str(root) or head["sha256"] != hashlib.sha256(body).hexdigest():
            return None
        table, raw = json.loads(body)
        used = [(_text(path), _stamp(stamp)) for path, *stamp in table]
        made = _Made(paths)
        records = {_text(key): _record(key, value, used, made) for key, value in raw.items()}
        return Index(str(root), __version__, _int(head["started_ns"]), records)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # missing, damaged, truncated or foreign: rebuilt from the files


def stamp(path: str) -> Stamp | None:
    """Size, mtime, ctime (nanoseconds) and inode of ``path``; None where it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class Stamps:
    """The stamps of files, each file looked at once in a build."""

    def __init__(self) -> None:
        self.seen: dict[str, Stamp | None] = {}

    def __call__(self, path: str) -> Stamp | None:
        """The stamp of ``path`` (see `stamp`), looked at once."""
        if path not in self.seen:
            self.seen[path] = stamp(path)
        return self.seen[path]


class _Made:
    """The objects records share, each made once: paths, dates, sets of Gremien.

    A value is checked when it is first made; a later one found in a table equals a checked
    one (JSON gives no other type that equals a string), so it needs no check of its own.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = {str(p): p for p in paths}
        self.dates: dict[str, date] = {}
        self.sets: dict[tuple[str, ...], frozenset[str]] = {}

    def path(self, name: Any) -> Path:
        """The Path of ``name``."""
        if (path := self.paths.get(name)) is None:
            path = self.paths[_text(name)] = Path(name)
        return path

    def date(self, text: Any) -> date:
        """The date written as ``text`` (ISO)."""
        if (day := self.dates.get(text)) is None:
            day = self.dates[_text(text)] = date.fromisoformat(text)
        return day

    def set(self, names: Any) -> frozenset[str]:
        """The set of the names in the list ``names``."""
        key = tuple(names)
        if (found := self.sets.get(key)) is None:
            found = self.sets[key] = frozenset(_text(n) for n in key)
        return found


def _record(path: str, data: Any, used: list[Used], made: _Made) -> Record:
    stamp, broken, uses, ref = data
    return Record(
        _stamp(stamp),
        _ref(path, ref, made) if ref is not None else None,
        _text(broken) if broken is not None else None,
        tuple([used[_int(i)] for i in uses]),
    )


def _ref(path: str, data: Any, made: _Made) -> Ref:
    nummer, art, betreff, datum, kooperation, entscheidung, anlagen = data
    if type(nummer) is not str or type(art) is not str or type(betreff) is not str:
        raise TypeError(data)
    return Ref(
        made.path(path),
        nummer,
        art,
        betreff,
        made.date(datum),
        made.path(kooperation) if kooperation is not None else None,
        made.set(entscheidung),
        tuple([_text(a) for a in anlagen]),
    )


def _stamp(data: Any) -> Stamp:
    size, mtime, ctime, inode = data
    if type(size) is not int or type(mtime) is not int:  # bool is no int here
        raise TypeError(data)
    if type(ctime) is not int or type(inode) is not int:
        raise TypeError(data)
    return (size, mtime, ctime, inode)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value
