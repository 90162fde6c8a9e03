"""The build index (issue 14): a build of a few files reads only those and the changed ones,
takes the other Vorlagen from OUT/.deps/index.json and still checks every rule across all of
them with the same messages; a damaged or foreign index is rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest

from mitteilung.load import documents
from mitteilung.model import index as index_model
from scripts.synthetic import make_project
from tests.conftest import Run, edit

MI = "data/vorlagen/7939-2025-mitteilung.yaml"
BV = "data/vorlagen/8012-2025-beschlussvorlage.yaml"
OTHER = "data/vorlagen/10001-2024-mitteilung.yaml"  # a synthetic Vorlage (see synthetic.py)
UNTOUCHED = "data/vorlagen/10002-2025-mitteilung.yaml"
INDEX = Path("build/.deps/index.json")


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Run) -> Path:
    """The samples and a few synthetic Vorlagen, built once with --depfile (index written).

    The files are made older than the racy window first: else no record would be used.
    """
    make_project(tmp_path, 4)
    monkeypatch.chdir(tmp_path)
    time.sleep(index_model.RACY_NS / 1e9 + 0.1)
    result = cli("build", "--depfile", "-o", "build")
    assert result.exit_code == 0, result.output
    assert INDEX.is_file()
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files the build reads as YAML, in order (relative to the project)."""
    seen: list[str] = []
    real = documents.read_yaml

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix())
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "read_yaml", counting)
    return seen


def build(cli: Run, *args: str, out: str = "build", depfile: bool = True) -> tuple[int, str]:
    """One build of ``args``: its exit code and what it printed, the timing line left out."""
    result = cli("build", *(["--depfile"] if depfile else []), "-o", out, *args)
    lines = [line for line in result.output.splitlines() if "gebaut," not in line]
    return result.exit_code, "\n".join(lines)


def test_a_build_of_one_file_reads_only_it_and_what_it_uses(
    world: Path, cli: Run, reads: list[str]
) -> None:
    code, _ = build(cli, BV)
    assert code == 0
    assert set(reads) == {
        "data/stadt.yaml",
        BV,
        "data/fakten/ikz-ki.yaml",
        "data/fakten/foerderprogramm-ikz.yaml",
    }


def test_a_changed_betreff_reaches_the_quoting_vorlage(
    world: Path, cli: Run, reads: list[str]
) -> None:
    edit(world / MI, "betreff: interkommunale", "betreff: Neu & „anders“ interkommunale")
    code, _ = build(cli, BV)
    assert code == 0 and MI in reads  # changed since the index: read again
    text = (world / "build" / "8012-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    assert "Mitteilung 7939/2025 „Neu & ‚anders‘ interkommunale Zusammenarbeit" in text


def test_a_changed_number_reaches_the_anlagen_rule(world: Path, cli: Run) -> None:
    edit(world / MI, "nummer: 7939/2025", "nummer: 7940/2025")
    code, output = build(cli, BV)
    assert code == 1
    assert (
        f"{BV}:41: anlagen[1].vorlage: Vorlage 7939/2025 gibt es in den Daten nicht; als Anlage "
        "nur Vorlagen aus data/ nennen oder 'titel:' verwenden"
    ) in output


def test_a_duplicate_number_in_another_file_names_it(world: Path, cli: Run) -> None:
    edit(world / OTHER, "nummer: 10001/2024", "nummer: 7939/2025")
    code, output = build(cli, MI)
    assert code == 1
    expected = (
        f"{MI}:4: nummer: Vorlagennummer 7939/2025 ist doppelt vergeben (auch in {OTHER}); "
        "jede Vorlage braucht eine eigene Nummer"
    )
    assert expected in output
    # the other file unchanged since: its number still comes from the index, with its name
    code, again = build(cli, MI)
    assert code == 1 and expected in again


def test_new_and_deleted_vorlagen(world: Path, cli: Run) -> None:
    copy = world / "data" / "vorlagen" / "kopie.yaml"
    shutil.copy(world / MI, copy)
    code, output = build(cli, MI)
    assert code == 1 and "(auch in data/vorlagen/kopie.yaml)" in output
    copy.unlink()
    assert build(cli, MI)[0] == 0
    (world / MI).rename(world / "data" / "vorlagen" / "umbenannt.yaml")
    assert build(cli, BV)[0] == 0  # its Anlage found under the new name
    (world / "data" / "vorlagen" / "umbenannt.yaml").unlink()
    code, output = build(cli, BV)
    assert code == 1 and "Vorlage 7939/2025 gibt es in den Daten nicht" in output


def _damage(kind: str, index: Path) -> None:
    raw = index.read_bytes()
    head, _, body = raw.partition(b"\n")
    header = json.loads(head)
    if kind == "truncated":
        index.write_bytes(raw[: len(raw) // 2])
    elif kind == "garbage":
        index.write_bytes(b"\x00\xff kein JSON")
    elif kind == "empty":
        index.write_bytes(b"")
    elif kind == "edited":  # the Betreff changed by hand: the checksum no longer fits
        index.write_bytes(raw.replace(b"interkommunale", b"gefaelschte"))
    elif kind == "foreign":
        header["root"] = "/anderes/projekt"
        index.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif kind == "old":
        header["schema"] = 0
        index.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif kind == "shape":  # right checksum, a record of the wrong shape
        table, records = json.loads(body)
        next(iter(records.values()))[0] = "gross"  # the stamp of the first record
        body = json.dumps([table, records]).encode()
        header["sha256"] = hashlib.sha256(body).hexdigest()
        index.write_bytes(json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize(
    "kind", ["truncated", "garbage", "empty", "edited", "foreign", "old", "shape"]
)
def test_a_damaged_index_is_rebuilt_and_changes_nothing(
    world: Path, cli: Run, reads: list[str], kind: str
) -> None:
    edit(world / OTHER, "nummer: 10001/2024", "nummer: 7939/2025")
    edit(world / MI, "betreff: interkommunale", "betreff: geänderte interkommunale")
    _damage(kind, world / INDEX)
    code, output = build(cli, BV, MI)
    assert OTHER in reads  # not taken from the damaged index
    reference = build(cli, BV, MI, out="ohne-index", depfile=False)
    assert (code, output.replace("ohne-index", "build")) == (
        reference[0],
        reference[1].replace("ohne-index", "build"),
    )
    for name in ("8012-2025-beschlussvorlage.txt", "8012-2025-beschlussvorlage.docx"):
        assert (world / "build" / name).read_bytes() == (world / "ohne-index" / name).read_bytes()
    # rebuilt: the next build takes the other Vorlagen from it again
    reads.clear()
    build(cli, BV)
    assert UNTOUCHED not in reads and OTHER in reads  # OTHER: changed within the racy window


def test_a_file_changed_just_before_a_build_is_read_again_next_time(
    world: Path, cli: Run, reads: list[str]
) -> None:
    (world / OTHER).touch()  # ctime now: within the racy window of the next build
    build(cli, BV)
    reads.clear()
    build(cli, BV)
    assert OTHER in reads  # its record was made too close to its change to be trusted


def test_without_depfile_there_is_no_index(cli: Run, project: Path) -> None:
    code, _ = build(cli, out="ohne", depfile=False)
    assert code == 0
    assert not (project / "ohne" / ".deps").exists()
