"""The value types every data file shares: text, dates, amounts, keys, and the base model."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from mitteilung.errors import first_forbidden, found, number_suggestion

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
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


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date()
        raise ValueError(f"Datum ohne Uhrzeit erwartet, gefunden: {value}; {_DATE_HELP}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _GERMAN_DATE.fullmatch(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"{value} ist kein gültiges Datum (diesen Tag gibt es nicht)"
                ) from None
    raise ValueError(f"Datum erwartet, gefunden: {found(value)}; {_DATE_HELP}")


def _amount(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        suggestion = number_suggestion(value) if isinstance(value, str) else None
        how = (
            f"schreiben Sie {suggestion} (ohne Tausenderpunkt und Währungszeichen)"
            if suggestion
            else "schreiben Sie nur die Zahl ohne Tausenderpunkt und Währungszeichen, "
            "z. B. 45000 (Nachkommastellen mit Punkt: 45000.50)"
        )
        raise ValueError(f"Betrag als Zahl erwartet, gefunden: {found(value)}; {how}")
    if not math.isfinite(value):
        what = "keine Zahl (.nan)" if math.isnan(value) else "unendlich (.inf)"
        raise ValueError(f"Betrag als Zahl erwartet, gefunden: {what}")
    if value < 0:
        raise ValueError(f"Betrag darf nicht negativ sein, gefunden: {value}")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Datum = Annotated[
    date,
    BeforeValidator(_date),
    # as the clerk writes it (TT.MM.JJJJ or JJJJ-MM-TT), for editors checking against the schema
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$"}),
]
Betrag = Annotated[float, BeforeValidator(_amount)]
Schluessel = Annotated[str, BeforeValidator(_text), Field(pattern=r"^[a-z0-9_\-]+$")]
Zustaendigkeit = Literal["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung"]


class Model(BaseModel):
    """Base: unknown keys are errors, so a typo never silently drops a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
