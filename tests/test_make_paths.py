"""make finds outdated documents whatever form OUT and DATA take: relative, with '/', absolute."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.make import SAMPLES, changed, copy_samples, make, needs_make

pytestmark = needs_make

#: make's arguments for a project folder and the output folder they mean
Case = Callable[[Path], tuple[list[str], Path]]
CASES: dict[str, Case] = {
    "default": lambda folder: ([], folder / "build"),
    "out-trailing-slash": lambda folder: (["OUT=ausgabe/"], folder / "ausgabe"),
    "out-dot-slash": lambda folder: (["OUT=./ausgabe/"], folder / "ausgabe"),
    "out-absolute-outside": lambda folder: (
        [f"OUT={folder.parent / 'absout'}"],
        folder.parent / "absout",
    ),
    "data-absolute": lambda folder: ([f"DATA={folder / 'data'}/"], folder / "build"),
}


def outputs(out: Path) -> dict[str, int]:
    """Modification time of every output file in ``out``, by name."""
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.*")}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The two sample documents, their facts and the templates in a project folder."""
    return copy_samples(tmp_path / "projekt")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_touched_facts_file_rebuilds_its_documents(sample: Path, case: Case) -> None:
    args, out = case(sample)
    make(sample, *args)
    assert {p.stem for p in out.glob("*.docx")} == set(SAMPLES)
    before = outputs(out)
    (sample / "data" / "fakten" / "ikz-ki.yaml").touch()  # both samples use it
    output = make(sample, *args)
    assert output.count("mitteilung build") == 1, output
    assert "0 Vorlage(n) gebaut, 2 übersprungen (unverändert)" in output
    assert changed(before, outputs(out)) == set(SAMPLES)
    again = outputs(out)
    # nothing outdated: no Python (a venv that does not exist would fail)
    output = make(sample, *args, venv=str(sample / "kein-venv"))
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in output
    assert outputs(out) == again


def test_depfile_targets_are_the_output_folder_as_make_names_it(sample: Path) -> None:
    absout = sample.parent / "absout"
    make(sample, f"OUT={absout}/")
    depfile = absout / ".deps" / "data" / "vorlagen" / "7939-2025-mitteilung.d"
    rules = depfile.read_text(encoding="utf-8")
    assert f"MITTEILUNG_OUTPUTS += {absout}/7939-2025-mitteilung.docx " in rules
    assert "MITTEILUNG_DOCS += data/vorlagen/7939-2025-mitteilung.yaml\n" in rules
    assert "../" not in rules
