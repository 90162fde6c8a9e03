"""The partners of a cooperation as data: a second cooperation with the shared Textbausteine,
the derived wording, and the checks of stated against derived facts."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from mitteilung.model import Foerderprogramm, Kooperation, StadtDatei
from mitteilung.model.derived import derive
from tests.conftest import Run, edit
from tests.support.produced import Produced

KOOP = "data/fakten/ikz-ki.yaml"
ZWEITE = "data/fakten/ikz-digital.yaml"
BV = "data/vorlagen/9001-2025-beschlussvorlage.yaml"

# A second cooperation: four verbandsfreie Städte (Mayen among them, not listed: the own city
# always takes part) and a Verbandsgemeinde,
# no Kreisverwaltung, one partner not adjacent, one that declined, an efficiency target.
ZWEITE_KOOPERATION = """\
kooperation:
  thema: Digitalisierung der Bauverwaltung
  kurzthema: Digitale Bauakte
  foerderprogramm: foerderprogramm-ikz.yaml
  partner:
    - name: Stadt Andernach
      art: stadt
    - name: Stadt Bendorf
      art: stadt
      angrenzend: false
    - name: Stadt Neuwied
      art: stadt
      status: zugesagt
    - name: Verbandsgemeinde Vordereifel
      art: verbandsgemeinde
    - name: Verbandsgemeinde Maifeld
      art: verbandsgemeinde
      status: abgesagt
  laufzeit_jahre: 6
  effizienzgewinn_prozent: 18
  ziele: [effizienzgewinn]
  foerderung_je_behoerde: 64000
  gespraeche:
    beginn: Frühjahr
    intensiviert: im Juli
    ebene: Bauamtsleitungen
  beschluss:
    erforderlich: true
    gremium: stadtrat
"""

BESCHLUSSVORLAGE = """\
vorlagenart: beschlussvorlage
nummer: 9001/2025
datum: 20.10.2025
betreff: Teilnahme an der interkommunalen Zusammenarbeit „Digitale Bauakte“
bereich: Bauverwaltung
sachbearbeitung: Herr Beispiel
oeffentlich: true
beratungsfolge:
  - gremium: hfa
    zustaendigkeit: Vorberatung
  - gremium: stadtrat
    zustaendigkeit: Entscheidung
kooperation: ../fakten/ikz-digital.yaml
abschnitte:
  beschlussvorschlag:
    - baustein: vorlage/empfehlung
    - baustein: ikz/beschluss
  sachverhalt:
    - baustein: ikz/gespraeche
    - baustein: foerderprogramm/ueberblick
    - baustein: foerderprogramm/zweck
    - baustein: ikz/interesse
    - baustein: ikz/ziele
    - baustein: ikz/laufzeit
    - baustein: foerderprogramm/voraussetzungen
    - baustein: foerderprogramm/fristen
    - baustein: foerderprogramm/naechste_frist
    - baustein: ikz/beschlusserfordernis
  finanzen:
    - baustein: ikz/finanzen
klimaschutz:
  auswirkung: nein
  erlaeuterung: keine unmittelbaren Auswirkungen.
"""

NAMEN = (
    "die Stadt Andernach, die Stadt Bendorf, die Stadt Neuwied und die Verbandsgemeinde Vordereifel"
)
NAMEN_DATIV = (
    "der Stadt Andernach, der Stadt Bendorf, der Stadt Neuwied und der Verbandsgemeinde Vordereifel"
)


@pytest.fixture
def zweite(project: Path) -> Path:
    """The project with the second cooperation and a Beschlussvorlage using it."""
    (project / ZWEITE).write_text(ZWEITE_KOOPERATION, encoding="utf-8")
    (project / BV).write_text(BESCHLUSSVORLAGE, encoding="utf-8")
    return project


def paragraphs(project: Path) -> list[str]:
    text = (project / "build/9001-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    return text.split("\n\n")


def test_second_cooperation_names_its_partners_with_the_shared_bausteine(
    zweite: Path, cli: Run, produced: Produced
) -> None:
    result = cli("build", BV, "-f", "txt", "-f", "docx")
    assert result.exit_code == 0, result.output
    text = (zweite / "build/9001-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    expected = [
        "Der Stadtrat beschließt die Teilnahme der Stadt Mayen an der interkommunalen "
        "Zusammenarbeit (IKZ) zum Thema „Digitale Bauakte“ mit " + NAMEN_DATIV + " für eine "
        "Dauer von mindestens 6 Jahren, vorbehaltlich einer Förderung durch das Land "
        "Rheinland-Pfalz im Rahmen der Pilotförderung für interkommunale Zusammenarbeit.",
        "Bereits im Frühjahr fanden erste Gespräche mit " + NAMEN_DATIV + " statt, um die "
        "Zusammenarbeit im Themengebiet „Digitale Bauakte“ zu verstärken. Diese wurden nun im "
        "Juli auf Ebene der Bauamtsleitungen intensiviert.",
        "Bislang zeigten sich " + NAMEN + " interessiert daran, die Möglichkeit der "
        "Etablierung einer IKZ genauer zu betrachten und eine IKZ zu gründen. Unter der "
        "Annahme, dass alle Behörden auch letztlich an der IKZ teilnehmen, wäre eine Förderung "
        "von bis zu ca. 64t € pro Behörde zu generieren.",
        "Die Zusammenarbeit verfolgt das Förderziel: Effizienzgewinn von 18 % (verlangt sind "
        "mindestens 15 %).",
        "Die Zusammenarbeit ist für eine Laufzeit von 6 Jahren geplant; das Förderprogramm "
        "verlangt mindestens 5 Jahre.",
        # the document is dated after the first deadline: it is told in the past
        "Auf der Homepage der ADD war als Einreichungsfrist für Anträge zur Etablierung einer "
        "IKZ der 15.10.2025 genannt; diese Frist ist abgelaufen. Seitens des MdI wurde bereits "
        "an die Kommunen kommuniziert, dass es einen weiteren Förderaufruf in 2026 mit Frist "
        "zum 15.03.2026 geben wird.",
        # four partners besides Mayen, the one that declined not counted; five Kommunen in all
        "Unter der Annahme, dass alle 4 interessierten Behörden teilnehmen, ist eine Förderung "
        "von bis zu ca. 64t € pro Behörde zu erwarten, insgesamt bis zu ca. 256t €. Nach der "
        "Programmtabelle beträgt der Förderhöchstbetrag ab 4 Kommunen bis zu 320.000 €; hinzu "
        "kommt ein Zuschlag in noch nicht veröffentlichter Höhe, weil Kommunen miteinander "
        "kooperieren, deren Gemeindegebiet nicht direkt aneinander angrenzt.",
    ]
    found = paragraphs(zweite)
    for paragraph in expected:
        assert paragraph in found
    # nothing of the first matter: its kinds of partners, its Kreisverwaltung, its amounts
    for wording in (
        "verbandsangehörige",
        "Kreisverwaltung Mayen",
        "die Kreisverwaltung",
        "45t €",
        "405t €",
        "Maifeld",
        "Büroleitungen",
        "„KI“",
    ):
        assert wording not in text
    docx = zweite / "build/9001-2025-beschlussvorlage.docx"
    with zipfile.ZipFile(docx) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    word_text = re.sub(r"<[^>]+>", "", xml)
    assert f"Bislang zeigten sich {NAMEN} interessiert" in word_text
    assert f"mit {NAMEN_DATIV} für eine Dauer" in word_text
    assert "verbandsangehörige" not in word_text
    produced.keep(docx, "zweite-kooperation")  # LibreOffice opens it in test_safety_libreoffice


def test_reference_wording_comes_from_the_partner_kinds(project: Path, cli: Run) -> None:
    # 7939/2025 byte for byte is test_reference's; here: the sentence follows the data
    edit(project / KOOP, "    - anzahl: 8\n", "    - anzahl: 6\n")
    edit(
        project / KOOP,
        "      art: kreisverwaltung\n",
        "      art: kreisverwaltung\n    - name: Stadt Andernach\n      art: stadt\n",
    )
    result = cli("build", "data/vorlagen/7939-2025-mitteilung.yaml", "-f", "txt")
    assert result.exit_code == 0, result.output
    text = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert (
        "Bislang zeigten sich 6 verbandsangehörige Kommunen und eine Stadt sowie die "
        "Kreisverwaltung interessiert" in text
    )


def facts(partner_yaml: str, root: Path) -> dict[str, Any]:
    """The derived facts of the second cooperation with another list of partners."""
    koop = yaml.safe_load(ZWEITE_KOOPERATION)["kooperation"]
    koop["partner"] = yaml.safe_load(partner_yaml)
    stadt = StadtDatei.model_validate(yaml.safe_load((root / "data/stadt.yaml").read_text()))
    programm_file = (root / "data/fakten/foerderprogramm-ikz.yaml").read_text()
    programm = Foerderprogramm.model_validate(yaml.safe_load(programm_file)["foerderprogramm"])
    fakten = derive(Kooperation.model_validate(koop), programm, date(2025, 10, 1), stadt)
    return fakten.as_context()


def test_derived_counts_and_wording(project: Path) -> None:
    got = facts(
        """
        - {name: Stadt Andernach, art: stadt}
        - {anzahl: 3, art: ortsgemeinde, status: zugesagt}
        - {name: Verbandsgemeinde Vordereifel, art: verbandsgemeinde, angrenzend: false}
        - {name: Stadt Bendorf, art: stadt, status: abgesagt}
        - {name: Kreisverwaltung Mayen-Koblenz, art: kreisverwaltung}
        """,
        project,
    )
    assert got["anzahl_kommunen"] == 5  # Andernach, 3 Ortsgemeinden, Vordereifel
    assert got["anzahl_kommunen_gesamt"] == 6  # with Mayen
    assert got["anzahl_behoerden"] == 6  # with the Kreisverwaltung, without Mayen
    assert got["vertikal"] is True and got["nicht_angrenzend"] is True
    assert got["alle_genannt"] is False
    assert got["partner_namen"] == (
        "die Stadt Andernach, 3 Ortsgemeinden und die Verbandsgemeinde Vordereifel sowie die "
        "Kreisverwaltung Mayen-Koblenz"
    )
    assert got["partner_namen_dativ"] == (
        "der Stadt Andernach, den Ortsgemeinden und der Verbandsgemeinde Vordereifel sowie der "
        "Kreisverwaltung Mayen-Koblenz"
    )
    assert got["partner_arten"] == (
        "eine Stadt, 3 Ortsgemeinden und eine Verbandsgemeinde sowie die Kreisverwaltung"
    )


def test_funding_tier_counts_the_own_city(project: Path) -> None:
    # Mayen and two more: three Kommunen, the 210,000 € tier; a third partner: 320,000 €
    three = "- {anzahl: 2, art: stadt}\n"
    assert facts(three, project)["foerderstufe"].hoechstbetrag == 210000
    four = three + "- {name: Stadt Neuwied, art: stadt}\n"
    assert facts(four, project)["foerderstufe"].hoechstbetrag == 320000


def test_one_partner_besides_the_city_is_singular(zweite: Path, cli: Run) -> None:
    edit(zweite / ZWEITE, "    - name: Stadt Andernach\n      art: stadt\n", "")
    for name in ("Stadt Bendorf", "Stadt Neuwied", "Verbandsgemeinde Vordereifel"):
        text = (zweite / ZWEITE).read_text(encoding="utf-8")
        text = re.sub(rf"    - name: {name}\n(      \w+: .+\n)+", "", text)
        (zweite / ZWEITE).write_text(text, encoding="utf-8")
    edit(
        zweite / ZWEITE,
        "    - name: Verbandsgemeinde Maifeld\n      art: verbandsgemeinde\n"
        "      status: abgesagt\n",
        "    - name: Verbandsgemeinde Maifeld\n      art: verbandsgemeinde\n",
    )
    result = cli("build", BV, "-f", "txt")
    assert result.exit_code == 0, result.output
    assert any(
        p.startswith("Bislang zeigte sich die Verbandsgemeinde Maifeld interessiert daran")
        for p in paragraphs(zweite)
    )


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("data/", "templates/"))]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  laufzeit_jahre: 6\n",
            "  kommunen: 5\n  laufzeit_jahre: 6\n",
            f"{ZWEITE}:19: kooperation.kommunen: 5 Kommunen angegeben, die Liste 'partner' "
            "ergibt aber 4 (gezählt ohne die eigene Stadt, ohne Kreisverwaltungen und ohne "
            "abgesagte); die Zahl berichtigen oder die Zeile löschen, sie folgt aus der Liste",
            id="kommunen-widerspricht",
        ),
        pytest.param(
            "effizienzgewinn_prozent: 18",
            "effizienzgewinn_prozent: 12.5",
            f"{ZWEITE}:20: kooperation.effizienzgewinn_prozent: angestrebter Effizienzgewinn "
            "von 12,5 % liegt unter dem Mindestwert des Förderprogramms (15 %)",
            id="effizienz-unter-minimum",
        ),
        pytest.param(
            "      art: verbandsgemeinde\n",
            "      art: verbandsgemeide\n",
            f"{ZWEITE}:15: kooperation.partner[4].art: Partnerart 'verbandsgemeide' gibt es in "
            "data/stadt.yaml unter 'partnerarten:' nicht; dort steht 'verbandsgemeinde' – "
            "Tippfehler?",
            id="art-unbekannt",
        ),
        pytest.param(
            "    - name: Stadt Neuwied\n",
            "    - name: Stadt Mayen\n",
            f"{ZWEITE}:11: kooperation.partner[3].name: die eigene Stadt (Stadt Mayen, aus "
            "data/stadt.yaml) zählt immer mit und steht nicht in der Liste; diesen Eintrag löschen",
            id="eigene-stadt-aufgefuehrt",
        ),
        pytest.param(
            "    - name: Stadt Neuwied\n",
            "    - name: Stadt Andernach\n",
            f"{ZWEITE}:11: kooperation.partner[3].name: 'Stadt Andernach' steht schon weiter "
            "oben in der Liste; jeden Partner nur einmal nennen",
            id="partner-doppelt",
        ),
        pytest.param(
            "    - name: Stadt Bendorf\n",
            "    - name: Stadt Bendorf\n      anzahl: 2\n",
            f"{ZWEITE}:8: kooperation.partner[2]: entweder 'name:' (ein Partner) oder "
            "'anzahl:' (mehrere ohne Namen) angeben",
            id="name-und-anzahl",
        ),
    ],
)
def test_cooperation_rules(zweite: Path, cli: Run, old: str, new: str, expected: str) -> None:
    edit(zweite / ZWEITE, old, new)
    result = cli("check", BV)
    assert result.exit_code == 1
    assert expected in errors(result.output), result.output


def test_too_few_partners_warn_and_none_at_all_is_an_error(zweite: Path, cli: Run) -> None:
    text = (zweite / ZWEITE).read_text(encoding="utf-8")
    for name in ("Stadt Bendorf", "Stadt Neuwied", "Verbandsgemeinde Vordereifel"):
        text = re.sub(rf"    - name: {name}\n(      \w+: .+\n)+", "", text)
    (zweite / ZWEITE).write_text(text, encoding="utf-8")
    result = cli("check", BV)  # Mayen and Andernach: two Kommunen, the table starts at three
    assert result.exit_code == 0, result.output
    assert errors(result.output) == [
        f"{ZWEITE}:5: Warnung: kooperation.partner: mit 2 Kommunen (die eigene Stadt "
        "mitgezählt) erreicht die Kooperation keine Förderstufe des Förderprogramms (die "
        "kleinste gilt ab 3 Kommunen)"
    ]
    edit(zweite / ZWEITE, "      art: stadt\n", "      art: stadt\n      status: abgesagt\n")
    result = cli("check", BV)
    assert result.exit_code == 1
    assert (
        f"{ZWEITE}:5: kooperation.partner: alle Partner haben abgesagt; eine Kooperation braucht "
        "mindestens einen Partner außer der eigenen Stadt"
    ) in errors(result.output)


def test_aim_of_efficiency_without_target_warns_and_the_baustein_names_the_value(
    zweite: Path, cli: Run
) -> None:
    edit(zweite / ZWEITE, "  effizienzgewinn_prozent: 18\n", "")
    result = cli("check", BV)
    assert result.exit_code == 1
    assert errors(result.output) == [
        f"{ZWEITE}:20: Warnung: kooperation.ziele: Ziel 'effizienzgewinn' "
        "ohne eigenen Wert: 'effizienzgewinn_prozent:' mit mindestens 15 ergänzen",
        "templates/bausteine/ikz/ziele.txt.j2:2: Filter 'prozent' erwartet eine Zahl, bekam "
        "nichts (das Feld ist leer): 'kooperation.effizienzgewinn_prozent' ist leer",
    ]


def test_history_is_optional_but_its_baustein_says_it_is_missing(zweite: Path, cli: Run) -> None:
    text = (zweite / ZWEITE).read_text(encoding="utf-8")
    text = re.sub(r"  gespraeche:\n(    .+\n)+", "", text)
    (zweite / ZWEITE).write_text(text, encoding="utf-8")
    edit(zweite / BV, "    - baustein: ikz/gespraeche\n", "")
    assert cli("check", BV).exit_code == 0
    edit(zweite / BV, "  sachverhalt:\n", "  sachverhalt:\n    - baustein: ikz/gespraeche\n")
    result = cli("check", BV)
    assert result.exit_code == 1
    assert errors(result.output) == [
        "templates/bausteine/ikz/gespraeche.txt.j2:2: 'kooperation.gespraeche' ist leer, hat "
        "also kein Feld 'beginn'; in den Daten ausfüllen oder in der Vorlage mit "
        "{% if kooperation.gespraeche %} abfragen"
    ]


def test_empty_value_is_named_with_its_baustein(project: Path, cli: Run) -> None:
    baustein = project / "templates/bausteine/ikz/gespraeche.txt.j2"
    edit(baustein, " if kooperation.gespraeche.mit else fakten.partner_namen_dativ", "")
    edit(
        project / KOOP,
        "    mit: den kreisangehörigen Kommunen und der Kreisverwaltung Mayen-Koblenz\n",
        "",
    )
    result = cli("check")
    assert result.exit_code == 1
    assert errors(result.output) == [
        "templates/bausteine/ikz/gespraeche.txt.j2:2: 'kooperation.gespraeche.mit' ist leer; "
        "in den Daten ausfüllen oder in der Vorlage mit {% if kooperation.gespraeche.mit %} "
        "abfragen"
    ]


README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_of_a_second_cooperation_builds_as_described(
    project: Path, cli: Run
) -> None:
    readme = README.read_text(encoding="utf-8")
    example = readme.split("**Eine zweite Kooperation**", 1)[1]
    facts_yaml = example.split("```yaml\n", 1)[1].split("```", 1)[0]
    (project / "data/fakten/ikz-bauakte.yaml").write_text(facts_yaml, encoding="utf-8")
    vorlage = BESCHLUSSVORLAGE.replace("ikz-digital.yaml", "ikz-bauakte.yaml")
    vorlage = vorlage.replace("    - baustein: ikz/gespraeche\n", "")
    (project / BV).write_text(vorlage, encoding="utf-8")
    result = cli("build", BV, "-f", "txt")
    assert result.exit_code == 0, result.output
    assert f"Bislang zeigten sich {NAMEN} interessiert" in "\n\n".join(paragraphs(project))
    edit(
        project / "data/fakten/ikz-bauakte.yaml",
        "  laufzeit_jahre",
        "  kommunen: 5\n  laufzeit_jahre",
    )
    result = cli("check", BV)
    message = example.split("meldet jede Prüfung:\n\n```\n", 1)[1].split("\n```", 1)[0]
    assert result.exit_code == 1
    assert errors(result.output) == [message]


def test_readme_lists_every_shipped_baustein() -> None:
    readme = README.read_text(encoding="utf-8")
    folder = README.parent / "templates" / "bausteine"
    shipped = sorted(
        p.relative_to(folder).as_posix().removesuffix(".txt.j2") for p in folder.rglob("*.txt.j2")
    )
    listed = re.findall(r"^\| `([a-z_]+/[a-z_]+)` \|", readme, re.M)
    assert sorted(listed) == shipped
