"""The city file data/stadt.yaml: the city, its Gremien, its Vorlagenarten, the checks."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from mitteilung.model.fields import Anzahl, Datum, Model, Schluessel, Text
from mitteilung.model.sitzung import Sitzungsdokument, SitzungsRegeln


class Briefkopf(Model):
    """The letterhead: the city's logo, where the Word template has a place for it."""

    logo: Text | None = Field(
        None, description="Bilddatei (PNG) relativ zu data/, z. B. 'stadt-mayen-logo.png'"
    )
    alternativtext: Text | None = Field(
        None, description="beschreibt das Logo für Screenreader, z. B. 'Wappen der Stadt Mayen'"
    )
    logo_svg: Text | None = Field(
        None,
        description="dasselbe Logo als SVG (gestochen scharf in Word 365); das PNG aus 'logo' "
        "bleibt Pflicht: es gilt, wo SVG nicht unterstützt wird",
    )

    @model_validator(mode="after")
    def _described(self) -> Briefkopf:
        if self.logo is not None and self.alternativtext is None:
            raise ValueError(
                "zum Logo fehlt 'alternativtext:' (beschreibt das Bild für Screenreader; "
                "ohne ihn ist das PDF nicht barrierefrei)"
            )
        if self.logo_svg is not None and self.logo is None:
            raise ValueError("zum SVG-Logo fehlt 'logo:' mit demselben Bild als PNG")
        if self.alternativtext is not None and re.search(r"[\n\t]", self.alternativtext):
            raise ValueError("'alternativtext:' in einer Zeile schreiben, ohne Tabulator")
        return self


class Fusszeile(Model):
    """The words around the page numbers: 'Beschlussvorlage 8012/2025 – Seite 2 von 3'."""

    seite: Text = Field("Seite", description="Wort vor der Seitenzahl")
    von: Text = Field("von", description="Wort vor der Seitenanzahl")


class Unterzeichnung(Model):
    """Who signs the documents of kinds with 'unterzeichnung: true'; the date is the Vorlage's."""

    ort: Text = Field(description="Ort vor dem Datum, z. B. 'Mayen'")
    funktion: Text = Field(description="z. B. 'Der Oberbürgermeister'")
    name: Text = Field(description="Name der Person, die unterzeichnet")


class Anfuehrungszeichen(Model):
    """The quotation marks around a quoted text, and inside it for a quote it already holds."""

    aussen: Text = Field("„“", min_length=2, max_length=2, description="öffnend und schließend")
    innen: Text = Field(
        "‚‘", min_length=2, max_length=2, description="für Anführungen im angeführten Text"
    )


class Stadt(Model):
    """The city whose administration writes the documents."""

    name: Text = Field(description="Name mit Art, wie er im Text steht, z. B. 'Stadt Mayen'")
    oparl_basis: Text | None = Field(None, description="Basis-URL des OParl-Systems der Stadt")
    briefkopf: Briefkopf = Field(
        default_factory=Briefkopf, description="Logo im Briefkopf der Word-Dokumente"
    )
    fusszeile: Fusszeile = Field(
        default_factory=Fusszeile, description="Texte der Fußzeile mit den Seitenzahlen"
    )
    unterzeichnung: Unterzeichnung | None = Field(
        None, description="Ort, Funktion und Name unter Vorlagen mit 'unterzeichnung: true'"
    )
    anfuehrungszeichen: Anfuehrungszeichen = Field(
        default_factory=Anfuehrungszeichen,
        description="Anführungszeichen um angeführte Texte (z. B. den Betreff einer Anlage)",
    )

    @field_validator("oparl_basis")
    @classmethod
    def _plain_url(cls, value: str | None) -> str | None:
        # every OParl id is this URL plus a path: a '#' or '?' would cut the path off, and
        # OParl clients compare ids as ASCII text
        if value is None:
            return value
        for char in value:
            if char in "#?" or char.isspace() or not char.isascii():
                what = "ein Leerzeichen" if char.isspace() else f"'{char}'"
                raise ValueError(
                    f"'{value}' enthält {what}; die Basis-URL darf kein '#', kein '?', kein "
                    "Leerzeichen und keine Umlaute enthalten (Umlaute im Servernamen als xn--…, "
                    "im Pfad als %C3%A4 schreiben), z. B. https://ris.beispielstadt.de/oparl/v1"
                )
        return value


class Wahlperiode(Model):
    """A term of the council (OParl: LegislativeTerm)."""

    name: Text = Field(description="z. B. 'Wahlperiode 2024–2029'")
    beginn: Datum = Field(description="erster Tag, TT.MM.JJJJ")
    ende: Datum | None = Field(None, description="letzter Tag, TT.MM.JJJJ")


class Gremium(Model):
    """A council body (Gremium) the documents go to."""

    name: Text = Field(description="z. B. 'Haupt- und Finanzausschuss'")
    artikel: Literal["der", "die", "das"] = Field("der", description="für 'dem Stadtrat' usw.")
    genitiv: Text = Field(description="mit Artikel, z. B. 'des Stadtrates'")


class Vorlagenart(Model):
    """A kind of document: its label, templates and numbering; new kinds need no code."""

    bezeichnung: Text = Field(description="z. B. 'Mitteilung'")
    word: Text | None = Field(
        None, description="Word-Vorlage unter templates/, z. B. 'mitteilung.docx'"
    )
    text: Text | None = Field(
        None, description="Textvorlage unter templates/, z. B. 'mitteilung.txt.j2'"
    )
    html: Text | None = Field(
        None, description="HTML-Vorlage unter templates/, z. B. 'mitteilung.html.j2' (für -f html)"
    )
    nummer: Text = Field("{nr}/{jahr}", description="Muster der Vorlagennummer")
    beschluss: bool = Field(
        False,
        description="Vorlagen dieser Art schlagen einen Beschluss "
        "vor und brauchen ein Gremium mit Zuständigkeit 'Entscheidung'",
    )
    unterzeichnung: bool = Field(
        False,
        description="Vorlagen dieser Art enden mit Ort, Datum, Funktion und Name "
        "(aus 'stadt: unterzeichnung:') und der Mitzeichnung",
    )
    abschnitte: list[Schluessel] = Field(
        default_factory=list, description="Abschnitte, die jede Vorlage füllen muss"
    )
    pflichtfelder: list[Literal["klimaschutz", "anlagen"]] = Field(
        default_factory=list, description="Felder, die jede Vorlage dieser Art angeben muss"
    )
    beschriftungen: dict[str, Text] = Field(
        default_factory=dict, description="feste Texte der Vorlage"
    )

    @model_validator(mode="after")
    def _a_template(self) -> Vorlagenart:
        if self.word is None and self.text is None:
            raise ValueError("mindestens eine Vorlage angeben: 'word' oder 'text'")
        return self


class Partnerart(Model):
    """A kind of authority taking part in a cooperation, with the grammar the texts need."""

    einzahl: Text = Field(description="nach 'die': z. B. 'Verbandsgemeinde'")
    mehrzahl: Text = Field(description="nach einer Zahl: z. B. 'Verbandsgemeinden'")
    mehrzahl_dativ: Text = Field(
        description="nach 'den': z. B. 'Städten', 'verbandsangehörigen Kommunen'"
    )
    artikel: Literal["der", "die", "das"] = Field(
        "die", description="bestimmter Artikel, für 'die Stadt Andernach', 'der Stadt …'"
    )
    ebene: Literal["kommune", "kreis"] = Field(
        "kommune",
        description="'kommune': zählt als Kommune (Förderstufe); 'kreis': macht die "
        "Zusammenarbeit vertikal (z. B. eine Kreisverwaltung)",
    )
    eindeutig: bool = Field(
        False,
        description="true: es gibt nur eine im Gebiet, daher 'die Kreisverwaltung' statt "
        "'eine Kreisverwaltung'",
    )


class Pruefung(Model):
    """Settings of the checks run before every build."""

    fristwarnung_tage: Anzahl = Field(
        14,
        ge=0,
        description="Warnung, wenn die nächste "
        "Antragsfrist weniger Tage nach dem Datum der Vorlage liegt",
    )


class StadtDatei(Model):
    """The file data/stadt.yaml: the city, its Gremien and its Vorlagenarten."""

    stadt: Stadt = Field(description="die Stadt selbst")
    gremien: dict[Schluessel, Gremium] = Field(
        description="die Gremien, je mit einem kurzen Schlüssel (z. B. hfa, stadtrat)"
    )
    vorlagenarten: dict[Schluessel, Vorlagenart] = Field(
        description="die Arten von Vorlagen, je mit Schlüssel (z. B. mitteilung)"
    )
    partnerarten: dict[Schluessel, Partnerart] = Field(
        default_factory=dict,
        description="Arten der Behörden, die an einer Kooperation teilnehmen, je mit "
        "Schlüssel (z. B. stadt, verbandsgemeinde, kreisverwaltung)",
    )
    pruefung: Pruefung = Field(
        default_factory=Pruefung, description="Einstellungen der Prüfungen vor jedem Bau"
    )
    wahlperioden: list[Wahlperiode] = Field(
        default_factory=list,
        description="die Wahlperioden des Stadtrates, die älteste zuerst (für -f oparl)",
    )
    sitzungen: SitzungsRegeln = Field(
        default_factory=SitzungsRegeln,
        description="Einstellungen für Sitzungen (Ladungsfrist, Schreibweise der TOP)",
    )
    sitzungsdokumente: dict[Schluessel, Sitzungsdokument] = Field(
        default_factory=dict,
        description="die Dokumente einer Sitzung (Einladung, Bekanntmachung, …), je mit Schlüssel",
    )

    @model_validator(mode="after")
    def _signer(self) -> StadtDatei:
        signed = [key for key, art in self.vorlagenarten.items() if art.unterzeichnung]
        if signed and self.stadt.unterzeichnung is None:
            raise ValueError(
                f"Vorlagenart '{signed[0]}' hat 'unterzeichnung: true', aber unter 'stadt:' "
                "fehlt 'unterzeichnung:' mit ort, funktion und name"
            )
        return self


def number_pattern(art: Vorlagenart) -> re.Pattern[str]:
    """The Vorlagenart's numbering pattern ('{nr}/{jahr}') as a regular expression."""
    parts = re.split(r"(\{nr\}|\{jahr\})", art.nummer)
    nr, jahr = r"(?P<nr>[0-9]+)", r"(?P<jahr>[0-9]{4})"  # not \d: it matches any script's digits
    regex = "".join(nr if p == "{nr}" else jahr if p == "{jahr}" else re.escape(p) for p in parts)
    return re.compile(regex)


def number_year(art: Vorlagenart, nummer: str) -> int | None:
    """The year in a Vorlagennummer, where its kind's pattern has one and it matches."""
    match = number_pattern(art).fullmatch(nummer)
    if match is None or "jahr" not in match.groupdict():
        return None
    return int(match["jahr"])
