"""make with file names it cannot handle, a DATA folder that is not there, and FORMATS."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import MITTEILUNG, edit
from tests.support.make import SAMPLES, copy_samples, make, needs_make, run_make
from tests.support.pdf import fake_soffice

pytestmark = needs_make

#: Names with a character make cannot take, and the name the message suggests instead
UNSAFE = {
    "neu;1.yaml": "neu-1.yaml",
    "neu:2.yaml": "neu-2.yaml",
    "neu#3.yaml": "neu-3.yaml",
    "neu|4.yaml": "neu-4.yaml",
    "neu$5.yaml": "neu-5.yaml",
    "neu%6.yaml": "neu-6.yaml",
    "neu 7.yaml": "neu-7.yaml",
    "neu=8.yaml": "neu-8.yaml",
}
CANNOT = (
    "make kann mit diesem Dateinamen nicht arbeiten (Leerzeichen und ; : # | $ % = * ? [ ] ( ) "
    "\\ gehen nicht); bitte umbenennen, z. B. in "
)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below ``folder`` with content, modification time and inode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The samples, built once by make."""
    folder = copy_samples(tmp_path / "projekt")
    make(folder)
    return folder


def test_file_names_make_cannot_handle_are_named_and_fail_make(sample: Path) -> None:
    text = (sample / MITTEILUNG).read_text(encoding="utf-8")
    for i, name in enumerate(UNSAFE, start=1):
        document = text.replace("nummer: 7939/2025", f"nummer: {i}/2025")
        (sample / "data" / "vorlagen" / name).write_text(document, encoding="utf-8")
    before = snapshot(sample / "build")

    result = run_make(sample)

    assert result.returncode != 0
    messages = [line for line in result.stderr.splitlines() if "Dateinamen" in line]
    assert messages == [f"data/vorlagen/{name}: {CANNOT}{UNSAFE[name]}" for name in sorted(UNSAFE)]
    assert "missing separator" not in result.stderr
    # the others are still built
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in result.stdout
    assert snapshot(sample / "build") == before
    # renamed as suggested, the documents are built
    for name, better in UNSAFE.items():
        (sample / "data" / "vorlagen" / name).rename(sample / "data" / "vorlagen" / better)
    assert f"{len(UNSAFE)} Datei(en) neu oder geändert" in make(sample)
    assert (sample / "build" / "1-2025-mitteilung.docx").is_file()


@pytest.mark.parametrize("target", ["build", "pdf"])
def test_a_data_folder_that_does_not_exist_is_an_error(sample: Path, target: str) -> None:
    result = run_make(sample, target, "DATA=dta")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        "DATA=dta: diesen Ordner gibt es nicht (die Daten liegen in data/; DATA=... nennt einen "
        "anderen Ordner)"
    )
    assert "sind aktuell" not in result.stdout


def test_an_unknown_format_is_an_error(sample: Path) -> None:
    result = run_make(sample, "FORMATS=docx odt")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        "FORMATS: unbekanntes Format odt (möglich: docx txt html pdf oparl)"
    )


def test_make_keeps_every_format_it_was_asked_for_current(sample: Path) -> None:
    formats = "FORMATS=docx txt html oparl"
    make(sample, formats)
    html = sample / "build" / "7939-2025-mitteilung.html"
    paper = sample / "build" / "7939-2025-mitteilung.oparl.json"
    assert "ca. 45t €" in html.read_text(encoding="utf-8")
    edit(sample / "data" / "fakten" / "ikz-ki.yaml", "foerderung_je_behoerde: 45000", "x: 0")
    edit(sample / "data" / "fakten" / "ikz-ki.yaml", "x: 0", "foerderung_je_behoerde: 47000")
    output = make(sample, formats)
    assert "2 von 2 Vorlage(n) und Sitzung(en) veraltet" in output
    assert "ca. 47t €" in html.read_text(encoding="utf-8")
    docx = (sample / "build" / "7939-2025-mitteilung.docx").read_bytes()
    main = json.loads(paper.read_text(encoding="utf-8"))["mainFile"]
    assert main["sha512Checksum"] == hashlib.sha512(docx).hexdigest()
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in make(sample, formats)


def test_make_pdf_with_oparl_keeps_the_checksum_of_the_pdf(sample: Path) -> None:
    fake_soffice(
        sample / "bin",
        "outdir.mkdir(exist_ok=True)\n"
        "for f in files:\n"
        "    real_pdf(outdir / (f.stem + '.pdf'), f.stem)\n",
    )
    path = str(sample / "bin")
    formats = "FORMATS=docx txt html pdf oparl"
    for step in range(2):
        make(sample, formats, path=path)
        for stem in SAMPLES:
            pdf = (sample / "build" / f"{stem}.pdf").read_bytes()
            paper = json.loads((sample / "build" / f"{stem}.oparl.json").read_text("utf-8"))
            assert paper["mainFile"]["sha512Checksum"] == hashlib.sha512(pdf).hexdigest(), step
        (sample / "data" / "fakten" / "ikz-ki.yaml").touch()
    make(sample, formats, path=path)
    assert "Alle 2 Vorlage(n) und Sitzung(en) sind aktuell." in make(sample, formats, path=path)


def test_make_help_names_the_formats() -> None:
    from tests.conftest import ROOT

    output = make(ROOT, "help")
    assert 'make FORMATS="docx txt html pdf oparl"' in output
    assert "make clean löscht nur, was mitteilung in OUT geschrieben hat" in output
