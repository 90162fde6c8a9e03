"""Render Word templates: each is read and compiled once, then filled for many documents.

A .docx is a zip of XML parts. Only the parts with template tags (the body, headers, footers)
are rendered; every other part is copied as read. The zip is written with fixed entry times and
core properties taken from the data, so the same input always gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Template

from mitteilung.load.image import Image
from mitteilung.render.environment import DOCX
from mitteilung.render.logo import LogoPlaces
from mitteilung.render.package import check_package, check_part_xml, open_docx, read_part
from mitteilung.render.sandbox import BoundedEnvironment
from mitteilung.render.word_xml import check_xml
from mitteilung.render.zipwrite import Member, write_zip

#: The parts of a Word template that hold placeholders and are rendered per document.
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_CORE = "docProps/core.xml"


def escape(text: str) -> str:
    """Text as XML character data (as xml.sax.saxutils.escape, which imports urllib.request:
    14 ms of every start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class CoreProperties:
    """The document properties Word shows under File > Info."""

    title: str
    subject: str
    author: str
    created: date
    language: str = "de-DE"

    def xml(self) -> bytes:
        """docProps/core.xml with these values (escaped once: never a template)."""
        when = f"{self.created.isoformat()}T00:00:00Z"
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(self.title)}</dc:title>"
            f"<dc:subject>{escape(self.subject)}</dc:subject>"
            f"<dc:creator>{escape(self.author)}</dc:creator>"
            f"<cp:lastModifiedBy>{escape(self.author)}</cp:lastModifiedBy>"
            f"<dc:language>{escape(self.language)}</dc:language>"
            "<cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "</cp:coreProperties>"
        ).encode()


class WordTemplate:
    """A Word template read and compiled once, rendered to .docx bytes per document."""

    def __init__(self, env: BoundedEnvironment, name: str) -> None:
        self.name = name
        self.path = Path(env.loader.root / name)  # type: ignore[union-attr]
        # Each part is either static (compressed once, here) or a compiled template.
        self.parts: list[Member | tuple[str, Template | None]] = []
        # A rendered part's last text, logo and member: a header that only names the city
        # comes out the same for every document and is checked and compressed once.
        self._last: dict[str, tuple[str, Image | None, Member]] = {}
        stem = name.removesuffix(".docx")
        with env.bounds.paused(), open_docx(self.path, env.limits.template_bytes) as zf:
            check_package(zf, self.path)  # sizes checked: the parts below are read bounded
            rendered = [n for n in zf.namelist() if RENDERED_PARTS.fullmatch(n)]
            self.logo_places = LogoPlaces.find(
                zf, rendered, lambda part: read_part(zf, part, self.path)
            )
            for info in zf.infolist():
                data = read_part(zf, info.filename, self.path)
                if info.filename.endswith((".xml", ".rels")):
                    check_part_xml(self.path, info.filename, data)  # the static parts, too
                # a part showing the logo is rendered, if only to fit the logo's frame
                tagged = b"{{" in data or b"{%" in data or info.filename in self.logo_places.frames
                if RENDERED_PARTS.fullmatch(info.filename) and tagged:
                    template = env.get_template(f"{stem}{DOCX}{info.filename}")
                    self.parts.append((info.filename, template))
                elif info.filename == _CORE:
                    self.parts.append((info.filename, None))
                else:
                    self.parts.append(Member.deflate(info.filename, data))

    def render(
        self, context: dict[str, Any], core: CoreProperties, logo: Image | None = None
    ) -> bytes:
        """The finished .docx for one document; ``logo`` replaces the template's placeholder."""
        members = []
        for part in self.parts:
            if isinstance(part, Member):
                members.append(self._static(part, logo))
                continue
            filename, template = part
            if template is None:
                members.append(Member.deflate(filename, core.xml()))
                continue
            xml = template.render(context)
            last = self._last.get(filename)
            if last is not None and last[0] == xml and last[1] is logo:
                members.append(last[2])  # as checked and compressed for an earlier document
                continue
            check_xml(self.path, filename, xml)
            fitted = xml if logo is None else self.logo_places.fit(filename, xml, logo)
            member = Member.deflate(filename, fitted.encode("utf-8"))
            self._last[filename] = (xml, logo, member)
            members.append(member)
        return write_zip(members)

    def _static(self, part: Member, logo: Image | None) -> Member:
        """A part as read, except the placeholder images of the logo when there is a logo."""
        if logo is None:
            return part
        return self.logo_places.member(part.name.decode(), logo) or part
