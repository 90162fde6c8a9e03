"""PDF: all documents of a batch in one LibreOffice run, PDF/A-2b, tagged, Betreff as title."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mitteilung.cli import main
from mitteilung.write import pdf
from tests.conftest import ROOT, Run, need_libreoffice, pdf_text
from tests.support.pdf import empty_pdfs_for, fake_soffice

BETREFF = {
    "7939-2025-mitteilung": 'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"',
    "8012-2025-beschlussvorlage": "Teilnahme an der interkommunalen Zusammenarbeit zum Thema "
    '"künstliche Intelligenz"',
}


pytestmark = pytest.mark.usefixtures("no_sitzungen")  # counts Vorlagen


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The samples built with -f pdf through a soffice that logs each start; (folder, output)."""
    real = need_libreoffice()
    folder = tmp_path_factory.mktemp("pdf")
    for name in ("data", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.rmtree(folder / "data" / "sitzungen")  # counts Vorlagen (see test_sitzungen)
    wrapper = folder / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho run >> "{folder}/runs.log"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    result = CliRunner(env=env).invoke(
        main, ["-C", str(folder), "build", str(folder / "data"), "-o", str(folder / "build"),
               "-f", "docx", "-f", "pdf"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder, result.output


def test_one_libreoffice_run_converts_the_whole_batch(pdf_build: tuple[Path, str]) -> None:
    folder, _ = pdf_build
    assert (folder / "runs.log").read_text().splitlines() == ["run"]
    written = sorted(p.name for p in (folder / "build").iterdir())
    assert written == sorted(f"{stem}.{f}" for stem in BETREFF for f in ("docx", "pdf"))


@pytest.mark.parametrize("stem", sorted(BETREFF))
def test_pdf_is_tagged_pdfa_2b_with_the_betreff_as_title(
    pdf_build: tuple[Path, str], stem: str
) -> None:
    path = pdf_build[0] / "build" / f"{stem}.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Title"].strip() == BETREFF[stem]
    assert fields["Tagged"].strip() == "yes"
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert "<pdfaid:part>2</pdfaid:part>" in meta
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in meta
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    assert "Zusammenarbeit" in pdf_text(path)


def test_without_libreoffice_the_other_formats_are_written(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "leer").mkdir()
    monkeypatch.setenv("PATH", str(project / "leer"))
    result = cli("build", "-f", "docx", "-f", "txt", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "Fehler: LibreOffice fehlt: für PDF wird LibreOffice gebraucht (Programm 'soffice'). "
        "Installieren unter Debian/Ubuntu mit: sudo apt-get install libreoffice-writer-nogui"
    ) in result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == [
        "7939-2025-mitteilung.docx",
        "7939-2025-mitteilung.txt",
        "8012-2025-beschlussvorlage.docx",
        "8012-2025-beschlussvorlage.txt",
    ]


def test_a_missing_or_empty_pdf_fails_its_document_only(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_pdfs_for(project, monkeypatch, "8012")
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "data/vorlagen/8012-2025-beschlussvorlage.yaml: keine PDF-Datei: LibreOffice hat "
        "8012-2025-beschlussvorlage.docx nicht umgewandelt"
    ) in result.output
    assert "1 Vorlage(n) gebaut, 1 fehlgeschlagen" in result.output
    assert sorted(p.name for p in (project / "build").iterdir()) == ["7939-2025-mitteilung.pdf"]


def test_a_hanging_libreoffice_is_stopped(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(
        project / "bin",
        "Path(os.environ['PIDFILE']).write_text(str(os.getpid()))\ntime.sleep(60)\n",
    )
    monkeypatch.setenv("PATH", f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PIDFILE", str(project / "pid"))
    monkeypatch.setattr(pdf, "IDLE_TIMEOUT", 2.0)
    result = cli("build", "-f", "txt", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "Fehler: LibreOffice hat 2 s lang kein Dokument umgewandelt und wurde abgebrochen; "
        "die übrigen PDF-Dateien fehlen"
    ) in result.output
    with pytest.raises(ProcessLookupError):
        os.kill(int((project / "pid").read_text()), 0)
    assert sorted(p.name for p in (project / "build").iterdir()) == [
        "7939-2025-mitteilung.txt",
        "8012-2025-beschlussvorlage.txt",
    ]


def test_libreoffice_failing_is_reported_in_german(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = "Error: source file could not be loaded"
    fake_soffice(project / "bin", f"print('{error}', file=sys.stderr)\nsys.exit(81)\n")
    monkeypatch.setenv("PATH", f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 1
    assert f"Fehler: LibreOffice ist mit Fehler 81 beendet worden: {error}" in result.output
    assert "0 Vorlage(n) gebaut, 2 fehlgeschlagen" in result.output


def test_oparl_paper_describes_the_pdf_once_it_exists(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(
        project / "bin",
        "outdir.mkdir(exist_ok=True)\n"
        "for f in files:\n"
        "    real_pdf(outdir / (f.stem + '.pdf'), f.stem)\n",
    )
    monkeypatch.setenv("PATH", f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = cli("build", "-f", "pdf", "-f", "oparl")
    assert result.exit_code == 0, result.output
    for stem in BETREFF:
        paper = json.loads((project / "build" / f"{stem}.oparl.json").read_text("utf-8"))
        data = (project / "build" / f"{stem}.pdf").read_bytes()
        main = paper["mainFile"]
        assert (main["fileName"], main["mimeType"]) == (f"{stem}.pdf", "application/pdf")
        assert (main["size"], main["sha512Checksum"]) == (
            len(data),
            hashlib.sha512(data).hexdigest(),
        )
    assert not (project / "build" / "7939-2025-mitteilung.docx").exists()


@pytest.mark.parametrize("stem", sorted(BETREFF))
def test_pdf_is_accessible_german_with_its_title_as_window_title(
    pdf_build: tuple[Path, str], stem: str
) -> None:
    import pikepdf

    with pikepdf.open(pdf_build[0] / "build" / f"{stem}.pdf") as document:
        root = document.Root
        assert str(root.Lang) == "de-DE"
        assert bool(root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in root
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with document.open_metadata() as meta:
            # the title a viewer shows: exactly the Betreff, quotes included (not &quot;)
            assert meta["dc:title"] == BETREFF[stem]
            assert meta["pdfuaid:part"] == "1"


DATUM = {"7939-2025-mitteilung": "20250922", "8012-2025-beschlussvorlage": "20251103"}


@pytest.mark.parametrize("stem", sorted(BETREFF))
def test_pdf_dates_are_the_vorlage_s_date_not_the_build_time(
    pdf_build: tuple[Path, str], stem: str
) -> None:
    import pikepdf

    day = DATUM[stem]
    with pikepdf.open(pdf_build[0] / "build" / f"{stem}.pdf") as document:
        assert str(document.docinfo["/CreationDate"]) == f"D:{day}000000+00'00'"
        assert str(document.docinfo["/ModDate"]) == f"D:{day}000000+00'00'"
        with document.open_metadata() as meta:
            stamp = f"{day[:4]}-{day[4:6]}-{day[6:]}T00:00:00+00:00"
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                assert meta[key] == stamp, key


def test_a_rebuild_of_unchanged_data_gives_the_same_pdf_bytes(
    pdf_build: tuple[Path, str], tmp_path: Path
) -> None:
    folder = pdf_build[0]
    again = tmp_path / "wieder"
    result = CliRunner().invoke(
        main, ["-C", str(folder), "build", str(folder / "data"), "-o", str(again), "-f", "pdf"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for stem in BETREFF:
        first = (folder / "build" / f"{stem}.pdf").read_bytes()
        assert (again / f"{stem}.pdf").read_bytes() == first
        # the same content gives the same /ID, another content another
        with pikepdf_open(again / f"{stem}.pdf") as document:
            ids = [bytes(part) for part in document.trailer.ID]
        assert ids[0] == ids[1] and len(ids[0]) == 16
    ids = {pdf_id(folder / "build" / f"{stem}.pdf") for stem in BETREFF}
    assert len(ids) == 2


def test_an_unchanged_pdf_is_left_alone_and_touched_under_make(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(
        project / "bin",
        "outdir.mkdir(exist_ok=True)\n"
        "for f in files:\n"
        "    real_pdf(outdir / (f.stem + '.pdf'), f.stem)\n",
    )
    monkeypatch.setenv("PATH", f"{project / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert cli("build", "-f", "pdf", "-f", "oparl").exit_code == 0
    pdf_file = project / "build" / "7939-2025-mitteilung.pdf"
    before = pdf_file.read_bytes(), pdf_file.stat().st_mtime_ns, pdf_file.stat().st_ino
    assert cli("build", "-f", "pdf", "-f", "oparl").exit_code == 0
    assert (pdf_file.read_bytes(), pdf_file.stat().st_mtime_ns, pdf_file.stat().st_ino) == before
    assert cli("build", "--depfile", "-f", "pdf", "-f", "oparl").exit_code == 0
    assert pdf_file.stat().st_ino == before[2]  # not rewritten ...
    assert pdf_file.stat().st_mtime_ns > before[1]  # ... but newer, so make sees it current
    paper = json.loads((project / "build" / "7939-2025-mitteilung.oparl.json").read_text("utf-8"))
    assert paper["mainFile"]["sha512Checksum"] == hashlib.sha512(before[0]).hexdigest()


def pikepdf_open(path: Path) -> Any:
    """The PDF opened with pikepdf (imported here: only the PDF tests need it)."""
    import pikepdf

    return pikepdf.open(path)


def pdf_id(path: Path) -> bytes:
    """The first part of a PDF's /ID."""
    with pikepdf_open(path) as document:
        return bytes(document.trailer.ID[0])
