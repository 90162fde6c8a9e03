"""A fact lives once in data/: changing it changes every place that states it, and only those."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.conftest import Run, edit

TXT = Path("build/7939-2025-mitteilung.txt")


def build_text(cli: Run) -> list[str]:
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0, result.output
    return TXT.read_text(encoding="utf-8").split("\n")


def changed_lines(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    diff = difflib.ndiff(before, after)
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(before, after) if line.startswith("+ ")]
    return list(zip(removed, added, strict=True))


def test_number_of_kommunen_and_amount_change_only_where_stated(project: Path, cli: Run) -> None:
    before = build_text(cli)
    facts = project / "data/fakten/ikz-ki.yaml"
    edit(facts, "anzahl: 8", "anzahl: 11")
    edit(facts, "foerderung_je_behoerde: 45000", "foerderung_je_behoerde: 37500")
    after = build_text(cli)
    [(old, new)] = changed_lines(before, after)  # exactly one paragraph states both
    assert (
        old.replace("8 verbandsangehörige", "11 verbandsangehörige").replace(
            "ca. 45t €", "ca. 37,5t €"
        )
        == new
    )


def test_minimum_duration_and_deadline_change_their_sentences(project: Path, cli: Run) -> None:
    before = build_text(cli)
    programm = project / "data/fakten/foerderprogramm-ikz.yaml"
    edit(programm, "mindestlaufzeit_jahre: 5", "mindestlaufzeit_jahre: 6")
    edit(project / "data/fakten/ikz-ki.yaml", "laufzeit_jahre: 5", "laufzeit_jahre: 6")
    edit(programm, "datum: 15.03.2026", "datum: 30.04.2026")
    edit(programm, "effizienzgewinn_prozent: 15", "effizienzgewinn_prozent: 12.5")
    after = build_text(cli)
    changes = changed_lines(before, after)
    assert len(changes) == 2
    (old1, new1), (old2, new2) = changes
    assert "15.03.2026" in old2
    assert "mindestens 6 Jahren" in new1 and "mindestens 5 Jahren" in old1
    assert "Effizienzgewinn von 12,5 % erzielt" in new1
    assert "mit Frist zum 30.04.2026" in new2 and "15.03.2026" not in new2
