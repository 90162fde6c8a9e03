"""Read the Sitzung files (top-level key ``sitzung:``) and link their TOPs to the Vorlagen."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mitteilung.check.references import GREMIEN, unknown
from mitteilung.load.validate import validate
from mitteilung.model import StadtDatei
from mitteilung.model.document import Document
from mitteilung.model.project import Entry, Project
from mitteilung.model.sitzung import SitzungDatei
from mitteilung.model.sitzungsplan import SitzungEntry, Sitzungsplan, numbered

#: The top-level key that makes a YAML file a Sitzung.
KEY = "sitzung"


def is_sitzung(data: object) -> bool:
    """Whether a loaded YAML file is a Sitzung file."""
    return isinstance(data, dict) and KEY in data


def load_sitzungen(
    docs: Iterable[Document],
    stadt: StadtDatei,
    stadt_path: Path,
    selected: set[Path],
) -> Sitzungsplan:
    """Every Sitzung as an entry; those in ``selected`` are the ones to build."""
    plan = Sitzungsplan()
    for doc in docs:
        model, problems = validate(doc, SitzungDatei)
        if model is None:
            plan.failed[doc.path] = problems
            continue
        sitzung = model.sitzung
        entry = SitzungEntry(
            doc, sitzung, numbered(sitzung, stadt.sitzungen.top_nummer), [doc.path, stadt_path]
        )
        if sitzung.gremium not in stadt.gremien:
            entry.problems.append(
                unknown(
                    doc,
                    ("sitzung", "gremium"),
                    "Gremium",
                    sitzung.gremium,
                    stadt.gremien,
                    GREMIEN,
                )
            )
        plan.entries.append(entry)
        if doc.path in selected:
            plan.selected.append(entry)
    plan.entries.sort(key=lambda e: (e.sitzung.datum, e.sitzung.gremium))
    plan.selected.sort(key=lambda e: (e.sitzung.datum, e.sitzung.gremium))
    return plan


def vorlage_entry(project: Project, nummer: str) -> Entry | None:
    """The Vorlage ``nummer`` loaded whole (once per build), None if there is none without
    errors: a Vorlage with errors fails on its own, and the Sitzung names it."""
    plan = project.sitzungen
    if nummer not in plan.vorlagen:
        refs = project.by_number.get(nummer, [])
        entry = project.loader.load(refs[0].path) if refs and project.loader else None
        plan.vorlagen[nummer] = entry if entry is not None and entry.ok else None
    return plan.vorlagen[nummer]
