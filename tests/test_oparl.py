"""OParl export: every Paper and every object in it valid against the official OParl 1.1 schema."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MITTEILUNG, Run, edit
from tests.support.oparl import oparl_errors, schema_folder

MITTEILUNG_ID = "https://oparl.example.org/stadt-mayen/paper/7939-2025"
VORLAGE_ID = "https://oparl.example.org/stadt-mayen/paper/8012-2025"
BESCHLUSSVORLAGE = Path("data/vorlagen/8012-2025-beschlussvorlage.yaml")

# --- the schema files: OParl's own "schema": "X.json" links, followed by hand -------------


def test_resolver_reaches_nested_objects() -> None:
    folder = schema_folder()
    paper = {
        "id": MITTEILUNG_ID,
        "type": "https://schema.oparl.org/1.1/Paper",
        "mainFile": {"id": "https://x.example.org/f", "type": "https://schema.oparl.org/1.1/File"},
        "consultation": [{"id": "kein-url", "type": "https://schema.oparl.org/1.1/Consultation"}],
    }
    errors = oparl_errors(paper, "Paper.json", folder)
    assert "$.mainFile (File.json): 'accessUrl' is a required property" in errors
    assert "$.consultation[0] (Consultation.json): 'kein-url' is not a 'url'" in errors
    assert len(errors) == 2


# --- the export -------------------------------------------------------------------------------


def papers(project: Path, cli: Run, *args: str) -> dict[str, dict[str, Any]]:
    """Build with -f oparl and return each Paper by its reference."""
    result = cli("build", *args, "-f", "oparl")
    assert result.exit_code == 0, result.output
    out = {}
    for path in sorted((project / "build").glob("*.oparl.json")):
        paper = json.loads(path.read_text(encoding="utf-8"))
        out[paper["reference"]] = paper
    return out


def test_both_sample_documents_are_valid_oparl(project: Path, cli: Run) -> None:
    folder = schema_folder()
    found = papers(project, cli)
    assert sorted(found) == ["7939/2025", "8012/2025"]
    for paper in found.values():
        assert oparl_errors(paper, "Paper.json", folder) == []


def test_sample_documents_reference_each_other(project: Path, cli: Run) -> None:
    # the Beschlussvorlage names the Mitteilung under Anlagen; the Mitteilung links back
    found = papers(project, cli)
    assert found["7939/2025"]["id"] == MITTEILUNG_ID
    assert found["8012/2025"]["id"] == VORLAGE_ID
    assert found["8012/2025"]["relatedPaper"] == [MITTEILUNG_ID]
    assert found["7939/2025"]["relatedPaper"] == [VORLAGE_ID]


def test_links_do_not_depend_on_what_is_built(project: Path, cli: Run) -> None:
    found = papers(project, cli, str(MITTEILUNG))
    assert list(found) == ["7939/2025"]
    assert found["7939/2025"]["relatedPaper"] == [VORLAGE_ID]


def test_no_links_without_anlagen(project: Path, cli: Run) -> None:
    edit(project / BESCHLUSSVORLAGE, "anlagen:\n  - vorlage: 7939/2025\n", "")
    found = papers(project, cli)
    assert "relatedPaper" not in found["7939/2025"]
    assert "relatedPaper" not in found["8012/2025"]


def test_paper_fields_from_the_data(project: Path, cli: Run) -> None:
    paper = papers(project, cli)["8012/2025"]
    assert paper["name"] == (
        'Teilnahme an der interkommunalen Zusammenarbeit zum Thema "künstliche Intelligenz"'
    )
    assert paper["date"] == "2025-11-03"
    assert paper["paperType"] == "Beschlussvorlage"
    assert paper["underDirectionOf"] == [
        "https://oparl.example.org/stadt-mayen/organization/bereich-zentralbereiche"
    ]
    assert paper["mitteilung:sachbearbeitung"] == "Frau Alter"
    # no wall-clock time: the document's date stands for created and modified
    assert paper["created"] == paper["modified"] == "2025-11-03T00:00:00+00:00"


def test_consultations_follow_the_beratungsfolge(project: Path, cli: Run) -> None:
    found = papers(project, cli)
    org = "https://oparl.example.org/stadt-mayen/organization/gremium-"
    steps = [
        (c["id"], c["organization"], c["role"], c["authoritative"])
        for c in found["8012/2025"]["consultation"]
    ]
    # ids beside the Paper, not below it: in the endpoint folder paper/8012-2025 is a file
    consultation = "https://oparl.example.org/stadt-mayen/consultation/8012-2025-"
    assert steps == [
        (consultation + "1", [org + "hfa"], "Vorberatung", False),
        (consultation + "2", [org + "stadtrat"], "Entscheidung", True),
    ]
    roles = [(c["role"], c["authoritative"]) for c in found["7939/2025"]["consultation"]]
    assert roles == [("Kenntnisnahme", False), ("Kenntnisnahme", False)]


def test_main_file_describes_the_written_docx(project: Path, cli: Run) -> None:
    # -f oparl alone brings the .docx along: the Paper must describe a file that exists
    paper = papers(project, cli)["7939/2025"]
    docx = (project / "build/7939-2025-mitteilung.docx").read_bytes()
    main = paper["mainFile"]
    assert main["fileName"] == "7939-2025-mitteilung.docx"
    assert main["size"] == len(docx)
    assert main["sha512Checksum"] == hashlib.sha512(docx).hexdigest()
    assert main["mimeType"].endswith("wordprocessingml.document")


def test_export_is_deterministic(project: Path, cli: Run) -> None:
    papers(project, cli)
    path = project / "build/7939-2025-mitteilung.oparl.json"
    before = path.read_bytes()
    papers(project, cli)
    assert path.read_bytes() == before


def test_missing_base_url_is_a_german_error(project: Path, cli: Run) -> None:
    edit(project / "data/stadt.yaml", "  oparl_basis: https://", "  #oparl_basis: https://")
    result = cli("build", "-f", "oparl")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        "data/stadt.yaml:4: stadt.oparl_basis: fehlt: für -f oparl die Basis-URL"
    )
    assert not (project / "build").exists()


def test_base_url_must_be_a_url(project: Path, cli: Run) -> None:
    edit(
        project / "data/stadt.yaml",
        "oparl_basis: https://oparl.example.org/stadt-mayen",
        "oparl_basis: oparl.example.org",
    )
    result = cli("build", "-f", "oparl")
    assert result.exit_code == 1
    assert "stadt.oparl_basis: 'oparl.example.org' ist keine URL" in result.output


def test_kind_without_word_template_has_no_main_file(project: Path, cli: Run) -> None:
    edit(project / "data/stadt.yaml", "    word: mitteilung.docx\n", "")
    paper = papers(project, cli)["7939/2025"]
    assert "mainFile" not in paper
    assert oparl_errors(paper, "Paper.json", schema_folder()) == []
    assert not (project / "build/7939-2025-mitteilung.docx").exists()


# --- identifiers: URLs valid, ids unique ----------------------------------------------------


def test_a_number_with_an_umlaut_gives_percent_encoded_file_urls(project: Path, cli: Run) -> None:
    edit(project / "data/stadt.yaml", 'nummer: "{nr}/{jahr}"', 'nummer: "Bü-{nr}/{jahr}"')
    edit(project / MITTEILUNG, "nummer: 7939/2025", "nummer: Bü-7939/2025")
    paper = papers(project, cli, str(MITTEILUNG))["Bü-7939/2025"]
    base = "https://oparl.example.org/stadt-mayen/"
    assert paper["mainFile"]["fileName"] == "Bü-7939-2025-mitteilung.docx"
    # the File object and, beside it, the document itself (endpoint folder: file/, download/)
    assert (paper["mainFile"]["id"], paper["mainFile"]["accessUrl"]) == (
        base + "file/B%C3%BC-7939-2025-mitteilung-docx",
        base + "download/B%C3%BC-7939-2025-mitteilung.docx",
    )
    assert paper["id"] == "https://oparl.example.org/stadt-mayen/paper/bue-7939-2025"
    assert (project / "build" / "Bü-7939-2025-mitteilung.docx").is_file()
    assert oparl_errors(paper, "Paper.json", schema_folder()) == []


def test_arabic_indic_digits_do_not_pass_the_number_check(project: Path, cli: Run) -> None:
    edit(project / MITTEILUNG, "nummer: 7939/2025", "nummer: ٧٩٣٩/2025")
    result = cli("build", str(MITTEILUNG), "-f", "oparl")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{MITTEILUNG}:4: nummer: '٧٩٣٩/2025' passt nicht zum Muster '{{nr}}/{{jahr}}' der "
        "Vorlagenart (z. B. 7939/2025)"
    )
    assert not (project / "build").exists()


def test_two_gremien_with_the_same_organization_id_are_an_error(project: Path, cli: Run) -> None:
    gremium = "    artikel: der\n    genitiv: des Bauausschusses\n"
    edit(
        project / "data/stadt.yaml",
        "  stadtrat:\n",
        f"  bau_umwelt:\n    name: Bau & Umwelt\n{gremium}"
        f"  bau-umwelt:\n    name: Bau + Umwelt\n{gremium}  stadtrat:\n",
    )
    lines = (project / "data/stadt.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  bau-umwelt:") + 1
    result = cli("build", "-f", "oparl")
    lines = (project / "data/stadt.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  bau-umwelt:") + 1
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"data/stadt.yaml:{line}: gremien.bau-umwelt: die Gremien 'bau_umwelt' und 'bau-umwelt' "
        "ergeben dieselbe OParl-Kennung "
        "https://oparl.example.org/stadt-mayen/organization/gremium-bau-umwelt; einen der "
        "Schlüssel ändern ('-' und '_' gelten dort gleich)"
    ]
    assert not (project / "build").exists()


@pytest.mark.usefixtures("no_sitzungen")
def test_two_bereiche_with_the_same_organization_id_fail_the_second(
    project: Path, cli: Run
) -> None:
    edit(project / MITTEILUNG, "bereich: Zentralbereiche", "bereich: Bau & Umwelt")
    edit(project / BESCHLUSSVORLAGE, "bereich: Zentralbereiche", "bereich: Bau + Umwelt")
    result = cli("build", "-f", "oparl")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{BESCHLUSSVORLAGE}:11: bereich: 'Bau + Umwelt' ergibt dieselbe OParl-Kennung wie "
        f"'Bau & Umwelt' (in {MITTEILUNG}): "
        "https://oparl.example.org/stadt-mayen/organization/bereich-bau-umwelt; den Bereich "
        "überall gleich schreiben"
    )
    assert f"  fehlgeschlagen: {BESCHLUSSVORLAGE}" in result.output.splitlines()
    built = {p.name for p in (project / "build").iterdir()}
    assert {"7939-2025-mitteilung.docx", "7939-2025-mitteilung.oparl.json"} <= built
    assert not {n for n in built if n.startswith("8012-2025")}


def test_two_numbers_with_the_same_paper_id_fail(project: Path, cli: Run) -> None:
    edit(project / "data/stadt.yaml", 'nummer: "{nr}/{jahr}"', 'nummer: "{nr}-{jahr}"')
    edit(project / MITTEILUNG, "nummer: 7939/2025", "nummer: 7939-2025")
    copy = project / "data/vorlagen/kopie.yaml"
    text = (project / BESCHLUSSVORLAGE).read_text(encoding="utf-8")
    copy.write_text(text.replace("nummer: 8012/2025", "nummer: 7939/2025"), encoding="utf-8")
    result = cli("build", str(copy), "-f", "oparl")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "data/vorlagen/kopie.yaml:7: nummer: '7939/2025' ergibt dieselbe OParl-Kennung wie "
        f"'7939-2025' (in {MITTEILUNG}): https://oparl.example.org/stadt-mayen/paper/7939-2025; "
        "eine Nummer ändern"
    )
    assert not list((project / "build").glob("*.*"))


BASE_HELP = (
    "die Basis-URL darf kein '#', kein '?', kein Leerzeichen und keine Umlaute enthalten "
    "(Umlaute im Servernamen als xn--…, im Pfad als %C3%A4 schreiben), z. B. "
    "https://ris.beispielstadt.de/oparl/v1"
)


@pytest.mark.parametrize(
    ("base", "what"),
    [
        ("https://ris.example.org/oparl#v1", "'#'"),
        ("https://ris.example.org/oparl?v=1", "'?'"),
        ("https://bürger.example.org/oparl", "'ü'"),
        ("https://ris.example.org/o parl", "ein Leerzeichen"),
    ],
)
def test_base_url_with_fragment_query_or_non_ascii_is_refused(
    project: Path, cli: Run, base: str, what: str
) -> None:
    edit(project / "data/stadt.yaml", "https://oparl.example.org/stadt-mayen", base)
    result = cli("build")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"data/stadt.yaml:8: stadt.oparl_basis: '{base}' enthält {what}; {BASE_HELP}"
    ]
    assert not (project / "build").exists()
