"""Facts derived from the data, computed once per document and shared by every template."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from mitteilung.model import Foerderprogramm, Foerderstufe, Frist, Kooperation, Zuschlag


@dataclass(frozen=True)
class Fakten:
    """What follows from a cooperation and its funding programme at a document's date."""

    anzahl_kommunen: int
    anzahl_behoerden: int
    vertikal: bool
    foerderstufe: Foerderstufe | None
    zuschlaege: list[Zuschlag]
    hoechstbetrag: float | None
    foerderung_je_behoerde: float
    foerderung_gesamt: float
    naechste_frist: Frist | None
    fristen_offen: list[Frist]
    fristen_vergangen: list[Frist]

    def as_context(self) -> dict[str, Any]:
        """Plain data for the templates."""
        return asdict(self)


def derive(koop: Kooperation, programm: Foerderprogramm, stichtag: date) -> Fakten:
    """Derive the facts as seen from ``stichtag`` (the document's date)."""
    vertikal = koop.kreisverwaltung is not None
    behoerden = koop.kommunen + (1 if vertikal else 0)
    stufe = max(
        (s for s in programm.foerderstufen if s.ab_kommunen <= koop.kommunen),
        key=lambda s: s.ab_kommunen,
        default=None,
    )
    zuschlaege = [
        z
        for z in programm.zuschlaege
        if (z.bedingung == "vertikal" and vertikal)
        or (z.bedingung == "nicht_angrenzend" and koop.nicht_angrenzend)
    ]
    # The maximum is known only when the tier and every applying bonus amount are known.
    hoechstbetrag = None
    if stufe is not None and all(z.betrag is not None for z in zuschlaege):
        hoechstbetrag = stufe.hoechstbetrag + sum(z.betrag or 0 for z in zuschlaege)
    fristen = sorted(programm.fristen, key=lambda f: f.datum)
    offen = [f for f in fristen if f.datum >= stichtag]
    return Fakten(
        anzahl_kommunen=koop.kommunen,
        anzahl_behoerden=behoerden,
        vertikal=vertikal,
        foerderstufe=stufe,
        zuschlaege=zuschlaege,
        hoechstbetrag=hoechstbetrag,
        foerderung_je_behoerde=koop.foerderung_je_behoerde,
        foerderung_gesamt=koop.foerderung_je_behoerde * behoerden,
        naechste_frist=offen[0] if offen else None,
        fristen_offen=offen,
        fristen_vergangen=[f for f in fristen if f.datum < stichtag],
    )
