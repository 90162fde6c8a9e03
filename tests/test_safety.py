"""Nothing half-written, nothing injected, nothing lost: builds that fail or are interrupted,
data that looks like template code, special characters in properties, and size limits."""

from __future__ import annotations

import errno
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest

from mitteilung.errors import InputError, parse_size
from mitteilung.load.loader import load_project
from mitteilung.load.reader import parse_yaml
from mitteilung.pipeline import FORMATS, build
from mitteilung.render.renderer import Renderer
from mitteilung.write import atomic as writers
from tests.conftest import MITTEILUNG, Run, edit
from tests.support.documents import docx_paragraphs
from tests.support.edits import LAST_TEXT, snapshot
from tests.support.produced import Produced

DOCX_OUT = Path("build/7939-2025-mitteilung.docx")
TXT_OUT = Path("build/7939-2025-mitteilung.txt")
SECOND = Path("data/vorlagen/7940-2025-mitteilung.yaml")


def set_last_text(project: Path, text: str) -> None:
    """Make the last paragraph of the sample Mitteilung ``text`` (written as a YAML string)."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    edit(project / MITTEILUNG, LAST_TEXT, f"- text: {quoted}")


def add_second_document(project: Path) -> None:
    """A second Mitteilung (7940/2025), so a batch has a good and a broken document."""
    text = (project / MITTEILUNG).read_text(encoding="utf-8")
    (project / SECOND).write_text(text.replace("7939/2025", "7940/2025"), encoding="utf-8")


# --- 5. nothing half-written ---------------------------------------------------------------


def test_breaking_the_data_after_a_good_build_leaves_the_old_output(
    project: Path, cli: Run
) -> None:
    assert cli("build").exit_code == 0
    before = snapshot(project / "build")
    edit(project / MITTEILUNG, "datum: 22.09.2025", "datum: 31.02.2025")
    result = cli("build")
    assert result.exit_code == 1
    assert snapshot(project / "build") == before


def test_breaking_a_template_after_a_good_build_leaves_the_old_output(
    project: Path, cli: Run
) -> None:
    assert cli("build").exit_code == 0
    before = snapshot(project / "build")
    # only the text template breaks: the .docx of this document is not written either
    edit(project / "templates/mitteilung.txt.j2", "{{ vorlage.betreff }}", "{{ vorlage.titel }}")
    result = cli("build")
    assert result.exit_code == 1
    assert (
        "templates/mitteilung.txt.j2:5: Feld 'titel' gibt es bei 'vorlage' nicht" in result.output
    )
    after = snapshot(project / "build")
    assert set(after) == set(before)
    for name in before:
        if "mitteilung" in name:  # not even touched
            assert after[name] == before[name]
        else:  # the Beschlussvorlage does not use this template: built again, the same bytes
            assert after[name][0] == before[name][0]


@pytest.mark.usefixtures("no_sitzungen")
def test_a_batch_builds_the_good_documents_and_names_the_broken(project: Path, cli: Run) -> None:
    add_second_document(project)
    assert cli("build").exit_code == 0
    before = snapshot(project / "build")
    edit(project / SECOND, "bereich: Zentralbereiche", "bereich: [Zentralbereiche")
    set_last_text(project, "Neuer Schlusssatz.")
    result = cli("build")
    assert result.exit_code == 1
    assert re.sub(r"\(\d+\.\d\d s\)", "(… s)", result.output).splitlines()[1:] == [
        # the Beschlussvorlage comes out the same: its files are left as they are
        "1 Vorlage(n) gebaut, 1 übersprungen (unverändert), 1 fehlgeschlagen (… s)",
        "  fehlgeschlagen: data/vorlagen/7940-2025-mitteilung.yaml",
    ]
    after = snapshot(project / "build")
    for name in ("7940-2025-mitteilung.docx", "7940-2025-mitteilung.txt"):
        assert after[name] == before[name]  # the broken document's old files, untouched
    assert docx_paragraphs(project / DOCX_OUT)[-1] == "Neuer Schlusssatz."
    assert (project / TXT_OUT).read_text(encoding="utf-8").endswith("Neuer Schlusssatz.")


def test_an_interrupted_build_leaves_complete_files_only(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_second_document(project)
    out = project / "build"
    build(load_project(project, [project / "data"]), FORMATS, out)
    before = snapshot(out)
    set_last_text(project, "Geändert.")
    edit(project / SECOND, "betreff: interkommunale", "betreff: geänderte")

    real_replace = os.replace

    def interrupted(src: str, dst: Path) -> None:
        if str(dst).endswith("7940-2025-mitteilung.docx"):  # Ctrl+C right before the rename
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(writers.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(load_project(project, [project / "data"]), FORMATS, out)
    after = snapshot(out)
    assert set(after) == set(before)  # no temporary file is left behind
    # the first document was finished before the interruption, the second not begun
    assert docx_paragraphs(out / "7939-2025-mitteilung.docx")[-1] == "Geändert."
    assert (out / "7939-2025-mitteilung.txt").read_text(encoding="utf-8").endswith("Geändert.")
    for name in ("7940-2025-mitteilung.docx", "7940-2025-mitteilung.txt"):
        assert after[name] == before[name]


def test_a_full_disk_is_a_message_and_the_old_file_stays(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("build").exit_code == 0
    before = snapshot(project / "build")
    set_last_text(project, "Dieser Satz passt nicht mehr auf die Platte.")

    real_write_all = writers._write_all

    def full_disk(fd: int, data: bytes) -> None:
        """A write that stops halfway, as on a full disk."""
        real_write_all(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers, "_write_all", full_disk)
    result = cli("build")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "build/7939-2025-mitteilung.docx: kann nicht geschrieben werden (kein Platz mehr auf "
        "dem Datenträger); die alte Datei bleibt"
    )
    assert "Traceback" not in result.output
    assert snapshot(project / "build") == before  # no half file, no temporary file


def test_a_new_folder_made_by_the_other_process_at_the_same_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes of a build writing the first files into a new output folder: the one
    that finds it missing and then there (the other just made it) writes its file all the
    same (it failed with 'Ordner oder Datei fehlt' in about one build in ten)."""
    folder = tmp_path / "neu"
    real_open = os.open

    def other_process_first(path: str, flags: int, mode: int = 0o777) -> int:
        if str(path).startswith(str(folder)) and not folder.exists():
            folder.mkdir()  # the other process, between our try and our look
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return real_open(path, flags, mode)

    monkeypatch.setattr(writers.os, "open", other_process_first)
    writers.write_atomic(folder / "a.txt", b"Inhalt")
    assert (folder / "a.txt").read_bytes() == b"Inhalt"
    assert [p.name for p in folder.iterdir()] == ["a.txt"]


# --- 4. nothing injected ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{{ 7*7 }}",
        "{% for i in range(3) %}x{% endfor %}",
        "{{ vorlage.__class__.__mro__ }}",
        "{# Kommentar #} {{ stadt.name }}",
        "</w:t></w:r></w:p><w:p><w:r><w:t>eingeschleust",
        "]]><![CDATA[ &amp; &lt;",
    ],
)
def test_data_that_looks_like_code_arrives_literally(
    project: Path, cli: Run, produced: Produced, text: str
) -> None:
    set_last_text(project, text)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert docx_paragraphs(project / DOCX_OUT)[-1] == text
    assert (project / TXT_OUT).read_text(encoding="utf-8").endswith(text)
    produced.keep(project / DOCX_OUT, f"literal {text}")


def test_yaml_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ausgefuehrt"
    text = f"betreff: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(InputError):
        parse_yaml(tmp_path / "x.yaml", text)
    assert not marker.exists()


# --- 3. document properties: escaped once, never twice ---------------------------------------


def test_title_and_author_keep_special_characters(
    project: Path, cli: Run, produced: Produced
) -> None:
    special = "A & B <C> \"D\" 'E' {{ F }} – § 5 € 😀"
    quoted = '"' + special.replace('"', '\\"') + '"'
    text = (project / MITTEILUNG).read_text(encoding="utf-8")
    text = text.replace(
        'betreff: interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"',
        f"betreff: {quoted}",
    )
    text = text.replace("bereich: Zentralbereiche", f"bereich: {quoted}")
    (project / MITTEILUNG).write_text(text, encoding="utf-8")
    assert cli("build").exit_code == 0
    props = docx.Document(str(project / DOCX_OUT)).core_properties
    assert props.title == special
    assert props.author == special
    core = zipfile.ZipFile(project / DOCX_OUT).read("docProps/core.xml").decode("utf-8")
    assert "&amp;amp;" not in core and "&amp;lt;" not in core  # docxtpl issue: escaped twice
    produced.keep(project / DOCX_OUT, "properties")


def test_spaces_at_the_edges_of_a_value_survive(
    project: Path, cli: Run, produced: Produced
) -> None:
    text = "  eingerückt,  zwei Leerzeichen  "
    set_last_text(project, text)
    assert cli("build").exit_code == 0
    assert docx_paragraphs(project / DOCX_OUT)[-1] == text
    xml = zipfile.ZipFile(project / DOCX_OUT).read("word/document.xml").decode("utf-8")
    assert f'<w:t xml:space="preserve">{text}</w:t>' in xml  # else Word drops the spaces
    produced.keep(project / DOCX_OUT, "spaces")


# --- 6. limits -------------------------------------------------------------------------------


def big_paragraph(size: int) -> str:
    """About ``size`` characters of prose with umlauts, markup characters and line breaks."""
    sentence = "Die Straßenbeleuchtung kostet 45.000 € & mehr <laut> „Plan“.\n"
    return (sentence * (size // len(sentence) + 1))[:size].strip()


def test_a_paragraph_of_one_megabyte_renders(project: Path) -> None:
    text = big_paragraph(1_000_000)
    set_last_text(project, text)
    loaded = load_project(project, [project / "data"])
    outputs = Renderer(loaded).render(next(iter(loaded.entries)), FORMATS)
    (project / "gross.docx").write_bytes(outputs["docx"])
    assert docx_paragraphs(project / "gross.docx")[-1] == text
    assert outputs["txt"].decode("utf-8").endswith(text)


def test_a_long_paragraph_is_kept_for_libreoffice(
    project: Path, cli: Run, produced: Produced
) -> None:
    # LibreOffice needs over a minute to lay out 1 MB in one paragraph; 100 kB shows the same
    set_last_text(project, big_paragraph(100_000))
    assert cli("build", "-f", "docx").exit_code == 0
    produced.keep(project / DOCX_OUT, "100 kB paragraph")


def test_a_data_file_over_5_mb_is_refused(project: Path, cli: Run) -> None:
    (project / "data/vorlagen/riesig.yaml").write_text("# " + "x" * 5_100_000, encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "data/vorlagen/riesig.yaml: Datei ist zu groß (5,1 MB; erlaubt sind höchstens 5 MB, "
        "einstellbar mit --max-size)"
    )


def test_max_size_can_be_raised_and_lowered(project: Path, cli: Run) -> None:
    set_last_text(project, big_paragraph(100_000))
    assert cli("check").exit_code == 0
    result = cli("check", "--max-size", "50kB")
    assert result.exit_code == 1
    assert "höchstens 50 kB" in result.output


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("5MB", 5_000_000),
        ("500kB", 500_000),
        ("1,5 MB", 1_500_000),
        ("2m", 2_000_000),
        ("1000", 1000),
        ("1 GB", 1_000_000_000),
    ],
)
def test_sizes_are_read_like_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_a_wrong_size_is_a_usage_error(project: Path, cli: Run) -> None:
    result = cli("build", "--max-size", "viel")
    assert result.exit_code == 2
    assert "'viel' ist keine Größe; Beispiele: 5MB, 500kB, 1000000" in result.output
