"""Files that are not what they seem: FIFOs, devices, links out of the project or in a circle;
dates in both forms; large files on the fast YAML path.

Each broken file is refused with its German message under the path as written, exit code 1 and
no traceback, while the other documents are still built and their outputs stay byte for byte.
The FIFO case runs a real process with a timeout: it used to hang the build forever.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mitteilung.cli import main
from mitteilung.errors import InputError
from mitteilung.load import files, reader
from mitteilung.load.reader import Limits, read_yaml
from tests.conftest import MITTEILUNG, edit
from tests.support.cli import ANSWERS, NEW, new
from tests.support.edits import snapshot

VORLAGEN = Path("data/vorlagen")
SECOND = "data/vorlagen/8012-2025-beschlussvorlage.yaml"


def run(project: Path, *args: str, process: bool = False) -> tuple[int, str]:
    """Exit code and messages of `mitteilung ARGS` in ``project`` (the working directory);
    with ``process`` in a process of its own, stopped after 60 s if it hangs."""
    if not process:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.output
    done = subprocess.run(
        [sys.executable, "-m", "mitteilung", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stderr


def summary(output: str) -> list[str]:
    """The output with the run time replaced, as lines."""
    return re.sub(r"\(\d+\.\d\d s\)", "(… s)", output).splitlines()


def refused(project: Path, messages: list[str], failed: list[str], process: bool = False) -> None:
    """A build of everything after a good one: the messages, the failed files named, both
    documents built again with the same bytes (so left as they are)."""
    code, output = run(project, "build", process=process)
    assert code == 1, output
    assert "Traceback" not in output
    skipped = "2 übersprungen (unverändert), "
    assert summary(output) == [
        *messages,
        # the Sitzungen's documents are made again in every build (changed or not)
        f"0 Vorlage(n) und 2 Sitzung(en) gebaut, {skipped}{len(failed)} fehlgeschlagen (… s)",
        *(f"  fehlgeschlagen: {f}" for f in failed),
    ]


@pytest.fixture
def built(project: Path) -> dict[str, tuple[bytes, int, int]]:
    """The sample project built once; what its output folder held."""
    code, output = run(project, "build")
    assert code == 0, output
    return snapshot(project / "build")


LOOP = (
    "Verknüpfung zeigt im Kreis (auf sich selbst oder über andere Verknüpfungen zurück); die "
    "Verknüpfung löschen oder auf die richtige Datei richten"
)


def outside(link: str, target: Path) -> str:
    return (
        f"{link}: ist eine Verknüpfung auf {target}, also auf eine Datei außerhalb des "
        "Projektordners; Datendateien müssen im Projektordner liegen (Datei hineinkopieren statt "
        "verknüpfen)"
    )


# --- 1. only regular files, bounded reads -----------------------------------------------------


def test_a_fifo_named_like_a_data_file_is_refused_and_does_not_hang(
    project: Path, built: dict[str, tuple[bytes, int, int]]
) -> None:
    os.mkfifo(project / VORLAGEN / "x.yaml")
    refused(
        project,
        [
            "data/vorlagen/x.yaml: ist keine gewöhnliche Datei, sondern eine benannte Pipe "
            "(FIFO); erwartet wird eine YAML-Datei"
        ],
        ["data/vorlagen/x.yaml"],
        process=True,
    )
    assert snapshot(project / "build") == built


def test_a_link_to_dev_zero_is_refused_under_its_own_name(
    project: Path, built: dict[str, tuple[bytes, int, int]]
) -> None:
    (project / VORLAGEN / "z.yaml").symlink_to("/dev/zero")
    refused(project, [outside("data/vorlagen/z.yaml", Path("/dev/zero"))], ["data/vorlagen/z.yaml"])
    assert snapshot(project / "build") == built


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(InputError) as caught:
        files.read_bounded(Path("/dev/zero"), 1000)
    assert caught.value.problems[0].message == (
        "ist keine gewöhnliche Datei, sondern ein Gerät; erwartet wird eine YAML-Datei"
    )


def test_reads_stop_at_the_limit_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gross.yaml"
    path.write_text("# " + "x" * 10_000, encoding="utf-8")
    real_fstat = os.fstat

    def lying(fd: int) -> os.stat_result:  # like a file under /proc: size 0
        info = list(real_fstat(fd))
        info[6] = 0
        return os.stat_result(info)

    monkeypatch.setattr(files.os, "fstat", lying)
    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(files.os, "read", counted)
    with pytest.raises(InputError) as caught:
        read_yaml(path, Limits(max_bytes=3000))
    assert str(caught.value).endswith(
        "gross.yaml: Datei ist zu groß (mehr als 3 kB; erlaubt sind höchstens 3 kB, "
        "einstellbar mit --max-size)"
    )
    assert sum(reads) == 3001  # one byte more than allowed, never the whole file


# --- 1. links: inside the project only, loops a message ---------------------------------------


def test_a_link_to_a_document_outside_the_project_is_refused_and_not_built(
    project: Path,
    built: dict[str, tuple[bytes, int, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    elsewhere = tmp_path_factory.mktemp("anderswo") / "fremd.yaml"
    text = (project / MITTEILUNG).read_text(encoding="utf-8").replace("7939/2025", "7950/2025")
    elsewhere.write_text(text.replace("../fakten/ikz-ki.yaml", "ikz-ki.yaml"), encoding="utf-8")
    (project / VORLAGEN / "aussen.yaml").symlink_to(elsewhere)
    refused(
        project, [outside("data/vorlagen/aussen.yaml", elsewhere)], ["data/vorlagen/aussen.yaml"]
    )
    assert snapshot(project / "build") == built  # no 7950-2025-mitteilung.* from outside


def test_a_link_loop_is_a_message_and_the_run_goes_on(
    project: Path, built: dict[str, tuple[bytes, int, int]]
) -> None:
    (project / VORLAGEN / "a.yaml").symlink_to("b.yaml")
    (project / VORLAGEN / "b.yaml").symlink_to("a.yaml")
    (project / VORLAGEN / "selbst.yml").symlink_to("selbst.yml")
    refused(
        project,
        [f"data/vorlagen/{name}: {LOOP}" for name in ("a.yaml", "b.yaml", "selbst.yml")],
        ["data/vorlagen/a.yaml", "data/vorlagen/b.yaml", "data/vorlagen/selbst.yml"],
    )
    assert snapshot(project / "build") == built


def test_a_link_to_nothing_names_the_link(
    project: Path, built: dict[str, tuple[bytes, int, int]]
) -> None:
    (project / VORLAGEN / "weg.yaml").symlink_to("gibt-es-nicht.yaml")
    refused(
        project,
        ["data/vorlagen/weg.yaml: Verknüpfung auf gibt-es-nicht.yaml, das es nicht gibt"],
        ["data/vorlagen/weg.yaml"],
    )
    assert snapshot(project / "build") == built


@pytest.mark.usefixtures("no_sitzungen")  # breaks a Vorlage: the Sitzung listing it would fail too
def test_a_facts_reference_through_a_link_loop_is_a_message(project: Path) -> None:
    (project / "data/fakten/kreis.yaml").symlink_to("kreis.yaml")
    edit(project / MITTEILUNG, "../fakten/ikz-ki.yaml", "../fakten/kreis.yaml")
    code, output = run(project, "build")
    assert code == 1
    assert "Traceback" not in output
    assert summary(output) == [
        f"data/fakten/kreis.yaml: {LOOP}",
        "data/vorlagen/7939-2025-mitteilung.yaml:13: kooperation: Faktendatei "
        "../fakten/kreis.yaml nicht gefunden (gesucht: data/fakten/kreis.yaml)",
        "1 Vorlage(n) gebaut, 2 fehlgeschlagen (… s)",
        "  fehlgeschlagen: data/fakten/kreis.yaml",
        "  fehlgeschlagen: data/vorlagen/7939-2025-mitteilung.yaml",
    ]


def test_a_link_inside_the_project_is_read_once(project: Path) -> None:
    (project / VORLAGEN / "verweis.yaml").symlink_to("7939-2025-mitteilung.yaml")
    code, output = run(project, "build")
    assert code == 0, output  # not "Vorlagennummer doppelt vergeben"


# --- 2. a number-like text stays text where text is asked ---------------------------------------


def test_a_text_field_keeps_what_yaml_would_read_as_octal(project: Path) -> None:
    edit(project / MITTEILUNG, "sachbearbeitung: Frau Alter", "sachbearbeitung: 0777")
    code, output = run(project, "build", "-f", "txt")
    assert code == 0, output
    text = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert "\tZentralbereiche 0777\n" in text  # not 511


# --- 4. dates in both forms, quoted or not ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "old", "new_"),
    [
        (str(MITTEILUNG), "datum: 22.09.2025", 'datum: "2025-09-22"'),
        (str(MITTEILUNG), "datum: 22.09.2025", "datum: '22.09.2025'"),
        (str(MITTEILUNG), "datum: 22.09.2025", "datum: 2025-09-22"),
        ("data/sitzungen/2025-11-20-hfa.yaml", "einladung: 13.11.2025", 'einladung: "2025-11-13"'),
        ("data/fakten/foerderprogramm-ikz.yaml", "datum: 15.10.2025", "datum: '2025-10-15'"),
    ],
)
def test_a_date_in_either_form_gives_the_same_documents(
    project: Path, built: dict[str, tuple[bytes, int, int]], path: str, old: str, new_: str
) -> None:
    edit(project / path, old, new_)
    code, output = run(project, "build")
    assert code == 0, output
    after = snapshot(project / "build")
    assert {n: v[0] for n, v in after.items()} == {n: v[0] for n, v in built.items()}


def test_new_takes_the_iso_date_it_recommends(project: Path) -> None:
    answers = [ANSWERS[0], "2025-12-01", *ANSWERS[2:]]
    result = new("--kind", "beschlussvorlage", answers=answers)
    assert result.exit_code == 0, result.output
    assert "Datum (TT.MM.JJJJ oder JJJJ-MM-TT)" in result.output
    assert "Fehler" not in result.output
    assert "\ndatum: 01.12.2025\n" in NEW.read_text(encoding="utf-8")


# --- 3. the fast YAML path checks the limits itself -------------------------------------------


def blocks(count: int) -> str:
    """The sample Mitteilung with ``count`` short text blocks (about 20 bytes each)."""
    head = (Path(__file__).parent.parent / MITTEILUNG).read_text(encoding="utf-8")
    head = head.split("abschnitte:")[0] + "abschnitte:\n  information:\n"
    return head + "".join(f"    - text: A{i:06d}\n" for i in range(count))


def no_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the pure-Python parser read the file again")

    monkeypatch.setattr(reader, "_compose", refuse)


def test_80000_text_blocks_load_on_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bloecke.yaml"
    path.write_text(blocks(80_000), encoding="utf-8")
    assert 1_500_000 < path.stat().st_size < 1_700_000
    no_pure_parser(monkeypatch)
    started = time.process_time()
    doc = read_yaml(path)
    assert len(doc.data["abschnitte"]["information"]) == 80_000
    assert doc.line(("abschnitte", "information", 79_999)) == 80_015
    assert time.process_time() - started < 15  # 5 s here; 22 s when it fell back


def test_a_large_file_over_the_node_limit_is_refused_before_nodes_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "riesig.yaml"
    path.write_text(blocks(240_000), encoding="utf-8")
    assert 4_700_000 < path.stat().st_size < 5_000_000
    no_pure_parser(monkeypatch)
    compose: Callable[..., object] = reader.yaml.compose
    monkeypatch.setattr(reader.yaml, "compose", lambda *a, **k: pytest.fail(str(compose)))
    started = time.process_time()
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert str(caught.value).endswith(
        "riesig.yaml: Datei hat zu viele Einträge (mehr als 200000; Verweise mit * "
        "vervielfachen Einträge)"
    )
    assert time.process_time() - started < 10  # 2.4 s here; minutes when it fell back
