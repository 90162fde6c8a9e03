"""A data file as read: its plain data and the line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mitteilung.errors import Problem, display_path

#: Where a value sits in a file: keys and list indexes, e.g. ("beratungsfolge", 0, "gremium").
Path_ = tuple[str | int, ...]


def dotted(loc: Path_) -> str:
    """``("beratungsfolge", 1, "gremium")`` -> ``beratungsfolge[2].gremium`` (1-based)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


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
