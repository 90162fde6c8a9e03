"""The whole OParl graph of a build: System, Body, Organizations, LegislativeTerms, Papers,
Meetings and everything embedded in them, assembled once from the project and its Sitzungsplan.

Only public content is in it: a nichtöffentlich Vorlage gives no Paper, and no link names it
(relatedPaper points only at published Papers).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mitteilung.model.project import Entry, Project
from mitteilung.render.sitzung import RenderText
from mitteilung.write.oparl_ids import Ids
from mitteilung.write.oparl_json import FileInfo, file_object, timestamp
from mitteilung.write.oparl_sitzung import FindFile, meeting

OPARL = "https://schema.oparl.org/1.1/"
#: The external lists of the Body: property -> the type of the objects listed.
LISTS = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "agendaItem": "AgendaItem",
    "consultation": "Consultation",
    "file": "File",
    "locationList": "Location",
    "legislativeTermList": "LegislativeTerm",
}


def whole_project(project: Project) -> bool:
    """Whether the build takes every document: only then is the endpoint written, since it is
    the whole graph (a build of some documents, e.g. by make, writes their Papers only)."""
    return all(ref.path in project.selected for ref in project.refs)


@dataclass
class _Paper:
    """A published document: its Paper (without main file yet) and where its file is."""

    stem: str
    kind: str
    entry_date: date
    obj: dict[str, Any]


@dataclass
class Graph:
    """Collects the Papers of a build, then makes every object of the endpoint."""

    project: Project
    ids: Ids
    render_text: RenderText  # for the wording of resolutions (the Beschlussvorschlag)
    papers: list[_Paper] = field(default_factory=list)
    bereiche: dict[str, str] = field(default_factory=dict)  # organization id: name

    def add(self, entry: Entry, paper: dict[str, Any]) -> None:
        """Take the Paper of a built document, unless the document is nichtöffentlich."""
        if entry.vorlage.oeffentlich:
            kind = paper["paperType"]
            self.papers.append(_Paper(entry.stem, kind, entry.vorlage.datum, paper))
            bereich = entry.vorlage.bereich
            self.bereiche[self.ids.organization("bereich", bereich)] = bereich

    def objects(self, find: FindFile) -> Iterator[dict[str, Any]]:
        """Every top-level object: System, Body, Organizations, Papers, Meetings."""
        project, ids = self.project, self.ids
        published = {p.obj["id"] for p in self.papers}
        papers = [self._paper(p, published, find) for p in self.papers]
        held = [s for s in project.sitzungen.entries if s.ok]
        meetings = [meeting(s, project, ids, find, self.render_text) for s in held]
        stamp = timestamp(self._stadt_day())
        stadt = project.stadt
        body_id = ids.body(stadt.stadt.name)
        bereiche = sorted(self.bereiche)
        gremien = [ids.organization("gremium", key) for key in stadt.gremien]
        yield self._system(body_id, stamp)
        yield self._body(body_id, stamp)
        for key, gremium in stadt.gremien.items():
            yield _organization(ids.organization("gremium", key), body_id, gremium.name, stamp)
        for org in bereiche:
            if org not in gremien:
                yield _organization(org, body_id, self.bereiche[org], stamp, "Verwaltungsbereich")
        yield from papers
        yield from meetings

    def _paper(self, p: _Paper, published: set[str], find: FindFile) -> dict[str, Any]:
        obj = dict(p.obj)
        related = [r for r in obj.pop("relatedPaper", []) if r in published]
        if related:
            obj = _insert_after(obj, "underDirectionOf", "relatedPaper", related)
        info = find(p.stem)
        obj.pop("mainFile", None)
        if info is not None:
            main = _main_file(self.ids, p, info)
            after = "relatedPaper" if related else "underDirectionOf"
            obj = _insert_after(obj, after, "mainFile", main)
        return obj

    def _stadt_day(self) -> date:
        # the city's own objects change with stadt.yaml, which has no date: the first
        # Wahlperiode's start stands for it, else the earliest date of the data
        terms = self.project.stadt.wahlperioden
        if terms:
            return terms[0].beginn
        days = [p.entry_date for p in self.papers]
        days += [s.sitzung.einladung for s in self.project.sitzungen.entries]
        return min(days, default=date(2000, 1, 1))

    def _system(self, body_id: str, stamp: str) -> dict[str, Any]:
        return {
            "id": self.ids.system(),
            "type": OPARL + "System",
            "oparlVersion": OPARL,
            "body": self.ids.list("body"),
            "name": f"OParl-Schnittstelle {self.project.stadt.stadt.name}",
            "product": "https://schema.oparl.org/1.1/",
            "created": stamp,
            "modified": stamp,
        }

    def _body(self, body_id: str, stamp: str) -> dict[str, Any]:
        stadt = self.project.stadt
        obj: dict[str, Any] = {
            "id": body_id,
            "type": OPARL + "Body",
            "system": self.ids.system(),
            "name": stadt.stadt.name,
        }
        obj.update({prop: self.ids.list(prop) for prop in LISTS})
        obj["legislativeTerm"] = [
            {
                "id": self.ids.legislative_term(term.name),
                "type": OPARL + "LegislativeTerm",
                "body": body_id,
                "name": term.name,
                "startDate": term.beginn.isoformat(),
                **({"endDate": term.ende.isoformat()} if term.ende else {}),
                "created": timestamp(term.beginn),
                "modified": timestamp(term.beginn),
            }
            for term in stadt.wahlperioden
        ]
        return {**obj, "created": stamp, "modified": stamp}


def _organization(
    org_id: str, body_id: str, name: str, stamp: str, kind: str = "Gremium"
) -> dict[str, Any]:
    return {
        "id": org_id,
        "type": OPARL + "Organization",
        "body": body_id,
        "name": name,
        "organizationType": kind,
        "created": stamp,
        "modified": stamp,
    }


def _insert_after(obj: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    """``obj`` with ``key`` placed right after ``after`` (the key order is the file's)."""
    out: dict[str, Any] = {}
    for k, v in obj.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def _main_file(ids: Ids, p: _Paper, info: FileInfo) -> dict[str, Any]:
    nummer = p.obj["reference"]
    obj = file_object(ids, f"{p.stem}.{info.suffix}", f"{p.kind} {nummer}", p.entry_date, info)
    obj["paper"] = [p.obj["id"]]
    return obj
