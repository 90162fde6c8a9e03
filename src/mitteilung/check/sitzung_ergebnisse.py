"""The GemO rules about the results of a held Sitzung (§ 41 GemO: the Niederschrift names every
result and vote) and about what the Beschlusskontrolle needs of each resolution.
"""

from __future__ import annotations

from mitteilung.errors import Problem, Severity, display_path
from mitteilung.model.project import Project
from mitteilung.model.sitzungsplan import SitzungEntry

#: Results the administration has to carry out (an abgelehnt resolution asks for nothing).
_AUSZUFUEHREN = ("beschlossen", "ungeändert beschlossen", "geändert beschlossen")


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


def umsetzung(entry: SitzungEntry, project: Project) -> list[Problem]:
    """A resolution to be carried out names its state for the Beschlusskontrolle (a warning:
    the Niederschrift does not need it, the list of open resolutions does)."""
    return [
        entry.doc.problem(
            (*t.loc, "ergebnis"),
            f"TOP {t.nummer} ist {t.top.ergebnis}, aber ohne 'umsetzung:' (status, bereich, "
            "frist); die Beschlusskontrolle führt ihn dann ohne zuständigen Bereich und Frist",
            severity=Severity.WARNING,
        )
        for t in entry.tops
        if t.top.ergebnis in _AUSZUFUEHREN and t.top.umsetzung is None
    ]


def kontrolle_fehler(project: Project, failed: list[Problem]) -> list[Problem]:
    """Why the Beschlusskontrolle cannot be made: a Sitzung file that could not be read, or a
    held one with errors (``failed``: their problems); a list missing resolutions would
    mislead."""
    broken = sorted({display_path(p) for p in project.sitzungen.failed})
    broken += sorted({p.file for p in failed if p.is_error} - set(broken))
    return [
        Problem(
            display_path(project.stadt_doc.path),
            project.stadt_doc.line(("sitzungsdokumente",)),
            "sitzungsdokumente",
            f"Beschlusskontrolle nicht gebaut: die Sitzung {name} hat Fehler; diese zuerst "
            "beheben (die Liste nennt die Beschlüsse aller Sitzungen)",
        )
        for name in broken
    ]
