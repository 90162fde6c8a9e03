"""Reading a Word template (a zip of XML parts) without trusting it.

A .docx from a colleague's mail can be damaged, truncated, not a zip at all, or built to hurt
(a zip bomb that inflates to gigabytes, an XML part with a DOCTYPE and external entities).
Each is refused here with a German message naming the template and the part, before anything
is rendered, so no broken document is ever written over a good one.
"""

from __future__ import annotations

import collections
import os
import stat
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from jinja2 import TemplateNotFound

from mitteilung.errors import format_size, os_reason
from mitteilung.render.limits import DEFAULT, TemplateFileError

#: Parts every Word document has; without them Word cannot open the file.
REQUIRED_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
#: Most parts a template may have (a real one has a few dozen).
MAX_PARTS = 10_000
_RESAVE = "die Word-Vorlage in Word öffnen und als .docx speichern"
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


def regular_file(path: Path, max_bytes: int) -> os.stat_result:
    """The status of a template file; refuses folders, pipes, devices and oversized files."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise TemplateNotFound(path.name) from None
    except (OSError, ValueError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "ungültiger Name"
        raise TemplateFileError(path, None, f"kann nicht gelesen werden ({reason})") from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateFileError(
            path, None, "ist keine normale Datei (ein Ordner, eine Pipe oder ein Gerät)"
        )
    if info.st_size > max_bytes:
        raise TemplateFileError(path, None, _too_big(info.st_size, max_bytes))
    return info


def _too_big(size: int, limit: int, what: str = "ist") -> str:
    return (
        f"{what} zu groß ({format_size(size)}; erlaubt sind höchstens {format_size(limit)}, "
        "mehr mit --max-template-size)"
    )


def open_docx(path: Path, max_bytes: int = DEFAULT.template_bytes) -> zipfile.ZipFile:
    """A Word template as zip archive whose declared sizes are within ``max_bytes``.

    Reading a part never yields more than its declared size (zipfile stops there and fails
    the checksum), so checking the declared sizes bounds the memory any read can take.
    """
    regular_file(path, max_bytes)
    try:
        zf = zipfile.ZipFile(path)
    except _DAMAGED:
        raise TemplateFileError(
            path, None, "ist keine Word-Datei (.docx); in Word öffnen und als .docx speichern"
        ) from None
    infos = zf.infolist()
    unpacked = sum(info.file_size for info in infos)
    if len(infos) > MAX_PARTS:
        zf.close()
        raise TemplateFileError(
            path, None, f"hat zu viele Teile ({len(infos)}; Word-Dateien haben wenige Dutzend)"
        )
    if unpacked > max_bytes:
        zf.close()
        raise TemplateFileError(path, None, _too_big(unpacked, max_bytes, "ist entpackt"))
    return zf


def read_part(zf: zipfile.ZipFile, part: str, path: Path) -> bytes:
    """One part of an opened Word template; a missing or damaged part is the user's mistake."""
    try:
        return zf.read(part)
    except KeyError:
        raise TemplateFileError(
            path, None, f"fehlt: die Datei ist keine vollständige Word-Datei; {_RESAVE}", part
        ) from None
    except _DAMAGED:
        raise TemplateFileError(path, None, f"ist beschädigt; {_RESAVE}", part) from None


def check_package(zf: zipfile.ZipFile, path: Path) -> None:
    """Refuse a template without the parts Word needs."""
    names = collections.Counter(zf.namelist())
    twice = next((name for name, count in names.items() if count > 1), None)
    if twice is not None:  # Word would read one of them, we another
        raise TemplateFileError(path, None, f"kommt doppelt vor; {_RESAVE}", twice)
    for part in REQUIRED_PARTS:
        if part not in names:
            read_part(zf, part, path)  # raises the message for a missing part


def check_part_xml(path: Path, part: str, data: bytes) -> None:
    """Refuse a part that is not well-formed XML, or declares a DOCTYPE (never copied on)."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise TemplateFileError(
            path,
            None,
            "enthält eine DOCTYPE-Angabe, die in Word-Dateien nicht vorkommt (sie könnte "
            f"fremde Dateien einbinden); {_RESAVE}",
            part,
        )

    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise TemplateFileError(
            path,
            None,
            f"ist beschädigt (kein gültiges XML in Zeile {exc.lineno}); {_RESAVE}",
            part,
        ) from None
