"""OParl objects of a Sitzung: the Meeting with its Location, AgendaItems and Files.

Only what the public may read is published: a nichtöffentlich TOP (or a TOP whose Vorlage is
nichtöffentlich) becomes an AgendaItem with ``public: false``, its number and its generic label
(``oeffentlicher_titel``), nothing else; only Sitzung documents marked ``oeffentlich: true``
in stadt.yaml become Files, because the others carry the nichtöffentlich part.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from mitteilung.model.project import Project
from mitteilung.model.sitzung import Sitzungsdokument
from mitteilung.model.sitzungsplan import SitzungEntry, Tagesordnungspunkt
from mitteilung.render.context import full_context
from mitteilung.render.sitzung import RenderText, documents
from mitteilung.write.oparl_ids import Ids
from mitteilung.write.oparl_json import FileInfo, file_object, sitzung_day, timestamp

#: Sessions are held in the city's local time; OParl wants the offset written out.
ZONE = ZoneInfo("Europe/Berlin")
#: The label of a nichtöffentlich TOP that has no ``oeffentlicher_titel``.
NICHTOEFFENTLICH = "Nichtöffentlicher Tagesordnungspunkt"
#: Results that adopt the Vorlage's Beschlussvorschlag as it stands.
ADOPTED = ("beschlossen", "ungeändert beschlossen")
#: Finds the built file of a document stem: its size and checksum, or None if none was built.
FindFile = Callable[[str], FileInfo | None]


def _moment(day: date, clock: str) -> str:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), ZONE).isoformat()


def is_public(t: Tagesordnungspunkt, project: Project) -> bool:
    """Whether a TOP may be published: in the public part and, with a Vorlage, a public one."""
    if not t.oeffentlich:
        return False
    entry = project.tagesordnung.get(t.top.vorlage or "")
    return entry is None or entry.vorlage.oeffentlich


def agenda_item(
    project: Project,
    ids: Ids,
    entry: SitzungEntry,
    order: int,
    t: Tagesordnungspunkt,
    render_text: RenderText,
) -> dict[str, Any]:
    """One TOP as AgendaItem; a non-public one only with number, order and generic label."""
    stem, day = entry.stem, sitzung_day(entry)
    obj: dict[str, Any] = {
        "id": ids.agenda_item(stem, order),
        "type": "https://schema.oparl.org/1.1/AgendaItem",
        "meeting": ids.meeting(stem),
        "number": t.nummer,
        "order": order,
    }
    if not is_public(t, project):
        obj["name"] = t.top.oeffentlicher_titel or NICHTOEFFENTLICH
        obj["public"] = False
        return {**obj, "created": timestamp(entry.sitzung.einladung), "modified": timestamp(day)}
    top = t.top
    obj["name"] = top.titel or ""
    obj["public"] = True
    vorlage = project.tagesordnung.get(top.vorlage or "")
    if vorlage is not None:
        v = vorlage.vorlage
        obj["name"] = v.betreff
        day = max(day, v.datum)  # the name is the Vorlage's Betreff
        termin = project.sitzungen.termin(v.nummer, entry.sitzung.gremium)
        steps = [b.gremium for b in v.beratungsfolge]
        if termin is not None and termin.sitzung is entry and entry.sitzung.gremium in steps:
            obj["consultation"] = ids.consultation(v.nummer, steps.index(termin.gremium) + 1)
    if top.ergebnis is not None:
        obj["result"] = top.ergebnis
    if top.wortlaut is not None:
        obj["resolutionText"] = top.wortlaut
    elif vorlage is not None and top.ergebnis in ADOPTED:
        # adopted as proposed: the Beschlussvorschlag is the wording, as in the Niederschrift
        sections = full_context(vorlage, project, render_text)["abschnitte"]
        if sections.get("beschlussvorschlag"):
            obj["resolutionText"] = "\n\n".join(sections["beschlussvorschlag"])
    return {**obj, "created": timestamp(entry.sitzung.einladung), "modified": timestamp(day)}


def _role(art: Sitzungsdokument) -> str:
    # the public document before the session announces it; the one after records the results
    if art.je == "sitzung":
        return "resultsProtocol" if art.nach_sitzung else "invitation"
    return "auxiliaryFile"


def meeting_files(
    entry: SitzungEntry, project: Project, ids: Ids, find: FindFile
) -> dict[str, Any]:
    """The public documents of a Sitzung as Files, by Meeting property."""
    out: dict[str, Any] = {}
    day = sitzung_day(entry)
    s = entry.sitzung
    gremium = project.stadt.gremien[s.gremium]
    for stem, art, _ in documents(entry, project):
        info = find(stem) if art.oeffentlich else None
        if info is None:
            continue
        name = f"{art.bezeichnung}: Sitzung {gremium.genitiv} am {s.datum.strftime('%d.%m.%Y')}"
        obj = file_object(ids, f"{stem}.{info.suffix}", name, day, info)
        obj["meeting"] = [ids.meeting(entry.stem)]
        role = _role(art)
        if role == "auxiliaryFile" or role in out:
            out.setdefault("auxiliaryFile", []).append(obj)
        else:
            out[role] = obj
    return out


def meeting(
    entry: SitzungEntry, project: Project, ids: Ids, find: FindFile, render_text: RenderText
) -> dict[str, Any]:
    """One Sitzung as Meeting, its Location, public Files and AgendaItems (in order) embedded."""
    s = entry.sitzung
    gremium = project.stadt.gremien[s.gremium]
    stamp = timestamp(sitzung_day(entry))
    obj: dict[str, Any] = {
        "id": ids.meeting(entry.stem),
        "type": "https://schema.oparl.org/1.1/Meeting",
        "name": f"Sitzung {gremium.genitiv} am {s.datum.strftime('%d.%m.%Y')}",
        "meetingState": "durchgeführt" if entry.gehalten else "eingeladen",
        "cancelled": False,
        "start": _moment(s.datum, s.beginn),
    }
    if s.ende is not None:
        obj["end"] = _moment(s.datum, s.ende)
    obj["location"] = {
        "id": ids.location(entry.stem),
        "type": "https://schema.oparl.org/1.1/Location",
        "description": s.ort,
        "meetings": [ids.meeting(entry.stem)],
        "created": timestamp(s.einladung),
        "modified": stamp,
    }
    obj["organization"] = [ids.organization("gremium", s.gremium)]
    obj.update(meeting_files(entry, project, ids, find))
    obj["agendaItem"] = [
        agenda_item(project, ids, entry, order, t, render_text)
        for order, t in enumerate(entry.tops, start=1)
    ]
    obj["created"] = timestamp(s.einladung)
    obj["modified"] = stamp
    return obj
