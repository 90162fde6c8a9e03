"""The city's logo named in stadt.yaml: read once and checked, so that a missing or broken
image is the clerk's German error before anything is written, not a Word file with a hole."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from mitteilung.errors import InputError, display_path, os_reason
from mitteilung.model import StadtDatei
from mitteilung.model.document import Document

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_LOC = ("stadt", "briefkopf", "logo")
#: Larger logos are a mistake (a photo instead of the logo) and would bloat every document.
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Image:
    """A checked PNG image: its bytes and its size in pixels (the template sets its size)."""

    path: Path
    data: bytes
    width: int
    height: int


class ImageFormatError(ValueError):
    """Bytes that are not a complete PNG image; the message says why, in German."""


def read_logo(doc: Document, stadt: StadtDatei) -> Image | None:
    """The logo of ``stadt.briefkopf.logo`` (relative to the folder of stadt.yaml), or None."""
    name = stadt.stadt.briefkopf.logo
    if name is None:
        return None
    folder = doc.path.parent
    path = (folder / name).resolve()
    what = f"die Bilddatei {display_path(folder / name)}"
    if Path(name).is_absolute() or not path.is_relative_to(folder.resolve()):
        _fail(doc, f"{name}: das Logo muss in {display_path(folder)} oder darunter liegen")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _fail(doc, f"{what} fehlt; Datei dort ablegen oder den Dateinamen korrigieren")
    except OSError as exc:
        _fail(doc, f"{what} kann nicht gelesen werden: {os_reason(exc)}")
    if len(data) > MAX_BYTES:
        _fail(doc, f"{what} ist größer als 2 MB; das Logo kleiner speichern")
    try:
        return png(path, data)
    except ImageFormatError as exc:
        _fail(doc, f"{what} ist kein gültiges PNG-Bild ({exc}); im Bildprogramm als PNG speichern")


def _fail(doc: Document, message: str) -> NoReturn:
    raise InputError([doc.problem(_LOC, message)])


def png(path: Path, data: bytes) -> Image:
    """Check every chunk of a PNG (lengths, checksums, image data) and read its size."""
    if not data.startswith(_SIGNATURE):
        raise ImageFormatError("die Datei beginnt nicht wie ein PNG-Bild")
    pos, chunks = len(_SIGNATURE), []
    while pos < len(data):
        if pos + 12 > len(data):
            raise ImageFormatError("die Datei ist abgeschnitten")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length] or b"\0\0\0\0")
        if len(body) < length or zlib.crc32(kind + body) != crc:
            raise ImageFormatError("die Datei ist beschädigt oder abgeschnitten")
        chunks.append((kind, body))
        pos += 12 + length
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ImageFormatError("Kopf oder Ende des Bildes fehlt")
    width, height = struct.unpack(">II", chunks[0][1][:8])
    if not width or not height:
        raise ImageFormatError("das Bild hat keine Fläche")
    try:
        zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    except zlib.error:
        raise ImageFormatError("die Bilddaten sind beschädigt") from None
    return Image(path, data, width, height)
