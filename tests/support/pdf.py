"""A fake LibreOffice for the PDF tests: a program named soffice first on PATH."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def fake_soffice(folder: Path, body: str) -> None:
    """Put a program named soffice first on PATH; ``body`` is Python with ``outdir``, ``files``."""
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "args = sys.argv[1:]\n"
        "def real_pdf(path, title):\n"
        "    import pikepdf\n"
        "    document = pikepdf.new()\n"
        "    document.add_blank_page()\n"
        "    document.docinfo['/Title'] = title\n"
        "    document.save(path)\n"
        "outdir = Path(args[args.index('--outdir') + 1])\n"
        "files = [Path(a) for a in args if a.endswith('.docx')]\n" + body,
        encoding="utf-8",
    )
    script.chmod(0o755)


def empty_pdfs_for(project: Path, monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """A fake soffice on PATH that writes an empty PDF for every file whose name holds
    ``marker`` and a real one for the others."""
    fake_soffice(
        project / "bin",
        "for f in files:\n"
        "    pdf = outdir / (f.stem + '.pdf')\n"
        "    print(f'convert {f} -> {pdf} using filter : pdf', flush=True)\n"
        "    outdir.mkdir(exist_ok=True)\n"
        f"    pdf.write_bytes(b'') if {marker!r} in f.stem else real_pdf(pdf, f.stem)\n",
    )
    monkeypatch.setenv("PATH", f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}")
