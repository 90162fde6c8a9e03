"""make clean deletes only what the tool wrote, and only in an output folder with its marker."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mitteilung.write.clean import MARKER
from tests.support.make import SAMPLES, copy_samples, make, needs_make, run_make

pytestmark = needs_make

NOT_OURS = (
    "ist kein Zielordner von make (die Datei .mitteilung-ausgabe, die make beim ersten Bau "
    "anlegt, fehlt; ein Zielordner einer älteren Version bekommt sie beim nächsten make)"
)
#: OUT as a careless user types it, and why make clean refuses it
DANGEROUS = {
    "..": "ist oder enthält den Projektordner",
    "~": "ist oder enthält den persönlichen Ordner",
    ".": "ist oder enthält den Projektordner",
    "/": "ist oder enthält den Projektordner",
    "data": "ist oder enthält den Ordner data/",
    "templates": "ist oder enthält den Ordner templates/",
    "data/vorlagen": "liegt im Ordner data/ des Projekts",
    "README.md": "ist kein Ordner",
    "fremd": NOT_OURS,
}


def tree(top: Path) -> dict[str, bytes | str]:
    """Every file and folder below ``top``: content for files, '<dir>' for folders."""
    found: dict[str, bytes | str] = {}
    for dirpath, dirs, files in os.walk(top):
        for name in dirs:
            found[os.path.relpath(os.path.join(dirpath, name), top)] = "<dir>"
        for name in files:
            path = Path(dirpath) / name
            found[os.path.relpath(path, top)] = path.read_bytes()
    return found


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built by make, with a README and a foreign folder (built once: make is slow)."""
    folder = copy_samples(tmp_path_factory.mktemp("clean") / "projekt")
    (folder / "README.md").write_text("# Projekt\n", encoding="utf-8")
    (folder / "fremd").mkdir()
    (folder / "fremd" / "notiz.docx").write_bytes(b"not written by mitteilung")
    make(folder)
    return folder


@pytest.fixture
def world(built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project beside a home folder (HOME points there)."""
    home = tmp_path / "home"
    (home / "Dokumente").mkdir(parents=True)
    (home / "Dokumente" / "brief.txt").write_text("privat", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    folder = tmp_path / "projekt"
    shutil.copytree(built_once, folder)  # with the times: make sees the copy built
    return folder


@pytest.mark.parametrize("out", DANGEROUS, ids=DANGEROUS.keys())
def test_make_clean_with_a_dangerous_out_deletes_nothing_and_says_why(
    world: Path, out: str
) -> None:
    before = tree(world.parent)
    result = run_make(world, "clean", f"OUT={out}")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == f"Fehler: {out} wird nicht gelöscht: {DANGEROUS[out]}"
    assert "Traceback" not in result.stderr
    assert tree(world.parent) == before


def test_make_clean_removes_exactly_what_the_build_wrote(world: Path) -> None:
    written = {p.name for p in (world / "build").iterdir()}
    assert written == {MARKER, ".deps"} | {f"{s}.{f}" for s in SAMPLES for f in ("docx", "txt")}
    before = tree(world)
    files = [p for p in (world / "build").rglob("*") if p.is_file()]
    output = make(world, "clean")
    assert f"build: {len(files)} Datei(en) gelöscht\n" in output
    assert not (world / "build").exists()
    # everything else is as it was
    assert tree(world) == {k: v for k, v in before.items() if not k.startswith("build")}
    assert "build: gibt es nicht, nichts zu löschen\n" in make(world, "clean")


def test_make_clean_keeps_files_it_did_not_write(world: Path) -> None:
    (world / "build" / "protokoll.docx").write_bytes(b"written by the clerk")
    output = make(world, "clean")
    assert (
        "build bleibt: 1 Datei(en) darin hat nicht mitteilung geschrieben (z. B. protokoll.docx)"
    ) in output
    assert sorted(p.name for p in (world / "build").iterdir()) == [MARKER, "protokoll.docx"]


def test_a_depfile_naming_files_outside_the_folder_deletes_only_outputs_inside(
    world: Path,
) -> None:
    depfile = world / "build" / ".deps" / "data" / "vorlagen" / "7939-2025-mitteilung.d"
    text = depfile.read_text(encoding="utf-8")
    outputs = "MITTEILUNG_OUTPUTS += "
    depfile.write_text(
        text.replace(outputs, f"{outputs}data/stadt.yaml README.md build/../README.md "),
        encoding="utf-8",
    )
    make(world, "clean")
    assert (world / "data" / "stadt.yaml").is_file()
    assert (world / "README.md").read_text(encoding="utf-8") == "# Projekt\n"
    assert not (world / "build").exists()
