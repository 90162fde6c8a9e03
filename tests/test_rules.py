"""Each rule of the Büroleitung, broken once, with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, edit

KOOP = "data/fakten/ikz-ki.yaml"
PROG = "data/fakten/foerderprogramm-ikz.yaml"
BV = "data/vorlagen/8012-2025-beschlussvorlage.yaml"
MI = "data/vorlagen/7939-2025-mitteilung.yaml"


pytestmark = pytest.mark.usefixtures("no_sitzungen")


def messages(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("data/")]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [(KOOP, "laufzeit_jahre: 5", "laufzeit_jahre: 4")],
            [
                f"{KOOP}:16: kooperation.laufzeit_jahre: Laufzeit von 4 Jahren ist kürzer als "
                "die Mindestlaufzeit des Förderprogramms (5 Jahre)"
            ],
            id="laufzeit",
        ),
        pytest.param(
            [(KOOP, "ziele: [leistungsverbesserung]", "ziele: []")],
            [
                f"{KOOP}:18: kooperation.ziele: kein Förderziel angegeben: die Kooperation muss "
                "eines der Ziele des Förderprogramms verfolgen (effizienzgewinn, "
                "leistungsverbesserung, gemeinsame_aufgabe)"
            ],
            id="ziele",
        ),
        pytest.param(
            [
                (BV, "nummer: 8012/2025", "nummer: 8012/2026"),
                (BV, "datum: 03.11.2025", "datum: 16.03.2026"),
            ],
            [
                f"{BV}:8: datum: alle Antragsfristen des Förderprogramms sind zum Datum der "
                "Vorlage (16.03.2026) abgelaufen (letzte: 15.03.2026); neue Frist in der "
                "Faktendatei des Förderprogramms eintragen"
            ],
            id="fristen-abgelaufen",
        ),
        pytest.param(
            [
                (
                    BV,
                    "    zustaendigkeit: Entscheidung",
                    "    zustaendigkeit: Kenntnisnahme",
                )
            ],
            [
                f"{BV}:14: beratungsfolge: kein Gremium mit Zuständigkeit 'Entscheidung': eine "
                "Beschlussvorlage muss von einem Gremium entschieden werden",
                f"{KOOP}:26: Warnung: kooperation.beschluss: die Teilnahme braucht einen Beschluss "
                "des Stadtrates, aber keine Beschlussvorlage zu dieser Kooperation nennt "
                "'stadtrat' mit Zuständigkeit 'Entscheidung'",
            ],
            id="keine-entscheidung",
        ),
        pytest.param(
            [(BV, "nummer: 8012/2025", "nummer: 7939/2025")],
            [
                f"{BV}:7: nummer: Vorlagennummer 7939/2025 ist doppelt vergeben (auch in {MI}); "
                "jede Vorlage braucht eine eigene Nummer",
                f"{MI}:4: nummer: Vorlagennummer 7939/2025 ist doppelt vergeben (auch in {BV}); "
                "jede Vorlage braucht eine eigene Nummer",
            ],
            id="doppelte-nummer",
        ),
        pytest.param(
            [(BV, "nummer: 8012/2025", "nummer: 8012/2024")],
            [
                f"{BV}:7: nummer: Jahr der Vorlagennummer (2024) passt nicht zum Datum der "
                "Vorlage (03.11.2025)"
            ],
            id="jahr",
        ),
    ],
)
def test_rule_errors(
    project: Path, cli: Run, edits: list[tuple[str, str, str]], expected: list[str]
) -> None:
    for file, old, new in edits:
        edit(project / file, old, new)
    for command in (["check"], ["build"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert sorted(messages(result.output)) == sorted(expected)
        assert "Traceback" not in result.output


def test_deadline_close_is_a_warning_and_strict_makes_it_an_error(project: Path, cli: Run) -> None:
    edit(project / BV, "nummer: 8012/2025", "nummer: 8012/2026")
    edit(project / BV, "datum: 03.11.2025", "datum: 05.03.2026")
    expected = [
        f"{BV}:8: Warnung: datum: die nächste Antragsfrist (15.03.2026) ist nur 10 Tage "
        "nach dem Datum der Vorlage (Warnung ab weniger als 14 Tagen)"
    ]
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert messages(result.output) == expected
    assert "2 Vorlage(n) gebaut, 0 fehlgeschlagen" in result.output
    strict = cli("build", "--strict", "-o", "strict")
    assert strict.exit_code == 1
    assert messages(strict.output) == expected
    assert not (project / "strict/8012-2026-beschlussvorlage.docx").exists()


def test_warning_days_are_configured_in_stadt_yaml(project: Path, cli: Run) -> None:
    edit(project / "data/stadt.yaml", "fristwarnung_tage: 14", "fristwarnung_tage: 30")
    result = cli("check")
    assert result.exit_code == 0
    assert messages(result.output) == [
        f"{MI}:6: Warnung: datum: die nächste Antragsfrist (15.10.2025) ist nur 23 Tage nach "
        "dem Datum der Vorlage (Warnung ab weniger als 30 Tagen)"
    ]


def test_resolution_needed_without_beschlussvorlage_is_a_warning(project: Path, cli: Run) -> None:
    (project / BV).unlink()
    expected = [
        f"{KOOP}:26: Warnung: kooperation.beschluss: die Teilnahme braucht einen "
        "Beschluss des Stadtrates, aber keine Beschlussvorlage zu dieser Kooperation "
        "nennt 'stadtrat' mit Zuständigkeit 'Entscheidung'"
    ]
    result = cli("build")
    assert result.exit_code == 0
    assert messages(result.output) == expected
    assert cli("check", "--strict").exit_code == 1


def test_building_one_file_still_checks_against_all_documents(project: Path, cli: Run) -> None:
    edit(project / BV, "nummer: 8012/2025", "nummer: 7939/2025")
    result = cli("build", MI)
    assert result.exit_code == 1
    assert messages(result.output) == [
        f"{MI}:4: nummer: Vorlagennummer 7939/2025 ist doppelt vergeben (auch in {BV}); "
        "jede Vorlage braucht eine eigene Nummer"
    ]


@pytest.mark.parametrize(("days", "warned"), [(23, False), (24, True)])
def test_deadline_warning_starts_below_the_configured_days(
    project: Path, cli: Run, days: int, warned: bool
) -> None:
    # 7939/2025 is dated 22.09.2025, the deadline 15.10.2025 is 23 days later
    edit(project / "data/stadt.yaml", "fristwarnung_tage: 14", f"fristwarnung_tage: {days}")
    result = cli("check")
    assert result.exit_code == 0
    expected = (
        f"{MI}:6: Warnung: datum: die nächste Antragsfrist (15.10.2025) ist nur 23 Tage nach "
        f"dem Datum der Vorlage (Warnung ab weniger als {days} Tagen)"
    )
    assert messages(result.output) == ([expected] if warned else [])
