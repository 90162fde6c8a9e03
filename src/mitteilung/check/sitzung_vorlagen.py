"""The GemO rules about the Vorlagen on a Tagesordnung: each exists and may be dealt with in
this Gremium, its date is stated once, a Vorberatung comes before the decision, and a decided
Vorlage does not come up again; and the one rule on a Vorlage's side (`vorlage_termine`).
"""

from __future__ import annotations

from mitteilung.errors import Problem, display_path
from mitteilung.formatting import datum
from mitteilung.model.project import Entry, Project
from mitteilung.model.sitzung import BESCHLUESSE
from mitteilung.model.sitzungsplan import SitzungEntry, Tagesordnungspunkt


def vorlagen(entry: SitzungEntry, project: Project) -> list[Problem]:
    """Every Vorlage on the Tagesordnung exists, has no errors and may be dealt with here."""
    problems: list[Problem] = []
    for t in entry.tops:
        nummer = t.top.vorlage
        if nummer is None:
            continue
        loc = (*t.loc, "vorlage")
        refs = project.by_number.get(nummer)
        if not refs:
            broken = project.broken_numbers.get(nummer)
            problems.append(
                entry.doc.problem(
                    loc,
                    f"Vorlage {nummer} ({display_path(broken)}) hat selbst Fehler; diese zuerst "
                    "beheben"
                    if broken
                    else f"Vorlage {nummer} gibt es in den Daten nicht; einen TOP ohne Vorlage "
                    "mit 'titel:' schreiben",
                )
            )
            continue
        vorlage = project.tagesordnung.get(nummer)
        if vorlage is None:
            message = f"Vorlage {nummer} ({refs[0].name}) hat selbst Fehler; diese zuerst beheben"
            problems.append(entry.doc.problem(loc, message))
            continue
        problems += _vorlage_here(entry, t, vorlage, project)
    return problems


def _vorlage_here(
    entry: SitzungEntry, t: Tagesordnungspunkt, vorlage: Entry, project: Project
) -> list[Problem]:
    """The Vorlage names this Gremium, is public where the TOP is, and has its proposal."""
    v, gremium = vorlage.vorlage, entry.sitzung.gremium
    loc = (*t.loc, "vorlage")
    known = project.stadt.gremien.get(gremium)
    problems: list[Problem] = []
    if known is not None and not any(b.gremium == gremium for b in v.beratungsfolge):
        name = known.name
        problems.append(
            entry.doc.problem(
                loc,
                f"Vorlage {v.nummer} nennt '{gremium}' ({name}) nicht in ihrer Beratungsfolge "
                f"({vorlage.doc.name}:{vorlage.doc.line(('beratungsfolge',))}); das Gremium dort "
                "ergänzen oder den TOP auf die Tagesordnung des richtigen Gremiums setzen",
            )
        )
    if t.oeffentlich and not v.oeffentlich:
        problems.append(
            entry.doc.problem(
                loc,
                f"Vorlage {v.nummer} ist nichtöffentlich ({vorlage.doc.name}:"
                f"{vorlage.doc.line(('oeffentlich',))}) und darf nicht im öffentlichen Teil "
                "stehen (§ 35 GemO); den TOP unter 'nichtoeffentlich:' aufführen",
            )
        )
    art = project.stadt.vorlagenarten.get(v.vorlagenart)
    if art is None:  # the Vorlage's own check names the kinds there are
        message = f"Vorlage {v.nummer} ({vorlage.doc.name}) hat selbst Fehler; diese zuerst beheben"
        return [*problems, entry.doc.problem(loc, message)]
    if art.beschluss and not v.abschnitte.get("beschlussvorschlag"):
        problems.append(
            entry.doc.problem(
                loc,
                f"{art.bezeichnung} {v.nummer} hat keinen Beschlussvorschlag "
                f"({vorlage.doc.name}: abschnitte.beschlussvorschlag); ohne ihn kann das "
                "Gremium nicht beschließen (§ 34 GemO: Beratungsgegenstände mit Unterlagen)",
            )
        )
    return problems


def schon_entschieden(entry: SitzungEntry, project: Project) -> list[Problem]:
    """A Vorlage decided in one session does not come up again in a later one."""
    problems: list[Problem] = []
    for t in entry.tops:
        nummer = t.top.vorlage
        vorlage = project.tagesordnung.get(nummer) if nummer else None
        if nummer is None or vorlage is None:
            continue
        decides = {
            b.gremium for b in vorlage.vorlage.beratungsfolge if b.zustaendigkeit == "Entscheidung"
        }
        for earlier in project.sitzungen.termine(nummer):
            if (
                earlier.datum < entry.sitzung.datum
                and earlier.gremium in decides
                and earlier.top.top.ergebnis in BESCHLUESSE
            ):
                where = f"{earlier.sitzung.doc.name}:{earlier.sitzung.doc.line(earlier.top.loc)}"
                problems.append(
                    entry.doc.problem(
                        (*t.loc, "vorlage"),
                        f"Vorlage {nummer} ist schon am {datum(earlier.datum)} entschieden "
                        f"({where}: {earlier.top.top.ergebnis}); sie kann nicht erneut "
                        "offen auf einer Tagesordnung stehen",
                    )
                )
                break
    return problems


def termine(entry: SitzungEntry, project: Project) -> list[Problem]:
    """The date is stated once: a Sitzungstermin typed in the Vorlage too must agree; and a
    Vorberatung in this session does not come after the session that decides."""
    problems: list[Problem] = []
    for t in entry.tops:
        vorlage = project.tagesordnung.get(t.top.vorlage) if t.top.vorlage else None
        if vorlage is None:
            continue
        for i, b in enumerate(vorlage.vorlage.beratungsfolge):
            if b.gremium != entry.sitzung.gremium:
                continue
            if b.sitzung is not None and b.sitzung != entry.sitzung.datum:
                problems.append(_widerspruch(entry, t, vorlage, i))
            if b.zustaendigkeit == "Vorberatung":
                problems += _nach_entscheidung(entry, t, vorlage, project)
    return problems


def _widerspruch(entry: SitzungEntry, t: Tagesordnungspunkt, vorlage: Entry, i: int) -> Problem:
    loc = ("beratungsfolge", i, "sitzung")
    typed = vorlage.vorlage.beratungsfolge[i].sitzung
    assert typed is not None
    return entry.doc.problem(
        (*t.loc, "vorlage"),
        f"Vorlage {vorlage.vorlage.nummer} nennt den Sitzungstermin {datum(typed)} "
        f"({vorlage.doc.name}:{vorlage.doc.line(loc)}: beratungsfolge[{i + 1}].sitzung), diese "
        f"Sitzung ist am {datum(entry.sitzung.datum)} ({entry.doc.name}:"
        f"{entry.doc.line(('sitzung', 'datum'))}); den Termin in der Vorlage löschen, er kommt "
        "aus der Sitzung",
    )


def _nach_entscheidung(
    entry: SitzungEntry, t: Tagesordnungspunkt, vorlage: Entry, project: Project
) -> list[Problem]:
    """This session advises on the Vorlage: the deciding session must not be earlier."""
    v = vorlage.vorlage
    for b in v.beratungsfolge:
        if b.zustaendigkeit != "Entscheidung":
            continue
        termin = project.sitzungen.termin(v.nummer, b.gremium)
        decided = termin.datum if termin is not None else b.sitzung
        if decided is not None and decided < entry.sitzung.datum:
            where = (
                f"{termin.sitzung.doc.name}:{termin.sitzung.doc.line(('sitzung', 'datum'))}"
                if termin is not None
                else vorlage.doc.name
            )
            return [
                entry.doc.problem(
                    (*t.loc, "vorlage"),
                    f"Vorberatung der Vorlage {v.nummer} am {datum(entry.sitzung.datum)} liegt "
                    f"nach der Entscheidung im Gremium '{b.gremium}' am {datum(decided)} "
                    f"({where}); die Vorberatung muss vor der Entscheidung stattfinden",
                )
            ]
    return []


def vorlage_termine(entry: Entry, project: Project) -> list[Problem]:
    """On the Vorlage's side: a Sitzungstermin typed here must be the Sitzung's date."""
    problems: list[Problem] = []
    v = entry.vorlage
    for i, b in enumerate(v.beratungsfolge):
        termin = project.sitzungen.termin(v.nummer, b.gremium)
        if termin is None or b.sitzung is None or b.sitzung == termin.datum:
            continue
        doc = termin.sitzung.doc
        problems.append(
            entry.doc.problem(
                ("beratungsfolge", i, "sitzung"),
                f"Sitzungstermin {datum(b.sitzung)} widerspricht der Sitzung "
                f"{doc.name}:{doc.line(('sitzung', 'datum'))} (sitzung.datum: "
                f"{datum(termin.datum)}, TOP {termin.top.nummer}); den Termin hier löschen, "
                "er kommt aus der Sitzung",
            )
        )
    return problems
