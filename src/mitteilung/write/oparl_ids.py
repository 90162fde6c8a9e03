"""OParl ids: the URL of every object, built from the city's base URL and stable names (the
Vorlagennummer, the Gremium's key, the Bereich), so that an id is known even for a document
that is not in the same build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """A URL path segment: 'Haupt- und Finanzausschuss' -> 'haupt-und-finanzausschuss'."""
    text = text.lower().translate(_TRANSLITERATE)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class Ids:
    """The URL of every object, built from the base URL and stable names.

    No id has a dot after the base URL: in the endpoint folder (oparl_endpoint.py) every
    object is a file without suffix, which a web server sends as JSON, while the documents
    themselves (``download``) keep theirs.
    """

    base: str

    def paper(self, nummer: str) -> str:
        """A document, by its Vorlagennummer (unique in the city)."""
        return f"{self.base}/paper/{slug(nummer)}"

    def consultation(self, nummer: str, index: int) -> str:
        """One step of a document's Beratungsfolge, counted from 1."""
        return f"{self.base}/consultation/{slug(nummer)}-{index}"

    def organization(self, kind: str, name: str) -> str:
        """A Gremium (by key) or a Bereich of the administration (by name)."""
        return f"{self.base}/organization/{kind}-{slug(name)}"

    def body(self, name: str) -> str:
        """The city as OParl Body."""
        return f"{self.base}/body/{slug(name)}"

    def meeting(self, stem: str) -> str:
        """A Sitzung, by its stem (2025-11-20-hfa)."""
        return f"{self.base}/meeting/{stem}"

    def agenda_item(self, stem: str, order: int) -> str:
        """A TOP of a Sitzung, by its place on the Tagesordnung (from 1)."""
        return f"{self.base}/agendaitem/{stem}-{order}"

    def location(self, stem: str) -> str:
        """Where a Sitzung takes place."""
        return f"{self.base}/location/{stem}"

    def system(self) -> str:
        """The entry point of the endpoint."""
        return f"{self.base}/system"

    def list(self, name: str, page: int = 1) -> str:
        """A page of an external list (paper, meeting, …); the first page is the list's URL."""
        return f"{self.base}/list/{name}" + (f"-{page}" if page > 1 else "")

    def legislative_term(self, name: str) -> str:
        """A Wahlperiode of the council."""
        return f"{self.base}/legislativeterm/{slug(name)}"

    def file(self, filename: str) -> str:
        """The File object describing a generated file (7939-2025-mitteilung.pdf)."""
        return f"{self.base}/file/{quote(filename.replace('.', '-'), safe='')}"

    def download(self, filename: str) -> str:
        """A generated file itself; its name percent-encoded (a number may hold umlauts)."""
        return f"{self.base}/download/{quote(filename, safe='')}"
