"""A council document (Vorlage): header, Beratungsfolge, sections, Anlagen."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mitteilung.model.fields import Datum, Model, Schluessel, Text, Zustaendigkeit


class Block(Model):
    """One part of a section: prose from the data file, or a Textbaustein filled with facts."""

    text: Text | None = Field(None, description="ein Absatz; Zeilenumbrüche bleiben erhalten")
    baustein: Text | None = Field(
        None, description="Name eines Textbausteins unter templates/bausteine/, ohne Endung"
    )

    @model_validator(mode="after")
    def _one_of(self) -> Block:
        if (self.text is None) == (self.baustein is None):
            raise ValueError("genau eines von 'text' oder 'baustein' angeben")
        return self


class Beratung(Model):
    """One step of the Beratungsfolge."""

    gremium: Schluessel = Field(description="Schlüssel eines Gremiums aus stadt.yaml")
    sitzung: Datum | None = Field(None, description="Sitzungstermin")
    zustaendigkeit: Zustaendigkeit = Field(
        "Kenntnisnahme", description="wozu das Gremium berät; 'Entscheidung' beschließt"
    )
    oeffentlich: bool = Field(True, description="öffentliche Sitzung (false: nichtöffentlich)")


class Klimaschutz(Model):
    """Effect on climate protection, as many councils now require."""

    auswirkung: Literal["ja, positiv", "ja, negativ", "nein"] = Field(
        description="ja, positiv / ja, negativ / nein"
    )
    erlaeuterung: Text = Field(description="Begründung in einem Satz")


class Anlage(Model):
    """An attachment: another Vorlage by number, or a named file."""

    vorlage: Text | None = Field(None, description="Vorlagennummer, z. B. '7939/2025'")
    titel: Text | None = Field(None, description="Titel einer Anlage, die keine Vorlage ist")
    oeffentlich: bool = Field(True, description="false: nichtöffentliche Anlage")

    @model_validator(mode="after")
    def _one_of(self) -> Anlage:
        if (self.vorlage is None) == (self.titel is None):
            raise ValueError("genau eines von 'vorlage' oder 'titel' angeben")
        return self


class Mitzeichnung(Model):
    """A Bereich that co-signs the Vorlage, with the day it did."""

    bereich: Text = Field(description="mitzeichnender Bereich, z. B. 'Finanzen'")
    datum: Datum = Field(description="Tag der Mitzeichnung, TT.MM.JJJJ")


class Vorlage(Model):
    """A council document (Mitteilung, Beschlussvorlage, ...): one YAML file in data/."""

    vorlagenart: Schluessel = Field(description="Schlüssel aus stadt.yaml, z. B. 'mitteilung'")
    nummer: Text = Field(description="Vorlagennummer, z. B. '7939/2025'")
    datum: Datum = Field(description="Datum der Vorlage, TT.MM.JJJJ")
    betreff: Text = Field(description="Betreff, wie er im Kopf der Vorlage steht")
    bereich: Text = Field(description="federführender Fachbereich")
    sachbearbeitung: Text = Field(description="z. B. 'Frau Alter'")
    oeffentlich: bool = Field(True, description="false: nichtöffentliche Vorlage")
    entwurf: Text | None = Field(None, description="Hinweis, dass Werte erfunden sind")
    beratungsfolge: list[Beratung] = Field(
        min_length=1, description="die Gremien in der Reihenfolge der Beratung"
    )
    kooperation: Text | None = Field(None, description="Pfad zur Faktendatei der Kooperation")
    abschnitte: dict[Schluessel, list[Block]] = Field(
        description="je Abschnitt der Vorlagenart eine Liste von Blöcken (text oder baustein)"
    )
    klimaschutz: Klimaschutz | None = Field(None, description="Auswirkungen auf den Klimaschutz")
    anlagen: list[Anlage] = Field(
        default_factory=list, description="Anlagen: andere Vorlagen oder Dateien"
    )
    mitzeichnung: list[Mitzeichnung] = Field(
        default_factory=list,
        description="Bereiche, die mitzeichnen, je mit Datum (bei Vorlagenarten mit "
        "'unterzeichnung: true')",
    )
