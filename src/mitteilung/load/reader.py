"""Read YAML files safely and remember the line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, SequenceNode

from mitteilung import defaults
from mitteilung.errors import InputError, single
from mitteilung.load import files
from mitteilung.load.yaml_problems import describe
from mitteilung.load.yaml_tree import STAND_IN, Builder, too_many
from mitteilung.model.document import Document


@dataclass(frozen=True)
class Limits:
    """Limits that keep a mistyped or hostile file from eating the machine."""

    max_bytes: int = defaults.DATA_BYTES
    max_depth: int = 32
    max_nodes: int = 200_000


# Characters PyYAML refuses in a file (control characters and the like).
_UNREADABLE = yaml.reader.Reader.NON_PRINTABLE
#: libyaml parses about 15 times faster and is checked against the limits itself; a file it
#: refuses, or one nested too deep, is read again by the pure parser below, so that every
#: message stays exactly the same.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path, limits: Limits | None = None, root: Path | None = None) -> Document:
    """Load one YAML file; raise InputError with a German message on any problem.

    With ``root``, a file written inside it must not be a link to a file outside it.
    """
    limits = limits or Limits()
    return parse_yaml(path, decode(path, read_data(path, limits, root)), limits)


def read_data(path: Path, limits: Limits, root: Path | None = None) -> bytes:
    """The bytes of a data file: a regular file, inside ``root``, within the size limit."""
    if root is not None:
        files.check_link(path, root)
    return files.read_bounded(path, limits.max_bytes)


def decode(path: Path, raw: bytes) -> str:
    """The text of a data file, which must be UTF-8 (with or without byte order mark)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise single(path, 1, None, "ist in UTF-16 gespeichert; im Editor als UTF-8 speichern")
    if b"\0" in raw:
        raise single(
            path,
            None,
            None,
            "ist keine Textdatei (enthält Binärdaten); erwartet wird YAML-Text in UTF-8",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise single(
            path,
            line,
            None,
            f"Byte {raw[exc.start]:#04x} in Spalte {column} ist kein UTF-8; die Datei ist "
            "nicht in UTF-8 gespeichert (im Editor als UTF-8 speichern)",
        ) from None


def parse_yaml(path: Path, text: str, limits: Limits | None = None) -> Document:
    """Parse YAML text into a Document (see read_yaml)."""
    limits = limits or Limits()
    unreadable = {m.start(): m.group() for m in _UNREADABLE.finditer(text)}
    if unreadable:
        text = _UNREADABLE.sub(STAND_IN, text)
    builder = Builder(path, limits.max_depth, limits.max_nodes, text, unreadable)
    node = None if unreadable else _compose_fast(path, text, limits)
    try:
        node = node or _compose(text, limits)
    except _TooDeep as exc:
        raise single(path, exc.line, None, builder.too_deep) from None
    except yaml.MarkedYAMLError as exc:
        if unreadable:  # the stand-ins may have confused YAML; name the real cause
            raise InputError(builder.unplaced(set(unreadable))) from None
        line, message = describe(exc)
        raise single(path, line, None, message) from None
    if node is None:
        raise single(path, None, None, "Datei ist leer")
    data = builder.build(node, (), 0)
    builder.problems += builder.unplaced(builder.unplaced_indices)
    if builder.problems:
        raise InputError(builder.problems)
    return Document(path, data, builder.lines)


def _compose_fast(path: Path, text: str, limits: Limits) -> Node | None:
    """The node tree by libyaml, its limits checked here; None where the pure parser must
    look (a syntax error or deep nesting, for its exact message)."""
    if _FAST_LOADER is None:
        return None
    try:
        # a value takes at least two characters ("1,"): only a larger file can be over the
        # limit without aliases, and it is counted from libyaml's events before nodes are built
        if len(text) > 2 * limits.max_nodes and _values(text) > limits.max_nodes:
            raise too_many(path, limits.max_nodes)
        node: Node | None = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None
    # Count level by level what the Builder will count (every value, aliases each time they
    # are used, keys not): an alias bomb stops at the node limit, long before it unfolds.
    level = [node] if node is not None else []
    seen = len(level)
    for _ in range(limits.max_depth + 1):
        children: list[Node] = []
        for n in level:
            if isinstance(n, MappingNode):
                children.extend(value for _, value in n.value)
            elif isinstance(n, SequenceNode):
                children.extend(n.value)
        seen += len(children)
        if seen > limits.max_nodes:
            raise too_many(path, limits.max_nodes)
        level = children
    return None if level else node


_NODE = (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)
_KEY, _VALUE, _ITEM = 0, 1, 2


def _values(text: str) -> int:
    """How many values (not keys) the text holds, an alias counted once: libyaml's events."""
    parser = _FAST_LOADER(text)
    values = 0
    open_: list[int] = []  # per open collection: a mapping expecting a key or value, a list
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _NODE):
                if open_ and open_[-1] == _KEY:
                    open_[-1] = _VALUE
                else:
                    values += 1
                    if open_ and open_[-1] == _VALUE:
                        open_[-1] = _KEY
                if isinstance(event, MappingStartEvent):
                    open_.append(_KEY)
                elif isinstance(event, SequenceStartEvent):
                    open_.append(_ITEM)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                open_.pop()
    finally:
        parser.dispose()
    return values


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _compose(text: str, limits: Limits) -> Node | None:
    """yaml.compose, refusing deep nesting before PyYAML's recursion can overflow."""
    loader = yaml.SafeLoader(text)
    depth = 0
    compose_node = loader.compose_node

    def limited(parent: Node | None, index: Any) -> Node | None:
        nonlocal depth
        depth += 1
        try:
            if depth > limits.max_depth + 1:
                raise _TooDeep(loader.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
            return compose_node(parent, index)
        finally:
            depth -= 1

    loader.compose_node = limited  # type: ignore[method-assign]
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
