"""Each PDF LibreOffice wrote, checked and made reproducible: complete, dated, titled right."""

from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

import pikepdf


def fix_metadata(pdf: Path, day: date | None) -> bool:
    """Make the PDF's bytes depend on the data only, and its XMP title right.

    LibreOffice writes the time of the conversion (/CreationDate, xmp:CreateDate) and a random
    /ID, so each build gave other bytes: make could not tell a PDF was current and OParl's
    checksum went stale. The Vorlage's date stands for creation and modification instead, and
    /ID is derived from the content. LibreOffice 7.4 also escapes the title twice in the XMP
    metadata (a Betreff with quotes showed &quot; as window title); the PDF's /Title is right.
    Without a date (a document that has none) the dates stay LibreOffice's.
    Returns False for a file that is not a readable PDF.
    """
    try:
        with pikepdf.open(pdf, allow_overwriting_input=True) as document:
            if day is not None:
                _set_dates(document, day)
            title = document.docinfo.get("/Title")
            with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                if title is not None:
                    meta["dc:title"] = str(title)
                if day is not None:
                    for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                        meta[key] = f"{day.isoformat()}T00:00:00+00:00"
            # qpdf keeps the first half of an existing /ID (LibreOffice's random one);
            # LibreOffice's /DocChecksum covers the build time
            for key in ("/ID", "/DocChecksum"):
                if key in document.trailer:
                    del document.trailer[key]
            document.save(pdf, deterministic_id=True)
    except pikepdf.PdfError:
        return False
    return True


def _set_dates(document: pikepdf.Pdf, day: date) -> None:
    """The Vorlage's date as creation and modification date, also in the colour profile."""
    stamp = f"D:{day:%Y%m%d}000000+00'00'"
    document.docinfo["/CreationDate"] = document.docinfo["/ModDate"] = stamp
    for intent in document.Root.get("/OutputIntents", []):
        _date_icc_profile(intent.get("/DestOutputProfile"), day)


def _date_icc_profile(profile: pikepdf.Object | None, day: date) -> None:
    """Give the embedded colour profile (PDF/A needs one) the Vorlage's date.

    LibreOffice makes the sRGB profile anew for each PDF, with the time of day in its header
    (bytes 24-35: year, month, day, hour, minute, second, each two bytes, big-endian).
    """
    if not isinstance(profile, pikepdf.Stream):
        return
    data = bytearray(profile.read_bytes())
    if len(data) < 128 or data[36:40] != b"acsp":  # not an ICC profile: leave it
        return
    data[24:36] = struct.pack(">6H", day.year, day.month, day.day, 0, 0, 0)
    data[84:100] = bytes(16)  # the profile id covers the date: zero means "not computed"
    profile.write(zlib.compress(bytes(data)), filter=pikepdf.Name.FlateDecode)


def complete(pdf: Path) -> bool:
    """A PDF that exists, is not empty and ends with its end marker (not cut off)."""
    try:
        with pdf.open("rb") as f:
            head = f.read(5)
            f.seek(max(0, pdf.stat().st_size - 1024))
            tail = f.read()
    except FileNotFoundError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
