"""Every .docx the safety, property and bad-input tests produced opens in LibreOffice.

Converts, in one soffice call, every file the tests before it kept in this session (the
session fixture ``produced``; pytest orders files by name); run alone or first, it still
converts the sample and a document full of special text.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, Run, edit, need_libreoffice, pdf_text
from tests.support.edits import LAST_TEXT
from tests.support.produced import Produced

SPECIAL = "A & B < C > D \"E\" 'F' „G“ »H« – § 5 € {{ stadt.name }} {% if x %} Straße"


@pytest.mark.libreoffice
def test_every_produced_docx_converts_to_pdf(
    project: Path, cli: Run, produced: Produced, tmp_path: Path
) -> None:
    soffice = need_libreoffice()
    assert cli("build", "-f", "docx").exit_code == 0
    produced.keep(project / "build/7939-2025-mitteilung.docx", "sample")
    quoted = '"' + SPECIAL.replace('"', '\\"') + '\\nzweite Zeile\\tnach Tab"'
    edit(project / MITTEILUNG, LAST_TEXT, f"- text: {quoted}")
    assert cli("build", "-f", "docx").exit_code == 0
    special = produced.keep(project / "build/7939-2025-mitteilung.docx", "special text")

    files = produced.kept()
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    for docx in files:
        pdf = out / (docx.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 0, f"kein PDF für {docx.name}"
    text = pdf_text(out / (special.stem + ".pdf"))
    assert SPECIAL in text
    assert "zweite Zeile nach Tab" in text
