"""The .docx files the bad-input, property and safety tests produce, kept for one LibreOffice run.

Converting each file on its own costs about a second of LibreOffice start-up; the test in
test_safety_libreoffice.py converts everything kept here in a single soffice call.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path

FOLDER = Path(tempfile.mkdtemp(prefix="mitteilung-docx-"))
atexit.register(shutil.rmtree, FOLDER, True)
_counter = itertools.count(1)


def keep(docx: bytes | Path, label: str) -> Path:
    """Keep a copy of a produced .docx under a readable, unique name; returns the copy."""
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    name = "".join(c if c.isalnum() else "-" for c in label)[:60]
    path = FOLDER / f"{next(_counter):03d}-{name}.docx"
    path.write_bytes(data)
    return path


def kept() -> list[Path]:
    """Every .docx kept so far, in the order produced."""
    return sorted(FOLDER.glob("*.docx"))
