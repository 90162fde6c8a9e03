"""The city's logo in a Word template's letterhead.

The template holds the picture (made by scripts/make_templates.py with python-docx, which
writes the image part, its relationship and content type): a placeholder PNG named "Logo",
whose frame is the box the logo may fill. At render time the placeholder's bytes are replaced
by the city's PNG and the frame is shrunk to the logo's proportions. So no relationship is
added while rendering: the known trouble of docx generators with images in headers (a picture
without its relationship in the header part) cannot arise, and the clerk moves or resizes the
logo in Word like any picture.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mitteilung.load.image import Image
from mitteilung.model.project import Project
from mitteilung.render.zipwrite import Member

#: The name (Word: Selection pane) that marks a template's picture as the city's logo.
LOGO_NAME = "Logo"
_DRAWING = re.compile(r"<w:drawing>.*?</w:drawing>", re.DOTALL)
_EXTENT = re.compile(r'<wp:extent cx="(\d+)" cy="(\d+)"')
_EMBED = re.compile(r'<a:blip [^>]*r:embed="([^"]+)"')
_SVG_EMBED = re.compile(r'svgBlip [^>]*r:embed="([^"]+)"')
# The SVG extension of a picture (Word 2016 and later); without an SVG logo it is dropped, so
# that Word shows the PNG and not the template's placeholder.
_SVG_EXTENSIONS = re.compile(r"<a:extLst>(?:(?!</a:extLst>).)*svgBlip.*?</a:extLst>", re.DOTALL)
_NAMED = re.compile(rf'<wp:docPr [^>]*name="{LOGO_NAME}"')
_RELATIONSHIP = re.compile(r"<Relationship [^>]*>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class LogoPlaces:
    """Where a Word template shows the logo: its frames per part, and its image parts."""

    frames: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    media: set[str] = field(default_factory=set)
    svg_media: set[str] = field(default_factory=set)
    _members: dict[tuple[int, str], Member] = field(default_factory=dict)

    @classmethod
    def find(
        cls, zf: zipfile.ZipFile, parts: list[str], read: Callable[[str], bytes]
    ) -> LogoPlaces:
        """The logo pictures in ``parts`` of a template and the image parts they show
        (``read`` reads a part, bounded and with the template's own error messages)."""
        places = cls()
        names = set(zf.namelist())
        for part in parts:
            xml = read(part).decode("utf-8")
            logos = [d for d in _DRAWING.findall(xml) if _NAMED.search(d)]
            if not logos:
                continue
            targets = _targets(read, part, names)
            for drawing in logos:
                extent, embed = _EXTENT.search(drawing), _EMBED.search(drawing)
                if extent is None or embed is None or embed[1] not in targets:
                    continue
                places.frames.setdefault(part, set()).add((int(extent[1]), int(extent[2])))
                places.media.add(targets[embed[1]])
                svg = _SVG_EMBED.search(drawing)
                if svg is not None and svg[1] in targets:
                    places.svg_media.add(targets[svg[1]])
        return places

    def member(self, name: str, logo: Image) -> Member | None:
        """The image part ``name`` holding the city's logo (compressed once per logo);
        None where ``name`` is no image of the logo."""
        data = logo.data if name in self.media else logo.svg if name in self.svg_media else None
        if data is None:
            return None
        key = (id(logo), name)
        if key not in self._members:  # one logo per run: the old ones are dropped
            self._members = {k: m for k, m in self._members.items() if k[0] == key[0]}
            self._members[key] = Member.deflate(name, data)
        return self._members[key]

    def fit(self, part: str, xml: str, logo: Image) -> str:
        """The rendered ``part`` with each logo frame shrunk to the logo's proportions (and
        without the SVG version where the city has none)."""
        if part not in self.frames:
            return xml
        if logo.svg is None:
            xml = _SVG_EXTENSIONS.sub("", xml)
        for cx, cy in self.frames[part]:
            scale = min(cx / logo.width, cy / logo.height)
            width, height = round(logo.width * scale), round(logo.height * scale)
            xml = xml.replace(f'cx="{cx}" cy="{cy}"', f'cx="{width}" cy="{height}"')
        return xml


def logo_files(project: Project) -> list[Path]:
    """The image files of the city's logo named in stadt.yaml (a .docx depends on them)."""
    briefkopf = project.stadt.stadt.briefkopf
    folder = project.stadt_doc.path.parent
    return [folder / name for name in (briefkopf.logo, briefkopf.logo_svg) if name is not None]


def _targets(read: Callable[[str], bytes], part: str, names: set[str]) -> dict[str, str]:
    """Relationship id -> part name, for the images a part refers to."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in names:
        return {}
    found = {}
    for element in _RELATIONSHIP.findall(read(rels).decode("utf-8")):
        attrs = dict(_ATTRIBUTE.findall(element))
        if attrs.get("Type", "").endswith("/image") and attrs.get("TargetMode") != "External":
            target = posixpath.normpath(posixpath.join(folder, attrs.get("Target", "")))
            if target in names:
                found[attrs.get("Id", "")] = target
    return found
