"""Compiled templates are kept between runs, and never used when they could be stale (issue 14)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mitteilung.render import cache as cache_module
from mitteilung.render import deps
from mitteilung.render.cache import TemplateCache
from mitteilung.render.environment import make_environment
from mitteilung.render.loader import ProjectLoader
from mitteilung.render.sandbox import BoundedEnvironment
from tests.conftest import Run, edit

pytestmark = pytest.mark.usefixtures("no_sitzungen")
TXT = "build/7939-2025-mitteilung.txt"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MITTEILUNG_CACHE", str(folder))
    return folder


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    names: list[str] = []
    original = BoundedEnvironment.compile

    def counting(self: BoundedEnvironment, source: Any, name: Any = None, *a: Any) -> Any:
        names.append(str(name))
        return original(self, source, name, *a)

    monkeypatch.setattr(BoundedEnvironment, "compile", counting)
    return names


def entries(cache: Path) -> list[Path]:
    return [p for p in cache.glob("jinja-*/*") if re.fullmatch("[0-9a-f]{64}", p.name)]


def test_a_second_environment_compiles_nothing_and_renders_the_same(
    project: Path, cache: Path, compiled: list[str]
) -> None:
    (project / "templates" / "probe.txt.j2").write_text(
        "{{ name }} & {{ 2 + 3 }} „{{ name|upper }}“ 🙂\n", encoding="utf-8"
    )
    first = make_environment(project / "templates").get_template("probe.txt.j2")
    word = make_environment(project / "templates").get_template("mitteilung.docx/word/document.xml")
    assert compiled == ["probe.txt.j2", "mitteilung.docx/word/document.xml"]
    assert len(entries(cache)) == 2
    again = make_environment(project / "templates").get_template("probe.txt.j2")
    word_again = make_environment(project / "templates").get_template(
        "mitteilung.docx/word/document.xml"
    )
    assert len(compiled) == 2  # both from the cache
    context = {"name": '<Mayen & "Umland" \'s>'}
    assert (
        again.render(context)
        == first.render(context)
        == ('<Mayen & "Umland" \'s> & 5 „<MAYEN & "UMLAND" \'S>“ 🙂')
    )
    assert word_again.filename == word.filename
    assert word_again.filename.endswith("templates/mitteilung.docx/word/document.xml")


def test_a_build_from_the_cache_writes_the_same_files(
    project: Path, cli: Run, cache: Path, compiled: list[str]
) -> None:
    assert cli("build", "-o", "erste").exit_code == 0
    assert compiled  # the first build compiled its templates ...
    compiled.clear()
    assert cli("build", "-o", "zweite").exit_code == 0
    assert compiled == []  # ... the second found every one of them
    names = sorted(p.name for p in (project / "erste").iterdir() if p.is_file())
    assert names and names == sorted(p.name for p in (project / "zweite").iterdir() if p.is_file())
    for name in names:
        assert (project / "erste" / name).read_bytes() == (project / "zweite" / name).read_bytes()


def test_a_changed_template_is_compiled_again(project: Path, cli: Run, cache: Path) -> None:
    assert cli("build", "-f", "txt").exit_code == 0
    baustein = project / "templates" / "bausteine" / "ikz" / "gespraeche.txt.j2"
    size = baustein.stat()
    text = baustein.read_text(encoding="utf-8")
    # the same size and time as before: only the bytes tell the change
    baustein.write_text(text.replace("fanden erste", "FANDEN ERSTE"), encoding="utf-8")
    os.utime(baustein, ns=(size.st_atime_ns, size.st_mtime_ns))
    assert cli("build", "-f", "txt").exit_code == 0
    assert "FANDEN ERSTE" in Path(TXT).read_text(encoding="utf-8")


def test_damaged_entries_are_compiled_again(project: Path, cli: Run, cache: Path) -> None:
    assert cli("build", "-f", "txt", "-o", "erste").exit_code == 0
    for i, entry in enumerate(entries(cache)):
        whole = entry.read_bytes()
        damage = (b"", whole[:20], whole[: len(whole) // 2], b"nonsense" + whole)
        entry.write_bytes(damage[i % len(damage)])
    result = cli("build", "-f", "txt", "-o", "zweite")
    assert result.exit_code == 0, result.output
    first, second = (project / d / "7939-2025-mitteilung.txt" for d in ("erste", "zweite"))
    assert first.read_bytes() == second.read_bytes()
    # and kept anew, whole
    assert all(TemplateCache(e.parent).get(e.name) is not None for e in entries(cache))


@pytest.mark.parametrize("kind", ["writable by all", "a file", "off"])
def test_no_usable_cache_still_builds(
    project: Path, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = tmp_path / "cache"
    if kind == "writable by all":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)  # the code in it is run: a folder others may write is not used
    elif kind == "a file":
        folder.write_text("kein Ordner", encoding="utf-8")
    monkeypatch.setenv("MITTEILUNG_CACHE", "aus" if kind == "off" else str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0, result.output
    assert "Mitteilung" in Path(TXT).read_text(encoding="utf-8")
    assert not (tmp_path / "xdg").exists()
    if kind == "writable by all":
        assert list(folder.iterdir()) == []


def test_a_template_error_names_the_same_line_from_the_cache(
    project: Path, cli: Run, cache: Path
) -> None:
    edit(
        project / "templates" / "mitteilung.txt.j2",
        "{{ vorlage.betreff }}",
        "{{ vorlage.betreff }}{{ vorlage.gibt_es_nicht }}",
    )
    first = cli("build", "-f", "txt")
    assert entries(cache)
    second = cli("build", "-f", "txt")
    assert first.exit_code == second.exit_code == 1
    assert "templates/mitteilung.txt.j2:5: Feld 'gibt_es_nicht'" in first.output, first.output
    # the same message, from the compiled code in the cache
    assert second.output.splitlines()[0] == first.output.splitlines()[0]


def test_other_versions_of_the_program_are_removed_and_nothing_else(
    project: Path, cli: Run, cache: Path
) -> None:
    assert cli("build", "-f", "txt").exit_code == 0
    ours = next(cache.glob("jinja-*"))
    old = cache / "jinja-0123456789abcdef"  # an earlier version's, with our tag
    old.mkdir()
    (old / "CACHEDIR.TAG").write_bytes((ours / "CACHEDIR.TAG").read_bytes())
    (old / "eintrag").write_bytes(b"alt")
    # named like ours, but the user's: MITTEILUNG_CACHE may name any folder
    for name in ("jinja-vorlagen-entwurf", "jinja-fedcba9876543210"):
        (cache / name).mkdir()
        (cache / name / "brief.j2").write_text("bleibt", encoding="utf-8")
    (cache / "fremd.txt").write_text("bleibt", encoding="utf-8")
    shutil.rmtree(ours)  # as after an update of the program: a new version's folder ...
    cache_module._open.cache_clear()  # ... in a new process
    assert cli("build", "-f", "txt").exit_code == 0
    assert not old.exists()
    assert (cache / "fremd.txt").exists()
    assert (cache / "jinja-vorlagen-entwurf" / "brief.j2").exists()
    assert (cache / "jinja-fedcba9876543210" / "brief.j2").exists()
    assert entries(cache)


def test_every_changed_byte_of_an_entry_is_noticed(tmp_path: Path) -> None:
    """marshal trusts what it reads (one changed byte can crash Python): an entry is read
    only whole and as written, with its key."""
    store = TemplateCache(tmp_path)
    code = compile("x = 1 + 2\n", "t", "exec")
    key, other = "a" * 64, "b" * 64
    store.put(key, code)
    entry = tmp_path / key
    good = entry.read_bytes()
    assert store.get(key) == code
    for i in range(len(good)):
        entry.write_bytes(good[:i] + bytes([good[i] ^ 0x10]) + good[i + 1 :])
        assert store.get(key) is None, i
    entry.write_bytes(good)
    (tmp_path / other).write_bytes(good)  # a whole entry under another key
    assert store.get(other) is None
    store.put(other, ("a", "b"))  # a value that is no code, under a template's key
    assert store.get(other) == ("a", "b")


def test_a_value_that_is_no_code_is_compiled_again(project: Path, cli: Run, cache: Path) -> None:
    assert cli("build", "-f", "txt", "-o", "erste").exit_code == 0
    folder = next(cache.glob("jinja-*"))
    for entry in entries(cache):
        TemplateCache(folder).put(entry.name, ("kein", "Code"))
    assert cli("build", "-f", "txt", "-o", "zweite").exit_code == 0
    first, second = (project / d / "7939-2025-mitteilung.txt" for d in ("erste", "zweite"))
    assert first.read_bytes() == second.read_bytes()


def test_a_template_that_does_not_compile_is_never_kept(
    project: Path, cli: Run, cache: Path, compiled: list[str]
) -> None:
    edit(project / "templates" / "mitteilung.txt.j2", "{{ vorlage.betreff }}", "{{ vorlage. }}")
    first = cli("build", "-f", "txt")
    second = cli("build", "-f", "txt")
    assert first.exit_code == second.exit_code == 1
    assert compiled.count("mitteilung.txt.j2") == 2  # compiled (and refused) both times
    assert first.output.splitlines()[0] == second.output.splitlines()[0]
    assert "mitteilung.txt.j2:5" in first.output


def test_a_linked_cache_folder_is_not_used(
    project: Path, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "anderswo"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("MITTEILUNG_CACHE", str(tmp_path / "link"))
    assert cli("build", "-f", "txt").exit_code == 0
    assert list(real.iterdir()) == []


def test_names_found_while_the_file_changes_are_not_kept(
    project: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving a template while a build with --depfile parses it: what was parsed
    may not be the bytes of the key, so it is not kept."""
    deps._parse.cache_clear()
    versions = iter([b"vorher", b"nachher"])
    monkeypatch.setattr(ProjectLoader, "file_bytes", lambda self, name: next(versions))
    name = "sitzung/einladung.txt.j2"
    info = (project / "templates" / name).stat()
    folder = str(project / "templates")
    assert deps._parse(folder, name, info.st_mtime_ns, info.st_size) is not None
    assert entries(cache) == []
    deps._parse.cache_clear()


def test_a_warm_build_does_not_import_docxtpl(project: Path, cache: Path) -> None:
    """docxtpl (with python-docx and lxml) is only needed to compile a Word part or to find
    what it includes; a second build, also with --depfile as under make, finds both cached."""
    script = (
        "import sys; from mitteilung.cli import main\n"
        "try: main(['build', '--depfile', '-f', 'docx', '-o', sys.argv[1]])\n"
        "except SystemExit as e: assert e.code == 0, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docxtpl', 'docx')))\n"
    )
    env = {**os.environ, "MITTEILUNG_CACHE": str(cache)}
    folders = ("erste", "zweite")
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, out], env=env, capture_output=True, text=True, check=True
        ).stdout
        for out in folders
    ]
    assert "'docxtpl'" in runs[0]  # the first run compiled the Word parts
    assert runs[1].strip().endswith("[]"), runs[1]
    depfile = Path(".deps/data/vorlagen/7939-2025-mitteilung.d")
    first, second = ((project / d / depfile).read_text(encoding="utf-8") for d in folders)
    # the Textbausteine the Word template includes, found by parsing it or from the cache
    assert "templates/mitteilung.docx" in first and "ikz/gespraeche.txt.j2" in first
    assert second == first.replace("erste/", "zweite/")
