"""The Beschlusskontrolle: every resolution of the held Sitzungen with the state of its execution,
for the administration and for the public, overdue against a fixed Stichtag."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tests.conftest import Run, edit

SR = "data/sitzungen/2025-12-10-stadtrat.yaml"
STADT = "data/stadt.yaml"
GRUNDSTUECK = "Erwerb einer Teilfläche des Grundstücks Gemarkung Mayen, Flur 12, Flurstück 345/6"


def _xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read(part).decode("utf-8")


def _stichtag(project: Path, tag: str) -> None:
    edit(
        project / STADT, "  ladungsfrist_tage: 4\n", f"  ladungsfrist_tage: 4\n  stichtag: {tag}\n"
    )


def test_both_lists_in_every_format_open_first(project: Path, cli: Run) -> None:
    formats = ("-f", "docx", "-f", "txt", "-f", "html")
    assert cli("build", *formats).exit_code == 0
    build = project / "build"
    for stem in ("beschlusskontrolle", "beschlusskontrolle-oeffentlich"):
        assert {p.suffix for p in build.glob(f"{stem}.*")} == {".docx", ".txt", ".html"}
    text = (build / "beschlusskontrolle.txt").read_text(encoding="utf-8")
    assert "Stand: 10.12.2025\n2 Beschlüsse, davon 0 überfällig\n" in text
    # the open resolution (TOP 4) before the one in progress (TOP 2)
    assert text.index("TOP 4\n") < text.index("TOP 2, Vorlage 8012/2025\n")
    assert (
        "Stadtrat, 10.12.2025, TOP 2, Vorlage 8012/2025\n"
        'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"\n'
        "Ergebnis: beschlossen\nStand: in Arbeit\nZuständig: Zentralbereiche, Frist: 15.03.2026\n"
        "Vermerk: Vereinbarung mit den Partnern im Entwurf, Förderantrag in Vorbereitung.\n"
    ) in text
    public = (build / "beschlusskontrolle-oeffentlich.txt").read_text(encoding="utf-8")
    assert "1 Beschluss, davon 0 überfällig\n" in public
    assert "TOP 4" not in public and "Grundstück" not in public
    xml = _xml(build / "beschlusskontrolle.docx")
    assert GRUNDSTUECK in xml
    assert "Vorlage 8012/2025: Teilnahme an der interkommunalen" in xml
    assert "<w:tblHeader" in xml  # a real header row
    assert 'w:lang w:val="de-DE"' in _xml(build / "beschlusskontrolle.docx", "word/styles.xml")
    core = _xml(build / "beschlusskontrolle-oeffentlich.docx", "docProps/core.xml")
    assert "Beschlusskontrolle (öffentliche Beschlüsse), Stand 10.12.2025</dc:title>" in core
    html = (build / "beschlusskontrolle.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert '<th scope="col">Stand</th>' in html


def test_a_frist_before_the_stichtag_is_overdue_unless_done(project: Path, cli: Run) -> None:
    _stichtag(project, "01.02.2026")
    assert cli("build", "-f", "txt", "-f", "html").exit_code == 0
    text = (project / "build" / "beschlusskontrolle.txt").read_text(encoding="utf-8")
    assert "Stand: 01.02.2026\n2 Beschlüsse, davon 1 überfällig\n" in text
    assert f"{GRUNDSTUECK}\nErgebnis: beschlossen\nStand: offen – ÜBERFÄLLIG\n" in text
    assert "Stand: in Arbeit\n" in text  # 15.03.2026 is still to come
    html = (project / "build" / "beschlusskontrolle.html").read_text(encoding="utf-8")
    assert '<td class="ueberfaellig">offen (überfällig)</td>' in html
    edit(project / SR, "status: offen", "status: erledigt")
    assert cli("build", "-f", "txt").exit_code == 0
    text = (project / "build" / "beschlusskontrolle.txt").read_text(encoding="utf-8")
    assert "davon 0 überfällig" in text and "ÜBERFÄLLIG" not in text
    # what is done goes last
    assert text.index("Stand: in Arbeit") < text.index("Stand: erledigt")


def test_the_same_data_give_the_same_files(project: Path, cli: Run) -> None:
    assert cli("build", "-f", "docx", "-f", "txt").exit_code == 0
    build = project / "build"
    first = {p.name: p.read_bytes() for p in build.glob("beschlusskontrolle*")}
    assert cli("build", "-f", "docx", "-f", "txt", "-o", "wieder").exit_code == 0
    again = {p.name: p.read_bytes() for p in (project / "wieder").glob("beschlusskontrolle*")}
    assert first == again and len(first) == 4


def test_umsetzung_is_validated_with_file_line_and_field(project: Path, cli: Run) -> None:
    edit(project / SR, "status: in Arbeit", "status: fertig")
    edit(project / SR, "frist: 15.03.2026", "frist: Ostern")
    result = cli("build", "-f", "txt")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("data/")]
    assert lines == [
        f"{SR}:21: sitzung.tagesordnung.oeffentlich[2].umsetzung.status: erwartet wird eines "
        "von: 'offen', 'in Arbeit' oder 'erledigt'; gefunden: 'fertig'",
        f"{SR}:23: sitzung.tagesordnung.oeffentlich[2].umsetzung.frist: Datum erwartet, "
        "gefunden: 'Ostern'; schreiben Sie TT.MM.JJJJ (z. B. 15.10.2025) oder JJJJ-MM-TT",
        f"{STADT}:142: sitzungsdokumente: Beschlusskontrolle nicht gebaut: die Sitzung {SR} "
        "hat Fehler; diese zuerst beheben (die Liste nennt die Beschlüsse aller Sitzungen)",
    ]
    assert not list((project / "build").glob("beschlusskontrolle*"))  # nothing half-written


def test_a_resolution_without_umsetzung_is_a_warning(project: Path, cli: Run) -> None:
    text = (project / SR).read_text(encoding="utf-8")
    (project / SR).write_text(
        re.sub(r"        umsetzung:\n          status: in Arbeit\n(          .*\n)*", "", text),
        encoding="utf-8",
    )
    result = cli("build", "-f", "txt")
    assert result.exit_code == 0
    assert (
        f"{SR}:18: Warnung: sitzung.tagesordnung.oeffentlich[2].ergebnis: TOP 2 ist "
        "beschlossen, aber ohne 'umsetzung:' (status, bereich, frist); die "
        "Beschlusskontrolle führt ihn dann ohne zuständigen Bereich und Frist"
    ) in result.output
    text = (project / "build" / "beschlusskontrolle.txt").read_text(encoding="utf-8")
    assert "TOP 2, Vorlage 8012/2025\n" in text and "Stand: nicht erfasst\n" in text
    assert cli("build", "--strict", "-f", "txt").exit_code == 1
