"""The model stage: what each data file may say (pydantic), the loaded project as data,
and the facts derived from it.

It receives plain YAML data from `load` and hands typed, frozen objects on to `check`,
`render` and `write`. It imports nothing of the later stages.
"""

from mitteilung.model.fields import Betrag, Datum, Model, Schluessel, Text, Zustaendigkeit
from mitteilung.model.foerderung import (
    Beschlusserfordernis,
    Foerderprogramm,
    FoerderprogrammDatei,
    Foerderstufe,
    Frist,
    Gespraeche,
    Kooperation,
    KooperationDatei,
    Partner,
    Quelle,
    Zuschlag,
)
from mitteilung.model.stadt import Gremium, Partnerart, Pruefung, Stadt, StadtDatei, Vorlagenart
from mitteilung.model.vorlage import Anlage, Beratung, Block, Klimaschutz, Vorlage

__all__ = [
    "Anlage",
    "Beratung",
    "Beschlusserfordernis",
    "Betrag",
    "Block",
    "Datum",
    "Foerderprogramm",
    "FoerderprogrammDatei",
    "Foerderstufe",
    "Frist",
    "Gespraeche",
    "Gremium",
    "Klimaschutz",
    "Kooperation",
    "KooperationDatei",
    "Model",
    "Partner",
    "Partnerart",
    "Pruefung",
    "Quelle",
    "Schluessel",
    "Stadt",
    "StadtDatei",
    "Text",
    "Vorlage",
    "Vorlagenart",
    "Zuschlag",
    "Zustaendigkeit",
]
