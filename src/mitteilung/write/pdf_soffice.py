"""One LibreOffice process converting .docx files to PDF/A, stopped when it stalls.

Each process gets its own profile (``-env:UserInstallation``) and its own process group, so
two can run side by side, a running LibreOffice of the user is never touched, and stopping
one stops all its helper processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from mitteilung.errors import MitteilungError

#: writer_pdf_Export options (JSON form, LibreOffice 7.4 and later): 2 = PDF/A-2b
EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
}
CONVERT_TO = "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS, separators=(",", ":"))
#: glibc's malloc gives big blocks back to the kernel and maps them anew: at its start alone
#: LibreOffice 7.4 took some 300,000 page faults (0.6-0.8 s of system time a process). Keeping
#: them cut that to about 50,000 (measured: 20 documents, 3.7 s -> 2.9 s CPU, 50 MB more peak
#: memory); the PDF bytes do not depend on it.
MALLOC_TUNING = {"MALLOC_MMAP_THRESHOLD_": "268435456", "MALLOC_TRIM_THRESHOLD_": "268435456"}
#: Keep the command line well below the kernel's limit (ARG_MAX, usually 2 MB)
_MAX_ARGS_BYTES = 512 * 1024


class PdfError(MitteilungError):
    """LibreOffice is missing, hangs or fails; the message says what to do."""

    failed: list[str] = []  # noqa: RUF012 (set per instance by PdfBatch.convert)


def chunks(files: list[Path]) -> list[list[Path]]:
    """Split only if the command line would get too long for one call (many thousands)."""
    parts: list[list[Path]] = [[]]
    size = 0
    for path in files:
        size += len(str(path)) + 1
        if size > _MAX_ARGS_BYTES and parts[-1]:
            parts.append([])
            size = len(str(path)) + 1
        parts[-1].append(path)
    return parts


class SofficeRun:
    """One LibreOffice process over ``files``; ``kill`` may be called from another thread."""

    def __init__(self, soffice: str, profile: Path, outdir: Path, idle_timeout: float) -> None:
        self.soffice, self.profile, self.outdir = soffice, profile, outdir
        self.idle_timeout = idle_timeout
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._killed = False

    def convert(self, files: list[Path], progress: Callable[[str], None] | None) -> None:
        """Convert ``files`` (in as many calls as the command line needs); PdfError if not."""
        for part in chunks(files):
            self._run(part, progress)

    def kill(self) -> None:
        """Stop the process group and reap it (Ctrl+C in the main thread); start no more."""
        with self._lock:
            self._killed = True
            proc = self._proc
        if proc is not None:
            self._stop(proc)  # reaped here: the build may end before the reading thread

    def _start(self, files: list[Path]) -> subprocess.Popen[str]:
        """Start LibreOffice in its own process group (a timeout stops all its processes)."""
        command = [
            self.soffice,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            CONVERT_TO,
            "--outdir",
            str(self.outdir),
            *map(str, files),
        ]
        with self._lock:
            if self._killed:
                raise PdfError("LibreOffice wurde abgebrochen")
            try:
                self._proc = subprocess.Popen(
                    command,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    errors="replace",
                    env={**MALLOC_TUNING, **os.environ},  # a user's own setting wins
                    start_new_session=True,
                )
            except OSError as exc:
                raise PdfError(
                    f"LibreOffice ({self.soffice}) startet nicht: {exc.strerror}"
                ) from None
            return self._proc

    def _run(self, files: list[Path], progress: Callable[[str], None] | None) -> None:
        """One call; stop it when it converts nothing for ``idle_timeout`` seconds."""
        proc = self._start(files)
        lines: queue.Queue[str | None] = queue.Queue()
        errors: list[str] = []
        readers = [
            threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True),
            threading.Thread(target=errors.extend, args=(proc.stderr,), daemon=True),
        ]
        for thread in readers:
            thread.start()
        try:
            while (line := lines.get(timeout=self.idle_timeout)) is not None:
                if progress is not None and line.startswith("convert "):
                    progress(Path(line.split(" -> ")[0].removeprefix("convert ")).stem)
            proc.wait(timeout=self.idle_timeout)
        except (queue.Empty, subprocess.TimeoutExpired):
            raise PdfError(
                f"LibreOffice hat {self.idle_timeout:.0f} s lang kein Dokument umgewandelt und "
                "wurde abgebrochen; die übrigen PDF-Dateien fehlen"
            ) from None
        finally:
            self._stop(proc)
            for thread in readers:
                thread.join(timeout=5)
        if proc.returncode != 0:
            detail = " ".join(line.strip() for line in errors if "javaldx" not in line)
            raise PdfError(
                f"LibreOffice ist mit Fehler {proc.returncode} beendet worden: "
                + (detail or "ohne Meldung")
            )

    def _stop(self, proc: subprocess.Popen[str]) -> None:
        """Stop ``proc``'s whole group if it still runs, and reap it."""
        with self._lock:
            if proc.poll() is None:
                # poll() says None also while the other thread reaps it: then it is gone
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Hand each line of ``stream`` on, then None for its end."""
    for line in stream:
        lines.put(line)
    lines.put(None)
