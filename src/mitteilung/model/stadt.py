"""The city file data/stadt.yaml: the city, its Gremien, its Vorlagenarten, the checks."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from mitteilung.model.fields import Datum, Model, Schluessel, Text
from mitteilung.model.sitzung import Sitzungsdokument, SitzungsRegeln


class Stadt(Model):
    """The city whose administration writes the documents."""

    name: Text = Field(description="Name mit Art, wie er im Text steht, z. B. 'Stadt Mayen'")
    oparl_basis: Text | None = Field(None, description="Basis-URL des OParl-Systems der Stadt")

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


class Pruefung(Model):
    """Settings of the checks run before every build."""

    fristwarnung_tage: int = Field(
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
