"""Start-up stays fast: the help of the program and of every command imports no stage and none
of the heavy libraries, and a build without -f pdf or -f oparl loads neither writer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, ROOT

#: What ``--help`` must not import: the stages after loading and the libraries they need.
HEAVY_STAGES = (
    "mitteilung.pipeline",
    "mitteilung.render",
    "mitteilung.write",
    "mitteilung.authoring",
    "mitteilung.load",
    "mitteilung.check",
    "mitteilung.model",
)
HEAVY_LIBRARIES = ("docxtpl", "docx", "lxml", "jinja2", "pikepdf", "pydantic", "yaml", "babel")
COMMANDS = ["build", "check", "schema", "clean", "serve", "template-check", "context", "new"]


def _imported(*args: str, cwd: Path = ROOT) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules ``python -m mitteilung ARGS`` imports, read from ``-X importtime``."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mitteilung", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 20, run.stderr  # the output was read: Python lists its own imports
    return {line.rpartition("|")[2].strip() for line in lines}, run


def _heavy(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if m.startswith(HEAVY_STAGES) or m.split(".")[0] in HEAVY_LIBRARIES
    )


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["main", *COMMANDS])
def test_help_imports_no_stage_and_no_heavy_library(command: list[str]) -> None:
    modules, run = _imported(*command, "--help")
    assert run.returncode == 0, run.stderr
    assert "Aufruf:" in run.stdout and "Beispiel:" in run.stdout
    assert "mitteilung.cli" in modules  # the program itself was imported
    assert _heavy(modules) == []


def test_a_build_without_pdf_or_oparl_loads_neither_writer(tmp_path: Path) -> None:
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    modules, run = _imported("build", str(MITTEILUNG), "-f", "docx", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "build" / "7939-2025-mitteilung.docx").exists()
    assert {"jinja2", "mitteilung.render.word"} <= modules  # the build ran
    unneeded = (
        "pikepdf",
        "mitteilung.write.pdf",
        "mitteilung.write.oparl_endpoint",
        "mitteilung.write.oparl_graph",
    )
    assert sorted(modules & set(unneeded)) == []


def test_the_help_shows_the_stages_own_defaults() -> None:
    """The help takes its values from mitteilung.defaults; the stages must agree with it."""
    from mitteilung import defaults
    from mitteilung.load.reader import Limits
    from mitteilung.model import formats
    from mitteilung.render.limits import DEFAULT, DEPTH_CEILING
    from mitteilung.write import oparl_endpoint

    assert formats.CHOICES == defaults.FORMATS  # the format table's order, as -f lists them
    assert formats.DEFAULT == defaults.DEFAULT_FORMATS
    assert (DEFAULT.seconds, DEFAULT.output_bytes, DEFAULT.depth, DEFAULT.template_bytes) == (
        10.0,
        20_000_000,
        40,
        50_000_000,
    )
    assert DEPTH_CEILING == 100 and Limits().max_bytes == 5_000_000
    assert (oparl_endpoint.FOLDER, oparl_endpoint.PAGE_SIZE) == ("oparl", 100)
