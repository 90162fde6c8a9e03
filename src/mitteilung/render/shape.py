"""The shape of the template context, derived from the models: which names a template may use.

Follows context.py: what base_context and full_context put into the context, as types instead
of values (a test compares both on the sample documents, so they cannot drift apart).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from mitteilung.errors import did_you_mean
from mitteilung.model import (
    Anlage,
    Beratung,
    Foerderprogramm,
    Gremium,
    Kooperation,
    Stadt,
    StadtDatei,
    Vorlage,
    Vorlagenart,
)
from mitteilung.model.derived import Fakten

#: Index into a list (loop variable, ``map``) in a path: ``vorlage.beratungsfolge[].gremium``.
ITEM = "[]"


@dataclass
class Leaf:
    """A plain value (text, number, date): only its Python attributes, e.g. ``datum.year``."""

    type: Any = object


@dataclass
class Obj:
    """A mapping with fixed keys (a model's fields)."""

    fields: dict[str, Shape]


@dataclass
class Seq:
    """A list of items of one shape."""

    item: Shape


@dataclass
class Map:
    """A mapping with data-defined keys (``None``: any key) of one value shape."""

    value: Shape
    keys: set[str] | None = None


@dataclass
class Opaque:
    """Something the check cannot see into (every use is accepted)."""


Shape = Leaf | Obj | Seq | Map | Opaque


def of_type(tp: Any) -> Shape:
    """The shape of values of a (model field's) type."""
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Annotated:
        return of_type(args[0])
    if origin in (Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        return of_type(real[0]) if len(real) == 1 else Opaque()
    if origin is list:
        return Seq(of_type(args[0]))
    if origin is dict:
        return Map(of_type(args[1]))
    if origin is Literal:
        return Leaf(type(args[0]))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return Obj({name: of_type(f.annotation) for name, f in tp.model_fields.items()})
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return Obj({f.name: of_type(hints[f.name]) for f in dataclasses.fields(tp)})
    return Leaf(tp if isinstance(tp, type) else object)


def _fields(model: type[BaseModel]) -> dict[str, Shape]:
    shape = of_type(model)
    assert isinstance(shape, Obj)
    return dict(shape.fields)


@dataclass
class Kinds:
    """What the Vorlagenarten using a template have in common: sections and label texts."""

    abschnitte: set[str] | None = None
    beschriftungen: set[str] | None = None
    names: list[str] = field(default_factory=list)


def kinds_using(stadt: StadtDatei, template: str) -> Kinds:
    """The Vorlagenarten whose Word, text or HTML template is ``template`` (else all)."""
    arts = {
        key: art
        for key, art in stadt.vorlagenarten.items()
        if template in (art.word, art.text, art.html)
    }
    chosen = arts or stadt.vorlagenarten
    sections = [set(a.abschnitte) for a in chosen.values()]
    labels = [set(a.beschriftungen) for a in chosen.values()]
    if arts:  # each kind must provide what its template uses
        return Kinds(set.intersection(*sections), set.intersection(*labels), sorted(arts))
    return Kinds(set().union(*sections), set().union(*labels), [])


def context_shape(stadt: StadtDatei | None, kinds: Kinds, sections: bool = True) -> Obj:
    """What a template receives (context.full_context); Textbausteine get no ``abschnitte``.

    Without ``stadt`` (and with an empty ``kinds``) the keys the city file fixes (Gremien,
    Abschnitte, Beschriftungen) are open: ``missing`` then takes them from the data it is given.
    """
    art = _fields(Vorlagenart)
    art["beschriftungen"] = Map(Leaf(str), kinds.beschriftungen)
    beratung = _fields(Beratung)
    beratung["gremium"] = Obj({"schluessel": Leaf(str), **_fields(Gremium)})
    beratung["top"] = Leaf(str)  # from the Sitzung that lists the Vorlage (or None)
    anlage = _fields(Anlage)
    anlage.update(art=Leaf(str), betreff=Leaf(str), datum=Leaf(date))  # of a named Vorlage
    vorlage = _fields(Vorlage)
    vorlage["art"] = Obj(art)
    vorlage["beratungsfolge"] = Seq(Obj(beratung))
    vorlage["entscheidung"] = Obj(beratung)  # the step that decides (or None)
    vorlage["anlagen"] = Seq(Obj(anlage))
    context: dict[str, Shape] = {
        "stadt": of_type(Stadt),
        "gremien": Map(of_type(Gremium), None if stadt is None else set(stadt.gremien)),
        "vorlage": Obj(vorlage),
        "kooperation": of_type(Kooperation),
        "foerderprogramm": of_type(Foerderprogramm),
        "fakten": of_type(Fakten),
    }
    if sections:
        context["abschnitte"] = Map(Seq(Leaf(str)), kinds.abschnitte)
    return Obj(context)


#: Stands for "the value is not known" where ``missing`` follows the data along a path.
UNKNOWN: Any = object()


def missing(shape: Shape, path: tuple[str | int, ...], data: Any = UNKNOWN) -> str | None:
    """Why ``path`` is not in ``shape`` (German), or None when the context provides it.

    ``data``, the context itself (as a template got it), adds what only the data knows: the
    keys of mappings the models leave open, and which values are empty (None).
    """
    where = ""
    for part in path:
        if isinstance(shape, Opaque):
            return None
        if data is None and part != ITEM and where:
            return (
                f"'{where}' ist leer, hat also kein Feld '{part}'; in den Daten ausfüllen oder "
                f"in der Vorlage mit {{% if {where} %}} abfragen"
            )
        step, problem = _step(shape, part, where or "oberster Ebene", data)
        if problem is not None:
            return problem
        if step is None:
            return None  # a method of the value (e.g. items): nothing more to check
        shape, data = step, _below(data, part)
        where += part if part == ITEM else f".{part}" if where else str(part)
    return None


def _below(data: Any, part: str | int) -> Any:
    """The value at ``part`` of ``data`` (a list item stands for every item: not known)."""
    if isinstance(data, dict) and part in data:
        return data[part]
    if isinstance(data, list) and isinstance(part, int) and -len(data) <= part < len(data):
        return data[part]
    return UNKNOWN


def _step(
    shape: Shape, part: str | int, where: str, data: Any = UNKNOWN
) -> tuple[Shape | None, str | None]:
    """The shape below ``part``, or what is wrong with it."""
    if part == ITEM:
        if isinstance(shape, Seq):
            return shape.item, None
        if isinstance(shape, Obj | Map):
            return Leaf(str), None  # iterating a mapping gives its keys
        return None, f"'{where}' ist keine Liste"
    if isinstance(shape, Obj):
        if part in shape.fields:
            return shape.fields[part], None
        return _method(dict, part, _unknown("Feld", part, where, shape.fields))
    if isinstance(shape, Map):
        keys = shape.keys
        if keys is None and isinstance(data, dict):
            keys = set(data)
        if keys is None or part in keys:
            return shape.value, None
        return _method(dict, part, _unknown("Schlüssel", part, where, keys))
    if isinstance(shape, Seq):
        if isinstance(part, int):
            return shape.item, None
        return _method(list, part, f"'{where}' ist eine Liste und hat kein Feld '{part}'")
    if isinstance(shape, Leaf):
        return _method(shape.type, part, f"'{where}' ist ein einzelner Wert ohne Feld '{part}'")
    return None, None


def _method(kind: type, part: str | int, problem: str) -> tuple[None, str | None]:
    """Python attributes of the value (``datum.year``, ``items``) are provided too."""
    ok = isinstance(part, str) and not part.startswith("_") and hasattr(kind, part)
    return None, None if ok else problem


def _unknown(what: str, name: str | int, where: str, known: typing.Iterable[str]) -> str:
    known = sorted(known)
    text = f"{what} '{name}' gibt es bei '{where}' nicht"
    if hint := did_you_mean(str(name), known):
        return f"{text}; {hint}"
    return text + (f"; vorhanden: {', '.join(known)}" if known else "")
