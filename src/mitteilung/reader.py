"""Read YAML files safely and remember the line of every key and list item."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mitteilung.errors import InputError, Problem, display_path, os_reason, single
from mitteilung.messages import control_character
from mitteilung.yaml_problems import describe


@dataclass(frozen=True)
class Limits:
    """Limits that keep a mistyped or hostile file from eating the machine."""

    max_bytes: int = 5 * 1000 * 1000
    max_depth: int = 32
    max_nodes: int = 200_000


_YAML = "tag:yaml.org,2002:"
_SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# Characters PyYAML refuses in a file (control characters and the like).
_UNREADABLE = yaml.reader.Reader.NON_PRINTABLE
# Stands in for such a character while we find out in which field it is; YAML reads it as text.
_STAND_IN = "\ufdd0"
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# Plain scalars YAML 1.1 would turn into surprising numbers: 45.000 -> 45.0, 10:30 -> 630.
_KEEP_AS_TEXT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+|.*:.*")
_UNITS = {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3}
_MAX_REPORTED = 20  # control characters listed one by one; a file full of them gets a summary

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


def parse_size(text: str) -> int:
    """'5MB', '500kB', '1,5 MB' or '1000000' (bytes) -> number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([kmg]?b?)\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text}' ist keine Größe; Beispiele: 5MB, 500kB, 1000000")
    number = float(match[1].replace(",", "."))
    return int(number * _UNITS[match[2].lower().removesuffix("b")])


def format_size(size: int) -> str:
    """1500000 -> '1,5 MB'; small sizes in bytes."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{size} Bytes"


def read_yaml(path: Path, limits: Limits | None = None) -> Document:
    """Load one YAML file; raise InputError with a German message on any problem."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise single(
                path,
                None,
                None,
                f"Datei ist zu groß ({format_size(size)}; erlaubt sind höchstens "
                f"{format_size(limits.max_bytes)}, einstellbar mit --max-size)",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise single(path, None, None, "Datei nicht gefunden") from None
    except IsADirectoryError:
        raise single(path, None, None, "ist ein Ordner, erwartet wird eine YAML-Datei") from None
    except OSError as exc:
        raise single(
            path, None, None, f"Datei kann nicht gelesen werden ({os_reason(exc)})"
        ) from None
    return parse_yaml(path, decode(path, raw), limits)


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
        text = _UNREADABLE.sub(_STAND_IN, text)
    builder = _Builder(path, limits, text, unreadable)
    try:
        node = _compose(text, limits)
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


class _Builder:
    """Turns a composed node tree into plain data, recording lines and refusing unsafe tags."""

    def __init__(self, path: Path, limits: Limits, text: str, unreadable: dict[int, str]) -> None:
        self.path, self.limits = path, limits
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")
        self.originals = unreadable
        self.unreadable = sorted(unreadable)
        self.unplaced_indices = set(unreadable)
        self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))] if unreadable else []
        self.too_deep = f"zu tief verschachtelt (mehr als {limits.max_depth} Ebenen)"

    def fail(self, node: Node, message: str, loc: Path_) -> None:
        self.problems.append(
            Problem(display_path(self.path), node.start_mark.line + 1, dotted(loc) or None, message)
        )

    def build(self, node: Node, loc: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise single(
                self.path,
                None,
                None,
                f"Datei hat zu viele Einträge (mehr als {self.limits.max_nodes}; "
                "Verweise mit * vervielfachen Einträge)",
            )
        if depth > self.limits.max_depth:
            raise single(self.path, node.start_mark.line + 1, dotted(loc[:1]), self.too_deep)
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in _SAFE_TAGS:
            tag = node.tag.replace(_YAML, "!!")
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
        return self.scalar(node, loc)

    def scalar(self, node: ScalarNode, loc: Path_) -> Any:
        self.check_unreadable(node, loc)
        numeric = node.tag in (_YAML + "int", _YAML + "float")
        if numeric and node.style is None and _KEEP_AS_TEXT.fullmatch(node.value):
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError):
            if node.tag == _YAML + "timestamp":
                # YAML itself recognises 2025-02-31 as a date and then fails on it
                message = f"{node.value} ist kein gültiges Datum (diesen Tag gibt es nicht)"
            else:
                message = f"'{node.value}' passt nicht zum YAML-Tag {node.tag.replace(_YAML, '!!')}"
            self.fail(node, message, loc)
            return None

    def mapping(self, node: MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        try:
            self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        except yaml.MarkedYAMLError as exc:
            self.fail(node, describe(exc)[1].split(": ", 1)[1], loc)
            return result
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SAFE_TAGS:
                self.fail(key_node, "Schlüssel muss ein einfacher Text sein", loc)
                continue
            key = str(key_node.value)
            self.check_unreadable(key_node, (*loc, key))
            if key in result:
                self.fail(key_node, f"Schlüssel '{key}' kommt doppelt vor", (*loc, key))
                continue
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def check_unreadable(self, node: ScalarNode, loc: Path_) -> None:
        """Report a control character inside this scalar: field, line, position in the value."""
        if not self.unreadable:
            return
        start, end = node.start_mark.index, node.end_mark.index
        first = bisect.bisect_left(self.unreadable, start)
        inside = [i for i in self.unreadable[first:] if i < end]
        if not inside:
            return
        self.unplaced_indices.difference_update(inside)
        position = node.value.find(_STAND_IN) + 1 or inside[0] - start + 1
        char = self.originals[inside[0]]
        self.problems.append(
            Problem(
                display_path(self.path),
                self.line_of(inside[0]),
                dotted(loc) or None,
                control_character(char, position),
            )
        )

    def unplaced(self, indices: set[int]) -> list[Problem]:
        """Problems for control characters outside any value (or in a file YAML cannot read)."""
        problems = []
        for i in sorted(indices)[:_MAX_REPORTED]:
            column = i - self.line_starts[self.line_of(i) - 1] + 1
            problems.append(
                Problem(
                    display_path(self.path),
                    self.line_of(i),
                    None,
                    f"Spalte {column}: unzulässiges Steuerzeichen U+{ord(self.originals[i]):04X} "
                    "(unsichtbar; bitte entfernen)",
                )
            )
        if len(indices) > _MAX_REPORTED:
            problems.append(
                Problem(
                    display_path(self.path),
                    None,
                    None,
                    f"und {len(indices) - _MAX_REPORTED} weitere unzulässige Steuerzeichen",
                )
            )
        return problems

    def line_of(self, index: int) -> int:
        """1-based line of a character, counting line breaks the way YAML does."""
        return bisect.bisect_right(self.line_starts, index)
