"""OParl 1.1 export: each document as a `Paper` for the council information system.

The ids come from oparl_ids.py, the shared pieces of JSON (File, dates) from oparl_json.py;
here each document's Paper with its Consultations, and the checks that its ids are unique.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mitteilung.errors import InputError, Problem
from mitteilung.model.project import Entry, Project, Ref
from mitteilung.write.oparl_ids import Ids
from mitteilung.write.oparl_json import FileInfo, dump, file_object, sitzung_day, timestamp

#: Vendor prefix for properties OParl does not define (OParl 1.1: "Herstellerspezifische
#: Erweiterungen" are named "<Hersteller>:<eigenschaft>").
PREFIX = "mitteilung"
_URL = re.compile(r"https?://[^/\s]+(/\S*)?")


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
