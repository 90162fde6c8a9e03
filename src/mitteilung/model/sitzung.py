"""A session (Sitzung) of a Gremium: when and where, its Tagesordnung and, afterwards, results.

Also the city's settings for sessions (`SitzungsRegeln`) and the kinds of session documents
(`Sitzungsdokument`), both kept in data/stadt.yaml.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from mitteilung.model.fields import Datum, Model, Schluessel, Text

_TIME = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")


def _time(value: str) -> str:
    if not _TIME.fullmatch(value.strip()):
        raise ValueError(f"Uhrzeit erwartet: SS:MM (z. B. 17:00), gefunden: {value}")
    return value.strip()


#: A clock time "17:00": YAML reads 17:00 as text since the loader keeps times as text.
Uhrzeit = Annotated[Text, AfterValidator(_time)]
Ergebnis = Literal[
    "beschlossen",
    "ungeändert beschlossen",
    "geändert beschlossen",
    "abgelehnt",
    "vertagt",
    "zur Kenntnis genommen",
    "zurückgezogen",
]
#: Results that are a resolution: they get a Beschlussauszug and a line in the Beschlusskontrolle.
BESCHLUESSE = ("beschlossen", "ungeändert beschlossen", "geändert beschlossen", "abgelehnt")


class Abstimmung(Model):
    """The vote on a TOP: ja, nein, Enthaltungen."""

    ja: int = Field(ge=0, description="Stimmen dafür")
    nein: int = Field(0, ge=0, description="Stimmen dagegen")
    enthaltungen: int = Field(0, ge=0, description="Enthaltungen")


class Umsetzung(Model):
    """How far the administration has carried out a resolution (Beschlusskontrolle)."""

    status: Literal["offen", "in Arbeit", "erledigt"] = Field(
        "offen", description="offen, in Arbeit oder erledigt"
    )
    bereich: Text = Field(description="zuständiger Bereich, z. B. 'Zentralbereiche'")
    frist: Datum | None = Field(None, description="bis wann, TT.MM.JJJJ")
    vermerk: Text | None = Field(None, description="Stand der Umsetzung in einem Satz")


class Top(Model):
    """One item of the Tagesordnung: a Vorlage by its number, or a plain item with a title."""

    vorlage: Text | None = Field(None, description="Vorlagennummer, z. B. '8012/2025'")
    titel: Text | None = Field(None, description="Titel eines TOP ohne Vorlage, z. B. 'Anfragen'")
    text: Text | None = Field(None, description="Erläuterung zum TOP (ein Absatz)")
    baustein: Text | None = Field(None, description="Textbaustein zum TOP, ohne Endung")
    oeffentlicher_titel: Text | None = Field(
        None,
        description="nur nichtöffentlich: allgemeine Bezeichnung für die Bekanntmachung, "
        "z. B. 'Grundstücksangelegenheiten' (§ 34 GemO)",
    )
    ergebnis: Ergebnis | None = Field(None, description="nach der Sitzung: was beschlossen wurde")
    wortlaut: Text | None = Field(
        None, description="bei 'geändert beschlossen': der Beschluss im geänderten Wortlaut"
    )
    abstimmung: Abstimmung | None = Field(None, description="ja, nein, Enthaltungen")
    einstimmig: bool = Field(False, description="true: einstimmig (statt 'abstimmung')")
    umsetzung: Umsetzung | None = Field(None, description="für die Beschlusskontrolle")

    @model_validator(mode="after")
    def _one_of(self) -> Top:
        if (self.vorlage is None) == (self.titel is None):
            raise ValueError("genau eines von 'vorlage' oder 'titel' angeben")
        if self.text is not None and self.baustein is not None:
            raise ValueError("höchstens eines von 'text' oder 'baustein' angeben")
        return self


class Tagesordnung(Model):
    """The Tagesordnung in its two parts; the numbers run on from the public part."""

    oeffentlich: list[Top] = Field(default_factory=list, description="öffentlicher Teil")
    nichtoeffentlich: list[Top] = Field(default_factory=list, description="nichtöffentlicher Teil")


class Anwesenheit(Model):
    """Who took part (for the Niederschrift, § 41 GemO)."""

    vorsitz: Text = Field(description="wer die Sitzung geleitet hat")
    schriftfuehrung: Text = Field(description="wer die Niederschrift führt")
    anwesend: list[Text] = Field(min_length=1, description="anwesende stimmberechtigte Mitglieder")
    abwesend: list[Text] = Field(default_factory=list, description="fehlende Mitglieder")
    verwaltung: list[Text] = Field(default_factory=list, description="von der Verwaltung")


class Sitzung(Model):
    """A session of a Gremium."""

    gremium: Schluessel = Field(description="Schlüssel eines Gremiums aus stadt.yaml")
    datum: Datum = Field(description="Tag der Sitzung, TT.MM.JJJJ")
    beginn: Uhrzeit = Field(description="Beginn, z. B. '17:00'")
    ende: Uhrzeit | None = Field(None, description="nach der Sitzung: Ende, z. B. '19:15'")
    ort: Text = Field(description="Sitzungsraum mit Anschrift")
    einladung: Datum = Field(description="Datum der Einladung, TT.MM.JJJJ")
    dringlich: Text | None = Field(
        None, description="Begründung, warum kürzer als die Ladungsfrist geladen wird"
    )
    beispiel: Text | None = Field(None, description="Hinweis, dass Angaben erfunden sind")
    tagesordnung: Tagesordnung = Field(description="die Tagesordnung")
    anwesenheit: Anwesenheit | None = Field(
        None, description="nach der Sitzung: wer teilgenommen hat (die Sitzung gilt als gehalten)"
    )


class SitzungDatei(Model):
    """A file data/sitzungen/*.yaml: one session."""

    sitzung: Sitzung = Field(description="die Sitzung")


class TopNummern(Model):
    """How TOP numbers are written; {nr} is the running number."""

    oeffentlich: Text = Field("{nr}", description="z. B. '{nr}' oder 'Ö {nr}'")
    nichtoeffentlich: Text = Field("{nr}", description="z. B. '{nr}' oder 'N {nr}'")


class SitzungsRegeln(Model):
    """The city's settings for sessions; the defaults are those of the GemO RLP."""

    ladungsfrist_tage: int = Field(
        4, ge=0, description="volle Tage zwischen Einladung und Sitzung (§ 34 GemO: 4)"
    )
    top_nummer: TopNummern = Field(default_factory=TopNummern, description="Schreibweise der TOP")
    stichtag: Datum | None = Field(
        None,
        description="Stichtag der Beschlusskontrolle, TT.MM.JJJJ: eine Frist davor gilt als "
        "überschritten; ohne Angabe der Tag der letzten gehaltenen Sitzung",
    )
    nur_vorberatung: list[Text] = Field(
        default_factory=list,
        description="Textbausteine des Beschlussvorschlags, die nur bis zur Entscheidung "
        "gelten (z. B. 'vorlage/empfehlung'): sie stehen in der Vorlage und im Beschluss der "
        "Vorberatung, nicht im Beschluss des entscheidenden Gremiums",
    )


class Sitzungsdokument(Model):
    """A kind of session document (Einladung, Bekanntmachung, ...) and its templates."""

    bezeichnung: Text = Field(description="z. B. 'Einladung'")
    word: Text | None = Field(None, description="Word-Vorlage unter templates/")
    text: Text | None = Field(None, description="Textvorlage unter templates/")
    html: Text | None = Field(None, description="HTML-Vorlage unter templates/")
    oeffentlich: bool = Field(
        False,
        description="true: für die Öffentlichkeit; nichtöffentliche TOP erscheinen nur mit "
        "ihrem 'oeffentlicher_titel'",
    )
    je: Literal["sitzung", "beschluss", "alle"] = Field(
        "sitzung",
        description="'beschluss': ein Dokument je gefasstem Beschluss; 'alle': ein Dokument "
        "über alle Sitzungen (die Beschlusskontrolle)",
    )
    nach_sitzung: bool = Field(
        False, description="true: erst, wenn die Sitzung gehalten ist ('anwesenheit:')"
    )
    beschriftungen: dict[str, Text] = Field(
        default_factory=dict, description="feste Texte der Vorlage"
    )

    @model_validator(mode="after")
    def _a_template(self) -> Sitzungsdokument:
        if self.word is None and self.text is None:
            raise ValueError("mindestens eine Vorlage angeben: 'word' oder 'text'")
        return self
