"""PDF from the built .docx files: a batch split over at most two LibreOffice processes.

LibreOffice starts in a second or so and then converts each document in a fraction of that,
on one core. So a batch is converted with one `soffice --convert-to` call per process over
its share of the files, and two processes (each with its own private profile) run side by
side on a machine with two cores or more. The PDFs are PDF/A-2b, tagged, with the PDF/UA
marker; they are converted in a hidden folder of the output folder, checked, and renamed
into place one by one, so the output folder never holds half a PDF.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from mitteilung import defaults
from mitteilung.write.atomic import temp_folder
from mitteilung.write.pdf_fix import complete, fix_metadata
from mitteilung.write.pdf_soffice import CONVERT_TO, PdfError, SofficeRun

__all__ = ["CONVERT_TO", "PdfBatch", "PdfError", "find_soffice", "process_count"]

INSTALL_HINT = (
    "LibreOffice fehlt: für PDF wird LibreOffice gebraucht (Programm 'soffice'). "
    "Installieren unter Debian/Ubuntu mit: sudo apt-get install libreoffice-writer-nogui"
)
#: Seconds LibreOffice may take for one document (the first includes its start) before we stop it
IDLE_TIMEOUT = 120.0
#: Environment variable that sets the number of LibreOffice processes (default: cores, at most 2)
PROCESSES_VARIABLE = "MITTEILUNG_PDF_PROZESSE"
#: A second process only pays off with at least this many files for each: its start costs about
#: 0.7 s of CPU. Measured (build -f pdf, loaded machine): 2 files 1.28x slower in two
#: processes, 4 files even (0.96x wall, 1.34x CPU), 20 files faster.
MIN_FILES_PER_PROCESS = 3


def find_soffice() -> str:
    """The LibreOffice program, or a PdfError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfError(INSTALL_HINT)
    return found


def process_count() -> int | None:
    """The number of LibreOffice processes asked for in the environment (None: choose)."""
    try:
        return defaults.processes(PROCESSES_VARIABLE, "LibreOffice-Prozessen")
    except ValueError as exc:
        raise PdfError(str(exc)) from None


def _processes(asked: int | None, files: int) -> int:
    """How many processes convert ``files`` documents: as asked, else cores (at most 2)."""
    if asked is not None:
        return max(1, min(asked, files))  # asked for: also for a small batch
    return max(1, min(2, os.cpu_count() or 1, files // MIN_FILES_PER_PROCESS))


class PdfBatch:
    """Collects .docx files of a build and converts them in one or two LibreOffice runs."""

    def __init__(self, out_dir: Path, soffice: str, idle_timeout: float | None = None) -> None:
        self.out_dir, self.soffice = out_dir, soffice
        self.idle_timeout = IDLE_TIMEOUT if idle_timeout is None else idle_timeout
        self.folder: Path | None = None
        self.stems: list[str] = []
        self.dates: dict[str, date | None] = {}  # the Vorlage's date: the PDF's creation date
        self.touch = False  # an unchanged PDF gets a new modification time (for make)
        self.processes = process_count()  # a wrong value stops PDF before anything starts

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

        If LibreOffice fails or hangs (one of the processes or all), the PDFs that were
        finished are still moved into place and a PdfError (with ``failed``: the stems
        without PDF) is raised.
        """
        if self.folder is None:
            return []
        folder, self.folder = self.folder, None
        try:
            error = self._run_all(folder, progress)
            failed = []
            for stem in self.stems:
                pdf = folder / "out" / f"{stem}.pdf"
                if complete(pdf) and fix_metadata(pdf, self.dates[stem]):
                    _move_if_changed(pdf, self.out_dir / f"{stem}.pdf", self.touch)
                else:
                    failed.append(stem)
            if error is not None:
                error.failed = failed
                raise error
            return failed
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _run_all(self, folder: Path, progress: Callable[[str], None] | None) -> PdfError | None:
        """Run the processes side by side, each over its share; the error(s) they had."""
        files = [folder / "in" / f"{stem}.docx" for stem in self.stems]
        count = _processes(self.processes, len(files))
        runs = [
            SofficeRun(self.soffice, folder / f"profile-{i}", folder / "out", self.idle_timeout)
            for i in range(count)
        ]
        errors: list[PdfError | None] = [None] * count
        bugs: list[BaseException] = []
        report = None if progress is None else _serialized(progress)
        done = [threading.Event() for _ in range(count)]

        def work(i: int) -> None:
            try:
                # every count-th file: documents of similar size spread over the processes
                runs[i].convert(files[i::count], report)
            except PdfError as exc:
                errors[i] = exc
            except BaseException as exc:  # a bug: raised again in the build's thread
                bugs.append(exc)
            finally:
                done[i].set()

        try:
            for i in range(count):
                threading.Thread(target=work, args=(i,), daemon=True).start()
            # Event.wait, not Thread.join: Python 3.11 marks a thread finished when Ctrl+C
            # interrupts join(), so a second join would not wait for it
            for event in done:
                event.wait()
        except BaseException:  # Ctrl+C: no LibreOffice outlives the build
            for run in runs:
                run.kill()
            raise
        if bugs:
            raise bugs[0]
        return _merged([error for error in errors if error is not None])


def _serialized(progress: Callable[[str], None]) -> Callable[[str], None]:
    """``progress`` called by one thread at a time (it counts and draws the bar)."""
    lock = threading.Lock()

    def report(stem: str) -> None:
        with lock:
            progress(stem)

    return report


def _merged(errors: list[PdfError]) -> PdfError | None:
    """One error for the build: each different message once (two processes may fail alike)."""
    if not errors:
        return None
    messages = list(dict.fromkeys(str(error) for error in errors))
    return errors[0] if len(messages) == 1 else PdfError("; ".join(messages))


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
