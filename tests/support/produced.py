"""The .docx files the bad-input, property and safety tests produce, kept for one LibreOffice run.

Converting each file on its own costs about a second of LibreOffice start-up; the test in
test_safety_libreoffice.py converts everything kept so far in a single soffice call. The
folder comes from the session fixture ``produced`` (conftest.py), so that any test module
runs alone and in any order.
"""

from __future__ import annotations

import itertools
from pathlib import Path


class Produced:
    """A folder of kept .docx files, numbered in the order produced."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._counter = itertools.count(1)

    def keep(self, docx: bytes | Path, label: str) -> Path:
        """Keep a copy of a produced .docx under a readable, unique name; returns the copy."""
        data = docx.read_bytes() if isinstance(docx, Path) else docx
        name = "".join(c if c.isalnum() else "-" for c in label)[:60]
        path = self.folder / f"{next(self._counter):03d}-{name}.docx"
        path.write_bytes(data)
        return path

    def kept(self) -> list[Path]:
        """Every .docx kept so far, in the order produced."""
        return sorted(self.folder.glob("*.docx"))
