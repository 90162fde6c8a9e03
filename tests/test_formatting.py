"""German formatting through Babel, whatever the machine's locale."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from mitteilung import formatting as f


@pytest.mark.parametrize(
    ("func", "value", "expected"),
    [
        (f.datum, date(2025, 10, 15), "15.10.2025"),
        (f.datum_lang, date(2025, 3, 5), "5. März 2025"),
        (f.betrag, 45000, "45.000 €"),
        (f.betrag, 320000.0, "320.000 €"),
        (f.betrag, 45000.5, "45.000,50 €"),
        (f.tausend, 45000, "45t €"),
        (f.tausend, 37500, "37,5t €"),
        (f.prozent, 15, "15 %"),
        (f.prozent, 12.5, "12,5 %"),
        (f.zahl, 1234567, "1.234.567"),
        (f.liste, ["A", "B", "C"], "A, B und C"),
        (f.liste_oder, ["A", "B"], "A oder B"),
        (f.dativ, "der", "dem"),
    ],
)
def test_filters(func: object, value: object, expected: str) -> None:
    assert func(value) == expected  # type: ignore[operator]


def test_locale_does_not_come_from_the_environment() -> None:
    # Babel reads the environment's locale when it is imported: so import it afresh, in a
    # process whose environment asks for English
    code = (
        "from datetime import date; from mitteilung import formatting as f; "
        "print(f.betrag(45000)); print(f.datum_lang(date(2025, 10, 15)))"
    )
    env = {**os.environ, "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["45.000 €", "15. Oktober 2025"]
