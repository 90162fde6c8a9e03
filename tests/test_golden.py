"""Every sample document's text form equals its golden file (regenerate: `make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.txt"))


def test_there_is_a_golden_file_per_document() -> None:
    names = {g.stem for g in GOLDEN}
    documents = {p.stem for p in (ROOT / "data" / "vorlagen").glob("*.yaml")}
    sitzungen = {p.stem for p in (ROOT / "data" / "sitzungen").glob("*.yaml")}
    assert documents and documents <= names
    # each Sitzung has at least its Einladung and Bekanntmachung
    assert all({f"{s}-einladung", f"{s}-bekanntmachung"} <= names for s in sitzungen)


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.name for g in GOLDEN])
def test_text_output_matches_golden(project: Path, cli: Run, golden: Path) -> None:
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0, result.output
    assert (project / "build" / golden.name).read_bytes() == golden.read_bytes()
