"""The shipped Word templates carry only the styles they use (issue 14, point 6)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from scripts import make_templates as mt  # the script that writes templates/*.docx

TEMPLATES = sorted(Path("templates").glob("**/*.docx"))
_ID = re.compile(rb'<w:style [^>]*w:styleId="([^"]+)"')
_LINK = re.compile(rb'<w:(?:basedOn|link|next) w:val="([^"]+)"')


def _styles(path: Path) -> tuple[bytes, set[str]]:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/styles.xml")
        # what the body, headers, footers and numbering name
        return xml, mt._style_references(package)


def test_every_shipped_template_is_checked() -> None:
    names = {p.as_posix() for p in TEMPLATES}
    assert {"templates/mitteilung.docx", "templates/sitzung/einladung.docx"} <= names
    assert len(TEMPLATES) >= 6


@pytest.mark.parametrize("path", TEMPLATES, ids=str)
def test_template_keeps_only_used_styles(path: Path) -> None:
    xml, used = _styles(path)
    defined = {m.decode() for m in _ID.findall(xml)}
    linked = {m.decode() for m in _LINK.findall(xml)}
    defaults = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    assert used <= defined  # every style a part names is there ...
    assert linked <= defined  # ... and every style a style leads to
    assert defined <= used | linked | defaults  # and nothing else
    assert {"Heading1", "TableGrid", "Header", "Footer"} <= defined
    assert len(xml) < 25_000  # python-docx's default: 349 kB, 164 styles
    assert b"<w:lang " in xml and b"<w:latentStyles" in xml


def test_lean_styles_follows_based_on_link_and_next() -> None:
    xml = (
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
        b'<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>'
        b'<w:style w:type="paragraph" w:styleId="B"><w:link w:val="C"/></w:style>'
        b'<w:style w:type="character" w:styleId="C"><w:next w:val="Normal"/></w:style>'
        b'<w:style w:type="paragraph" w:styleId="Unused"/>'
        b"</w:styles>"
    )
    lean = mt.lean_styles(xml, {"A"})
    assert [m.decode() for m in _ID.findall(lean)] == ["Normal", "A", "B", "C"]
    with pytest.raises(SystemExit, match="nicht definiert: Fehlt"):
        mt.lean_styles(xml, {"Fehlt"})
