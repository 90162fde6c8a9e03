"""The loaded sessions of a project: each Sitzung with its numbered TOPs, and the Termine.

A `Termin` is a Vorlage on the Tagesordnung of a Sitzung: the one fact from which both the
Vorlage's Beratungsfolge (date, TOP) and the Sitzung documents are filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from mitteilung.errors import Problem
from mitteilung.model.document import Document, Path_
from mitteilung.model.sitzung import BESCHLUESSE, Sitzung, Top, TopNummern
from mitteilung.model.vorlage import Beratung

Teil = Literal["oeffentlich", "nichtoeffentlich"]
TEILE: tuple[Teil, ...] = ("oeffentlich", "nichtoeffentlich")


@dataclass(frozen=True)
class Tagesordnungspunkt:
    """A TOP with what is derived for it: its number, part and place in the file."""

    nummer: str
    teil: Teil
    top: Top
    loc: Path_  # ("sitzung", "tagesordnung", teil, index)

    @property
    def oeffentlich(self) -> bool:
        """Whether the TOP is in the public part."""
        return self.teil == "oeffentlich"

    @property
    def beschluss(self) -> bool:
        """Whether a resolution was taken on it (Beschlussauszug, Beschlusskontrolle)."""
        return self.top.ergebnis in BESCHLUESSE

    @property
    def kurz(self) -> str:
        """The number as it goes into a file name: 'Ö 2' -> 'oe-2'."""
        text = self.nummer.lower().replace("ö", "oe").replace("ä", "ae").replace("ü", "ue")
        return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def numbered(sitzung: Sitzung, style: TopNummern) -> list[Tagesordnungspunkt]:
    """The TOPs in order, numbered 1, 2, 3 …; the nichtöffentlich part goes on counting."""
    tops: list[Tagesordnungspunkt] = []
    for teil in TEILE:
        pattern = getattr(style, teil)
        for i, top in enumerate(getattr(sitzung.tagesordnung, teil)):
            nummer = pattern.replace("{nr}", str(len(tops) + 1))
            tops.append(Tagesordnungspunkt(nummer, teil, top, ("sitzung", "tagesordnung", teil, i)))
    return tops


@dataclass
class SitzungEntry:
    """One Sitzung file, loaded: the session, its TOPs, what it uses and its problems."""

    doc: Document
    sitzung: Sitzung
    tops: list[Tagesordnungspunkt]
    sources: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """Start of every output name: the date and the Gremium key, 2025-11-20-hfa."""
        return f"{self.sitzung.datum.isoformat()}-{self.sitzung.gremium}"

    @property
    def gehalten(self) -> bool:
        """Whether the session has taken place (its attendance is recorded)."""
        return self.sitzung.anwesenheit is not None

    @property
    def ok(self) -> bool:
        """True when nothing stops this Sitzung's documents from being built."""
        return not any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class Termin:
    """A Vorlage on the Tagesordnung of a Sitzung."""

    vorlage: str  # its number
    gremium: str
    datum: date
    top: Tagesordnungspunkt
    sitzung: SitzungEntry


@dataclass
class Sitzungsplan:
    """Every Sitzung in data/, and the Termine of every Vorlage on a Tagesordnung."""

    entries: list[SitzungEntry] = field(default_factory=list)
    selected: list[SitzungEntry] = field(default_factory=list)  # the ones to build

    @property
    def vorlagen(self) -> set[str]:
        """The numbers of every Vorlage on a Tagesordnung."""
        return {t.top.vorlage for e in self.entries for t in e.tops if t.top.vorlage}

    failed: dict[Path, list[Problem]] = field(default_factory=dict)  # files not loaded, why

    def termine(self, nummer: str) -> list[Termin]:
        """Every Termin of the Vorlage ``nummer``, in the order of the sessions."""
        found = [
            Termin(nummer, e.sitzung.gremium, e.sitzung.datum, t, e)
            for e in self.entries
            for t in e.tops
            if t.top.vorlage == nummer
        ]
        return sorted(found, key=lambda t: t.datum)

    def termin(self, nummer: str, gremium: str) -> Termin | None:
        """The Termin that dates the Vorlage in that Gremium: the last session listing it."""
        found = [t for t in self.termine(nummer) if t.gremium == gremium]
        return found[-1] if found else None


def termin_context(plan: Sitzungsplan, nummer: str, beratung: Beratung) -> dict[str, Any]:
    """A Beratung's Sitzungstermin and TOP as the Sitzung that lists the Vorlage states them.

    A date typed in the Vorlage as well must agree (check/sitzungen.py); then either is right.
    """
    termin = plan.termin(nummer, beratung.gremium)
    if termin is None:
        return {"sitzung": beratung.sitzung, "top": None}
    return {"sitzung": termin.datum, "top": termin.top.nummer}
