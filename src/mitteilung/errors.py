"""The project's own error types, and the German wording every stage shares.

Every problem a user can fix carries file, line and field.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any


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


class TemplateProblem(Exception):
    """A template could not be compiled or rendered; carries the German problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


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
    errno.ENAMETOOLONG: "Pfad oder Dateiname zu lang",
    errno.EEXIST: "gibt es schon als Datei",
}


def short(name: str, limit: int = 80) -> str:
    """A path or text to show in a message: an over-long one cut in the middle."""
    return name if len(name) <= limit else f"{name[: limit // 2]}…{name[-(limit // 2) + 1 :]}"


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in German (falls back to its own words)."""
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))


# --- wording shared by the reader, the model's validators and the checks -----------------


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` is most likely a typo of, if one is close enough."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "meinten Sie 'datum'?" for the closest known name, or "" when none is close."""
    close = closest(name, known)
    return f"meinten Sie '{close}'?" if close is not None else ""


def unknown_name(what: str, name: str, known: Iterable[str], listed: str = "") -> str:
    """ "Quelle 'adx' gibt es nicht; meinten Sie 'add'?" with the known names as help.

    ``listed`` names where the known names are written (e.g. "in data/stadt.yaml unter
    'gremien:'"): the typo may be there, so the close name is offered, not presumed.
    """
    known = sorted(known)
    message = f"{what} '{name}' gibt es {listed + ' ' if listed else ''}nicht"
    close = closest(name, known)
    if close and listed:
        message += f"; dort steht '{close}' – Tippfehler?"
    elif close:
        message += f"; meinten Sie '{close}'?"
    elif known:
        message += f"; {'dort stehen' if listed else 'vorhanden'}: {', '.join(known)}"
    return message


#: Characters that XML 1.0 cannot hold: Word refuses a file with them.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_GERMAN_NUMBER = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+|[+-]?\d+(?:\.\d+)?")
_SIZE_UNITS = {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3}
_UNITS = re.compile(r"\s*(?:€|EUR|Euro|%|Prozent)\s*$", re.IGNORECASE)


def control_character(char: str, position: int) -> str:
    """'enthält das unzulässige Steuerzeichen U+000B an Position 8 (...)'; position 1-based."""
    return (
        f"enthält das unzulässige Steuerzeichen U+{ord(char):04X} an Position {position} "
        "(kann nicht in Word stehen; bitte entfernen)"
    )


def first_forbidden(text: str) -> str | None:
    """The control-character message for the first character XML cannot hold, if any."""
    bad = XML_FORBIDDEN.search(text)
    return control_character(bad.group(), bad.start() + 1) if bad else None


def number_suggestion(text: str) -> str | None:
    """How to write a number given in German style: '45.000 €' -> '45000', '1,5' -> '1.5'."""
    body = _UNITS.sub("", text.strip()).replace(" ", "")
    if not _GERMAN_NUMBER.fullmatch(body):
        return None
    if "," in body or re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", body):
        body = body.replace(".", "").replace(",", ".")
    return body


_LONG_NUMBER = 20  # characters of a number a message quotes whole
#: a plain decimal number; the YAML reader keeps one of more digits as text (see yaml_tree)
MAX_DIGITS = 100
PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")
_NUMBER_FORMS = [  # (pattern, what is wrong, base) of numbers YAML 1.1 reads as it likes
    (re.compile(r"[-+]?0[0-9_]+"), "hat eine führende Null (YAML liest sie als Oktalzahl)", 10),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "ist eine Hexadezimalzahl", 16),
    (re.compile(r"[-+]?0b[01_]+"), "ist eine Binärzahl", 2),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?"), "hat '_' zwischen den Ziffern", 10),
]


def number_text(text: str) -> str:
    """A number as a message quotes it: whole up to 20 characters, else '123456789012… (31
    Ziffern)': a number of thousands of digits is never echoed whole."""
    if len(text) <= _LONG_NUMBER:
        return text
    return f"{text[:12]}… ({sum(c.isdigit() for c in text)} Ziffern)"


def number_form(text: str) -> str | None:
    """Why a number written as ``text`` is not a plain decimal number, and how to write it.

    "'045000' hat eine führende Null (YAML liest sie als Oktalzahl); schreiben Sie 45000";
    also hexadecimal, binary, '_' between digits and a number in quotation marks.
    """
    quoted = f"'{number_text(text)}'"
    if number_suggestion(text) not in (None, text):  # 45.000: German style, said elsewhere
        return None
    if PLAIN_NUMBER.fullmatch(text) and not re.match(r"[-+]?0[0-9]", text):
        return f"{quoted} steht in Anführungszeichen; Zahlen ohne Anführungszeichen schreiben"
    for pattern, what, base in _NUMBER_FORMS:
        if pattern.fullmatch(text):
            plain = text.replace("_", "")
            sign = "-" if plain.startswith("-") else ""
            digits = plain.lstrip("+-")
            if base != 10:
                digits = str(int(digits[2:], base))
            elif "." not in digits:
                digits = digits.lstrip("0") or "0"
            return f"{quoted} {what}; schreiben Sie {number_text(sign + digits)}"
    return None


def found(value: Any) -> str:
    """What a value is, in words: 'die Zahl 7939', 'ein Ja/Nein-Wert (false)', 'nichts'."""
    if value is None:
        return "nichts (das Feld ist leer)"
    if isinstance(value, bool):
        return f"ein Ja/Nein-Wert ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"die Zahl {number_text(str(value))}"
    if isinstance(value, date):
        return f"das Datum {value.day:02d}.{value.month:02d}.{value.year:04d}"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (schlüssel: wert)"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:60] + "…")
    return type(value).__name__


def parse_size(text: str) -> int:
    """'5MB', '500kB', '1,5 MB' or '1000000' (bytes) -> number of bytes."""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([kmg]?b?)\s*", text, re.IGNORECASE)
    if not match:
        raise ValueError(f"'{text}' ist keine Größe; Beispiele: 5MB, 500kB, 1000000")
    number = float(match[1].replace(",", "."))
    return int(number * _SIZE_UNITS[match[2].lower().removesuffix("b")])


def format_size(size: int) -> str:
    """1500000 -> '1,5 MB'; small sizes in bytes."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{size} Bytes"
