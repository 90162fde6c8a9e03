"""What a build tells its caller: the `Report` of counts and problems, and progress steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mitteilung.errors import Problem


@dataclass
class Report:
    """What a build did and every problem it found (counts and problems only: a batch of any
    size keeps no documents here)."""

    built: int = 0
    unchanged: int = 0  # rendered to exactly the files already there: left alone
    sitzungen: int = 0  # Sitzungen whose documents were made (changed or not)
    failed: list[Path] = field(default_factory=list)  # data files of documents not built
    errors: list[str] = field(default_factory=list)  # of the whole build (e.g. no LibreOffice)
    found: set[Problem] = field(default_factory=set)

    @property
    def problems(self) -> list[Problem]:
        """Every problem once, in file and line order."""
        return sorted(self.found, key=lambda p: (p.file, p.line or 0, p.message))


@dataclass(frozen=True)
class Step:
    """One finished step of a build, for a progress display."""

    phase: str  # "Vorlagen", "PDF"
    done: int
    total: int
    name: str  # the document's file name without suffix
    status: str  # "gebaut", "fehlgeschlagen", "geprüft" (Vorlagen); "umgewandelt" (PDF)


Progress = Callable[[Step], None]
