"""A batch renders exactly what a fresh process renders; progress and summary of a batch."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest

from mitteilung.load.paths import resolved
from scripts.synthetic import make_project
from tests.conftest import Run

FRESH = """
import sys
from pathlib import Path
from mitteilung.load.loader import load_project
from mitteilung.render.renderer import Renderer
project = load_project(Path("."), [Path("data")])
out = Path(sys.argv[1])
out.mkdir()
for entry in reversed(list(project.entries)):  # other order, and a new Renderer for each
    for suffix, data in Renderer(project).render(entry, ("docx", "txt")).items():
        (out / f"{entry.stem}.{suffix}").write_bytes(data)
"""


pytestmark = pytest.mark.usefixtures("no_sitzungen")  # counts Vorlagen


def structure(path: Path) -> dict[str, Any]:
    """What a reader of the .docx sees: paragraphs with styles, table cells, properties."""
    document = docx.Document(str(path))
    props = document.core_properties
    return {
        "paragraphs": [(p.style.name if p.style else None, p.text) for p in document.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in document.tables],
        "properties": (props.title, props.subject, props.author, props.language, props.created),
    }


def test_batch_equals_fresh_render_in_a_new_process(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, 12)  # Mitteilungen and Beschlussvorlagen, plus the samples
    monkeypatch.chdir(tmp_path)
    result = cli("build", "-o", "batch")
    assert result.exit_code == 0, result.output
    subprocess.run([sys.executable, "-c", FRESH, "fresh"], check=True, timeout=120)
    batch = sorted((tmp_path / "batch").glob("*.*"))
    assert [p.name for p in batch] == sorted(p.name for p in (tmp_path / "fresh").glob("*"))
    assert len(batch) == 2 * 14
    for path in batch:
        fresh = tmp_path / "fresh" / path.name
        if path.suffix == ".docx":
            assert structure(path) == structure(fresh), path.name
        assert path.read_bytes() == fresh.read_bytes(), path.name
    sample = structure(tmp_path / "batch" / "8012-2025-beschlussvorlage.docx")
    assert sample["properties"][:2] == (
        'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"',
        "Beschlussvorlage 8012/2025",
    )
    assert any("Stadtrat" in cell for table in sample["tables"] for row in table for cell in row)


def test_batch_summary_and_plain_progress_lines(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    first = cli("build")
    assert first.exit_code == 0, first.output
    lines = [line for line in first.output.splitlines() if line.startswith("Vorlagen: ")]
    assert lines[0].startswith("Vorlagen: 1/42 (") and lines[-1].startswith("Vorlagen: 42/42 (")
    assert "42 Vorlage(n) gebaut, 0 fehlgeschlagen" in first.output
    second = cli("build")
    assert "0 Vorlage(n) gebaut, 42 übersprungen (unverändert), 0 fehlgeschlagen" in second.output


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    make_project(tmp_path, 25)
    command = [sys.executable, "-m", "mitteilung", "build", "-f", "txt"]
    output = _run_in_terminal(command, tmp_path)
    assert "Vorlagen  [" in output and "27/27" in output
    assert "Vorlagen: 1/27" not in output  # no plain lines on a terminal
    assert "27 Vorlage(n) gebaut, 0 fehlgeschlagen" in output


def _run_in_terminal(command: list[str], cwd: Path) -> str:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(command, cwd=cwd, stdout=terminal, stderr=terminal)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the program has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_build_removes_temporary_files_of_killed_builds(project: Path, cli: Run) -> None:
    out = project / "build"
    out.mkdir()
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = finished.stdout.strip()  # the id of a process that has ended
    stale = out / f".7939-2025-mitteilung.docx.{dead}.abcd1234.tmp"
    stale_dir = out / f".pdf.{dead}.abcd1234.tmp"
    live = out / f".7939-2025-mitteilung.txt.{os.getpid()}.abcd1234.tmp"
    for path in (stale, live):
        path.write_bytes(b"halb")
    stale_dir.mkdir()
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert not stale.exists() and not stale_dir.exists()
    assert live.exists()  # a running build's file is never taken away
    assert sorted(p.name for p in out.glob("[!.]*")) == [
        "7939-2025-mitteilung.docx",
        "7939-2025-mitteilung.txt",
        "8012-2025-beschlussvorlage.docx",
        "8012-2025-beschlussvorlage.txt",
    ]


@pytest.mark.parametrize("path", ["../aussen/v.yaml", "data/mit leerzeichen/v#1.yaml"])
def test_depfile_names_and_escapes_odd_paths(project: Path, path: str) -> None:
    from mitteilung.write.depfile import depfile_path, depfile_text, rule

    data = project / path
    target = depfile_path(Path("build"), data)
    assert target.parts[:2] == ("build", ".deps") and ".." not in target.parts
    made = rule(data, [Path("build/x y.docx")], [data, project / "data/stadt.yaml"])
    text = depfile_text(data, made)
    assert "build/x\\ y.docx: " in text
    if "#" in path:
        assert "mit\\ leerzeichen/v\\#1.yaml" in text


def test_a_file_is_kept_as_one_path_object(project: Path, tmp_path: Path) -> None:
    """A data file that is its own real path comes back from `resolved` as the same object
    (the loader keeps the real path of every Vorlage: a copy each cost 350 bytes), a link
    as the file it leads to."""
    resolved.cache_clear()
    vorlage = next((project / "data" / "vorlagen").glob("*.yaml")).resolve()
    assert resolved(vorlage) is vorlage
    link = tmp_path / "link.yaml"
    link.symlink_to(vorlage)
    assert resolved(link) == vorlage
