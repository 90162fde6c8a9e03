"""Running make on a copy of the samples, and telling which outputs it wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ["7939-2025-mitteilung", "8012-2025-beschlussvorlage"]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make nicht installiert")


def copy_samples(folder: Path, sitzungen: bool = False) -> Path:
    """The sample documents, their facts and the templates, copied into ``folder``; the
    sample Sitzungen only with ``sitzungen`` (these tests count Vorlagen; see test_sitzungen)."""
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    if not sitzungen:
        shutil.rmtree(folder / "data" / "sitzungen")
    return folder


def run_make(
    folder: Path, *args: str, venv: str = sys.prefix, path: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the project's Makefile in ``folder`` with the venv running these tests.

    Afterwards it waits a little: file times are coarse (a clock tick of a few ms), and an edit
    right after a build could get the very time of the build's stamps, which make would not
    take as newer.
    """
    result = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "-C", str(folder), "SETUP=", f"VENV={venv}", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"} if path else None,
    )
    time.sleep(0.05)
    return result


def make(folder: Path, *args: str, venv: str = sys.prefix, path: str = "") -> str:
    """Run make as ``run_make`` does; it must succeed. Returns what it printed."""
    result = run_make(folder, *args, venv=venv, path=path)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def mtimes(folder: Path) -> dict[str, int]:
    """Modification time of every output file, by name."""
    return {p.name: p.stat().st_mtime_ns for p in (folder / "build").glob("*.*")}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """The documents (stems) with an output file that was written or touched."""
    return {Path(name).stem for name in after if before.get(name) != after[name]}
