"""What kind of data file a YAML file is: a Vorlage, a facts file, or neither (and why)."""

from __future__ import annotations

import re
from pathlib import Path

from mitteilung.errors import InputError, Problem, closest
from mitteilung.load.reader import Limits, read_data
from mitteilung.model import FoerderprogrammDatei, KooperationDatei, StadtDatei, Vorlage
from mitteilung.model.document import Document

#: the key that makes a file a Vorlage
VORLAGE_KEY = "vorlagenart"
#: the key that makes a file a facts file, and its model
FACTS: dict[str, type[KooperationDatei] | type[FoerderprogrammDatei]] = {
    "kooperation": KooperationDatei,
    "foerderprogramm": FoerderprogrammDatei,
}
#: keys only a document has (a facts file has one key: its kind)
_DOCUMENT_KEYS = frozenset(Vorlage.model_fields) - {VORLAGE_KEY, *FACTS}
# "nummer: 7939/2025" in a file YAML cannot read: enough to name it when another document
# refers to that number.
_RAW_NUMBER = re.compile(r"^nummer:[ \t]*[\"']?([^\"'#\n]+?)[\"']?[ \t]*(?:#.*)?$", re.M)


def raw_number(path: Path, limits: Limits, root: Path) -> str | None:
    """The Vorlagennummer of a file that could not be read as YAML, if a line names it."""
    try:  # as safely as the file was read: it may be a FIFO or a link outside
        text = read_data(path, limits, root).decode("utf-8", errors="replace")
    except InputError:
        return None
    match = _RAW_NUMBER.search(text)
    return match.group(1) if match else None


def is_vorlage(data: object) -> bool:
    """A file that says which kind of Vorlage it is."""
    return isinstance(data, dict) and VORLAGE_KEY in data


#: the key that makes a file a Sitzung (data/sitzungen/)
SITZUNG_KEY = "sitzung"


def is_sitzung(data: object) -> bool:
    """A file that describes a Sitzung."""
    return isinstance(data, dict) and SITZUNG_KEY in data


def facts_kind(data: dict[str, object]) -> str | None:
    """'kooperation' or 'foerderprogramm' for a facts file, else None."""
    return next((k for k in FACTS if k in data), None)


def mistyped_kind(data: dict[str, object]) -> str | None:
    """The key that is most likely a misspelt 'vorlagenart' (among the unknown keys)."""
    unknown = {
        key.lower(): key for key in data if isinstance(key, str) and key not in Vorlage.model_fields
    }
    close = closest(VORLAGE_KEY, unknown)
    return unknown[close] if close else None


def looks_like_document(data: dict[str, object]) -> bool:
    """A document whose 'vorlagenart:' is missing or misspelt (not a facts file)."""
    return VORLAGE_KEY not in data and (
        any(key in _DOCUMENT_KEYS for key in data) or mistyped_kind(data) is not None
    )


def kind_missing(doc: Document, data: dict[str, object], stadt: StadtDatei) -> Problem:
    """A document without 'vorlagenart:': name the key probably meant, or the kinds."""
    mistyped = mistyped_kind(data)
    if mistyped is not None:
        message = f"Pflichtfeld fehlt; ist '{mistyped}' gemeint?"
    else:
        kinds = list(stadt.vorlagenarten)
        message = (
            "Pflichtfeld fehlt: jede Vorlage nennt ihre Vorlagenart aus data/stadt.yaml "
            f"({', '.join(kinds)}), z. B. 'vorlagenart: {kinds[0]}'"
        )
    line = doc.line((mistyped,) if mistyped is not None else ())
    return Problem(doc.name, line, VORLAGE_KEY, message)


def unknown_kind(doc: Document) -> Problem:
    """A YAML file in data/ that is neither a Vorlage nor a facts file."""
    return doc.problem(
        (),
        "unbekannte Art von Datei: erwartet eine Vorlage (mit 'vorlagenart:'), eine Sitzung "
        "(mit 'sitzung:') oder eine Faktendatei (mit 'kooperation:' oder 'foerderprogramm:')",
    )
