"""Property: whatever happens to the sample project's files, a build never crashes, never hangs
and never replaces a good output with a broken one.

Each example copies the sample project and its good outputs (built once), damages one or two of
its data files, templates or Word template parts at random (bytes, snippets of YAML and Jinja
that are known to hurt, truncation), builds again and checks: exit code 0 or 1, no traceback,
each failed document's files byte for byte as before, every file that changed a valid file of
its kind. A watchdog ends the run if one example takes longer than WATCHDOG seconds.

MUTATION_EXAMPLES (environment) sets the number of examples; the default keeps CI at about a
minute.
"""

from __future__ import annotations

import faulthandler
import functools
import io
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.parsers import expat

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitteilung.cli import main
from mitteilung.render.package import REQUIRED_PARTS
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("MUTATION_EXAMPLES", "30"))
WATCHDOG = 60  # seconds for one example: the limits below end every runaway far sooner
ARGS = ("build", "-f", "docx", "-f", "txt", "-f", "html", "--max-render-time", "3", "-o", "out")
FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("data", "templates")
    for p in (ROOT / folder).rglob("*")
    if p.is_file()
)
TEXT_FILES = [f for f in FILES if not f.endswith(".docx")]
WORD_FILES = [f for f in FILES if f.endswith(".docx")]
# Pieces that broke something once, or could: Jinja that runs away, YAML that means other
# things than it seems, characters that Word, XML or the paragraph splitting treat specially.
SNIPPETS = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{% raw %}",
    "{% endraw %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    '{% include "bausteine/ikz/gespraeche.txt.j2" %}',
    '{% extends "seite.html.j2" %}',
    "{{ 'x' * 10**9 }}",
    "{{ 9**(9**9) }}",
    "{{ 10**5000 }}",
    "{{ vorlage.update({'nummer': 'X'}) }}",
    "{{ vorlage.__class__ }}",
    "{{ absatz|safe }}",
    "{{ '%999999999d' % 1 }}",
    "{%p if x %}",
    "{%tr for x in y %}",
    "\0",
    "\r\n",
    "\r",
    "\t",
    "\n\n",
    "\ufeff",
    "\u2028",
    "😀",
    "„“",
    "&",
    "<",
    "]]>",
    "<!DOCTYPE x>",
    "</w:t></w:r></w:p>",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ['true']",
    "? ",
    "|\n",
    "'",
    '"',
    "0x1F",
    "045000",
    "1e400",
    "9" * 5000,
    ".inf",
    "~",
    "yes",
    "2026-01-20",
    "31.02.2025",
    "../../../etc/passwd",
    "\x85",
    "\x0b",
]

Mutation = tuple[str, str, int, int, str]  # kind, file, position, length, snippet
MUTATION = st.tuples(
    st.sampled_from(["insert", "replace", "delete", "truncate", "bytes"]),
    st.sampled_from(TEXT_FILES),
    st.integers(0, 10**6),
    st.integers(0, 200),
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12)),
)
WORD_MUTATION = st.tuples(
    st.sampled_from(["part-insert", "part-truncate", "part-drop", "zip-flip", "zip-truncate"]),
    st.sampled_from(WORD_FILES),
    st.integers(0, 10**6),
    st.integers(1, 200),
    st.sampled_from(SNIPPETS),
)
MUTATIONS = st.lists(st.one_of(MUTATION, MUTATION, WORD_MUTATION), min_size=1, max_size=2)


def mutate_text(data: bytes, kind: str, at: int, length: int, snippet: str) -> bytes:
    """One change to a file's bytes."""
    at = at % (len(data) + 1)
    piece = snippet.encode("utf-8", "surrogatepass")
    if kind == "insert":
        return data[:at] + piece + data[at:]
    if kind == "replace":
        return data[:at] + piece + data[at + length :]
    if kind == "delete":
        return data[:at] + data[at + length :]
    if kind == "truncate":
        return data[:at]
    return data[:at] + bytes((b * 7 + 13) % 256 for b in piece or b"\xff") + data[at + 1 :]


def mutate_word(data: bytes, kind: str, at: int, length: int, snippet: str) -> bytes:
    """One change to a Word template: to one of its parts, or to the zip file itself."""
    if kind == "zip-flip":
        at = at % max(len(data), 1)
        return data[:at] + bytes(b ^ 0x5A for b in data[at : at + length]) + data[at + length :]
    if kind == "zip-truncate":
        return data[: at % max(len(data), 1)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {info.filename: zf.read(info) for info in zf.infolist()}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):  # damaged by a mutation before
        return mutate_word(data or b"PK", "zip-flip", at, length, snippet)
    names = sorted(parts)
    name = names[at % len(names)] if kind == "part-drop" else "word/document.xml"
    if kind == "part-drop":
        del parts[name]
    elif kind == "part-truncate":
        parts[name] = parts[name][: at % (len(parts[name]) + 1)]
    else:
        parts[name] = mutate_text(parts[name], "insert", at, 0, snippet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, content in parts.items():
            zf.writestr(part, content)
    return out.getvalue()


def valid(path: Path) -> bool:
    """Whether an output file is one its program opens: a whole .docx, UTF-8 text, a page."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if not set(REQUIRED_PARTS) <= names:
                    return False
                for name in names:
                    if name.endswith((".xml", ".rels")):
                        expat.ParserCreate().Parse(zf.read(name), True)
        except (zipfile.BadZipFile, expat.ExpatError):
            return False
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # a template cut short is still a template: its page may be short, but it is text
    return "\0" not in text


@contextmanager
def watchdog() -> Iterator[None]:
    """End the whole run with every thread's traceback if one example hangs."""
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def build(root: Path) -> tuple[int, str]:
    previous = Path.cwd()
    os.chdir(root)
    try:
        with watchdog():
            result = CliRunner().invoke(main, list(ARGS), catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.output


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@functools.cache
def good_outputs() -> dict[str, bytes]:
    """The sample project's outputs, built once for all examples."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("data", "templates"):
            shutil.copytree(ROOT / name, root / name)
        code, output = build(root)
        assert code == 0, output
        return outputs(root / "out")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(MUTATIONS)
def test_no_mutation_crashes_hangs_or_replaces_a_good_output(
    mutations: list[Mutation],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("data", "templates"):
            shutil.copytree(ROOT / name, root / name)
        (root / "out").mkdir()
        for name, data in good_outputs().items():
            (root / "out" / name).write_bytes(data)
        before = outputs(root / "out")
        for kind, name, at, length, snippet in mutations:
            path = root / name
            change = mutate_word if name.endswith(".docx") else mutate_text
            path.write_bytes(change(path.read_bytes(), kind, at, length, snippet))

        code, output = build(root)

        assert code in (0, 1), output
        assert "Traceback" not in output
        failed = re.findall(r"^  fehlgeschlagen: data/vorlagen/(.+)\.yaml$", output, re.M)
        after = outputs(root / "out")
        for name, data in after.items():
            stem = name.split(".", 1)[0]
            if stem in failed or data == before.get(name):
                assert data == before.get(name), f"{name}: a failed document's file changed"
            else:
                assert valid(root / "out" / name), f"{name}: broken file written\n{output}"
        assert not re.search(r"\.tmp$", " ".join(after)), "temporary files left"
