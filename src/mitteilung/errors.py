"""The project's own error types: every problem a user can fix carries file, line and field."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    """How bad a problem is: errors stop a document, warnings do not (unless --strict)."""

    ERROR = "Fehler"
    WARNING = "Warnung"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, in German, located as precisely as we can."""

    file: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        kind = "Warnung: " if self.severity is Severity.WARNING else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {kind}{field}{self.message}"

    @property
    def is_error(self) -> bool:
        """True for problems that stop the build."""
        return self.severity is Severity.ERROR


def display_path(path: str | Path) -> str:
    """Path as the user should see it: relative to the working directory where possible."""
    path = Path(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class MitteilungError(Exception):
    """Base of all errors the user can fix; never shown with a traceback."""


class InputError(MitteilungError):
    """One or more problems with data or templates, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line or 0, problem.message)


def single(file: str | Path, line: int | None, field: str | None, message: str) -> InputError:
    """Shorthand for an InputError with exactly one problem."""
    return InputError([Problem(display_path(file), line, field, message)])


_OS_ERRORS = {
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EROFS: "Datenträger ist schreibgeschützt",
    errno.ENOENT: "Ordner oder Datei fehlt",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EISDIR: "ist ein Ordner",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in German (falls back to its own words)."""
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
