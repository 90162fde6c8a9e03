"""The domain model: what a data file may say, checked field by field (pydantic)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from mitteilung.messages import first_forbidden, found, number_suggestion

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_HELP = "schreiben Sie TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT"


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        hint = (
            "; in Anführungszeichen setzen" if isinstance(value, bool | int | float | date) else ""
        )
        raise ValueError(f"Text erwartet, gefunden: {found(value)}{hint}")
    problem = first_forbidden(value)
    if problem:
        raise ValueError(problem)
    if not value.strip():
        raise ValueError("ist leer; Text eintragen oder die Zeile löschen")
    # a line break is a line break, however it was typed ("\r\n" from Windows, "\r")
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date()
        raise ValueError(f"Datum ohne Uhrzeit erwartet, gefunden: {value}; {_DATE_HELP}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _GERMAN_DATE.fullmatch(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"{value} ist kein gültiges Datum (diesen Tag gibt es nicht)"
                ) from None
    raise ValueError(f"Datum erwartet, gefunden: {found(value)}; {_DATE_HELP}")


def _amount(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        suggestion = number_suggestion(value) if isinstance(value, str) else None
        how = (
            f"schreiben Sie {suggestion} (ohne Tausenderpunkt und Währungszeichen)"
            if suggestion
            else "schreiben Sie nur die Zahl ohne Tausenderpunkt und Währungszeichen, "
            "z. B. 45000 (Nachkommastellen mit Punkt: 45000.50)"
        )
        raise ValueError(f"Betrag als Zahl erwartet, gefunden: {found(value)}; {how}")
    if not math.isfinite(value):
        what = "keine Zahl (.nan)" if math.isnan(value) else "unendlich (.inf)"
        raise ValueError(f"Betrag als Zahl erwartet, gefunden: {what}")
    if value < 0:
        raise ValueError(f"Betrag darf nicht negativ sein, gefunden: {value}")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Datum = Annotated[
    date,
    BeforeValidator(_date),
    # as the clerk writes it (TT.MM.JJJJ or JJJJ-MM-TT), for editors checking against the schema
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$"}),
]
Betrag = Annotated[float, BeforeValidator(_amount)]
Schluessel = Annotated[str, BeforeValidator(_text), Field(pattern=r"^[a-z0-9_\-]+$")]
Zustaendigkeit = Literal["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung"]


class Model(BaseModel):
    """Base: unknown keys are errors, so a typo never silently drops a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the city: stadt.yaml ------------------------------------------------------------------


class Stadt(Model):
    """The city whose administration writes the documents."""

    name: Text = Field(description="Name mit Art, wie er im Text steht, z. B. 'Stadt Mayen'")
    oparl_basis: Text | None = Field(None, description="Basis-URL des OParl-Systems der Stadt")


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


# --- a document ----------------------------------------------------------------------------


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


# --- facts ---------------------------------------------------------------------------------


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

    ab_kommunen: int = Field(ge=1, description="ab dieser Zahl beteiligter Kommunen")
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
    """Who talks with whom since when."""

    beginn: Text = Field(description="z. B. 'Sommer'")
    intensiviert: Text = Field(description="z. B. 'Anfang September'")
    ebene: Text = Field(description="z. B. 'Büroleitungen'")


class Beschlusserfordernis(Model):
    """Whether the city's participation needs a resolution, and of which Gremium."""

    erforderlich: bool = Field(description="ob ein Beschluss nötig ist")
    gremium: Schluessel = Field(description="Schlüssel des Gremiums, das beschließt")


class Kooperation(Model):
    """An inter-municipal cooperation (IKZ) and the authorities taking part."""

    thema: Text = Field(description="z. B. 'künstliche Intelligenz'")
    kurzthema: Text = Field(description="z. B. 'KI'")
    foerderprogramm: Text = Field(description="Pfad zur Faktendatei des Förderprogramms")
    kommunen: int = Field(ge=0, description="Zahl der interessierten Kommunen")
    kreisverwaltung: Text | None = Field(None, description="beteiligte Kreisverwaltung")
    nicht_angrenzend: bool = Field(
        False, description="true: Gemeindegebiete grenzen nicht aneinander"
    )
    laufzeit_jahre: int = Field(ge=0, description="geplante Laufzeit in Jahren")
    ziele: list[Schluessel] = Field(
        default_factory=list, description="Schlüssel der Förderziele, die erfüllt werden"
    )
    foerderung_je_behoerde: Betrag = Field(description="geschätzte Förderung je Behörde")
    gespraeche: Gespraeche = Field(description="Stand der Gespräche")
    beschluss: Beschlusserfordernis = Field(description="ob und wer beschließen muss")


class KooperationDatei(Model):
    """A facts file about one cooperation."""

    kooperation: Kooperation = Field(description="die Kooperation")


class FoerderprogrammDatei(Model):
    """A facts file about one funding programme."""

    foerderprogramm: Foerderprogramm = Field(description="das Förderprogramm")
