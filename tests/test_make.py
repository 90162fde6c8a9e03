"""make rebuilds exactly the outdated documents, with one call of the program for all of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.synthetic import kooperation_of, make_project
from tests.conftest import ROOT
from tests.support.make import SAMPLES, changed, make, mtimes, needs_make
from tests.support.pdf import fake_soffice

COUNT = 30  # synthetic documents, plus the two samples (which use ikz-ki.yaml)

pytestmark = needs_make


def stems(folder: Path) -> set[str]:
    """Output names of all documents: the synthetic ones and the samples."""
    return {p.stem for p in (folder / "data" / "vorlagen").glob("1*.yaml")} | set(SAMPLES)


def users(folder: Path, kooperation: str | None) -> set[str]:
    """Output names of the documents that use this cooperation's facts file (None: none)."""
    synthetic = {s for s in stems(folder) if s not in SAMPLES}
    chosen = {s for s in synthetic if kooperation_of(int(s.split("-")[0]) - 10000) == kooperation}
    return chosen | (set(SAMPLES) if kooperation == "ikz-ki.yaml" else set())


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project with synthetic documents, built once by make."""
    make_project(tmp_path, COUNT)
    output = make(tmp_path)
    # make does not know yet which files are documents: it hands every one to the program
    files = len(list((tmp_path / "data").rglob("*.yaml")))
    assert f"{files} Datei(en) neu oder geändert" in output
    assert f"{COUNT + 2} Vorlage(n) gebaut, 0 fehlgeschlagen" in output
    assert {p.stem for p in (tmp_path / "build").glob("*.docx")} == stems(tmp_path)
    return tmp_path


def test_second_make_starts_no_program(built: Path) -> None:
    before = mtimes(built)
    # a venv that does not exist: had make started Python, it would fail
    output = make(built, venv=str(built / "kein-venv"))
    assert f"Alle {COUNT + 2} Vorlage(n) und Sitzung(en) sind aktuell." in output
    assert "mitteilung build" not in output
    assert mtimes(built) == before


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_touching_a_facts_file_rebuilds_exactly_its_documents(built: Path, jobs: str) -> None:
    before = mtimes(built)
    (built / "data" / "fakten" / "ikz-digital.yaml").touch()
    output = make(built, jobs)
    digital = users(built, "ikz-digital.yaml")
    assert 0 < len(digital) < COUNT
    assert output.count("mitteilung build") == 1  # one call for all of them
    stale = f"{len(digital)} von {COUNT + 2} Vorlage(n) und Sitzung(en) veraltet; 1 Datei(en) neu"
    assert stale in output
    listed = (built / "build" / ".deps" / "veraltet.txt").read_text(encoding="utf-8").split()
    assert {Path(p).stem for p in listed} == digital | {"ikz-digital"}  # and the file itself
    assert changed(before, mtimes(built)) == digital
    # touched, not changed: the files keep their content and are not rewritten
    assert f"0 Vorlage(n) gebaut, {len(digital)} übersprungen (unverändert)" in output
    again = mtimes(built)
    assert "sind aktuell" in make(built, jobs)
    assert mtimes(built) == again


def test_shared_programme_file_rebuilds_every_document_using_it(built: Path) -> None:
    before = mtimes(built)
    (built / "data" / "fakten" / "foerderprogramm-ikz.yaml").touch()
    make(built)
    expected = users(built, "ikz-ki.yaml") | users(built, "ikz-digital.yaml")
    assert changed(before, mtimes(built)) == expected
    assert users(built, None) and not users(built, None) & expected  # prose only: left alone


def test_changed_template_and_new_document_and_deleted_output(built: Path) -> None:
    text = built / "templates" / "beschlussvorlage.txt.j2"
    text.write_text(text.read_text(encoding="utf-8") + "\nENDE\n", encoding="utf-8")
    new = built / "data" / "vorlagen" / "neu.yaml"
    shutil.copy(built / "data" / "vorlagen" / "10002-2025-mitteilung.yaml", new)
    source = new.read_text(encoding="utf-8").replace("nummer: 10002/2025", "nummer: 99/2025")
    new.write_text(source, encoding="utf-8")
    (built / "build" / "10001-2024-mitteilung.txt").unlink()
    before = mtimes(built)
    make(built)
    kinds = {s for s in stems(built) if s.endswith("beschlussvorlage")}
    assert changed(before, mtimes(built)) == kinds | {"99-2025-mitteilung", "10001-2024-mitteilung"}
    assert "ENDE" in (built / "build" / "8012-2025-beschlussvorlage.txt").read_text()
    assert "ENDE" not in (built / "build" / "7939-2025-mitteilung.txt").read_text()


def test_depfile_lists_outputs_and_every_file_used(built: Path) -> None:
    depfile = built / "build" / ".deps" / "data" / "vorlagen" / "8012-2025-beschlussvorlage.d"
    rules = depfile.read_text(encoding="utf-8").replace("\\\n", " ")
    suffixes = ("docx", "txt", "html", "pdf", "oparl.json")
    targets = " ".join(f"build/8012-2025-beschlussvorlage.{f}" for f in suffixes)
    assert f"MITTEILUNG_OUTPUTS += {targets}\n" in rules
    prerequisites = rules.split(f"{targets}: ")[2].split("\n")[0].split()
    assert prerequisites[0] == "data/vorlagen/8012-2025-beschlussvorlage.yaml"
    assert set(prerequisites) >= {
        "data/stadt.yaml",
        "data/fakten/ikz-ki.yaml",
        "data/fakten/foerderprogramm-ikz.yaml",
        "data/vorlagen/7939-2025-mitteilung.yaml",  # its Anlage: number and Betreff are used
        "templates/beschlussvorlage.docx",
        "templates/beschlussvorlage.txt.j2",
        "templates/bausteine/ikz/beschluss.txt.j2",
    }


def test_make_help_lists_every_target_in_german() -> None:
    output = make(ROOT, "help")
    for target in ("build", "pdf", "check", "test", "bench", "golden", "clean", "help"):
        assert f"make {target} " in output
    assert "Veraltete Vorlagen bauen" in output
    # one advice after an update of the program, in the help and the README alike
    advice = "make clean && make"
    assert advice in output
    assert advice in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make -B" not in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_make_pdf_converts_the_outdated_documents_in_one_run(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(
        built / "bin",
        "with open(os.environ['RUNS'], 'a') as log:\n"
        "    print(len(files), file=log)\n"
        "outdir.mkdir(exist_ok=True)\n"
        "for f in files:\n"
        "    real_pdf(outdir / (f.stem + '.pdf'), f.stem)\n",
    )
    monkeypatch.setenv("RUNS", str(built / "runs.log"))
    make(built, "-j2", "pdf", path=str(built / "bin"))
    assert {p.stem for p in (built / "build").glob("*.pdf")} == stems(built)
    assert "sind aktuell" in make(built, "pdf", path=str(built / "bin"))
    (built / "data" / "fakten" / "ikz-digital.yaml").touch()
    make(built, "pdf", path=str(built / "bin"))
    # one LibreOffice run per make call that had something to do
    runs = [int(n) for n in (built / "runs.log").read_text().split()]
    assert runs == [COUNT + 2, len(users(built, "ikz-digital.yaml"))]
