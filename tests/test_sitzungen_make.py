"""make builds the Sitzung documents with the Vorlagen, in one call, and rebuilds exactly what
a changed Vorlage or Sitzung file reaches."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import edit
from tests.support.make import changed, copy_samples, make, mtimes, needs_make

pytestmark = needs_make
BV = Path("data/vorlagen/8012-2025-beschlussvorlage.yaml")
HFA = Path("data/sitzungen/2025-11-20-hfa.yaml")


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
    assert "Alle 4 Vorlage(n) und Sitzung(en) sind aktuell." in make(folder)

    before = mtimes(folder)
    edit(folder / BV, "betreff: Teilnahme an", "betreff: Beteiligung an")
    make(folder)
    assert rebuilt(folder) == {
        str(BV),
        "data/sitzungen/2025-11-20-hfa.yaml",
        "data/sitzungen/2025-12-10-stadtrat.yaml",
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
    }
    einladung = (folder / "build" / "2025-11-20-hfa-einladung.txt").read_text(encoding="utf-8")
    assert "um 16:30 Uhr" in einladung
