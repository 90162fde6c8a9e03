"""Check loaded YAML against the model and turn pydantic's findings into German problems."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mitteilung.errors import Problem
from mitteilung.reader import Document, Path_

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "Pflichtfeld fehlt",
    "string_type": "Text erwartet",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet (nur Ziffern, z. B. 8)",
    "int_from_float": "ganze Zahl erwartet (ohne Nachkommastellen)",
    "float_type": "Zahl erwartet",
    "float_parsing": "Zahl erwartet (Nachkommastellen mit Punkt, z. B. 12.5)",
    "bool_type": "ja/nein-Wert erwartet: true oder false",
    "bool_parsing": "ja/nein-Wert erwartet: true oder false",
    "list_type": "Liste erwartet (jeder Eintrag in eigener Zeile mit '- ')",
    "dict_type": "Zuordnung erwartet (Einträge 'schlüssel: wert', eingerückt)",
    "model_type": "Zuordnung erwartet (Einträge 'schlüssel: wert', eingerückt)",
    "model_attributes_type": "Zuordnung erwartet (Einträge 'schlüssel: wert', eingerückt)",
    "string_pattern_mismatch": "nur Kleinbuchstaben, Ziffern, '_' und '-' erlaubt",
}


def validate(doc: Document, model: type[M], loc: Path_ = ()) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` (or the part at ``loc``) as ``model``; collect every problem."""
    data = doc.data
    for part in loc:
        data = data[part]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(doc, model, loc, err) for err in exc.errors()]


def _problem(doc: Document, model: type[BaseModel], base: Path_, err: ErrorDetails) -> Problem:
    loc: Path_ = tuple(p for p in err["loc"] if p != "[key]")
    full = (*base, *loc)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        message = "unbekanntes Feld"
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        if close:
            message += f"; meinten Sie '{close[0]}'?"
        elif known:
            message += f"; erlaubt sind: {', '.join(sorted(known))}"
    elif kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
    elif kind == "literal_error":
        message = f"erwartet wird eines von: {ctx.get('expected', '')}".replace("'", "'")
        message += f"; gefunden: {err.get('input')!r}"
    elif kind == "too_short":
        message = f"mindestens {ctx.get('min_length')} Eintrag erwartet"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": "mindestens",
            "greater_than": "größer als",
            "less_than_equal": "höchstens",
            "less_than": "kleiner als",
        }[kind]
        limit = next(iter(ctx.values()), "")
        message = f"muss {sign} {limit} sein, gefunden: {err.get('input')}"
    else:
        message = _MESSAGES.get(kind, f"ungültiger Wert ({err['msg']})")
    return doc.problem(full, message)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return []
    current = _inner(current, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner(tp: Any, part: str | int | None) -> Any:
    """Step from a type into a field (str), a list item (int) or a dict value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _inner(options[0], part) if options else None
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0], part)
    if part is None:
        return tp
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
        field = tp.model_fields.get(part)
        return field.annotation if field else None
    if origin is list:
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None
