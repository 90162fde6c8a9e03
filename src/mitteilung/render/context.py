"""The context a template receives for one document: its data, facts and rendered text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mitteilung.model import Anlage
from mitteilung.model.project import Entry, Project, baustein_template
from mitteilung.model.sitzungsplan import termin_context
from mitteilung.render.environment import PARAGRAPHS, paragraphs, text_paragraphs

RenderText = Callable[[str, dict[str, Any]], str]


def base_context(entry: Entry, project: Project) -> dict[str, Any]:
    """Everything a template or Textbaustein may use, except the rendered sections."""
    stadt = project.stadt
    vorlage = entry.vorlage
    art = stadt.vorlagenarten[vorlage.vorlagenart]
    data = vorlage.model_dump()
    data["art"] = art.model_dump()
    data["beratungsfolge"] = [
        {
            **b.model_dump(),
            **termin_context(project.sitzungen, vorlage.nummer, b),
            "gremium": {"schluessel": b.gremium, **stadt.gremien[b.gremium].model_dump()},
        }
        for b in vorlage.beratungsfolge
    ]
    deciding = [b for b in data["beratungsfolge"] if b["zustaendigkeit"] == "Entscheidung"]
    data["entscheidung"] = deciding[0] if deciding else None
    data["anlagen"] = [_anlage(a, project) for a in vorlage.anlagen]
    context: dict[str, Any] = {
        "stadt": stadt.stadt.model_dump(),
        "gremien": {key: g.model_dump() for key, g in stadt.gremien.items()},
        "vorlage": data,
    }
    if entry.kooperation is not None and entry.foerderprogramm is not None:
        assert entry.fakten is not None  # derived by the loader from the two
        context["kooperation"] = entry.kooperation.model_dump()
        context["foerderprogramm"] = entry.foerderprogramm.model_dump()
        context["fakten"] = entry.fakten.as_context()
    return context


def _anlage(anlage: Anlage, project: Project) -> dict[str, Any]:
    """An attachment; one that names another Vorlage gets its kind, Betreff and date."""
    data = anlage.model_dump()
    data.update(art=None, betreff=None, datum=None)
    found = project.by_number.get(anlage.vorlage or "")
    if found:
        other = found[0]
        data.update(
            # a document of an unknown kind fails on its own; here it keeps its key
            art=getattr(project.stadt.vorlagenarten.get(other.vorlagenart), "bezeichnung", None)
            or other.vorlagenart,
            betreff=other.betreff,
            datum=other.datum,
        )
    return data


def full_context(entry: Entry, project: Project, render_text: RenderText) -> dict[str, Any]:
    """The base context plus ``abschnitte``: each section as a list of paragraphs."""
    context = base_context(entry, project)
    sections: dict[str, list[str]] = {}
    for name, blocks in entry.vorlage.abschnitte.items():
        section: list[str] = []
        for block in blocks:
            if block.text is not None:
                section.extend(text_paragraphs(block.text))  # data stays data: never rendered
            elif block.baustein is not None:
                baustein = baustein_template(block.baustein)
                section.extend(paragraphs(render_text(baustein, {**context, PARAGRAPHS: True})))
        sections[name] = section
    context["abschnitte"] = sections
    return context
