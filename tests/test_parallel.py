"""A large batch is built by several processes: the same files, one report, clear failures."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from mitteilung.load.files import discover
from mitteilung.load.loader import load_project
from mitteilung.pipeline import parallel
from tests.conftest import ROOT, Run, edit
from tests.support.parallel import COUNT, files, forks
from tests.support.parallel import batch as batch


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
    # the build index: the same records (its first line holds the time of the build)
    index = [
        (batch / d / ".deps" / "index.json").read_text().splitlines()[1:] for d in ("one", "out")
    ]
    assert index[0] == index[1]


def test_sitzungen_read_by_either_process_come_out_the_same(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "data" / "sitzungen", batch / "data" / "sitzungen")
    monkeypatch.setenv(parallel.VARIABLE, "1")
    assert cli("build", "-o", "one").exit_code == 0
    monkeypatch.setenv(parallel.VARIABLE, "2")
    result = cli("build", "-o", "two")
    assert result.exit_code == 0, result.output
    assert "2 Sitzung(en)" in result.output
    assert (batch / "two" / "2025-11-20-hfa-einladung.docx").is_file()
    assert files(batch / "one") == files(batch / "two")


def test_files_that_cannot_be_read_by_either_process_are_all_named(batch: Path, cli: Run) -> None:
    documents = load_project(batch, [batch / "data"]).documents
    for path in documents[:2]:  # one read by each process
        path.write_text("vorlagenart: [mitteilung\n", encoding="utf-8")
    result = cli("build", "-o", "out")
    assert result.exit_code == 1
    for path in documents[:2]:
        assert f"  fehlgeschlagen: {path.relative_to(batch)}" in result.output.splitlines()
        assert (
            f"{path.relative_to(batch)}:1: YAML-Syntaxfehler, Spalte 14: Liste mit [ ] nicht "
            "richtig geschlossen (fehlt ']' oder ein Komma?); Text, der mit '[' beginnt, in "
            "Anführungszeichen setzen"
        ) in result.output.splitlines()
    assert f"{COUNT} Vorlage(n) gebaut, 2 fehlgeschlagen" in result.output


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


def test_check_in_two_processes_says_what_one_says(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = load_project(batch, [batch / "data"]).documents
    edit(documents[1], "baustein: foerderprogramm/ueberblick", "baustein: ikz/gibt-es-nicht")
    said = {}
    for processes in ("1", "2"):
        monkeypatch.setenv(parallel.VARIABLE, processes)
        result = cli("check")
        assert result.exit_code == 1
        said[processes] = re.sub(r"\(\d+\.\d+ s\)", "", result.output)
    assert said["1"] == said["2"]
    assert f"{COUNT + 1} Vorlage(n) geprüft, 1 fehlgeschlagen" in said["2"]


def test_a_wrong_facts_reference_says_the_same_whoever_read_the_file(
    batch: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = batch / "data" / "fakten" / "aaa.yaml"  # found first: read by process 0
    wrong.write_text("foo: 1\n", encoding="utf-8")
    found = discover([batch / "data"], batch)
    assert found.index(wrong.resolve()) % 2 == 0
    vorlage = batch / "data" / "vorlagen" / "10000-2023-beschlussvorlage.yaml"
    assert found.index(vorlage.resolve()) % 2 == 1  # read by process 1
    edit(vorlage, "kooperation: ../fakten/ikz-ki.yaml", "kooperation: ../fakten/aaa.yaml")
    said = {}
    for processes in ("1", "2"):  # read first by the same process, or by the other one
        monkeypatch.setenv(parallel.VARIABLE, processes)
        result = cli("check")
        said[processes] = re.sub(r"\(\d+\.\d+ s\)", "", result.output)
    assert said["1"] == said["2"]
    assert (
        "data/vorlagen/10000-2023-beschlussvorlage.yaml:10: kooperation: ../fakten/aaa.yaml ist "
        "keine "
        "Faktendatei mit 'kooperation:'"
    ) in said["1"].splitlines()
