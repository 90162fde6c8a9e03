"""The pieces of OParl JSON that every object uses: dates, the File of a generated file, and
the bytes of an object (deterministic: fixed key order, no wall-clock time)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from mitteilung.model.sitzungsplan import SitzungEntry
from mitteilung.write.oparl_ids import Ids

#: The formats a Paper's mainFile may describe, best first.
MAIN_FORMATS = ("pdf", "docx")
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class FileInfo:
    """What a Paper says about its generated file; kept instead of the file's bytes."""

    suffix: str
    size: int
    sha512: str

    @classmethod
    def of(cls, suffix: str, data: bytes) -> FileInfo:
        """Size and checksum of ``data``."""
        return cls(suffix, len(data), hashlib.sha512(data).hexdigest())


def main_file(outputs: dict[str, bytes]) -> FileInfo | None:
    """The generated file a Paper describes: the PDF where built, else the .docx."""
    for suffix in MAIN_FORMATS:
        if suffix in outputs:
            return FileInfo.of(suffix, outputs[suffix])
    return None


def dump(obj: dict[str, Any]) -> bytes:
    """JSON as UTF-8, indented, keys in the order they were built."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def timestamp(day: date) -> str:
    """An OParl date-time for a day of the data (no wall-clock time: same data, same bytes)."""
    return f"{day.isoformat()}T00:00:00+00:00"


def sitzung_day(entry: SitzungEntry) -> date:
    """The day a Sitzung's objects last changed: the session once held, else the Einladung."""
    return entry.sitzung.datum if entry.gehalten else entry.sitzung.einladung


def file_object(ids: Ids, filename: str, name: str, day: date, info: FileInfo) -> dict[str, Any]:
    """The OParl File of a generated file: name, size and SHA-512 of its bytes."""
    stamp = timestamp(day)
    return {
        "id": ids.file(filename),
        "type": "https://schema.oparl.org/1.1/File",
        "name": name,
        "fileName": filename,
        "mimeType": MIME_TYPES[info.suffix],
        "date": day.isoformat(),
        "size": info.size,
        "sha512Checksum": info.sha512,
        "accessUrl": ids.download(filename),
        "downloadUrl": ids.download(filename),
        "created": stamp,
        "modified": stamp,
    }
