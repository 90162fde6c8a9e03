"""A batch killed with SIGKILL leaves every file absent, old, or complete and new."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.synthetic import make_project
from tests.conftest import edit

COUNT = 200  # enough for a batch the kill lands in the middle of
TEMP = re.compile(r"\..*\.\d+\.[a-z0-9_]{8}\.tmp")


def build(folder: Path, out: str, processes: str = "2") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mitteilung", "build", "--depfile", "-o", out],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MITTEILUNG_PROZESSE": processes},
    )


def contents(out: Path) -> dict[str, str]:
    """Hash of every file below ``out`` (temporary files apart), by relative path; not the
    build index, which holds this folder's file stamps and the time of its build, nor make's
    rules, which name the folder the build ran in."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.is_file() and not TEMP.fullmatch(p.name) and p.name not in _PER_FOLDER
    }


_PER_FOLDER = ("index.json", "dokumente.mk")


@pytest.mark.parametrize("processes", ["1", "2"])
def test_sigkill_mid_batch_leaves_old_or_complete_new_files(tmp_path: Path, processes: str) -> None:
    make_project(tmp_path, COUNT)
    assert build(tmp_path, "out", processes).returncode == 0
    old = contents(tmp_path / "out")
    # every document names at least one of these Gremien: every output changes
    stadt = tmp_path / "data" / "stadt.yaml"
    edit(stadt, "name: Stadtrat", "name: Rat der Stadt")
    edit(stadt, "name: Haupt- und Finanzausschuss", "name: Haupt- und Finanzausschuß")
    reference = tmp_path / "ref"  # the new version, built in a copy (same paths in .d files)
    for name in ("data", "templates"):
        shutil.copytree(tmp_path / name, reference / name)
    assert build(reference, "out").returncode == 0
    new = contents(reference / "out")
    assert old.keys() == new.keys() and len(old) > 2 * COUNT

    proc = subprocess.Popen(
        [sys.executable, "-m", "mitteilung", "build", "--depfile", "-o", "out"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MITTEILUNG_PROZESSE": processes},
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # plain progress lines: "Vorlagen: 210/1002 (...)"
        match = re.match(r"Vorlagen: (\d+)/", line)
        if match and int(match[1]) >= COUNT // 4:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    after = contents(tmp_path / "out")
    # the mark of a build broken off: the next make hands every file to the program
    assert after.pop(".deps/make/unfertig", None) is not None
    assert after.keys() <= old.keys()
    wrong = [name for name, digest in after.items() if digest not in (old[name], new[name])]
    assert wrong == []
    assert any(after[n] == new[n] != old[n] for n in after), "nothing new: killed too late"
    assert any(after[n] == old[n] != new[n] for n in after), "all new: killed too late"

    # the next build finishes the job and removes the killed build's temporary files (also
    # those of a killed helper, which may not have been waited for yet)
    assert build(tmp_path, "out", processes).returncode == 0
    assert contents(tmp_path / "out") == new
    assert [p for p in (tmp_path / "out").rglob("*") if TEMP.fullmatch(p.name)] == []


# Opening an output file itself for writing truncates it: a kill then leaves it torn. This hook
# kills the build at that very moment, so a writer that writes in place fails here every time,
# not only when a kill happens to land mid-write.
TEAR = """
import os, signal, sys
out = os.path.abspath(sys.argv.pop(1))
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)) and args[1] and "w" in str(args[1]):
        path = os.path.abspath(os.fsdecode(args[0]))
        name = os.path.basename(path)
        if path.startswith(out + os.sep) and not name.startswith("."):
            os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
from mitteilung.cli import main
main()
"""


def test_no_output_file_is_ever_opened_for_writing_in_place(tmp_path: Path) -> None:
    make_project(tmp_path, 20)

    def build_torn() -> None:
        result = subprocess.run(
            [sys.executable, "-c", TEAR, "out", "build", "--depfile", "-o", "out"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, "eine Ausgabedatei wurde direkt beschrieben"

    build_torn()  # new files
    first = contents(tmp_path / "out")
    stadt = tmp_path / "data" / "stadt.yaml"
    edit(stadt, "name: Stadtrat", "name: Rat der Stadt")
    edit(stadt, "name: Haupt- und Finanzausschuss", "name: Haupt- und Finanzausschuß")
    build_torn()  # files that exist, every document changed
    second = contents(tmp_path / "out")
    docx = [name for name in first if name.endswith(".docx")]
    assert len(docx) >= 20
    assert all(first[name] != second[name] for name in docx)
