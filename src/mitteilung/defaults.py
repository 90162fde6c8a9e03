"""The defaults the command line shows in its help, kept apart so that ``mitteilung --help``
imports no stage: the stages take their defaults from here, the help shows the same values."""

from __future__ import annotations

#: Every format `build -f` accepts, in the order of the format table (model/formats.py).
FORMATS = ("docx", "txt", "html", "pdf", "oparl")
#: The formats `build` makes without -f.
DEFAULT_FORMATS = ("docx", "txt")

#: Bytes of the largest data file the loader reads.
DATA_BYTES = 5_000_000

#: Seconds all templates of one document may compute together.
RENDER_SECONDS = 10.0
#: Characters of one template's text, and of any one value in it.
RENDER_OUTPUT_BYTES = 20_000_000
#: Macro calls and include/import/extends inside each other.
RENDER_DEPTH = 40
#: The deepest nesting the --max-depth option allows (Python's own stack must hold it).
DEPTH_CEILING = 100
#: Bytes of a template file; a Word template unpacked.
TEMPLATE_BYTES = 50_000_000

#: The OParl endpoint's folder inside the output folder.
OPARL_FOLDER = "oparl"
#: Objects on one page of an OParl list.
OPARL_PAGE_SIZE = 100

#: The most processes a build or the PDF conversion may be told to use.
MAX_PROCESSES = 16


def processes(variable: str, what: str) -> int | None:
    """The number of ``what`` (e.g. "Prozessen") set in the environment ``variable``; None
    where unset; a ValueError with the German message where it is no number from 1 to 16."""
    import os  # here: this module is read by `--help`, which needs no more

    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_PROCESSES:
        raise ValueError(
            f"{variable}={value!r} ist keine gültige Zahl von {what} "
            f"(erwartet: eine ganze Zahl von 1 bis {MAX_PROCESSES})"
        )
    return int(value)
