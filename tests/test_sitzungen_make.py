"""make builds the Sitzung documents with the Vorlagen, in one call, and rebuilds exactly what
a changed Vorlage or Sitzung file reaches."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.conftest import edit
from tests.support.make import changed, copy_samples, make, mtimes, needs_make

pytestmark = needs_make
BV = Path("data/vorlagen/8012-2025-beschlussvorlage.yaml")
HFA = Path("data/sitzungen/2025-11-20-hfa.yaml")
SR = Path("data/sitzungen/2025-12-10-stadtrat.yaml")
STADT = "data/stadt.yaml"  # the Beschlusskontrolle is made with it


def rebuilt(folder: Path) -> set[str]:
    """The data files make handed to the program in its last run."""
    listed = (folder / "build" / ".deps" / "veraltet.txt").read_text(encoding="utf-8").split()
    return set(listed)


def test_make_builds_sitzungen_and_rebuilds_those_listing_a_changed_vorlage(
    tmp_path: Path,
) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    output = make(folder)
    assert "2 Vorlage(n) und 2 Sitzung(en) gebaut, 0 fehlgeschlagen" in output
    for name in ("2025-11-20-hfa-einladung", "2025-12-10-stadtrat-niederschrift"):
        assert (folder / "build" / f"{name}.docx").exists()
        assert (folder / "build" / f"{name}.txt").exists()
    assert "Alle 5 Vorlage(n) und Sitzung(en) sind aktuell." in make(folder)

    before = mtimes(folder)
    edit(folder / BV, "betreff: Teilnahme an", "betreff: Beteiligung an")
    make(folder)
    assert rebuilt(folder) == {
        str(BV),
        "data/sitzungen/2025-11-20-hfa.yaml",
        "data/sitzungen/2025-12-10-stadtrat.yaml",
        STADT,  # the Beschlusskontrolle names the Betreff
    }
    touched = changed(before, mtimes(folder))
    assert "8012-2025-beschlussvorlage" in touched
    assert "7939-2025-mitteilung" not in touched  # it does not name 8012/2025
    einladung = (folder / "build" / "2025-11-20-hfa-einladung.txt").read_text(encoding="utf-8")
    assert "TOP 3\tBeschlussvorlage 8012/2025: Beteiligung an der interkommunalen" in einladung


def test_make_after_a_changed_sitzung_date_rebuilds_the_vorlagen_it_dates(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    make(folder)
    edit(folder / HFA, 'beginn: "17:00"', 'beginn: "16:30"')
    make(folder)
    # the HFA lists both Vorlagen: their Beratungsfolge comes from it
    assert rebuilt(folder) == {
        str(HFA),
        "data/vorlagen/7939-2025-mitteilung.yaml",
        str(BV),
        STADT,  # the Beschlusskontrolle depends on every Sitzung file
    }
    einladung = (folder / "build" / "2025-11-20-hfa-einladung.txt").read_text(encoding="utf-8")
    assert "um 16:30 Uhr" in einladung


def test_make_after_a_new_sitzung_rebuilds_the_vorlagen_it_lists(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    hfa = (folder / HFA).read_text(encoding="utf-8")
    (folder / HFA).unlink()
    make(folder)
    vorlage = folder / "build" / "8012-2025-beschlussvorlage.txt"
    assert "Haupt- und Finanzausschuss\t20.11.2025" not in vorlage.read_text(encoding="utf-8")
    (folder / HFA).write_text(hfa, encoding="utf-8")  # a new Sitzung: no depfile names it yet
    make(folder)
    assert rebuilt(folder) == {str(HFA)}  # make hands over the new file only ...
    # ... and the program builds the Vorlagen on its Tagesordnung with it
    text = vorlage.read_text(encoding="utf-8")
    assert "Haupt- und Finanzausschuss\t20.11.2025, TOP 3\tVorberatung" in text
    for name in ("7939-2025-mitteilung", "8012-2025-beschlussvorlage"):
        deps = folder / "build" / ".deps" / "data" / "vorlagen" / f"{name}.d"
        assert str(HFA) in deps.read_text(encoding="utf-8")  # so a later change reaches it
    # the Beschlusskontrolle was made with it, and its depfile names it too
    assert str(HFA) in (folder / "build" / ".deps" / "data" / "stadt.d").read_text("utf-8")
    assert "Alle 5 Vorlage(n) und Sitzung(en) sind aktuell." in make(folder)


def test_make_after_a_changed_logo_rebuilds_the_sitzungen(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    make(folder)
    logo = folder / "data" / "stadt-mayen-logo.png"
    later = time.time() + 10  # newer than every output
    os.utime(logo, (later, later))
    make(folder)
    assert rebuilt(folder) == {
        str(BV),
        "data/vorlagen/7939-2025-mitteilung.yaml",
        str(HFA),
        "data/sitzungen/2025-12-10-stadtrat.yaml",
        STADT,
    }
    deps = (folder / "build" / ".deps" / "data" / "sitzungen" / "2025-11-20-hfa.d").read_text(
        encoding="utf-8"
    )
    assert "data/stadt-mayen-logo.png" in deps


def test_make_after_a_moved_sitzung_leaves_no_documents_under_the_old_date(
    tmp_path: Path,
) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    make(folder)
    build = folder / "build"
    mine = build / "2025-11-20-hfa-notizen.txt"  # not written by mitteilung: it stays
    mine.write_text("eigene Notizen\n", encoding="utf-8")
    edit(folder / HFA, "datum: 20.11.2025", "datum: 24.11.2025")
    make(folder)
    assert (build / "2025-11-24-hfa-einladung.docx").exists()
    assert (build / "2025-11-24-hfa-bekanntmachung.txt").exists()
    left = sorted(p.name for p in build.glob("2025-11-2*-hfa-*"))
    assert left == [
        "2025-11-20-hfa-notizen.txt",
        "2025-11-24-hfa-bekanntmachung.docx",
        "2025-11-24-hfa-bekanntmachung.txt",
        "2025-11-24-hfa-einladung.docx",
        "2025-11-24-hfa-einladung.txt",
    ]
    vorlage = (build / "8012-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    assert "Haupt- und Finanzausschuss\t24.11.2025, TOP 3" in vorlage


def test_make_after_a_changed_status_rebuilds_the_beschlusskontrolle(tmp_path: Path) -> None:
    folder = copy_samples(tmp_path, sitzungen=True)
    make(folder)
    before = mtimes(folder)
    edit(folder / SR, "status: in Arbeit", "status: erledigt")
    make(folder)
    # 8012/2025 as ever with the Sitzung that dates it; the Beschlusskontrolle with stadt.yaml
    assert rebuilt(folder) == {str(SR), str(BV), STADT}
    touched = changed(before, mtimes(folder))
    assert {"beschlusskontrolle", "beschlusskontrolle-oeffentlich"} <= touched
    assert "7939-2025-mitteilung" not in touched
    text = (folder / "build" / "beschlusskontrolle-oeffentlich.txt").read_text(encoding="utf-8")
    assert "Stand: erledigt\nZuständig: Zentralbereiche" in text
    deps = (folder / "build" / ".deps" / "data" / "stadt.d").read_text(encoding="utf-8")
    for name in (HFA, SR, BV, "templates/sitzung/beschlusskontrolle.docx"):
        assert f"  {name}" in deps
