"""Text from data is data: special characters arrive unchanged, templates never run it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tests.conftest import MITTEILUNG, Run, edit
from tests.support.documents import NASTY, all_docx_text


@pytest.mark.parametrize("field", ["betreff", "bereich", "sachbearbeitung", "text"])
def test_special_characters_arrive_unchanged(project: Path, cli: Run, field: str) -> None:
    data = project / MITTEILUNG
    quoted = '"' + NASTY.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if field == "text":
        edit(data, "- text: Die Verwaltung wird zum Thema weiter berichten.", f"- text: {quoted}")
    else:
        text = data.read_text(encoding="utf-8")
        lines = [
            f"{field}: {quoted}" if line.startswith(f"{field}:") else line
            for line in text.split("\n")
        ]
        data.write_text("\n".join(lines), encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    txt = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert NASTY in txt
    assert NASTY in all_docx_text(project / "build/7939-2025-mitteilung.docx")
    if field == "betreff":
        props = docx.Document(str(project / "build/7939-2025-mitteilung.docx")).core_properties
        assert props.title == NASTY


def test_line_breaks_and_tabs_in_prose(project: Path, cli: Run) -> None:
    edit(
        project / MITTEILUNG,
        "- text: Die Verwaltung wird zum Thema weiter berichten.",
        '- text: "Erste Zeile\\nzweite Zeile\\tmit Tab"',
    )
    assert cli("build").exit_code == 0
    document = docx.Document(str(project / "build/7939-2025-mitteilung.docx"))
    assert document.paragraphs[-1].text == "Erste Zeile\nzweite Zeile\tmit Tab"
    txt = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert txt.endswith("Erste Zeile\nzweite Zeile\tmit Tab")
