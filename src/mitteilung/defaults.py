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
