"""A large batch is built by several processes: the same files, one report, clear failures."""

from __future__ import annotations

import os
import re
import signal
import threading
from pathlib import Path

import pytest

from mitteilung.errors import MitteilungError
from mitteilung.load.loader import load_project
from mitteilung.pipeline import build, parallel
from mitteilung.pipeline import run as pipeline_run
from scripts.synthetic import make_project
from tests.conftest import Run, edit

COUNT = 2 * parallel.MIN_SHARE  # synthetic Vorlagen: enough for two processes


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A synthetic project of ``COUNT`` Vorlagen (and the samples) as working directory."""
    make_project(tmp_path, COUNT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(parallel.VARIABLE, raising=False)
    return tmp_path


def files(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` by relative path, but the index (it holds times)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "index.json"
    }


def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the helpers the build starts (in this process: a helper exits on its own)."""
    started: list[int] = []
    real = os.fork

    def counted() -> int:
        started.append(1)
        return real()

    monkeypatch.setattr(parallel.os, "fork", counted)
    return started


def test_two_processes_write_exactly_what_one_writes(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parallel.VARIABLE, "1")
    assert cli("build", "--depfile", "-o", "out").exit_code == 0
    one = files(batch / "out")
    (batch / "out").rename(batch / "one")
    monkeypatch.setenv(parallel.VARIABLE, "2")
    started = forks(monkeypatch)
    result = cli("build", "--depfile", "-o", "out")
    assert result.exit_code == 0, result.output
    assert started == [1]
    assert f"{COUNT + 2} Vorlage(n) gebaut, 0 fehlgeschlagen" in result.output
    assert files(batch / "out") == one
    assert len([name for name in one if name.endswith(".docx")]) == COUNT + 2


def test_unchanged_files_are_counted_across_processes(batch: Path, cli: Run) -> None:
    assert cli("build", "-o", "out").exit_code == 0
    result = cli("build", "-o", "out")
    assert (
        f"0 Vorlage(n) gebaut, {COUNT + 2} übersprungen (unverändert), 0 fehlgeschlagen"
        in result.output
    ), result.output


def test_broken_documents_in_both_shares_are_all_named(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = load_project(batch, [batch / "data"]).documents
    first, second = documents[0], documents[1]  # one in each process's share
    for path in (first, second):  # found by the rules, in the process that builds it
        edit(path, "baustein: foerderprogramm/ueberblick", "baustein: ikz/gibt-es-nicht")
    started = forks(monkeypatch)
    result = cli("build", "-o", "out")
    assert started == [1]
    assert result.exit_code == 1
    for path in (first, second):
        assert f"  fehlgeschlagen: {path.relative_to(batch)}" in result.output.splitlines()
    assert f"{COUNT} Vorlage(n) gebaut, 2 fehlgeschlagen" in result.output
    assert not (batch / "out" / f"{first.stem}.docx").exists()


def test_a_killed_helper_is_a_message_not_a_hang(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(pipeline_run, "share", killed)
    project = load_project(batch, [batch / "data"])
    with pytest.raises(MitteilungError) as caught:
        build(project, ("docx",), batch / "out")
    assert re.fullmatch(
        r"Ein Bauprozess \(PID \d+\) wurde von außen beendet \(Signal 9\)\. Fertige Dateien "
        r"sind vollständig; der nächste Bau ergänzt den Rest\.",
        str(caught.value),
    )


def test_a_bug_in_a_helper_keeps_its_traceback(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ValueError("ein Fehler im Programm")

    monkeypatch.setattr(pipeline_run, "share", broken)
    project = load_project(batch, [batch / "data"])
    with pytest.raises(RuntimeError) as caught:
        build(project, ("docx",), batch / "out")
    assert str(caught.value).startswith("Fehler in einem Bauprozess:\nTraceback")
    assert "ValueError: ein Fehler im Programm" in str(caught.value)


@pytest.mark.parametrize("value", ["0", "17", "zwei", "-1"])
def test_a_wrong_number_of_processes_is_a_message(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(parallel.VARIABLE, value)
    result = cli("build", "-o", "out")
    assert result.exit_code == 1
    assert (
        f"{parallel.VARIABLE}={value!r} ist keine gültige Zahl von Prozessen "
        "(erwartet: eine ganze Zahl von 1 bis 16)"
    ) in result.output
    assert not (batch / "out").exists()


def test_small_batches_pdf_oparl_and_threads_stay_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(parallel.VARIABLE, raising=False)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    assert parallel.count(2 * parallel.MIN_SHARE, ("docx",)) == 2
    assert parallel.count(2 * parallel.MIN_SHARE - 1, ("docx",)) == 1
    assert parallel.count(1000, ("docx", "pdf")) == 1
    assert parallel.count(1000, ("docx", "oparl")) == 1
    monkeypatch.setenv(parallel.VARIABLE, "3")
    assert parallel.count(1000, ("docx",)) == 3
    assert parallel.count(2, ("docx",)) == 2  # asked for: also for a small batch
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert parallel.count(1000, ("docx",)) == 1  # e.g. mitteilung serve
    finally:
        stop.set()
        server.join()
