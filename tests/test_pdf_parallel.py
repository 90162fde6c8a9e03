"""PDF on two cores: a batch split over two LibreOffice processes, each with its own profile.

A fake soffice (Python) logs each call and converts, fails or hangs for the files whose names
hold a marker, so one process can fail while the other finishes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mitteilung.write import pdf
from scripts.synthetic import make_project
from tests.conftest import Run

pytestmark = pytest.mark.usefixtures("no_sitzungen")  # counts Vorlagen

FAKE = """\
import json, os, sys, time
from pathlib import Path
import pikepdf
args = sys.argv[1:]
outdir = Path(args[args.index('--outdir') + 1])
files = [Path(a) for a in args if a.endswith('.docx')]
profile = next(a for a in args if a.startswith('-env:UserInstallation='))
with open(os.environ['CALLS'], 'a') as log:
    malloc = os.environ.get('MALLOC_MMAP_THRESHOLD_')
    log.write(json.dumps({'profile': profile, 'files': [f.stem for f in files],
                          'malloc': malloc}) + '\\n')
def marked(name):
    return name in os.environ and any(os.environ[name] in f.stem for f in files)
if marked('FAIL'):
    print('Error: source file could not be loaded', file=sys.stderr)
    sys.exit(81)
if marked('HANG'):
    Path(os.environ['PIDS'], str(os.getpid())).touch()
    time.sleep(60)
outdir.mkdir(exist_ok=True)
for f in files:
    print(f'convert {f} -> {outdir / (f.stem + ".pdf")} using filter : pdf', flush=True)
    document = pikepdf.new()
    document.add_blank_page()
    document.save(outdir / (f.stem + '.pdf'))
"""


@pytest.fixture
def fake(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake soffice first on PATH; returns its log of calls (one JSON line each)."""
    script = project / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{FAKE}", encoding="utf-8")
    script.chmod(0o755)
    (project / "pids").mkdir()
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("CALLS", str(project / "calls.log"))
    monkeypatch.setenv("PIDS", str(project / "pids"))
    monkeypatch.setenv(pdf.PROCESSES_VARIABLE, "2")
    return project / "calls.log"


def calls(log: Path) -> list[dict[str, Any]]:
    """The fake's calls: each with its profile and the stems it was given."""
    return [json.loads(line) for line in log.read_text().splitlines()]


def built(project: Path) -> list[str]:
    """The files in the output folder (hidden ones too: no temporary folder may stay)."""
    return sorted(p.name for p in (project / "build").iterdir())


def test_two_processes_convert_one_half_each_with_their_own_profile(
    project: Path, cli: Run, fake: Path
) -> None:
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 0, result.output
    runs = calls(fake)
    assert len(runs) == 2
    assert runs[0]["profile"] != runs[1]["profile"]
    # malloc keeps big blocks: far fewer page faults at LibreOffice's start
    assert runs[0]["malloc"] == runs[1]["malloc"] == "268435456"
    assert sorted([runs[0]["files"], runs[1]["files"]]) == [
        ["7939-2025-mitteilung"],
        ["8012-2025-beschlussvorlage"],
    ]
    assert built(project) == ["7939-2025-mitteilung.pdf", "8012-2025-beschlussvorlage.pdf"]


def test_one_process_failing_keeps_the_other_half_and_names_the_failed(
    project: Path, cli: Run, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL", "8012")
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "Fehler: LibreOffice ist mit Fehler 81 beendet worden: "
        "Error: source file could not be loaded"
    ) in result.output
    assert (
        "data/vorlagen/8012-2025-beschlussvorlage.yaml: keine PDF-Datei: LibreOffice hat "
        "8012-2025-beschlussvorlage.docx nicht umgewandelt"
    ) in result.output
    assert "1 Vorlage(n) gebaut, 1 fehlgeschlagen" in result.output
    assert built(project) == ["7939-2025-mitteilung.pdf"]


def test_one_process_hanging_is_stopped_and_the_other_half_kept(
    project: Path, cli: Run, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANG", "7939")
    monkeypatch.setattr(pdf, "IDLE_TIMEOUT", 2.0)
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "Fehler: LibreOffice hat 2 s lang kein Dokument umgewandelt und wurde abgebrochen; "
        "die übrigen PDF-Dateien fehlen"
    ) in result.output
    assert "keine PDF-Datei: LibreOffice hat 7939-2025-mitteilung.docx" in result.output
    assert built(project) == ["8012-2025-beschlussvorlage.pdf"]
    (pid,) = (int(p.name) for p in (project / "pids").iterdir())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_ctrl_c_stops_both_libreoffice_processes(project: Path, fake: Path) -> None:
    env = {**os.environ, "HANG": "-20"}  # both stems hold "-20": both processes hang
    process = subprocess.Popen(
        [sys.executable, "-m", "mitteilung", "build", "-f", "pdf"],
        cwd=project, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        while len(list((project / "pids").iterdir())) < 2:
            assert process.poll() is None, "finished before Ctrl+C"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1].startswith("Abgebrochen (Strg+C).")
    assert "Traceback" not in stderr
    for pid in (int(p.name) for p in (project / "pids").iterdir()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert built(project) == []  # the hidden conversion folder is gone too


def test_a_wrong_number_of_processes_is_a_german_message(
    project: Path, cli: Run, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pdf.PROCESSES_VARIABLE, "zwei")
    result = cli("build", "-f", "txt", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "Fehler: MITTEILUNG_PDF_PROZESSE='zwei' ist keine gültige Zahl von "
        "LibreOffice-Prozessen (erwartet: eine ganze Zahl von 1 bis 16)"
    ) in result.output
    assert built(project) == ["7939-2025-mitteilung.txt", "8012-2025-beschlussvorlage.txt"]
    assert not fake.exists()


@pytest.mark.parametrize(("cores", "processes"), [(1, 1), (2, 2), (8, 2)])
def test_by_default_as_many_processes_as_cores_but_at_most_two(
    project: Path,
    cli: Run,
    fake: Path,
    monkeypatch: pytest.MonkeyPatch,
    cores: int,
    processes: int,
) -> None:
    monkeypatch.delenv(pdf.PROCESSES_VARIABLE)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    make_project(project, 4)  # 6 Vorlagen: enough for two processes
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 0, result.output
    runs = calls(fake)
    assert len(runs) == processes
    assert sorted(stem for run in runs for stem in run["files"]) == sorted(
        p.stem for p in (project / "build").iterdir()
    )


@pytest.mark.parametrize(("synthetic", "processes"), [(0, 1), (3, 1), (4, 2)])
def test_a_small_batch_stays_in_one_process(
    project: Path,
    cli: Run,
    fake: Path,
    monkeypatch: pytest.MonkeyPatch,
    synthetic: int,
    processes: int,
) -> None:
    monkeypatch.delenv(pdf.PROCESSES_VARIABLE)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    make_project(project, synthetic)  # and the two samples
    assert cli("build", "-f", "pdf").exit_code == 0
    assert len(calls(fake)) == processes


def test_progress_names_each_document_once_from_both_processes(project: Path, fake: Path) -> None:
    batch = pdf.PdfBatch(project, pdf.find_soffice())
    stems = [f"{1000 + i}-2025-mitteilung" for i in range(6)]
    for stem in stems:
        batch.add(stem, b"docx", None)
    seen: list[str] = []
    assert batch.convert(seen.append) == []
    assert sorted(seen) == stems
    assert len(calls(fake)) == 2


def test_a_bug_in_a_conversion_thread_keeps_its_traceback(
    project: Path, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(pdf.SofficeRun, "convert", broken)
    batch = pdf.PdfBatch(project, pdf.find_soffice())
    batch.add("7939-2025-mitteilung", b"docx", None)
    with pytest.raises(RuntimeError, match="bug"):
        batch.convert()
    assert list(project.glob("*.tmp")) == []  # its hidden folder is removed all the same
