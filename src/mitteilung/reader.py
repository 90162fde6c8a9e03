"""Read YAML files safely and remember the line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mitteilung.errors import InputError, Problem, display_path, single

#: Limits that keep a mistyped or hostile file from eating the machine.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

# PyYAML's English problem texts, in words a clerk understands.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "Doppelpunkt an unerwarteter Stelle "
    "(Text mit ': ' in Anführungszeichen setzen)",
    "found character '\\t' that cannot start any token": "Tabulator zum Einrücken "
    "(nur Leerzeichen verwenden)",
    "could not find expected ':'": "erwartet 'schlüssel: wert'",
    "found undefined alias": "unbekannter Verweis (*name)",
    "expected <block end>, but found '<block mapping start>'": "Einrückung passt nicht "
    "zur Zeile davor",
    "found unexpected end of stream": "Datei endet mitten in einem Wert "
    "(fehlt ein Anführungszeichen?)",
    "did not find expected key": "Einrückung oder Listenstrich passt nicht",
    "found duplicate anchor": "Anker (&name) doppelt vergeben",
}

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML file: plain Python data plus the line of each path in it."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The path as shown in messages."""
        return display_path(self.path)

    def line(self, loc: Path_) -> int | None:
        """Line of the deepest known part of ``loc`` (a missing key reports its parent)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def problem(self, loc: Path_, message: str, **kw: Any) -> Problem:
        """A problem located at ``loc`` in this file."""
        return Problem(self.name, self.line(loc), dotted(loc) or None, message, **kw)


def dotted(loc: Path_) -> str:
    """``("beratungsfolge", 1, "gremium")`` -> ``beratungsfolge[2].gremium`` (1-based)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read_yaml(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Load one YAML file; raise InputError with a German message on any problem."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise single(
                path,
                None,
                None,
                f"Datei ist zu groß ({size:,} Bytes, höchstens "
                f"{max_bytes:,} Bytes erlaubt)".replace(",", "."),
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise single(path, None, None, "Datei nicht gefunden") from None
    except IsADirectoryError:
        raise single(path, None, None, "ist ein Ordner, erwartet wird eine YAML-Datei") from None
    except OSError as exc:
        raise single(
            path, None, None, f"Datei kann nicht gelesen werden ({exc.strerror})"
        ) from None
    if b"\0" in raw:
        raise single(path, None, None, "ist keine Textdatei (enthält Binärdaten)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise single(
            path, line, None, "ist nicht in UTF-8 gespeichert (im Editor als UTF-8 speichern)"
        ) from None
    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str) -> Document:
    """Parse YAML text into a Document (see read_yaml)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", Spalte {mark.column + 1}" if mark else ""
        problem = exc.problem or "unbekannt"
        german = _YAML_PROBLEMS.get(problem, f"({problem})")
        raise single(path, line, None, f"YAML-Syntaxfehler{column}: {german}") from None
    except yaml.YAMLError as exc:
        raise single(path, None, None, f"YAML-Syntaxfehler: {exc}") from None
    if node is None:
        raise single(path, None, None, "Datei ist leer")
    builder = _Builder(path)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise InputError(builder.problems)
    return Document(path, data, builder.lines)


class _Builder:
    """Turns a composed node tree into plain data, recording lines and refusing unsafe tags."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: Node, message: str, loc: Path_) -> None:
        self.problems.append(
            Problem(display_path(self.path), node.start_mark.line + 1, dotted(loc) or None, message)
        )

    def build(self, node: Node, loc: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise single(
                self.path,
                None,
                None,
                f"Datei hat zu viele Einträge (mehr als "
                f"{MAX_NODES}; Verweise mit * vervielfachen Einträge)",
            )
        if depth > MAX_DEPTH:
            raise single(
                self.path,
                node.start_mark.line + 1,
                dotted(loc) or None,
                f"zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen)",
            )
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in _SAFE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(
                node,
                f"YAML-Tag {tag} ist nicht erlaubt (nur einfache Werte, Listen und Zuordnungen)",
                loc,
            )
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            # YAML itself recognises 2025-02-31 as a date and then fails on it
            self.fail(node, f"{node.value} ist kein gültiges Datum (diesen Tag gibt es nicht)", loc)
            return None

    def mapping(self, node: MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "Schlüssel muss ein einfacher Text sein", loc)
                continue
            key = str(key_node.value)
            if key in result:
                self.fail(key_node, f"Schlüssel '{key}' kommt doppelt vor", (*loc, key))
                continue
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result
