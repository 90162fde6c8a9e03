"""Read the Sitzung files (top-level key ``sitzung:``): each session with its numbered TOPs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mitteilung.errors import unknown_name
from mitteilung.load.validate import validate
from mitteilung.model import StadtDatei
from mitteilung.model.document import Document
from mitteilung.model.sitzung import SitzungDatei
from mitteilung.model.sitzungsplan import SitzungEntry, Sitzungsplan, numbered

_GREMIEN = "in data/stadt.yaml unter 'gremien:'"


def load_sitzungen(
    docs: Iterable[Document],
    stadt: StadtDatei,
    stadt_path: Path,
    selected: frozenset[Path] | set[Path],
) -> Sitzungsplan:
    """Every Sitzung as an entry; those in ``selected`` are the ones to build."""
    plan = Sitzungsplan()
    for doc in docs:
        model, problems = validate(doc, SitzungDatei)
        if model is None:
            plan.failed[doc.path] = problems
            continue
        sitzung = model.sitzung
        tops = numbered(sitzung, stadt.sitzungen.top_nummer)
        entry = SitzungEntry(doc, sitzung, tops, [doc.path, stadt_path])
        if sitzung.gremium not in stadt.gremien:
            message = unknown_name("Gremium", sitzung.gremium, stadt.gremien, _GREMIEN)
            entry.problems.append(doc.problem(("sitzung", "gremium"), message))
        plan.entries.append(entry)
        if doc.path in selected:
            plan.selected.append(entry)
    plan.entries.sort(key=lambda e: (e.sitzung.datum, e.sitzung.gremium))
    plan.selected.sort(key=lambda e: (e.sitzung.datum, e.sitzung.gremium))
    return plan
