"""Editing a copy of the sample project into a broken one: edits of data files and of the Word
template, the expected messages, and a snapshot of an output folder to compare."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import MITTEILUNG

M = str(MITTEILUNG)
KOOP = "data/fakten/ikz-ki.yaml"
PROG = "data/fakten/foerderprogramm-ikz.yaml"
STADT = "data/stadt.yaml"
TXT = "templates/mitteilung.txt.j2"
DOCX = "templates/mitteilung.docx"
BAUSTEIN = "templates/bausteine/ikz/gespraeche.txt.j2"
INTERESSE = "templates/bausteine/ikz/interesse.txt.j2"
LAST_TEXT = "- text: Die Verwaltung wird zum Thema weiter berichten."
Edit = Callable[[Path], None]


def sub(path: str, old: str, new: str) -> Edit:
    """Replace ``old`` by ``new`` in a project file (which must contain it)."""

    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, data: str | bytes) -> Edit:
    """Replace a project file's content."""

    def edit(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")

    return edit


def word_sub(old: str, new: str, part: str = "word/document.xml") -> Edit:
    """Replace text in one XML part of the Word template, as an edit in Word would."""

    def edit(root: Path) -> None:
        path = root / DOCX
        out = io.BytesIO()
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == part:
                    text = data.decode("utf-8")
                    assert old in text, f"{old!r} not in {part}"
                    data = text.replace(old, new, 1).encode("utf-8")
                dst.writestr(info, data)
        path.write_bytes(out.getvalue())

    return edit


def both(*edits: Edit) -> Edit:
    """Several edits in a row."""

    def edit(root: Path) -> None:
        for e in edits:
            e(root)

    return edit


@dataclass
class Case:
    """One broken input: the edit, the exact messages, the files named as failed."""

    id: str
    edit: Edit
    messages: list[str]
    failed: list[str] = field(default_factory=lambda: [M])
    args: tuple[str, ...] = ()


def m(line: int | None, text: str, path: str = M) -> str:
    """An expected message in the file:line: form."""
    return f"{path}:{line}: {text}" if line is not None else f"{path}: {text}"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder`` (hidden ones too, the OParl folder's too) with content,
    modification time and inode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
