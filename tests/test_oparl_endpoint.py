"""The OParl endpoint folder (build/oparl/): served on 127.0.0.1 and walked from the System URL
by a generic OParl client, every object validated against the official OParl 1.1 schema."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from scripts.synthetic import make_project
from tests.conftest import MITTEILUNG, Run, edit
from tests.support.oparl import Walk, schema_folder, serving, walk

BASE = "http://127.0.0.1:"
#: Words of the sample Sitzungen's nichtöffentlich TOPs and of the nichtöffentlich Vorlage
#: added below: none may be in any file of the endpoint.
SECRET = ["Unterhaltsreinigung", "Los 2", "Teilfläche", "Flurstück", "345/6", "Gemarkung",
          "Zauberwald", "Geheimgrund", "9001/2025", "9001-2025", "Baron Beispielhaft"]  # fmt: skip
SECRET_VORLAGE = """vorlagenart: mitteilung
nummer: 9001/2025
datum: 05.11.2025
betreff: Ankauf des Zauberwaldes vom Baron Beispielhaft
bereich: Geheimgrund
sachbearbeitung: Frau Alter
oeffentlich: false
beratungsfolge:
  - gremium: stadtrat
    oeffentlich: false
abschnitte:
  information:
    - text: Der Zauberwald soll gekauft werden.
"""


def build_and_walk(project: Path, cli: Run, *args: str, validate: bool = True) -> Walk:
    """Build with -f oparl, serve build/oparl/ and walk it from the System URL."""
    result = cli("build", *args, "-f", "oparl")
    assert result.exit_code == 0, result.output
    with serving(project / "build" / "oparl") as system:
        found = walk(system, schema_folder(), validate)
    assert found.broken == []
    assert found.errors == []
    return found


def by_reference(found: Walk) -> dict[str, dict[str, Any]]:
    """The Papers reached, by Vorlagennummer."""
    return {p["reference"]: p for p in found.of_type("Paper")}


def test_the_sample_endpoint_walks_without_broken_links_or_schema_errors(
    project: Path, cli: Run
) -> None:
    found = build_and_walk(project, cli)
    assert sorted(by_reference(found)) == ["7939/2025", "8012/2025"]
    kinds = {o["type"].rsplit("/", 1)[1] for o in found.objects.values()}
    assert kinds == {"System", "Body", "Organization", "LegislativeTerm", "Paper", "File",
                     "Consultation", "Meeting", "AgendaItem", "Location"}  # fmt: skip
    (body,) = found.of_type("Body")
    assert body["name"] == "Stadt Mayen"
    assert [t["name"] for t in body["legislativeTerm"]] == ["Wahlperiode 2024–2029"]
    organizations = sorted(o["name"] for o in found.of_type("Organization"))
    assert organizations == ["Haupt- und Finanzausschuss", "Stadtrat", "Zentralbereiche"]
    assert found.content_types == {
        "application/json; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_meetings_list_their_agenda_items_in_order_with_results(project: Path, cli: Run) -> None:
    found = build_and_walk(project, cli)
    meetings = {m["name"]: m for m in found.of_type("Meeting")}
    hfa = meetings["Sitzung des Haupt- und Finanzausschusses am 20.11.2025"]
    rat = meetings["Sitzung des Stadtrates am 10.12.2025"]
    assert hfa["start"] == "2025-11-20T17:00:00+01:00"
    assert hfa["meetingState"] == "eingeladen"
    assert rat["meetingState"] == "durchgeführt"
    assert [(a["number"], a["public"]) for a in hfa["agendaItem"]] == [
        ("1", True), ("2", True), ("3", True), ("4", True), ("5", True),
        ("6", False), ("7", False),
    ]  # fmt: skip
    names = [a["name"] for a in rat["agendaItem"]]
    assert names == [
        "Einwohnerfragestunde",
        'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"',
        "Mitteilungen der Verwaltung",
        "Grundstücksangelegenheiten",
    ]
    top = rat["agendaItem"][1]
    assert top["result"] == "beschlossen"
    assert top["resolutionText"].startswith("Der Haupt- und Finanzausschuss empfiehlt")
    assert "Der Stadtrat beschließt die Teilnahme der Stadt Mayen" in top["resolutionText"]
    hidden = rat["agendaItem"][3]
    assert sorted(hidden) == ["created", "id", "meeting", "modified", "name", "number", "order",
                              "public", "type"]  # fmt: skip
    # the public Bekanntmachung is the invitation; the Einladung (with the nichtöffentlich
    # part) and the Niederschrift are not published
    assert hfa["invitation"]["fileName"] == "2025-11-20-hfa-bekanntmachung.docx"
    assert "resultsProtocol" not in rat


def test_paper_8012_has_both_consultations_linked_to_their_meetings(
    project: Path, cli: Run
) -> None:
    found = build_and_walk(project, cli)
    paper = by_reference(found)["8012/2025"]
    links = []
    for consultation in paper["consultation"]:
        meeting = found.objects[consultation["meeting"]]
        item = found.objects[consultation["agendaItem"]]
        assert item["consultation"] == consultation["id"]
        assert item["meeting"] == meeting["id"]
        links.append((found.objects[consultation["organization"][0]]["name"], item["number"]))
    assert links == [("Haupt- und Finanzausschuss", "3"), ("Stadtrat", "2")]
    assert found.objects[paper["relatedPaper"][0]]["reference"] == "7939/2025"


def _texts(folder: Path) -> dict[Path, str]:
    """The text of every file of the endpoint (of a .docx: its XML parts)."""
    out = {}
    for path in folder.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                parts = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
                out[path] = " ".join(z.read(n).decode("utf-8") for n in parts)
        elif path.is_file():
            out[path] = path.read_text(encoding="utf-8")
    return out


def test_nothing_nichtoeffentlich_is_in_any_file(project: Path, cli: Run) -> None:
    (project / "data/vorlagen/9001-2025-mitteilung.yaml").write_text(SECRET_VORLAGE, "utf-8")
    edit(
        project / "data/sitzungen/2025-12-10-stadtrat.yaml",
        "    nichtoeffentlich:\n",
        "    nichtoeffentlich:\n      - vorlage: 9001/2025\n        oeffentlicher_titel: "
        "Grundstücksangelegenheiten\n        ergebnis: zur Kenntnis genommen\n",
    )
    found = build_and_walk(project, cli, "-f", "txt")
    assert sorted(by_reference(found)) == ["7939/2025", "8012/2025"]
    rat = next(m for m in found.of_type("Meeting") if "Stadtrat" in m["name"])
    assert [a["name"] for a in rat["agendaItem"] if not a["public"]] == [
        "Grundstücksangelegenheiten",
        "Grundstücksangelegenheiten",
    ]
    texts = _texts(project / "build" / "oparl")
    assert len(texts) > 30
    leaks = [(path.name, word) for path, text in texts.items() for word in SECRET if word in text]
    assert leaks == []
    # the Einladung itself does name them: the words are real, the folder keeps them out
    einladung = (project / "build/2025-12-10-stadtrat-einladung.txt").read_text("utf-8")
    assert "Zauberwald" in einladung and "Flurstück" in einladung


def test_a_vorlage_made_nichtoeffentlich_leaves_the_folder(project: Path, cli: Run) -> None:
    build_and_walk(project, cli)
    folder = project / "build" / "oparl"
    assert (folder / "paper" / "7939-2025").is_file()
    edit(
        project / MITTEILUNG,
        "sachbearbeitung: Frau Alter\n",
        "sachbearbeitung: x\noeffentlich: false\n",
    )
    hfa_file = project / "data/sitzungen/2025-11-20-hfa.yaml"
    edit(hfa_file, "      - vorlage: 7939/2025\n", "")
    edit(
        hfa_file,
        "    nichtoeffentlich:\n",
        "    nichtoeffentlich:\n      - vorlage: 7939/2025\n"
        "        oeffentlicher_titel: Mitteilungen\n",
    )
    found = build_and_walk(project, cli)
    assert sorted(by_reference(found)) == ["8012/2025"]
    assert "relatedPaper" not in by_reference(found)["8012/2025"]
    names = {p.name for p in folder.rglob("*")}
    assert not {n for n in names if n.startswith("7939")}
    (hfa,) = [m for m in found.of_type("Meeting") if "Haupt" in m["name"]]
    assert [a["name"] for a in hfa["agendaItem"] if not a["public"]] == [
        "Mitteilungen",
        "Vergabeangelegenheiten",
        "Anfragen",
    ]
    # no object names it (the Beschlussvorlage's own document still lists it as its Anlage)
    texts = _texts(folder)
    assert [p.name for p, text in texts.items() if "7939" in text and "." not in p.name] == []


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _modified(folder: Path) -> dict[str, str]:
    """The ``modified`` of every object file, by path."""
    out = {}
    for name, data in _files(folder).items():
        obj = json.loads(data) if "." not in name else {}
        if "modified" in obj:
            out[name] = obj["modified"]
    return out


def test_same_data_same_bytes_and_a_changed_vorlage_changes_only_its_objects(
    project: Path, cli: Run
) -> None:
    folder = project / "build" / "oparl"
    build_and_walk(project, cli)
    first, before = _files(folder), _modified(folder)
    build_and_walk(project, cli)
    assert _files(folder) == first
    edit(project / MITTEILUNG, "datum: 22.09.2025", "datum: 24.09.2025")
    build_and_walk(project, cli)
    after = _modified(folder)
    changed = sorted(name for name in after if after[name] != before[name])
    # consultation 1 took place on 20.11.2025: its Meeting's day stays its modified
    assert changed == [
        "consultation/7939-2025-2",
        "file/7939-2025-mitteilung-docx",
        "paper/7939-2025",
    ]
    assert after["paper/7939-2025"] == "2025-09-24T00:00:00+00:00"


def test_small_pages_are_followed_through_links_next(project: Path, cli: Run) -> None:
    found = build_and_walk(project, cli, "--oparl-seite", "2")
    pages = [p for url, p in found.pages.items() if "/list/agendaItem" in url]
    assert len(pages) == 6  # 11 AgendaItems, 2 a page
    assert sorted(p["pagination"]["currentPage"] for p in pages) == [1, 2, 3, 4, 5, 6]
    assert sum(len(p["data"]) for p in pages) == 11
    assert len(found.of_type("AgendaItem")) == 11


@pytest.mark.libreoffice
def test_files_are_the_built_pdfs(project: Path, cli: Run) -> None:
    from tests.conftest import need_libreoffice

    need_libreoffice()
    found = build_and_walk(project, cli, "-f", "pdf")
    files = {f["fileName"]: f for f in found.of_type("File")}
    assert sorted(files) == [
        "2025-11-20-hfa-bekanntmachung.pdf",
        "2025-12-10-stadtrat-bekanntmachung.pdf",
        "7939-2025-mitteilung.pdf",
        "8012-2025-beschlussvorlage.pdf",
    ]
    pdf = (project / "build/8012-2025-beschlussvorlage.pdf").read_bytes()
    assert files["8012-2025-beschlussvorlage.pdf"]["sha512Checksum"] == (
        hashlib.sha512(pdf).hexdigest()
    )
    assert all(data.startswith(b"%PDF") for data in found.downloads.values())


def test_2000_synthetic_vorlagen_are_paged(tmp_path: Path, cli: Run, monkeypatch: Any) -> None:
    make_project(tmp_path, 2000)
    monkeypatch.chdir(tmp_path)
    found = build_and_walk(tmp_path, cli)
    assert len(by_reference(found)) == 2002  # with the two samples
    pages = sorted(
        (p["pagination"]["currentPage"], len(p["data"]), "next" in p["links"])
        for url, p in found.pages.items()
        if "/list/paper" in url
    )
    assert pages == [(n, 100, True) for n in range(1, 21)] + [(21, 2, False)]
