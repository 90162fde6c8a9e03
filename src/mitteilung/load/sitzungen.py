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
    _same_names(plan.entries)
    return plan


def _same_names(entries: list[SitzungEntry]) -> None:
    """Two files of the same Gremium on the same day: their documents would have the same
    names (the later overwriting the earlier), so neither is built."""
    by_stem: dict[str, list[SitzungEntry]] = {}
    for entry in entries:
        by_stem.setdefault(entry.stem, []).append(entry)
    for same in by_stem.values():
        for entry in same if len(same) > 1 else ():
            others = ", ".join(e.doc.name for e in same if e is not entry)
            message = (
                f"dieselbe Sitzung (Gremium und Datum) steht auch in {others}; ihre Dokumente "
                f"hießen gleich ({entry.stem}-…); eine der Dateien löschen oder das Datum "
                "berichtigen"
            )
            entry.problems.append(entry.doc.problem(("sitzung", "datum"), message))
