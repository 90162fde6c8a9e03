"""A composed YAML node tree as plain data, with the line of every key and list item.

Refuses tags that would construct objects, and finds the field and position of control
characters YAML cannot read (replaced by STAND_IN before parsing, see reader.parse_yaml).
"""

from __future__ import annotations

import bisect
import math
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mitteilung.errors import (
    MAX_DIGITS,
    InputError,
    Problem,
    control_character,
    display_path,
    number_text,
    single,
)
from mitteilung.load.yaml_problems import describe
from mitteilung.model.document import Path_, dotted

#: Stands in for a character YAML cannot read while we find out in which field it is.
STAND_IN = "\ufdd0"
_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"
_SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# Plain scalars YAML 1.1 would turn into surprising numbers: 45.000 -> 45.0, 10:30 -> 630.
_KEEP_AS_TEXT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+|.*:.*")
# The only numbers read as numbers: plain decimal ones. YAML 1.1 also reads 045000 as octal
# (18944), 0xAFC8 as hex and 45_000 as 45000; those stay text, and a number field says how
# to write them. A number of more digits than any message should echo stays text too.
_DECIMAL = re.compile(
    rf"[-+]?(0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}})"
    r"|[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+][0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
_MAX_REPORTED = 20  # control characters listed one by one; a file full of them gets a summary


def _decimal(text: str) -> bool:
    """A plain decimal number (not 45.000 or 10:30, which YAML would read in its own way)."""
    return _DECIMAL.fullmatch(text) is not None and not _KEEP_AS_TEXT.fullmatch(text)


def too_many(path: Path, max_nodes: int) -> InputError:
    """'Datei hat zu viele Einträge (mehr als 200000; ...)' for a file over the node limit."""
    return single(
        path,
        None,
        None,
        f"Datei hat zu viele Einträge (mehr als {max_nodes}; Verweise mit * vervielfachen "
        "Einträge)",
    )


class Builder:
    """Turns a composed node tree into plain data, recording lines and refusing unsafe tags."""

    def __init__(
        self, path: Path, max_depth: int, max_nodes: int, text: str, unreadable: dict[int, str]
    ) -> None:
        self.path, self.max_depth, self.max_nodes = path, max_depth, max_nodes
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")
        self.originals = unreadable
        self.unreadable = sorted(unreadable)
        self.unplaced_indices = set(unreadable)
        self.line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))] if unreadable else []
        self.too_deep = f"zu tief verschachtelt (mehr als {max_depth} Ebenen)"

    def fail(self, node: Node, message: str, loc: Path_) -> None:
        """Record a problem at ``node`` and go on: every problem of a file is reported."""
        self.problems.append(
            Problem(display_path(self.path), node.start_mark.line + 1, dotted(loc) or None, message)
        )

    def build(self, node: Node, loc: Path_, depth: int) -> Any:
        """The plain data of ``node``, found at ``loc`` and ``depth`` in the document."""
        self.count += 1
        if self.count > self.max_nodes:
            raise too_many(self.path, self.max_nodes)
        if depth > self.max_depth:
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
        """Text, number, date, yes/no or nothing, as YAML reads it (with two exceptions)."""
        self.check_unreadable(node, loc)
        if node.tag == _STR:
            return node.value  # what the constructor would return, without its cost
        numeric = node.tag in (_YAML + "int", _YAML + "float")
        plain = not node.style  # libyaml writes "" for plain, PyYAML None
        if numeric and plain and not _decimal(node.value):
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
            if isinstance(value, float) and math.isinf(value) and "inf" not in node.value.lower():
                return node.value  # 1.0e+400: too large for a number, a number field says so
            return value
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError):
            if node.tag == _YAML + "timestamp":
                # YAML itself recognises 2025-02-31 as a date and then fails on it
                message = f"{node.value} ist kein gültiges Datum (diesen Tag gibt es nicht)"
            else:
                tag = node.tag.replace(_YAML, "!!")
                message = f"'{number_text(node.value)}' passt nicht zum YAML-Tag {tag}"
            self.fail(node, message, loc)
            return None

    def mapping(self, node: MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        """A dict with text keys; duplicate keys are problems, not silently overwritten."""
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
        inside = self.unreadable[first : bisect.bisect_left(self.unreadable, end)]
        if not inside:
            return
        self.unplaced_indices.difference_update(inside)
        position = node.value.find(STAND_IN) + 1 or inside[0] - start + 1
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
