"""Check loaded YAML against the model and turn pydantic's findings into German problems."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mitteilung.errors import Problem, did_you_mean, found, number_suggestion
from mitteilung.model.document import Document, Path_

M = TypeVar("M", bound=BaseModel)

_MAPPING = "Zuordnung erwartet (eingerückte Zeilen 'schlüssel: wert')"
_MESSAGES = {
    "string_type": "Text erwartet",
    "int_type": "ganze Zahl erwartet",
    "int_parsing": "ganze Zahl erwartet (nur Ziffern, z. B. 8)",
    "int_from_float": "ganze Zahl erwartet (ohne Nachkommastellen)",
    "int_parsing_size": "Zahl ist zu groß",
    "float_type": "Zahl erwartet",
    "float_parsing": "Zahl erwartet (Nachkommastellen mit Punkt, z. B. 12.5)",
    "finite_number": "Zahl erwartet (endlicher Wert)",
    "bool_type": "Ja/Nein-Wert erwartet: true oder false",
    "bool_parsing": "Ja/Nein-Wert erwartet: true oder false",
    "list_type": "Liste erwartet (jeder Eintrag in eigener Zeile mit '- ')",
    "tuple_type": "Liste erwartet (jeder Eintrag in eigener Zeile mit '- ')",
    "set_type": "Liste erwartet (jeder Eintrag in eigener Zeile mit '- ')",
    "iterable_type": "Liste erwartet (jeder Eintrag in eigener Zeile mit '- ')",
    "dict_type": _MAPPING,
    "mapping_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "dataclass_type": _MAPPING,
    "string_pattern_mismatch": "nur Kleinbuchstaben, Ziffern, '_' und '-' erlaubt",
    "string_unicode": "Text erwartet",
    "date_type": "Datum erwartet: TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
    "date_parsing": "Datum erwartet: TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
    "date_from_datetime_parsing": "Datum erwartet: TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
    "date_from_datetime_inexact": "Datum ohne Uhrzeit erwartet: TT.MM.JJJJ oder JJJJ-MM-TT",
    "datetime_type": "Datum erwartet: TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
    "datetime_parsing": "Datum erwartet: TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
    "none_required": "hier darf nichts stehen",
    "set_item_not_hashable": "Eintrag kann nicht verglichen werden",
    "frozen_instance": "darf nicht geändert werden",
    "frozen_field": "darf nicht geändert werden",
}
_LIMITS = {
    "greater_than_equal": "mindestens",
    "greater_than": "größer als",
    "less_than_equal": "höchstens",
    "less_than": "kleiner als",
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
    return doc.problem((*base, *loc), message(model, loc, err))


def message(model: type[BaseModel], loc: Path_, err: ErrorDetails) -> str:
    """German text for one pydantic error at ``loc`` inside ``model``."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return _missing(model, loc)
    if kind == "extra_forbidden":
        return _unknown(model, loc)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", "' oder '")
        return f"erwartet wird eines von: {expected}; gefunden: {found(value)}"
    if kind in ("too_short", "string_too_short"):
        return f"mindestens {ctx.get('min_length')} Eintrag erwartet, gefunden: keiner"
    if kind in ("too_long", "string_too_long"):
        return f"höchstens {ctx.get('max_length')} Einträge erlaubt"
    if kind in _LIMITS:
        limit = next(iter(ctx.values()), "")
        return f"muss {_LIMITS[kind]} {limit} sein, gefunden: {value}"
    if kind in _MESSAGES:
        return _with_input(_MESSAGES[kind], value)
    return f"ungültiger Wert, gefunden: {found(value)} (Prüfung '{kind}': {err['msg']})"


def _with_input(text: str, value: Any) -> str:
    """Append what was found, and how to write a German-style number."""
    if value is None:
        return f"ist leer; {text}"
    hint = number_suggestion(value) if isinstance(value, str) and "Zahl" in text else None
    how = ""
    if hint and re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        how = f"; mehrdeutig: schreiben Sie {hint} oder, mit Nachkommastellen, {float(value):g}"
    elif hint and hint != value:
        how = f"; schreiben Sie {hint}"
    return f"{text}, gefunden: {found(value)}{how}"


def _missing(model: type[BaseModel], loc: Path_) -> str:
    """'Pflichtfeld fehlt (Beschreibung); Zeile 'name: …' ergänzen' (where to add it)."""
    name = str(loc[-1])
    owner = _at(model, loc[:-1])
    field = owner.model_fields.get(name) if _is_model(owner) else None
    about = f" ({field.description})" if field is not None and field.description else ""
    parent = loc[-2] if len(loc) > 1 else None
    where = (
        "im Listeneintrag "
        if isinstance(parent, int)
        else f"unter '{parent}:' "
        if parent is not None
        else ""
    )
    return f"Pflichtfeld fehlt{about}; {where}die Zeile '{name}: …' ergänzen"


def _unknown(model: type[BaseModel], loc: Path_) -> str:
    known = _fields_at(model, loc[:-1])
    message = "unbekanntes Feld"
    if hint := did_you_mean(str(loc[-1]), known):
        message += f"; {hint}"
    elif known:
        message += f"; erlaubt sind: {', '.join(sorted(known))}"
    return message


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _at(model: type[BaseModel], loc: Path_) -> Any:
    """The type found at ``loc`` inside ``model`` (None when unknown)."""
    current: Any = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return None
    return _inner(current, None)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    current = _at(model, loc)
    return list(current.model_fields) if _is_model(current) else []


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
