"""make finds outdated documents whatever form OUT and DATA take: relative, with '/', absolute."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.make import SAMPLES, changed, copy_samples, make, needs_make, run_make

pytestmark = needs_make

#: make's arguments for a project folder and the output folder they mean
Case = Callable[[Path], tuple[list[str], Path]]


def data_link(folder: Path, target: Path) -> tuple[list[str], Path]:
    """data/ as a link to a folder elsewhere (a share, a checkout): make once said "Alle 0
    Vorlage(n) … aktuell", as the program names the files by the folder the link leads to."""
    target.parent.mkdir(parents=True, exist_ok=True)
    (folder / "data").rename(target)
    (folder / "data").symlink_to(target)
    return [], folder / "build"


CASES: dict[str, Case] = {
    "default": lambda folder: ([], folder / "build"),
    "out-trailing-slash": lambda folder: (["OUT=ausgabe/"], folder / "ausgabe"),
    "out-dot-slash": lambda folder: (["OUT=./ausgabe/"], folder / "ausgabe"),
    "out-absolute-outside": lambda folder: (
        [f"OUT={folder.parent / 'absout'}"],
        folder.parent / "absout",
    ),
    "data-absolute": lambda folder: ([f"DATA={folder / 'data'}/"], folder / "build"),
    "data-link-inside": lambda folder: data_link(folder, folder / "ablage" / "daten"),
}


def outputs(out: Path) -> dict[str, int]:
    """Modification time of every output file in ``out``, by name."""
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.*") if p.is_file()}  # not .deps/


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


def test_data_linked_outside_the_project_is_refused_by_name(sample: Path) -> None:
    """Not "Alle 0 Vorlage(n) … aktuell" (nothing built, and no word why): the program's rule."""
    data_link(sample, sample.parent / "geteilt" / "daten")
    result = run_make(sample)
    assert result.returncode != 0
    assert (
        "data/stadt.yaml: ist eine Verknüpfung auf " in result.stderr
        and "Datendateien müssen im Projektordner liegen" in result.stderr
    ), result.stdout + result.stderr


def test_depfile_targets_are_the_output_folder_as_make_names_it(sample: Path) -> None:
    absout = sample.parent / "absout"
    make(sample, f"OUT={absout}/")
    depfile = absout / ".deps" / "data" / "vorlagen" / "7939-2025-mitteilung.d"
    rules = depfile.read_text(encoding="utf-8")
    doc = "data/vorlagen/7939-2025-mitteilung.yaml"
    assert f"MITTEILUNG_OUTPUTS/{doc} := {absout}/7939-2025-mitteilung.docx " in rules
    assert "../" not in rules
