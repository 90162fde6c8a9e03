"""OParl 1.1 export: each document as a `Paper` for the council information system.

Ids are URLs under the city's OParl base URL (``stadt.oparl_basis``), built from stable names
(the Vorlagennummer, the Gremium's key, the Bereich), so a document's id is known even when it
is not in the same build. Output is deterministic: fixed key order, no wall-clock time.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from mitteilung.errors import InputError, Problem
from mitteilung.model.project import Entry, Project, Ref
from mitteilung.model.sitzungsplan import SitzungEntry

SUFFIX = "oparl.json"
#: Vendor prefix for properties OParl does not define (OParl 1.1: "Herstellerspezifische
#: Erweiterungen" are named "<Hersteller>:<eigenschaft>").
PREFIX = "mitteilung"
#: The formats a Paper's mainFile may describe, best first.
MAIN_FORMATS = ("pdf", "docx")
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_URL = re.compile(r"https?://[^/\s]+(/\S*)?")
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """A URL path segment: 'Haupt- und Finanzausschuss' -> 'haupt-und-finanzausschuss'."""
    text = text.lower().translate(_TRANSLITERATE)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def base_url(project: Project) -> str:
    """The city's OParl base URL; a German InputError when it is missing or no URL."""
    value = project.stadt.stadt.oparl_basis
    example = "z. B. oparl_basis: https://ris.beispielstadt.de/oparl/v1"
    if value is None:
        message = (
            "fehlt: für -f oparl die Basis-URL des OParl-Systems der Stadt "
            f"unter 'stadt:' eintragen ({example})"
        )
    elif not _URL.fullmatch(value):
        message = f"'{value}' ist keine URL; erwartet wird http:// oder https:// ({example})"
    else:
        return value.rstrip("/")
    raise InputError([project.stadt_doc.problem(("stadt", "oparl_basis"), message)])


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


def related(refs: Iterable[Ref]) -> dict[str, list[str]]:
    """For each Vorlagennummer the numbers of documents it names or that name it."""
    refs = list(refs)
    numbers = {r.nummer for r in refs}
    out: dict[str, list[str]] = {r.nummer: [] for r in refs}
    for ref in refs:
        own = ref.nummer
        for other in ref.anlagen:
            if other == own:
                continue
            out[own].append(other)
            if other in numbers:  # the reverse link only where both are in the batch
                out[other].append(own)
    return {nummer: sorted(set(others)) for nummer, others in out.items()}


@dataclass(frozen=True)
class FileInfo:
    """What a Paper says about its generated file; kept instead of the file's bytes."""

    suffix: str
    size: int
    sha512: str

    @classmethod
    def of(cls, suffix: str, data: bytes) -> FileInfo:
        """Size and checksum of ``data``."""
        return cls(suffix, len(data), hashlib.sha512(data).hexdigest())


def main_file(outputs: dict[str, bytes]) -> FileInfo | None:
    """The generated file a Paper describes: the PDF where built, else the .docx."""
    for suffix in MAIN_FORMATS:
        if suffix in outputs:
            return FileInfo.of(suffix, outputs[suffix])
    return None


class Papers:
    """Makes the Paper JSON of one document after another (the links worked out once).

    Links come from every document of the project, not only the built ones: a Paper says
    the same whichever documents are built with it.
    """

    def __init__(self, project: Project, base: str) -> None:
        self.project, self.ids = project, Ids(base)
        self.links = related(project.refs)
        _unique_gremien(project, self.ids)
        self.numbers: dict[str, dict[str, Ref]] = {}  # paper id: the numbers that give it
        for ref in project.refs:
            self.numbers.setdefault(self.ids.paper(ref.nummer), {}).setdefault(ref.nummer, ref)
        self.bereiche: dict[str, tuple[str, Entry]] = {}  # organization id: first name, user

    def json(self, entry: Entry, main: FileInfo | None) -> bytes:
        """The Paper of ``entry`` as JSON bytes."""
        return dump(self.paper(entry, main))

    def paper(self, entry: Entry, main: FileInfo | None) -> dict[str, Any]:
        """The Paper of ``entry``; an InputError if one of its ids is another object's."""
        self._check_ids(entry)
        links = self.links.get(entry.vorlage.nummer, [])
        return paper(self.project, self.ids, entry, links, main)

    def _check_ids(self, entry: Entry) -> None:
        """Ids are unique: two numbers or two Bereiche must not give the same URL."""
        vorlage = entry.vorlage
        paper_id = self.ids.paper(vorlage.nummer)
        others = [r for n, r in self.numbers.get(paper_id, {}).items() if n != vorlage.nummer]
        if others:
            message = _same_id(vorlage.nummer, others[0].nummer, others[0].name, paper_id)
            raise InputError([entry.doc.problem(("nummer",), message + "; eine Nummer ändern")])
        org = self.ids.organization("bereich", vorlage.bereich)
        name, first = self.bereiche.setdefault(org, (vorlage.bereich, entry))
        if name != vorlage.bereich:
            message = _same_id(vorlage.bereich, name, first.doc.name, org)
            message += "; den Bereich überall gleich schreiben"
            raise InputError([entry.doc.problem(("bereich",), message)])


def _same_id(value: str, other: str, where: str, url: str) -> str:
    return f"'{value}' ergibt dieselbe OParl-Kennung wie '{other}' (in {where}): {url}"


def _unique_gremien(project: Project, ids: Ids) -> None:
    """Two Gremien whose keys give the same organization id are an error naming both."""
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for key in project.stadt.gremien:
        first = seen.setdefault(ids.organization("gremium", key), key)
        if first != key:
            url = ids.organization("gremium", key)
            message = (
                f"die Gremien '{first}' und '{key}' ergeben dieselbe OParl-Kennung {url}; "
                "einen der Schlüssel ändern ('-' und '_' gelten dort gleich)"
            )
            problems.append(project.stadt_doc.problem(("gremien", key), message))
    if problems:
        raise InputError(problems)


def dump(obj: dict[str, Any]) -> bytes:
    """JSON as UTF-8, indented, keys in the order they were built."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def timestamp(day: date) -> str:
    """An OParl date-time for a day of the data (no wall-clock time: same data, same bytes)."""
    return f"{day.isoformat()}T00:00:00+00:00"


def sitzung_day(entry: SitzungEntry) -> date:
    """The day a Sitzung's objects last changed: the session once held, else the Einladung."""
    return entry.sitzung.datum if entry.gehalten else entry.sitzung.einladung


def file_object(ids: Ids, filename: str, name: str, day: date, info: FileInfo) -> dict[str, Any]:
    """The OParl File of a generated file: name, size and SHA-512 of its bytes."""
    stamp = timestamp(day)
    return {
        "id": ids.file(filename),
        "type": "https://schema.oparl.org/1.1/File",
        "name": name,
        "fileName": filename,
        "mimeType": MIME_TYPES[info.suffix],
        "date": day.isoformat(),
        "size": info.size,
        "sha512Checksum": info.sha512,
        "accessUrl": ids.download(filename),
        "downloadUrl": ids.download(filename),
        "created": stamp,
        "modified": stamp,
    }


def main_file_object(ids: Ids, entry: Entry, kind: str, info: FileInfo) -> dict[str, Any]:
    """The OParl File of a generated document."""
    vorlage = entry.vorlage
    filename = f"{entry.stem}.{info.suffix}"
    return file_object(ids, filename, f"{kind} {vorlage.nummer}", vorlage.datum, info)


def consultations(project: Project, ids: Ids, entry: Entry) -> list[dict[str, Any]]:
    """The Beratungsfolge as Consultations, each linked to the Sitzung that lists the Vorlage.

    A TOP in the nichtöffentlich part is not published, so its Consultation names the
    Meeting but no AgendaItem.
    """
    vorlage = entry.vorlage
    paper_id = ids.paper(vorlage.nummer)
    out = []
    for i, beratung in enumerate(vorlage.beratungsfolge, start=1):
        day = vorlage.datum
        obj: dict[str, Any] = {
            "id": ids.consultation(vorlage.nummer, i),
            "type": "https://schema.oparl.org/1.1/Consultation",
            "paper": paper_id,
        }
        termin = project.sitzungen.termin(vorlage.nummer, beratung.gremium)
        if termin is not None:
            stem = termin.sitzung.stem
            obj["meeting"] = ids.meeting(stem)
            if termin.top.oeffentlich:
                order = termin.sitzung.tops.index(termin.top) + 1
                obj["agendaItem"] = ids.agenda_item(stem, order)
            day = max(day, sitzung_day(termin.sitzung))
        obj["organization"] = [ids.organization("gremium", beratung.gremium)]
        obj["role"] = beratung.zustaendigkeit
        obj["authoritative"] = beratung.zustaendigkeit == "Entscheidung"
        obj["created"] = timestamp(vorlage.datum)
        obj["modified"] = timestamp(day)
        out.append(obj)
    return out


def paper(
    project: Project,
    ids: Ids,
    entry: Entry,
    related_numbers: list[str],
    main: FileInfo | None,
) -> dict[str, Any]:
    """One document as OParl Paper, with its file and its Beratungsfolge embedded."""
    stadt = project.stadt
    vorlage = entry.vorlage
    art = stadt.vorlagenarten[vorlage.vorlagenart]
    stamp = timestamp(vorlage.datum)
    obj: dict[str, Any] = {
        "id": ids.paper(vorlage.nummer),
        "type": "https://schema.oparl.org/1.1/Paper",
        "body": ids.body(stadt.stadt.name),
        "name": vorlage.betreff,
        "reference": vorlage.nummer,
        "date": vorlage.datum.isoformat(),
        "paperType": art.bezeichnung,
        "underDirectionOf": [ids.organization("bereich", vorlage.bereich)],
    }
    if related_numbers:
        obj["relatedPaper"] = [ids.paper(n) for n in related_numbers]
    if main is not None:
        obj["mainFile"] = main_file_object(ids, entry, art.bezeichnung, main)
    obj["consultation"] = consultations(project, ids, entry)
    obj[f"{PREFIX}:sachbearbeitung"] = vorlage.sachbearbeitung
    obj["created"] = stamp
    obj["modified"] = stamp
    return obj
