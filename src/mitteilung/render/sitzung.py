"""The documents of a Sitzung (Einladung, Bekanntmachung, Niederschrift, Beschlussauszüge).

A public document (``oeffentlich: true`` in data/stadt.yaml) never receives what a
nichtöffentlich TOP is about: its context holds only the TOP's number and generic public label,
so no template, however it is edited, can print the Betreff or Vorlagennummer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mitteilung.model.project import Entry, Project, baustein_template
from mitteilung.model.sitzung import Sitzungsdokument
from mitteilung.model.sitzungsplan import SitzungEntry, Tagesordnungspunkt
from mitteilung.render.context import base_context
from mitteilung.render.deps import referenced
from mitteilung.render.environment import PARAGRAPHS, paragraphs, text_paragraphs
from mitteilung.render.logo import logo_files
from mitteilung.render.word import CoreProperties

RenderText = Callable[[str, dict[str, Any]], str]
RenderWord = Callable[[str, dict[str, Any], CoreProperties], bytes]
#: What a public document shows of a nichtöffentlich TOP (every key, so templates need no ifs).
_HIDDEN: dict[str, Any] = {
    "vorlage": None,
    "absaetze": [],
    "ergebnis": None,
    "wortlaut": [],
    "abstimmung": None,
    "einstimmig": False,
    "umsetzung": None,
}


def beschluss_wortlaut(
    entry: Entry, gremium: str, project: Project, render_text: RenderText
) -> list[str]:
    """The Vorlage's Beschlussvorschlag as the Gremium ``gremium`` resolves it, in paragraphs:
    the deciding Gremium's resolution leaves out the Textbausteine that only a Vorberatung says
    (``sitzungen.nur_vorberatung`` in data/stadt.yaml, e.g. the recommendation sentence)."""
    blocks = entry.vorlage.abschnitte.get("beschlussvorschlag", [])
    if not blocks:
        return []  # a Mitteilung: nothing to resolve, and no context needed
    decides = any(
        b.gremium == gremium and b.zustaendigkeit == "Entscheidung"
        for b in entry.vorlage.beratungsfolge
    )
    skip = set(project.stadt.sitzungen.nur_vorberatung) if decides else set()
    context = {**base_context(entry, project), PARAGRAPHS: True}
    wortlaut: list[str] = []
    for block in blocks:
        if block.text is not None:
            wortlaut.extend(text_paragraphs(block.text))  # data stays data: never rendered
        elif block.baustein is not None and block.baustein not in skip:
            wortlaut.extend(paragraphs(render_text(baustein_template(block.baustein), context)))
    return wortlaut


def top_context(
    t: Tagesordnungspunkt, project: Project, render_text: RenderText, public: bool, gremium: str
) -> dict[str, Any]:
    """One TOP for the templates; for a public document a nichtöffentlich TOP is its label."""
    top = t.top
    if public and not t.oeffentlich:
        return {
            "nummer": t.nummer,
            "oeffentlich": False,
            "titel": top.oeffentlicher_titel,
            **_HIDDEN,
        }
    vorlage: dict[str, Any] | None = None
    wortlaut: list[str] = [top.wortlaut] if top.wortlaut else []
    if top.vorlage is not None:
        entry = project.tagesordnung[top.vorlage]  # checked by check/sitzungen.py
        v = entry.vorlage
        art = project.stadt.vorlagenarten[v.vorlagenart]
        vorlage = {
            "nummer": v.nummer,
            "art": art.bezeichnung,
            "betreff": v.betreff,
            "datum": v.datum,
            "bereich": v.bereich,
            "oeffentlich": v.oeffentlich,
        }
        if not wortlaut:
            wortlaut = beschluss_wortlaut(entry, gremium, project, render_text)
    absaetze: list[str] = [top.text] if top.text else []
    if top.baustein is not None:
        base = {"stadt": project.stadt.stadt.model_dump(), PARAGRAPHS: True}
        absaetze = paragraphs(render_text(baustein_template(top.baustein), base))
    return {
        "nummer": t.nummer,
        "oeffentlich": t.oeffentlich,
        "titel": vorlage["betreff"] if vorlage else top.titel,
        "vorlage": vorlage,
        "absaetze": absaetze,
        "ergebnis": top.ergebnis,
        "wortlaut": wortlaut,
        "abstimmung": top.abstimmung.model_dump() if top.abstimmung else None,
        "einstimmig": top.einstimmig,
        "umsetzung": top.umsetzung.model_dump() if top.umsetzung else None,
    }


def sitzung_context(
    entry: SitzungEntry,
    art: Sitzungsdokument,
    project: Project,
    render_text: RenderText,
) -> dict[str, Any]:
    """Everything a Sitzung document's template may use (``top`` is added per Beschluss)."""
    stadt = project.stadt
    s = entry.sitzung
    data = s.model_dump(exclude={"tagesordnung"})
    data["gremium"] = {"schluessel": s.gremium, **stadt.gremien[s.gremium].model_dump()}
    data["gehalten"] = entry.gehalten
    tops = [top_context(t, project, render_text, art.oeffentlich, s.gremium) for t in entry.tops]
    data["oeffentlich"] = [t for t in tops if t["oeffentlich"]]
    data["nichtoeffentlich"] = [t for t in tops if not t["oeffentlich"]]
    if art.oeffentlich:
        # who took part is no secret, but the Bekanntmachung needs none of it
        data["anwesenheit"] = None
    return {
        "stadt": stadt.stadt.model_dump(),
        "gremien": {key: g.model_dump() for key, g in stadt.gremien.items()},
        "dokument": art.model_dump(),
        "sitzung": data,
    }


def documents(entry: SitzungEntry, project: Project) -> list[tuple[str, Sitzungsdokument, int]]:
    """(file stem, kind, index of the TOP or -1) of every document this Sitzung has now."""
    found = []
    for key, art in project.stadt.sitzungsdokumente.items():
        if art.je == "alle" or (art.nach_sitzung and not entry.gehalten):
            continue  # the Beschlusskontrolle is no document of one Sitzung
        if art.je == "sitzung":
            found.append((f"{entry.stem}-{key}", art, -1))
            continue
        for i, t in enumerate(entry.tops):
            if t.beschluss:
                found.append((f"{entry.stem}-{key}-top-{t.kurz}", art, i))
    return found


def render_sitzung(
    entry: SitzungEntry,
    project: Project,
    formats: Sequence[str],
    render_text: RenderText,
    render_word: RenderWord,
) -> dict[str, dict[str, bytes]]:
    """Every document of a Sitzung, by file stem, in the requested formats (pdf: the .docx)."""
    out: dict[str, dict[str, bytes]] = {}
    contexts: dict[bool, dict[str, Any]] = {}
    for stem, art, index in documents(entry, project):
        if art.oeffentlich not in contexts:
            contexts[art.oeffentlich] = sitzung_context(entry, art, project, render_text)
        context = {**contexts[art.oeffentlich], "dokument": art.model_dump()}
        if index >= 0:
            t = entry.tops[index]
            gremium = entry.sitzung.gremium
            context["top"] = top_context(t, project, render_text, art.oeffentlich, gremium)
        properties = core_properties(entry, art, project)
        out[stem] = render_files(art, context, formats, properties, render_text, render_word)
    return out


def render_files(
    art: Sitzungsdokument,
    context: dict[str, Any],
    formats: Sequence[str],
    properties: CoreProperties,
    render_text: RenderText,
    render_word: RenderWord,
) -> dict[str, bytes]:
    """One document from its kind's templates, in the requested formats (pdf: the .docx)."""
    files: dict[str, bytes] = {}
    if ("docx" in formats or "pdf" in formats) and art.word is not None:
        files["docx"] = render_word(art.word, context, properties)
    if "txt" in formats and art.text is not None:
        files["txt"] = render_text(art.text, context).encode("utf-8")
    if "html" in formats and art.html is not None:
        files["html"] = render_text(art.html, context).encode("utf-8")
    return files


def core_properties(entry: SitzungEntry, art: Sitzungsdokument, project: Project) -> CoreProperties:
    """Title: 'Einladung zur Sitzung des Haupt- und Finanzausschusses am 20.11.2025'."""
    s = entry.sitzung
    gremium = project.stadt.gremien[s.gremium]
    title = f"{art.bezeichnung}: Sitzung {gremium.genitiv} am {s.datum.strftime('%d.%m.%Y')}"
    return CoreProperties(
        title=title, subject=art.bezeichnung, author=project.stadt.stadt.name, created=s.datum
    )


def formats_of(art: Sitzungsdokument) -> list[str]:
    """The formats a kind of Sitzung document has: those it has a template for (PDF from Word)."""
    templates = (("docx", art.word), ("txt", art.text), ("html", art.html), ("pdf", art.word))
    return [fmt for fmt, template in templates if template is not None]


def sitzung_sources(entry: SitzungEntry, project: Project) -> list[Path]:
    """Every file a Sitzung's documents are made from, each once: its data file, stadt.yaml,
    the templates of its documents with what they pull in, TOP Textbausteine, the logo, and of each
    Vorlage on its Tagesordnung the files its Betreff and Beschlussvorschlag come from."""
    templates = project.templates
    found = list(entry.sources)
    names = [
        name
        for _, art, _ in documents(entry, project)
        for name in (art.word, art.text, art.html)
        if name is not None
    ]
    names += [baustein_template(t.top.baustein) for t in entry.tops if t.top.baustein]
    for t in entry.tops:
        vorlage = project.tagesordnung.get(t.top.vorlage or "")
        if vorlage is None:
            continue
        found += vorlage.sources  # the Vorlage, its facts files
        for block in vorlage.vorlage.abschnitte.get("beschlussvorschlag", []):
            if block.baustein is not None:
                names.append(baustein_template(block.baustein))
    for name in dict.fromkeys(names):
        path = templates.joinpath(*name.split("/"))
        if path.is_file():
            found += [path, *referenced(templates, name)]
    if any(art.word is not None for _, art, _ in documents(entry, project)):
        found += logo_files(project)  # a .docx holds the logo
    return list(dict.fromkeys(found))
