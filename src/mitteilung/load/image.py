"""The city's logo named in stadt.yaml: read once and checked, so that a missing or broken
image is the clerk's German error before anything is written, not a Word file with a hole."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from mitteilung.errors import InputError, display_path, os_reason
from mitteilung.model import StadtDatei
from mitteilung.model.document import Document

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_NS = "http://www.w3.org/2000/svg"
#: Larger logos are a mistake (a photo instead of the logo) and would bloat every document.
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Image:
    """A checked PNG image: its bytes and its size in pixels (the template sets its size);
    ``svg``: the same image as SVG, where the city has one (the PNG is the fallback)."""

    path: Path
    data: bytes
    width: int
    height: int
    svg: bytes | None = None


class ImageFormatError(ValueError):
    """Bytes that are not a complete PNG image; the message says why, in German."""


def read_logo(doc: Document, stadt: StadtDatei) -> Image | None:
    """The logo of ``stadt.briefkopf`` (relative to the folder of stadt.yaml), or None."""
    briefkopf = stadt.stadt.briefkopf
    if briefkopf.logo is None:
        return None
    data = _read(doc, "logo", briefkopf.logo)
    what = f"die Bilddatei {display_path(doc.path.parent / briefkopf.logo)}"
    try:
        image = png(doc.path.parent / briefkopf.logo, data)
    except ImageFormatError as exc:
        _fail(
            doc,
            "logo",
            f"{what} ist kein gültiges PNG-Bild ({exc}); im Bildprogramm als PNG speichern",
        )
    if briefkopf.logo_svg is None:
        return image
    svg = _read(doc, "logo_svg", briefkopf.logo_svg)
    if not _is_svg(svg):
        what = f"die Bilddatei {display_path(doc.path.parent / briefkopf.logo_svg)}"
        _fail(doc, "logo_svg", f"{what} ist kein SVG-Bild; im Grafikprogramm als SVG speichern")
    return replace(image, svg=svg)


def _read(doc: Document, key: str, name: str) -> bytes:
    """The bytes of an image file named in stadt.yaml; never outside the folder of stadt.yaml."""
    folder = doc.path.parent
    path = (folder / name).resolve()
    what = f"die Bilddatei {display_path(folder / name)}"
    if Path(name).is_absolute() or not path.is_relative_to(folder.resolve()):
        _fail(doc, key, f"{name}: das Bild muss in {display_path(folder)} oder darunter liegen")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _fail(doc, key, f"{what} fehlt; Datei dort ablegen oder den Dateinamen korrigieren")
    except OSError as exc:
        _fail(doc, key, f"{what} kann nicht gelesen werden: {os_reason(exc)}")
    if len(data) > MAX_BYTES:
        _fail(doc, key, f"{what} ist größer als 2 MB; das Logo kleiner speichern")
    return data


def _is_svg(data: bytes) -> bool:
    """Well-formed XML whose root element is an SVG image."""
    parser = expat.ParserCreate(namespace_separator=" ")
    roots: list[str] = []
    parser.StartElementHandler = lambda name, attrs: roots.append(name) if not roots else None
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return False
    return roots == [f"{_SVG_NS} svg"]


def _fail(doc: Document, key: str, message: str) -> NoReturn:
    raise InputError([doc.problem(("stadt", "briefkopf", key), message)])


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
