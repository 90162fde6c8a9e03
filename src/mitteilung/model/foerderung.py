"""Facts files: a cooperation (Kooperation) and the funding programme it applies to."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mitteilung.model.fields import Betrag, Datum, Model, Schluessel, Text


class Quelle(Model):
    """Where a fact comes from."""

    stelle: Text = Field(description="Kurzname der Stelle, z. B. 'ADD'")
    titel: Text = Field(description="Titel der Quelle")
    url: Text | None = Field(None, description="Adresse im Internet")
    stand: Datum | None = Field(None, description="Stand der Angabe, TT.MM.JJJJ")


class Frist(Model):
    """An application deadline of the funding programme."""

    datum: Datum = Field(description="Tag der Frist, TT.MM.JJJJ")
    art: Literal["genannt", "angekuendigt"] = Field(
        description="'genannt': öffentlich ausgeschrieben; 'angekuendigt': nur angekündigt"
    )
    quelle: Schluessel = Field(description="Schlüssel einer Quelle unter 'quellen'")


class Foerderstufe(Model):
    """One row of the programme's table: from how many Kommunen, up to which amount."""

    ab_kommunen: int = Field(
        ge=1,
        description="ab dieser Zahl beteiligter Kommunen, die eigene Stadt mitgezählt "
        "(Kreisverwaltungen zählen nicht)",
    )
    hoechstbetrag: Betrag = Field(description="Förderung bis zu diesem Betrag in Euro")
    quelle: Schluessel = Field(description="Schlüssel einer Quelle unter 'quellen'")


class Zuschlag(Model):
    """A bonus rule (vertical or non-adjacent cooperation); the amount may be unknown."""

    bedingung: Literal["vertikal", "nicht_angrenzend"] = Field(description="wann der Zuschlag gilt")
    beschreibung: Text = Field(description="als Nebensatz nach 'wenn'")
    betrag: Betrag | None = Field(None, description="leer lassen, solange nicht bekannt")


class Foerderprogramm(Model):
    """A funding programme, with its sources, reusable by every notice about it."""

    name: Text = Field(description="voller Name des Programms")
    kurz: Text = Field(description="Abkürzung, z. B. 'IKZ'")
    geber: Text = Field(description="wer fördert, z. B. 'Land Rheinland-Pfalz'")
    zweck: Text = Field(description="wozu gefördert wird (Nebensatz)")
    mindestlaufzeit_jahre: int = Field(ge=1, description="Mindestlaufzeit der Kooperation")
    effizienzgewinn_prozent: float = Field(
        gt=0, le=100, description="verlangter Effizienzgewinn in Prozent, z. B. 15"
    )
    ziele: dict[Schluessel, Text] = Field(
        description="die Ziele, von denen eines erfüllt sein muss"
    )
    foerderstufen: list[Foerderstufe] = Field(
        min_length=1, description="Förderhöchstbeträge nach Zahl der Kommunen"
    )
    zuschlaege: list[Zuschlag] = Field(
        default_factory=list, description="höhere Förderung unter Bedingungen"
    )
    fristen: list[Frist] = Field(default_factory=list, description="Einreichungsfristen")
    quellen: dict[Schluessel, Quelle] = Field(
        description="die Quellen der Angaben, je mit Schlüssel"
    )


class Gespraeche(Model):
    """The history of the talks of one matter: since when, with whom, at which level."""

    beginn: Text = Field(description="z. B. 'Sommer'")
    mit: Text | None = Field(
        None,
        description="mit wem, nach 'mit' (Dativ), z. B. 'den kreisangehörigen Kommunen'; "
        "ohne Angabe die Partner aus 'partner'",
    )
    intensiviert: Text = Field(description="z. B. 'Anfang September'")
    ebene: Text = Field(description="z. B. 'Büroleitungen'")


class Beschlusserfordernis(Model):
    """Whether the city's participation needs a resolution, and of which Gremium."""

    erforderlich: bool = Field(description="ob ein Beschluss nötig ist")
    gremium: Schluessel = Field(description="Schlüssel des Gremiums, das beschließt")


class Partner(Model):
    """An authority taking part in a cooperation, or a number of unnamed ones of one kind."""

    name: Text | None = Field(None, description="wie im Text, mit der Art: z. B. 'Stadt Andernach'")
    anzahl: int | None = Field(
        None,
        ge=2,
        description="statt 'name', solange die Namen nicht öffentlich sind: so viele "
        "Behörden dieser Art (ein einzelner Partner wird mit Namen angegeben)",
    )
    art: Schluessel = Field(description="Schlüssel aus data/stadt.yaml unter 'partnerarten:'")
    angrenzend: bool = Field(True, description="false: grenzt nicht an das Gebiet der Stadt")
    status: Literal["interessiert", "zugesagt", "abgesagt"] = Field(
        "interessiert", description="abgesagte Partner zählen nicht mit"
    )

    @model_validator(mode="after")
    def _name_or_number(self) -> Partner:
        if (self.name is None) == (self.anzahl is None):
            raise ValueError(
                "entweder 'name:' (ein Partner) oder 'anzahl:' (mehrere ohne Namen) angeben"
            )
        return self


class Kooperation(Model):
    """An inter-municipal cooperation (IKZ) and the authorities taking part."""

    thema: Text = Field(description="z. B. 'künstliche Intelligenz'")
    kurzthema: Text = Field(description="z. B. 'KI'")
    foerderprogramm: Text = Field(description="Pfad zur Faktendatei des Förderprogramms")
    partner: list[Partner] = Field(
        min_length=1,
        description="die beteiligten Behörden außer der eigenen Stadt (die immer mitzählt); "
        "daraus folgen Zahl der Kommunen und Behörden, vertikal, nicht angrenzend",
    )
    kommunen: int | None = Field(
        None,
        ge=0,
        description="nur zur Kontrolle: Zahl der beteiligten Kommunen ohne die eigene Stadt "
        "und ohne Kreisverwaltungen; muss zur Liste 'partner' passen",
    )
    laufzeit_jahre: int = Field(
        ge=0, description="geplante Laufzeit in Jahren (mindestens die des Förderprogramms)"
    )
    effizienzgewinn_prozent: float | None = Field(
        None,
        gt=0,
        le=100,
        description="angestrebter Effizienzgewinn in Prozent, z. B. 18 (mindestens der "
        "Wert des Förderprogramms)",
    )
    ziele: list[Schluessel] = Field(
        default_factory=list, description="Schlüssel der Förderziele, die erfüllt werden"
    )
    foerderung_je_behoerde: Betrag = Field(
        description="geschätzte Förderung je Behörde (insgesamt: mal der Zahl der Behörden "
        "ohne die eigene Stadt)"
    )
    gespraeche: Gespraeche | None = Field(
        None, description="Stand der Gespräche (für den Textbaustein ikz/gespraeche)"
    )
    beschluss: Beschlusserfordernis = Field(description="ob und wer beschließen muss")


class KooperationDatei(Model):
    """A facts file about one cooperation."""

    kooperation: Kooperation = Field(description="die Kooperation")


class FoerderprogrammDatei(Model):
    """A facts file about one funding programme."""

    foerderprogramm: Foerderprogramm = Field(description="das Förderprogramm")
