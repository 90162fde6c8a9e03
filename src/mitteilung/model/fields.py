"""The value types every data file shares: text, dates, counts, amounts, keys, the base model."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from mitteilung.errors import (
    MAX_DIGITS,
    PLAIN_NUMBER,
    first_forbidden,
    found,
    number_form,
    number_suggestion,
    number_text,
)

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_HELP = "schreiben Sie TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT"


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        hint = (
            "; in Anführungszeichen setzen" if isinstance(value, bool | int | float | date) else ""
        )
        raise ValueError(f"Text erwartet, gefunden: {found(value)}{hint}")
    problem = first_forbidden(value)
    if problem:
        raise ValueError(problem)
    if not value.strip():
        raise ValueError("ist leer; Text eintragen oder die Zeile löschen")
    # a line break is a line break, however it was typed ("\r\n" from Windows, "\r")
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of 'TT.MM.JJJJ' or 'JJJJ-MM-TT'."""
    if german := _GERMAN_DATE.fullmatch(text):
        day, month, year = german.groups()
        return int(year), int(month), int(day)
    if iso := _ISO_DATE.fullmatch(text):
        year, month, day = iso.groups()
        return int(year), int(month), int(day)
    return None


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date()
        raise ValueError(f"Datum ohne Uhrzeit erwartet, gefunden: {value}; {_DATE_HELP}")
    if isinstance(value, date):
        return value
    parts = _date_parts(value.strip()) if isinstance(value, str) else None
    if parts is not None:  # quoted, or typed into `mitteilung new`: both forms, as unquoted
        try:
            return date(*parts)
        except ValueError:
            raise ValueError(
                f"{value.strip()} ist kein gültiges Datum (diesen Tag gibt es nicht)"
            ) from None
    raise ValueError(f"Datum erwartet, gefunden: {found(value)}; {_DATE_HELP}")


#: The largest count (Kommunen, years, days) and amount in euros a data file may give: far
#: above any real value, and small enough that every sum and product stays exact to the cent.
MAX_ANZAHL = 1_000_000
MAX_BETRAG = 1_000_000_000_000


@dataclass(frozen=True)
class _Kind:
    """What a number field expects: the words for it, its largest value, its unit."""

    expected: str
    maximum: int
    unit: str = ""

    def out_of_range(self, text: str) -> ValueError:
        """'Zahl außerhalb des erlaubten Bereichs: erlaubt sind 0 bis 1.000.000, gefunden: …'."""
        limit = f"{self.maximum:,}".replace(",", ".")
        return ValueError(
            f"Zahl außerhalb des erlaubten Bereichs: erlaubt sind 0 bis {limit}{self.unit}, "
            f"gefunden: {number_text(text)}"
        )

    def check(self, value: Any, how: str = "") -> int | float:
        """A number as YAML reads a plain decimal one, in range; else how to write it."""
        if isinstance(value, str):
            text = value.strip()
            # kept as text by the reader: too many digits, or 1.0e+400 (too large for a float)
            if PLAIN_NUMBER.fullmatch(text) and len(text.lstrip("+-")) > MAX_DIGITS:
                raise self.out_of_range(text)
            if _FLOAT.fullmatch(text) and math.isinf(float(text)):
                raise self.out_of_range(text)
            form = number_form(text)
            if form:
                raise ValueError(form)
        if isinstance(value, bool):
            raise ValueError(
                f"{self.expected}, gefunden: {found(value)}; yes/no, on/off und true/false sind "
                "in YAML Ja/Nein-Werte, keine Zahlen"
            )
        if not isinstance(value, int | float):
            raise ValueError(f"{self.expected}, gefunden: {found(value)}{how}")
        if not math.isfinite(value):
            what = "keine Zahl (.nan)" if math.isnan(value) else "unendlich (.inf)"
            raise ValueError(f"{self.expected}, gefunden: {what}")
        if value > self.maximum:
            raise self.out_of_range(str(value))
        return value


_FLOAT = re.compile(r"[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?")
_ANZAHL = _Kind("ganze Zahl erwartet (nur Ziffern, z. B. 8)", MAX_ANZAHL)
_BETRAG = _Kind("Betrag als Zahl erwartet", MAX_BETRAG, " €")
_PROZENT = _Kind("Zahl erwartet (Nachkommastellen mit Punkt, z. B. 12.5)", MAX_BETRAG)


def _count(value: Any) -> Any:
    number = _ANZAHL.check(value)
    if isinstance(number, float):
        raise ValueError(f"ganze Zahl erwartet (ohne Nachkommastellen), gefunden: {found(number)}")
    if number < -MAX_ANZAHL:
        raise _ANZAHL.out_of_range(str(number))
    return number


def _amount(value: Any) -> Any:
    suggestion = number_suggestion(value) if isinstance(value, str) else None
    how = (
        f"; schreiben Sie {suggestion} (ohne Tausenderpunkt und Währungszeichen)"
        if suggestion
        else "; schreiben Sie nur die Zahl ohne Tausenderpunkt und Währungszeichen, "
        "z. B. 45000 (Nachkommastellen mit Punkt: 45000.50)"
    )
    number = _BETRAG.check(value, how)
    if number < 0:
        raise ValueError(f"Betrag darf nicht negativ sein, gefunden: {number_text(str(number))}")
    return number


def _percent(value: Any) -> Any:
    suggestion = number_suggestion(value) if isinstance(value, str) else None
    return _PROZENT.check(value, f"; schreiben Sie {suggestion}" if suggestion else "")


Text = Annotated[str, BeforeValidator(_text)]
Datum = Annotated[
    date,
    BeforeValidator(_date),
    # as the clerk writes it (TT.MM.JJJJ or JJJJ-MM-TT), for editors checking against the schema
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$"}),
]
#: an amount in euros: a plain decimal number from 0 to MAX_BETRAG
Betrag = Annotated[float, BeforeValidator(_amount)]
#: a count (Kommunen, years, days): a plain decimal whole number up to MAX_ANZAHL
Anzahl = Annotated[int, BeforeValidator(_count)]
#: a percentage in percent (15 for 15 %): a plain decimal number
Prozent = Annotated[float, BeforeValidator(_percent)]
Schluessel = Annotated[str, BeforeValidator(_text), Field(pattern=r"^[a-z0-9_\-]+$")]
Zustaendigkeit = Literal["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung"]


class Model(BaseModel):
    """Base: unknown keys are errors, so a typo never silently drops a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
