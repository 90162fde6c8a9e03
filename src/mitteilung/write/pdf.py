"""PDF from the built .docx files: every document of a batch in one LibreOffice run.

LibreOffice starts once (a second or so) and then converts each document in a fraction of
that, so a batch is converted with one `soffice --convert-to` call over all files, with a
private profile (a running LibreOffice of the user is never touched). The PDFs are PDF/A-2b,
tagged, with the PDF/UA marker; they are converted in a hidden folder of the output folder and
renamed into place one by one, so the output folder never holds half a PDF.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import struct
import subprocess
import threading
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

import pikepdf

from mitteilung.errors import MitteilungError
from mitteilung.write.atomic import temp_folder

INSTALL_HINT = (
    "LibreOffice fehlt: für PDF wird LibreOffice gebraucht (Programm 'soffice'). "
    "Installieren unter Debian/Ubuntu mit: sudo apt-get install libreoffice-writer-nogui"
)
#: writer_pdf_Export options (JSON form, LibreOffice 7.4 and later): 2 = PDF/A-2b
EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
}
CONVERT_TO = "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS, separators=(",", ":"))
#: Seconds LibreOffice may take for one document (the first includes its start) before we stop it
IDLE_TIMEOUT = 120.0
#: Keep the command line well below the kernel's limit (ARG_MAX, usually 2 MB)
_MAX_ARGS_BYTES = 512 * 1024


class PdfError(MitteilungError):
    """LibreOffice is missing, hangs or fails; the message says what to do."""

    failed: list[str] = []  # noqa: RUF012 (set per instance by PdfBatch.convert)


def find_soffice() -> str:
    """The LibreOffice program, or a PdfError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfError(INSTALL_HINT)
    return found


class PdfBatch:
    """Collects .docx files of a build and converts them all in one LibreOffice run."""

    def __init__(self, out_dir: Path, soffice: str, idle_timeout: float | None = None) -> None:
        self.out_dir, self.soffice = out_dir, soffice
        self.idle_timeout = IDLE_TIMEOUT if idle_timeout is None else idle_timeout
        self.folder: Path | None = None
        self.stems: list[str] = []
        self.dates: dict[str, date | None] = {}  # the Vorlage's date: the PDF's creation date
        self.touch = False  # an unchanged PDF gets a new modification time (for make)

    def add(self, stem: str, docx: bytes, day: date | None) -> None:
        """Queue one document (as .docx bytes) for conversion to ``<out_dir>/<stem>.pdf``."""
        if self.folder is None:
            self.folder = temp_folder(self.out_dir, "pdf").resolve()
            (self.folder / "in").mkdir()
        (self.folder / "in" / f"{stem}.docx").write_bytes(docx)
        self.stems.append(stem)
        self.dates[stem] = day

    def convert(self, progress: Callable[[str], None] | None = None) -> list[str]:
        """Convert everything queued; move each PDF into place; return stems without PDF.

        If LibreOffice fails or hangs, the PDFs it finished are still moved into place and a
        PdfError (with ``failed``: the stems without PDF) is raised.
        """
        if self.folder is None:
            return []
        folder, self.folder = self.folder, None
        try:
            error: PdfError | None = None
            try:
                for chunk in _chunks([folder / "in" / f"{s}.docx" for s in self.stems]):
                    _run(self.soffice, chunk, folder, self.idle_timeout, progress)
            except PdfError as exc:
                error = exc
            failed = []
            for stem in self.stems:
                pdf = folder / "out" / f"{stem}.pdf"
                if _complete(pdf) and _fix_metadata(pdf, self.dates[stem]):
                    _move_if_changed(pdf, self.out_dir / f"{stem}.pdf", self.touch)
                else:
                    failed.append(stem)
            if error is not None:
                error.failed = failed
                raise error
            return failed
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _move_if_changed(new: Path, target: Path, touch: bool) -> None:
    """Move ``new`` over ``target`` unless that holds the same bytes (then leave it alone)."""
    try:
        same = target.stat().st_size == new.stat().st_size and target.read_bytes() == (
            new.read_bytes()
        )
    except FileNotFoundError:
        same = False
    if not same:
        os.replace(new, target)
    elif touch:
        os.utime(target)


def _chunks(files: list[Path]) -> list[list[Path]]:
    """Split only if the command line would get too long for one call (many thousands)."""
    chunks: list[list[Path]] = [[]]
    size = 0
    for path in files:
        size += len(str(path)) + 1
        if size > _MAX_ARGS_BYTES and chunks[-1]:
            chunks.append([])
            size = len(str(path)) + 1
        chunks[-1].append(path)
    return chunks


def _run(
    soffice: str,
    files: list[Path],
    folder: Path,
    idle_timeout: float,
    progress: Callable[[str], None] | None,
) -> None:
    """One LibreOffice run; stop it when it converts nothing for ``idle_timeout`` seconds."""
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        CONVERT_TO,
        "--outdir",
        str(folder / "out"),
        *map(str, files),
    ]
    try:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,  # its own process group: a timeout stops all its processes
        )
    except OSError as exc:
        raise PdfError(f"LibreOffice ({soffice}) startet nicht: {exc.strerror}") from None
    lines: queue.Queue[str | None] = queue.Queue()
    errors: list[str] = []
    readers = [
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True),
        threading.Thread(target=errors.extend, args=(proc.stderr,), daemon=True),
    ]
    for thread in readers:
        thread.start()
    try:
        while (line := lines.get(timeout=idle_timeout)) is not None:
            if progress is not None and line.startswith("convert "):
                progress(Path(line.split(" -> ")[0].removeprefix("convert ")).stem)
        proc.wait(timeout=idle_timeout)
    except (queue.Empty, subprocess.TimeoutExpired):
        raise PdfError(
            f"LibreOffice hat {idle_timeout:.0f} s lang kein Dokument umgewandelt und wurde "
            "abgebrochen; die übrigen PDF-Dateien fehlen"
        ) from None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for thread in readers:
            thread.join(timeout=5)
    if proc.returncode != 0:
        detail = " ".join(line.strip() for line in errors if "javaldx" not in line)
        raise PdfError(
            f"LibreOffice ist mit Fehler {proc.returncode} beendet worden: "
            + (detail or "ohne Meldung")
        )


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Hand each line of ``stream`` on, then None for its end."""
    for line in stream:
        lines.put(line)
    lines.put(None)


def _fix_metadata(pdf: Path, day: date | None) -> bool:
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


def _complete(pdf: Path) -> bool:
    """A PDF that exists, is not empty and ends with its end marker (not cut off)."""
    try:
        with pdf.open("rb") as f:
            head = f.read(5)
            f.seek(max(0, pdf.stat().st_size - 1024))
            tail = f.read()
    except FileNotFoundError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail
