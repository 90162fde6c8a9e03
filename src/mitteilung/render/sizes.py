"""How long a text or number would become, computed before the operation that makes it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mitteilung.render.limits import MAX_DIGITS

# widths and precisions in '%10s' and '{:>10}' formats
_FORMAT_NUMBER = re.compile(r"%[#0 +\-]*(\d+)?(?:\.(\d+))?|\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?")


def format_numbers(text: str, values: tuple[Any, ...]) -> Iterator[int]:
    """The widths a format (``'%10s' % x``, ``'{:>10}'.format(x)``) asks for; with ``*``, the
    values that give them."""
    for match in _FORMAT_NUMBER.finditer(text):
        yield from (int(n) for n in match.groups() if n)
    if "*" in text:
        yield from (v for v in values if is_int(v))


def is_int(value: Any) -> bool:
    """An integer that is a number (True and False are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def repeated_length(sequence: Any, count: Any) -> int | None:
    """The length of ``sequence * count``, if that is a repetition."""
    if isinstance(sequence, str | list | tuple) and is_int(count):
        return len(sequence) * int(count)
    return None


def joined_length(operation: str, values: list[Any]) -> int:
    """The length of ``text.replace(old, new)`` or ``separator.join(items)``, before it runs.

    ``values`` are the text and the arguments (replace), or the separator first, then the
    items (str.join), or the items first, then the separator (the join filter).
    """
    if operation == "replace" and len(values) >= 3 and all(isinstance(v, str) for v in values[:3]):
        text, old, new = values[:3]
        count = text.count(old) if old else len(text) + 1
        return len(text) + count * max(len(new) - len(old), 0)
    if operation == "join" and len(values) >= 2:
        separator, items = values[:2]
        if not isinstance(separator, str):  # the filter: items first
            items, separator = separator, values[1] if isinstance(values[1], str) else ""
        if isinstance(items, list | tuple):
            text = sum(len(i) for i in items if isinstance(i, str))
            return text + len(str(separator)) * max(len(items) - 1, 0)
    return 0


def deepest_line(source: str) -> int:
    """The line where brackets are nested deepest (where to look in a template too deep)."""
    depth = deepest = 0
    line = found = 1
    for char in source:
        if char == "\n":
            line += 1
        elif char in "([{":
            depth += 1
            if depth > deepest:
                deepest, found = depth, line
        elif char in ")]}":
            depth -= 1
    return found


def long_number_line(source: str) -> int | None:
    """The line of the first number in ``source`` longer than Python can read, if any."""
    match = re.search(rf"\d{{{MAX_DIGITS},}}", source)
    return source.count("\n", 0, match.start()) + 1 if match else None
