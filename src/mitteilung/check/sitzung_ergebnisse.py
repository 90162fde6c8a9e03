"""The GemO rules about the results of a held Sitzung (§ 41 GemO: the Niederschrift names every
result and vote) and about what the Beschlusskontrolle needs of each resolution.
"""

from __future__ import annotations

from mitteilung.errors import Problem
from mitteilung.model.project import Project
from mitteilung.model.sitzungsplan import SitzungEntry


def ergebnisse(entry: SitzungEntry, project: Project) -> list[Problem]:
    """A held session has a result for every TOP; no vote counts more than the members present."""
    anwesenheit = entry.sitzung.anwesenheit
    problems: list[Problem] = []
    for t in entry.tops:
        top = t.top
        if anwesenheit is None:
            if top.ergebnis is not None:
                problems.append(
                    entry.doc.problem(
                        (*t.loc, "ergebnis"),
                        "Ergebnis ohne 'anwesenheit:' der Sitzung: für die Niederschrift "
                        "(§ 41 GemO) Vorsitz, Schriftführung und Anwesende eintragen",
                    )
                )
            continue
        if top.ergebnis is None:
            problems.append(
                entry.doc.problem(
                    t.loc,
                    f"TOP {t.nummer} hat kein 'ergebnis:', die Sitzung ist aber gehalten "
                    "('anwesenheit:'); die Niederschrift nennt jedes Ergebnis (§ 41 GemO)",
                )
            )
        if top.abstimmung is not None:
            a = top.abstimmung
            stimmen, anwesend = a.ja + a.nein + a.enthaltungen, len(anwesenheit.anwesend)
            if stimmen > anwesend:
                problems.append(
                    entry.doc.problem(
                        (*t.loc, "abstimmung"),
                        f"{stimmen} Stimmen (ja {a.ja}, nein {a.nein}, Enthaltungen "
                        f"{a.enthaltungen}), aber nur {anwesend} Mitglieder anwesend "
                        "(sitzung.anwesenheit.anwesend); Abstimmung prüfen (§ 41 GemO)",
                    )
                )
    return problems
