"""The index of a build: every data file's cross-document facts, and what proves them current.

`mitteilung build --depfile` keeps it beside the depfiles (``OUT/.deps/index.json``). A later
build of a few files takes the `Ref` of every other Vorlage from it instead of reading all of
data/, and still checks the rules across all Vorlagen. A record is used only while its file and
every file its facts were read from (facts files, stadt.yaml) carry exactly the stamp they had
when it was read: size, modification and change time in nanoseconds and inode. ctime cannot be
set back by a program (unlike mtime, e.g. by `touch -d` or an unpacked archive), so a changed
file always shows. A file whose ctime lies less than `RACY_NS` before the build that read it
began may have been changed again within the same tick of the file system's clock, after it
was read, without a new stamp: its record is not used (git calls this "racily clean").
Reading the index is load/index.py's job, writing it write/index.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mitteilung.model.project import Ref

#: Where the index lies in the output folder
INDEX_FILE = Path(".deps") / "index.json"
#: Raised whenever the layout or meaning of a record changes: an older index is then rebuilt
SCHEMA = 1
#: A file changed less than this before the build that read it: its record is not trusted
#: (file times tick in milliseconds on Linux file systems, in up to 2 s on FAT and others)
RACY_NS = 2_000_000_000

#: size, mtime_ns, ctime_ns, inode of a file
Stamp = tuple[int, int, int, int]
#: the stamp of a file now, None where it is missing (each file looked at once in a build)
StampOf = Callable[[str], Stamp | None]
#: a file another one was read with, and its stamp then
Used = tuple[str, Stamp]


@dataclass(frozen=True)
class Record:
    """What the index keeps of one data file: its stamp and the facts other files need."""

    stamp: Stamp
    ref: Ref | None = None  # of a Vorlage that could be loaded
    broken: str | None = None  # the number of a Vorlage that has errors of its own
    #: the files the ref was read from, with their stamps (pairs shared between records)
    uses: tuple[Used, ...] = ()


@dataclass(frozen=True)
class Index:
    """The records of one project (by data file, as the loader names it), and whose they are."""

    root: str
    version: str
    started_ns: int  # when the build that read these files started
    records: dict[str, Record] = field(default_factory=dict)
    _checked: dict[Used, bool] = field(default_factory=dict, repr=False, compare=False)

    def trusted(self, path: str, stamp_of: StampOf) -> Record | None:
        """The record of ``path`` if it and every file it uses are unchanged since it was read."""
        record = self.records.get(path)
        if record is None or not self._current(path, record.stamp, stamp_of):
            return None
        if all(self._used(used, stamp_of) for used in record.uses):
            return record
        return None

    def _current(self, path: str, stamp: Stamp, stamp_of: StampOf) -> bool:
        return stamp_of(path) == stamp and stamp[2] < self.started_ns - RACY_NS

    def _used(self, used: Used, stamp_of: StampOf) -> bool:
        # thousands of records use the same few facts files: each pair is looked at once
        if (known := self._checked.get(used)) is None:
            known = self._checked[used] = self._current(*used, stamp_of)
        return known
