"""Sitzungen: Einladung, Bekanntmachung, Niederschrift and Beschlussauszug from the sample
Sitzungen, the Sitzungstermin stated once, and every rule of the GemO with its message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import Run, edit, need_libreoffice, pdf_text
from tests.support.pdf import empty_pdfs_for

HFA = "data/sitzungen/2025-11-20-hfa.yaml"
SR = "data/sitzungen/2025-12-10-stadtrat.yaml"
BV = "data/vorlagen/8012-2025-beschlussvorlage.yaml"
MI = "data/vorlagen/7939-2025-mitteilung.yaml"
BETREFF_MI = 'interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"'
BETREFF_BV = 'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"'


def messages(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("data/")]


def test_every_sitzung_gets_its_documents_named_by_date_and_gremium(
    project: Path, cli: Run
) -> None:
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "2 Vorlage(n) und 2 Sitzung(en) gebaut, 0 fehlgeschlagen" in result.output
    names = {p.name for p in (project / "build").glob("20*")}
    expected = {
        f"2025-11-20-hfa-{d}.{f}" for d in ("einladung", "bekanntmachung") for f in ("docx", "txt")
    } | {
        f"2025-12-10-stadtrat-{d}.{f}"
        for d in ("einladung", "bekanntmachung", "niederschrift", "beschlussauszug-top-2")
        for f in ("docx", "txt")
    }
    expected |= {f"2025-12-10-stadtrat-beschlussauszug-top-4.{f}" for f in ("docx", "txt")}
    assert names == expected  # the HFA has no results yet: no Niederschrift


def test_einladung_lists_the_vorlagen_with_their_betreff(project: Path, cli: Run) -> None:
    assert cli("build").exit_code == 0
    text = (project / "build" / "2025-11-20-hfa-einladung.txt").read_text(encoding="utf-8")
    assert f"TOP 2\tMitteilung 7939/2025: {BETREFF_MI}\n" in text
    assert f"TOP 3\tBeschlussvorlage 8012/2025: {BETREFF_BV}\n" in text
    # the nichtöffentlich part goes on counting, with its subject (the members need it)
    assert "Nichtöffentlicher Teil\n\nTOP 6\tVergabe der Unterhaltsreinigung" in text
    word = Document(str(project / "build" / "2025-11-20-hfa-einladung.docx"))
    rows = [[c.text for c in row.cells] for row in word.tables[1].rows]
    assert rows[0] == ["TOP", "Gegenstand", "Vorlage"]
    assert rows[2] == ["2", BETREFF_MI, "Mitteilung 7939/2025"]
    assert rows[3] == ["3", BETREFF_BV, "Beschlussvorlage 8012/2025"]
    assert word.core_properties.title == (
        "Einladung: Sitzung des Haupt- und Finanzausschusses am 20.11.2025"
    )


def test_beratungsfolge_takes_date_and_top_from_the_sitzungen(project: Path, cli: Run) -> None:
    edit(project / HFA, "datum: 20.11.2025", "datum: 19.11.2025")
    result = cli("build")
    assert result.exit_code == 0, result.output
    text = (project / "build" / "8012-2025-beschlussvorlage.txt").read_text(encoding="utf-8")
    assert "Haupt- und Finanzausschuss\t19.11.2025, TOP 3\tVorberatung\tö\n" in text
    assert "Stadtrat\t10.12.2025, TOP 2\tEntscheidung\tö\n" in text
    word = Document(str(project / "build" / "8012-2025-beschlussvorlage.docx"))
    cells = [[c.text for c in row.cells] for row in word.tables[1].rows]
    assert ["Haupt- und Finanzausschuss", "19.11.2025, TOP 3", "Vorberatung", "ö"] in cells
    einladung = project / "build" / "2025-11-19-hfa-einladung.txt"
    assert "am 19. November 2025 um 17:00 Uhr" in einladung.read_text(encoding="utf-8")


def test_niederschrift_and_beschlussauszug_carry_the_resolution_and_the_vote(
    project: Path, cli: Run
) -> None:
    assert cli("build").exit_code == 0
    build = project / "build"
    text = (build / "2025-12-10-stadtrat-niederschrift.txt").read_text(encoding="utf-8")
    assert "am 10. Dezember 2025, 18:00 bis 20:30 Uhr\n" in text
    assert "Anwesend (12): Herr Otto Beispiel (Vorsitz), Frau Anna Beispiel," in text
    assert "Abwesend: Herr Lars Fehlend (entschuldigt)\n" in text
    assert "Ergebnis: beschlossen (ja 10, nein 1, Enthaltungen 1)\n" in text
    # the wording is the Vorlage's Beschlussvorschlag
    assert "Der Stadtrat beschließt die Teilnahme der Stadt Mayen an der interkommunalen" in text
    auszug = (build / "2025-12-10-stadtrat-beschlussauszug-top-2.txt").read_text("utf-8")
    assert "aus der öffentlichen Sitzung des Stadtrates am 10.12.2025\n" in auszug
    assert "Vorlage: Beschlussvorlage 8012/2025 vom 03.11.2025\n" in auszug
    assert "Zur Ausführung an: Zentralbereiche, bis 15.03.2026\n" in auszug


def test_changed_wording_replaces_the_beschlussvorschlag(project: Path, cli: Run) -> None:
    edit(
        project / SR,
        "ergebnis: beschlossen\n        abstimmung:",
        "ergebnis: geändert beschlossen\n        wortlaut: Der Stadtrat beschließt die "
        "Teilnahme für 3 Jahre & <vorläufig> „KI“ 🤖.\n        abstimmung:",
    )
    assert cli("build", "-f", "txt", "-f", "docx").exit_code == 0
    auszug = (project / "build" / "2025-12-10-stadtrat-beschlussauszug-top-2.txt").read_text(
        encoding="utf-8"
    )
    assert "Der Stadtrat beschließt die Teilnahme für 3 Jahre & <vorläufig> „KI“ 🤖.\n" in auszug
    assert "mindestens 5 Jahren" not in auszug
    word = Document(str(project / "build" / "2025-12-10-stadtrat-beschlussauszug-top-2.docx"))
    assert any("3 Jahre & <vorläufig> „KI“ 🤖." in p.text for p in word.paragraphs)


NICHTOEFFENTLICH_VORLAGE = """\
vorlagenart: mitteilung
nummer: 8099/2025
datum: 03.11.2025
betreff: Schadensersatzforderung Zwergenweg-Kanal gegen Firma Quirlmeier
bereich: Zentralbereiche
sachbearbeitung: Frau Alter
oeffentlich: false
beratungsfolge:
  - gremium: hfa
abschnitte:
  information:
    - text: Vertraulich.
"""


def _public_words(folder: Path) -> dict[str, set[str]]:
    """The words of every public output (Bekanntmachungen, the public Beschlusskontrolle; HTML
    and OParl of public Vorlagen)."""
    build = folder / "build"
    public = [*build.glob("*-bekanntmachung.*"), *build.glob("beschlusskontrolle-oeffentlich.*")]
    # Einladung and Niederschrift are for the members; the Vorlage 8099 is nichtöffentlich
    vorlagen = [p for p in build.iterdir() if re.match(r"\d+-\d{4}-[a-z]", p.name)]
    public += [p for p in vorlagen if p.suffix in (".html", ".json") and "8099" not in p.name]
    found = {}
    for path in public:
        data = path.read_bytes()
        if path.suffix == ".docx":
            data = "\n".join(p.text for t in Document(str(path)).tables for p in _cells(t)).encode()
        found[path.name] = set(re.findall(r"\w+", data.decode("utf-8")))
    return found


def _cells(table: object) -> list[object]:
    return [p for row in table.rows for c in row.cells for p in c.paragraphs]  # type: ignore[attr-defined]


def test_no_word_of_a_nichtoeffentlich_topic_reaches_any_public_output(
    project: Path, cli: Run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (project / "data/vorlagen/8099-2025-mitteilung.yaml").write_text(NICHTOEFFENTLICH_VORLAGE)
    edit(
        project / HFA,
        "        oeffentlicher_titel: Anfragen\n",
        "        oeffentlicher_titel: Anfragen\n      - vorlage: 8099/2025\n"
        "        oeffentlicher_titel: Rechtsangelegenheiten\n",
    )
    edit(
        project / SR,
        "          frist: 31.01.2026\n",
        "          frist: 31.01.2026\n          vermerk: Kaufvertrag beim Notar Quastenflosser\n",
    )
    # the same project without the nichtöffentlich parts: words every public output has anyway
    bare = tmp_path_factory.mktemp("ohne")
    for name in ("data", "templates"):
        shutil.copytree(project / name, bare / name)
    for name in (HFA, SR):
        text = (bare / name).read_text(encoding="utf-8")
        (bare / name).write_text(
            re.sub(r"    nichtoeffentlich:\n(      .*\n|        .*\n)*", "", text), encoding="utf-8"
        )
    formats = ("-f", "docx", "-f", "txt", "-f", "html", "-f", "oparl")
    assert cli("build", *formats).exit_code == 0
    assert cli("-C", str(bare), "build", *formats).exit_code == 0
    secret = set()
    for name in (HFA, SR):
        text = (project / name).read_text(encoding="utf-8")
        part = text.split("    nichtoeffentlich:\n")[1]
        said = re.findall(r"(?:titel|wortlaut|vermerk): (.*)", part)
        secret |= set(re.findall(r"\w+", "\n".join(said)))
    secret = {w for w in secret if not w.isdigit() or len(w) > 2}  # not like a TOP number
    secret |= {"Schadensersatzforderung", "Zwergenweg", "Quirlmeier", "8099"}
    labels = {
        "Vergabeangelegenheiten",
        "Anfragen",
        "Rechtsangelegenheiten",
        "Grundstücksangelegenheiten",
    }
    with_part, without = _public_words(project), _public_words(bare)
    assert "2025-11-20-hfa-bekanntmachung.html" in with_part
    assert "beschlusskontrolle-oeffentlich.docx" in with_part
    assert "Quastenflosser" in (project / "build/beschlusskontrolle.txt").read_text("utf-8")
    for name, words in with_part.items():
        leaked = (words - without.get(name, set()) - labels) & secret
        assert not leaked, f"{name}: {sorted(leaked)}"
    bekanntmachung = (project / "build/2025-11-20-hfa-bekanntmachung.txt").read_text("utf-8")
    assert "TOP 6\tVergabeangelegenheiten\nTOP 7\tAnfragen\nTOP 8\tRechtsangelegenheiten" in (
        bekanntmachung
    )
    for word in ("Unterhaltsreinigung", "Zwergenweg", "8099"):
        assert word not in bekanntmachung
    einladung = (project / "build/2025-11-20-hfa-einladung.txt").read_text("utf-8")
    assert "TOP 8\tMitteilung 8099/2025: Schadensersatzforderung Zwergenweg-Kanal" in einladung


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [(HFA, "einladung: 13.11.2025", "einladung: 17.11.2025")],
            [
                f"{HFA}:10: sitzung.einladung: die Einladung vom 17.11.2025 liegt nur 2 volle "
                "Tage vor der Sitzung am 20.11.2025; § 34 GemO verlangt mindestens 4 volle Tage "
                "(data/stadt.yaml: sitzungen.ladungsfrist_tage). Früher einladen oder unter "
                "'dringlich:' begründen, warum die Sitzung dringlich ist"
            ],
            id="ladungsfrist",
        ),
        pytest.param(
            [(MI, "  - gremium: hfa\n", "")],
            [
                f"{HFA}:15: sitzung.tagesordnung.oeffentlich[2].vorlage: Vorlage 7939/2025 "
                "nennt 'hfa' (Haupt- und Finanzausschuss) nicht in ihrer Beratungsfolge "
                f"({MI}:10); das Gremium dort ergänzen oder den TOP auf die Tagesordnung des "
                "richtigen Gremiums setzen"
            ],
            id="gremium-nicht-in-beratungsfolge",
        ),
        pytest.param(
            [(HFA, "datum: 20.11.2025", "datum: 11.12.2025")],
            [
                f"{HFA}:16: sitzung.tagesordnung.oeffentlich[3].vorlage: Vorberatung der "
                "Vorlage 8012/2025 am 11.12.2025 liegt nach der Entscheidung im Gremium "
                f"'stadtrat' am 10.12.2025 ({SR}:7); die Vorberatung muss vor der Entscheidung "
                "stattfinden",
                f"{HFA}:16: sitzung.tagesordnung.oeffentlich[3].vorlage: Vorlage 8012/2025 ist "
                f"schon am 10.12.2025 entschieden ({SR}:17: beschlossen); sie kann nicht "
                "erneut offen auf einer Tagesordnung stehen",
            ],
            id="vorberatung-nach-entscheidung",
        ),
        pytest.param(
            [
                (
                    "data/stadt.yaml",
                    "abschnitte: [beschlussvorschlag, sachverhalt, finanzen]",
                    "abschnitte: [beschlussvorschlag, sachverhalt, finanzen, leer]",
                ),
                (BV, "  beschlussvorschlag:\n", "  leer:\n"),
                (BV, "  sachverhalt:\n", "  beschlussvorschlag: []\n  sachverhalt:\n"),
            ],
            [
                f"{HFA}:16: sitzung.tagesordnung.oeffentlich[3].vorlage: Beschlussvorlage "
                f"8012/2025 hat keinen Beschlussvorschlag ({BV}: abschnitte.beschlussvorschlag); "
                "ohne ihn kann das Gremium nicht beschließen (§ 34 GemO: Beratungsgegenstände "
                "mit Unterlagen)",
                f"{SR}:17: sitzung.tagesordnung.oeffentlich[2].vorlage: Beschlussvorlage "
                f"8012/2025 hat keinen Beschlussvorschlag ({BV}: abschnitte.beschlussvorschlag); "
                "ohne ihn kann das Gremium nicht beschließen (§ 34 GemO: Beratungsgegenstände "
                "mit Unterlagen)",
            ],
            id="kein-beschlussvorschlag",
        ),
        pytest.param(
            [(BV, "oeffentlich: true", "oeffentlich: false")],
            [
                f"{f}: sitzung.tagesordnung.oeffentlich[{i}].vorlage: Vorlage 8012/2025 ist "
                f"nichtöffentlich ({BV}:13) und darf nicht im öffentlichen Teil stehen "
                "(§ 35 GemO); den TOP unter 'nichtoeffentlich:' aufführen"
                for f, i in ((f"{HFA}:16", 3), (f"{SR}:17", 2))
            ],
            id="nichtoeffentliche-vorlage-im-oeffentlichen-teil",
        ),
        pytest.param(
            [(HFA, "        oeffentlicher_titel: Vergabeangelegenheiten\n", "")],
            [
                f"{HFA}:20: sitzung.tagesordnung.nichtoeffentlich[1]: nichtöffentlicher TOP "
                "ohne 'oeffentlicher_titel:': die Bekanntmachung nennt ihn nur mit einer "
                "allgemeinen Bezeichnung, z. B. 'Grundstücksangelegenheiten' (§ 34 GemO und "
                "Verwaltungsvorschrift)"
            ],
            id="ohne-oeffentlichen-titel",
        ),
        pytest.param(
            [(SR, "ja: 10,", "ja: 20,")],
            [
                f"{SR}:19: sitzung.tagesordnung.oeffentlich[2].abstimmung: 22 Stimmen (ja 20, "
                "nein 1, Enthaltungen 1), aber nur 12 Mitglieder anwesend "
                "(sitzung.anwesenheit.anwesend); Abstimmung prüfen (§ 41 GemO)"
            ],
            id="mehr-stimmen-als-anwesende",
        ),
        pytest.param(
            [(SR, "        ergebnis: zur Kenntnis genommen\n", "")],
            [
                f"{SR}:15: sitzung.tagesordnung.oeffentlich[1]: TOP 1 hat kein 'ergebnis:', die "
                "Sitzung ist aber gehalten ('anwesenheit:'); die Niederschrift nennt jedes "
                "Ergebnis (§ 41 GemO)"
            ],
            id="ohne-ergebnis",
        ),
        pytest.param(
            [
                (
                    HFA,
                    "- titel: Einwohnerfragestunde\n",
                    "- titel: Einwohnerfragestunde\n        ergebnis: zur Kenntnis genommen\n",
                )
            ],
            [
                f"{HFA}:15: sitzung.tagesordnung.oeffentlich[1].ergebnis: Ergebnis ohne "
                "'anwesenheit:' der Sitzung: für die Niederschrift (§ 41 GemO) Vorsitz, "
                "Schriftführung und Anwesende eintragen"
            ],
            id="ergebnis-ohne-anwesenheit",
        ),
        pytest.param(
            [(SR.replace("2025-12-10", "2026-01-20"), None, None)],
            [
                "data/sitzungen/2026-01-20-stadtrat.yaml:17: sitzung.tagesordnung.oeffentlich[2]"
                ".vorlage: Vorlage 8012/2025 ist schon am 10.12.2025 entschieden "
                f"({SR}:17: beschlossen); sie kann nicht erneut offen auf einer Tagesordnung "
                "stehen"
            ],
            id="schon-entschieden",
        ),
        pytest.param(
            [
                (
                    BV,
                    "    # Sitzungstermin und TOP: aus data/sitzungen/2025-11-20-hfa.yaml",
                    "    sitzung: 21.11.2025",
                )
            ],
            [
                f"{HFA}:16: sitzung.tagesordnung.oeffentlich[3].vorlage: Vorlage 8012/2025 nennt "
                f"den Sitzungstermin 21.11.2025 ({BV}:16: beratungsfolge[1].sitzung), diese "
                f"Sitzung ist am 20.11.2025 ({HFA}:7); den Termin in der Vorlage löschen, er "
                "kommt aus der Sitzung",
                f"{BV}:16: beratungsfolge[1].sitzung: Sitzungstermin 21.11.2025 widerspricht der "
                f"Sitzung {HFA}:7 (sitzung.datum: 20.11.2025, TOP 3); den Termin hier löschen, "
                "er kommt aus der Sitzung",
            ],
            id="termin-zweimal-verschieden",
        ),
        pytest.param(
            [(HFA, "vorlage: 7939/2025", "vorlage: 7940/2025")],
            [
                f"{HFA}:15: sitzung.tagesordnung.oeffentlich[2].vorlage: Vorlage 7940/2025 gibt "
                "es in den Daten nicht; einen TOP ohne Vorlage mit 'titel:' schreiben"
            ],
            id="unbekannte-vorlage",
        ),
        pytest.param(
            [(SR, "gremium: stadtrat", "gremium: stadtrta")],
            [
                f"{SR}:6: sitzung.gremium: Gremium 'stadtrta' gibt es in data/stadt.yaml unter "
                "'gremien:' nicht; dort steht 'stadtrat' – Tippfehler?"
            ],
            id="unbekanntes-gremium",
        ),
    ],
)
def test_rule_errors(
    project: Path,
    cli: Run,
    edits: list[tuple[str, str | None, str | None]],
    expected: list[str],
) -> None:
    for name, old, new in edits:
        if old is None:  # a copy of the Stadtrat session, six weeks later
            shutil.copy(project / SR, project / name)
            edit(project / name, "datum: 10.12.2025", "datum: 20.01.2026")
            edit(project / name, "einladung: 01.12.2025", "einladung: 12.01.2026")
        else:
            edit(project / name, old, new)
    result = cli("check")
    assert result.exit_code == 1, result.output
    found = [m for m in messages(result.output) if "sitzung" in m]
    # a held Sitzung with errors also stops the Beschlusskontrolle (test_beschlusskontrolle)
    found = [m for m in found if "Beschlusskontrolle nicht gebaut" not in m]
    assert sorted(found) == sorted(expected)
    assert "Traceback" not in result.output


def test_dringlich_allows_a_shorter_notice(project: Path, cli: Run) -> None:
    edit(
        project / HFA,
        "einladung: 13.11.2025",
        "einladung: 18.11.2025\n  dringlich: Förderfrist des Landes endet vor der nächsten Sitzung",
    )
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0, result.output
    text = (project / "build/2025-11-20-hfa-einladung.txt").read_text(encoding="utf-8")
    assert "Dringlichkeit: Förderfrist des Landes endet vor der nächsten Sitzung\n" in text


def test_a_broken_sitzung_writes_nothing_and_the_vorlagen_still_build(
    project: Path, cli: Run
) -> None:
    edit(project / HFA, "einladung: 13.11.2025", "einladung: 17.11.2025")
    result = cli("build")
    assert result.exit_code == 1
    assert "  fehlgeschlagen: data/sitzungen/2025-11-20-hfa.yaml" in result.output
    assert not list((project / "build").glob("2025-11-20-hfa-*"))
    assert (project / "build/2025-12-10-stadtrat-einladung.docx").exists()
    assert (project / "build/8012-2025-beschlussvorlage.docx").exists()


@pytest.mark.libreoffice
def test_sitzung_documents_become_pdf_with_libreoffice(project: Path, cli: Run) -> None:
    need_libreoffice()
    result = cli("build", SR, "-f", "docx", "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert "0 Vorlage(n) und 1 Sitzung(en) gebaut, 0 fehlgeschlagen" in result.output
    niederschrift = pdf_text(project / "build/2025-12-10-stadtrat-niederschrift.pdf")
    assert "Teilnahme an der interkommunalen Zusammenarbeit" in niederschrift
    assert "beschlossen (ja 10, nein 1, Enthaltungen 1)" in niederschrift
    bekanntmachung = pdf_text(project / "build/2025-12-10-stadtrat-bekanntmachung.pdf")
    assert "Grundstücksangelegenheiten" in bekanntmachung
    assert "Flurstück" not in bekanntmachung


def test_a_failed_sitzung_pdf_counts_as_a_failed_sitzung_not_vorlage(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_pdfs_for(project, monkeypatch, "stadtrat")
    result = cli("build", "-f", "pdf")
    assert result.exit_code == 1
    assert (
        "data/sitzungen/2025-12-10-stadtrat.yaml: keine PDF-Datei: LibreOffice hat "
        "2025-12-10-stadtrat-niederschrift.docx nicht umgewandelt"
    ) in result.output
    # four PDFs of one Sitzung failed: the Sitzung once, both Vorlagen still built
    assert "2 Vorlage(n) und 1 Sitzung(en) gebaut, 1 fehlgeschlagen" in result.output
    assert "  fehlgeschlagen: data/sitzungen/2025-12-10-stadtrat.yaml" in result.output


def test_two_files_of_the_same_sitzung_are_refused_both(project: Path, cli: Run) -> None:
    # found in a review: both made build/2025-11-20-hfa-einladung.docx, the later one won
    copy = "data/sitzungen/2025-11-20-hfa-kopie.yaml"
    shutil.copy(project / HFA, project / copy)
    result = cli("build")
    assert result.exit_code == 1
    for name, other in ((HFA, copy), (copy, HFA)):
        assert (
            f"{name}:7: sitzung.datum: dieselbe Sitzung (Gremium und Datum) steht auch in "
            f"{other}; ihre Dokumente hießen gleich (2025-11-20-hfa-…)"
        ) in result.output
        assert f"  fehlgeschlagen: {name}" in result.output
    assert not list((project / "build").glob("2025-11-20-hfa-*"))
