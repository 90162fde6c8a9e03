"""Running the command line in tests: ``mitteilung new`` with typed answers, the schemas."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from jsonschema import Draft7Validator

from mitteilung.authoring.schema import FOLDER
from mitteilung.cli import main
from tests.conftest import ROOT


def validator(name: str) -> Draft7Validator:
    """A validator of one of the schemas in schema/."""
    return Draft7Validator(json.loads((ROOT / FOLDER / name).read_text(encoding="utf-8")))


NEW = Path("data/vorlagen/8013-2025-beschlussvorlage.yaml")
BETREFF = 'Beschaffung einer KI-Plattform: "Pilot" & Test # 1'


def new(*args: str, answers: list[str]) -> Result:
    """Run `mitteilung new` and type ``answers``, one per prompt."""
    text = "".join(a + "\n" for a in answers)
    return CliRunner().invoke(main, ["new", *args], input=text, catch_exceptions=False)


ANSWERS = ["8013/2025", "01.12.2025", BETREFF, "Zentralbereiche", "Frau Alter", "hfa, stadtrat"]
