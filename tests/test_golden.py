"""Every sample document's text form equals its golden file (regenerate: `make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.txt"))


def test_there_is_a_golden_file_per_document() -> None:
    documents = list((ROOT / "data" / "vorlagen").glob("*.yaml"))
    assert len(GOLDEN) == len(documents) > 0


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.name for g in GOLDEN])
def test_text_output_matches_golden(project: Path, cli: Run, golden: Path) -> None:
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0, result.output
    assert (project / "build" / golden.name).read_bytes() == golden.read_bytes()
