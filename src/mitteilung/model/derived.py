"""Facts derived from the data, computed once per document and shared by every template."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from mitteilung.formatting import dativ, liste
from mitteilung.model import (
    Foerderprogramm,
    Foerderstufe,
    Frist,
    Kooperation,
    Partner,
    Partnerart,
    StadtDatei,
    Zuschlag,
)

_EIN = {"der": "ein", "die": "eine", "das": "ein"}


@dataclass(frozen=True)
class Fakten:
    """What follows from a cooperation and its funding programme at a document's date.

    Counts leave out partners that declined, and the own city unless named ``_gesamt``.
    """

    anzahl_kommunen: int
    anzahl_kommunen_gesamt: int
    anzahl_behoerden: int
    vertikal: bool
    nicht_angrenzend: bool
    partner: list[Partner]
    alle_genannt: bool
    partner_namen: str
    partner_namen_dativ: str
    partner_arten: str
    foerderstufe: Foerderstufe | None
    zuschlaege: list[Zuschlag]
    hoechstbetrag: float | None
    foerderung_je_behoerde: float
    foerderung_gesamt: float
    naechste_frist: Frist | None
    fristen_offen: list[Frist]
    fristen_vergangen: list[Frist]

    def as_context(self) -> dict[str, Any]:
        """The facts by name for the templates: not copied (asdict would deep-copy every
        partner and deadline for each document), as the sandbox lets no template change them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


class _Arten:
    """The kinds of data/stadt.yaml; an unknown key (reported by the checks) stands as is."""

    def __init__(self, stadt: StadtDatei) -> None:
        self.known = stadt.partnerarten

    def __getitem__(self, key: str) -> Partnerart:
        found = self.known.get(key)
        return found or Partnerart(einzahl=key, mehrzahl=key, mehrzahl_dativ=key)


def _size(partner: Partner) -> int:
    return partner.anzahl or 1


def _joined(kommunen: list[str], kreis: list[str]) -> str:
    """'A, B und C sowie D': the level of the Kreis after the Kommunen, as 7939/2025 has it."""
    parts = [liste(group) for group in (kommunen, kreis) if group]
    return " sowie ".join(parts)


def _wording(others: list[Partner], arten: _Arten) -> tuple[str, str, str]:
    """The partners named one by one (nominative, dative) and grouped by kind."""
    names: dict[str, list[str]] = {"kommune": [], "kreis": []}
    names_dativ: dict[str, list[str]] = {"kommune": [], "kreis": []}
    counts: dict[str, int] = {}
    for p in others:
        art = arten[p.art]
        counts[p.art] = counts.get(p.art, 0) + _size(p)
        if p.name is not None:
            names[art.ebene].append(f"{art.artikel} {p.name}")
            names_dativ[art.ebene].append(f"{dativ(art.artikel)} {p.name}")
        else:
            names[art.ebene].append(f"{p.anzahl} {art.mehrzahl}")
            # unnamed: described by their status, as a resolution must not count them
            status = "interessierten " if p.status == "interessiert" else ""
            names_dativ[art.ebene].append(f"den {status}{art.mehrzahl_dativ}")
    groups: dict[str, list[str]] = {"kommune": [], "kreis": []}
    for key, count in counts.items():
        art = arten[key]
        if count > 1:
            groups[art.ebene].append(f"{count} {art.mehrzahl}")
        else:
            article = art.artikel if art.eindeutig else _EIN[art.artikel]
            groups[art.ebene].append(f"{article} {art.einzahl}")
    return (
        _joined(names["kommune"], names["kreis"]),
        _joined(names_dativ["kommune"], names_dativ["kreis"]),
        _joined(groups["kommune"], groups["kreis"]),
    )


def derive(
    koop: Kooperation, programm: Foerderprogramm, stichtag: date, stadt: StadtDatei
) -> Fakten:
    """Derive the facts as seen from ``stichtag`` (the document's date)."""
    arten = _Arten(stadt)
    others = [p for p in koop.partner if p.status != "abgesagt"]
    kommunen = sum(_size(p) for p in others if arten[p.art].ebene == "kommune")
    # the own city is not listed (its name is in data/stadt.yaml) but always takes part
    kommunen_gesamt = kommunen + 1
    behoerden = sum(_size(p) for p in others)
    vertikal = any(arten[p.art].ebene == "kreis" for p in others)
    nicht_angrenzend = any(not p.angrenzend for p in others)
    # the programme's table counts every Kommune taking part, the own city too
    stufe = max(
        (s for s in programm.foerderstufen if s.ab_kommunen <= kommunen_gesamt),
        key=lambda s: s.ab_kommunen,
        default=None,
    )
    zuschlaege = [
        z
        for z in programm.zuschlaege
        if (z.bedingung == "vertikal" and vertikal)
        or (z.bedingung == "nicht_angrenzend" and nicht_angrenzend)
    ]
    # The maximum is known only when the tier and every applying bonus amount are known.
    hoechstbetrag = None
    if stufe is not None and all(z.betrag is not None for z in zuschlaege):
        hoechstbetrag = stufe.hoechstbetrag + sum(z.betrag or 0 for z in zuschlaege)
    fristen = sorted(programm.fristen, key=lambda f: f.datum)
    offen = [f for f in fristen if f.datum >= stichtag]
    namen, namen_dativ, gruppen = _wording(others, arten)
    return Fakten(
        anzahl_kommunen=kommunen,
        anzahl_kommunen_gesamt=kommunen_gesamt,
        anzahl_behoerden=behoerden,
        vertikal=vertikal,
        nicht_angrenzend=nicht_angrenzend,
        partner=others,
        alle_genannt=all(p.name is not None for p in others),
        partner_namen=namen,
        partner_namen_dativ=namen_dativ,
        partner_arten=gruppen,
        foerderstufe=stufe,
        zuschlaege=zuschlaege,
        hoechstbetrag=hoechstbetrag,
        foerderung_je_behoerde=koop.foerderung_je_behoerde,
        foerderung_gesamt=koop.foerderung_je_behoerde * behoerden,
        naechste_frist=offen[0] if offen else None,
        fristen_offen=offen,
        fristen_vergangen=[f for f in fristen if f.datum < stichtag],
    )
