"""Property: any Unicode text in any prose field arrives unchanged in .docx and .txt, or the
build fails with exactly the message for the characters Word cannot hold (or for empty text)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mitteilung.errors import InputError, Problem, first_forbidden
from mitteilung.load.loader import load_project
from mitteilung.pipeline import FORMATS
from mitteilung.render.environment import text_paragraphs
from mitteilung.render.renderer import Renderer
from tests.conftest import MITTEILUNG, ROOT
from tests.support.produced import Produced

M, KOOP, PROG, STADT = (
    str(MITTEILUNG),
    "data/fakten/ikz-ki.yaml",
    "data/fakten/foerderprogramm-ikz.yaml",
    "data/stadt.yaml",
)
EMPTY = "ist leer; Text eintragen oder die Zeile löschen"
KEPT_FOR_LIBREOFFICE = 5
KEPT: list[Path] = []


@dataclass(frozen=True)
class Prose:
    """A prose field of the sample data: the file, its line there, the name in messages."""

    file: str
    line: str
    field: str
    exact: bool = False  # the value is a whole paragraph or table cell of the .docx
    block: bool = False  # a text block: a blank line in it starts a new paragraph


FIELDS = [
    Prose(
        M,
        'betreff: interkommunale Zusammenarbeit zum Thema "künstliche Intelligenz"',
        "betreff",
        exact=True,
    ),
    Prose(M, "bereich: Zentralbereiche", "bereich"),
    Prose(M, "sachbearbeitung: Frau Alter", "sachbearbeitung"),
    Prose(M, "    - text: Im nächsten Schritt", "abschnitte.information[2].text", True, True),
    Prose(M, "    - text: Die Verwaltung wird", "abschnitte.information[9].text", True, True),
    Prose(KOOP, "  kurzthema: KI", "kooperation.kurzthema"),
    Prose(KOOP, "    mit: den kreisangehörigen", "kooperation.gespraeche.mit"),
    Prose(KOOP, "    beginn: Sommer", "kooperation.gespraeche.beginn"),
    Prose(KOOP, "    intensiviert: Anfang", "kooperation.gespraeche.intensiviert"),
    Prose(KOOP, "    ebene: Büroleitungen", "kooperation.gespraeche.ebene"),
    Prose(PROG, "  name: Pilotförderung", "foerderprogramm.name"),
    Prose(PROG, "  kurz: IKZ", "foerderprogramm.kurz"),
    Prose(PROG, "  geber: Land", "foerderprogramm.geber"),
    Prose(PROG, "  zweck: um die", "foerderprogramm.zweck"),
    Prose(PROG, "      beschreibung: eine vertikale", "foerderprogramm.zuschlaege[1].beschreibung"),
    Prose(PROG, "      stelle: ADD", "foerderprogramm.quellen.add.stelle"),
    Prose(STADT, "  name: Stadt Mayen", "stadt.name"),
    Prose(STADT, "    name: Haupt- und Finanzausschuss", "gremien.hfa.name"),
    Prose(STADT, "    genitiv: des Stadtrates", "gremien.stadtrat.genitiv"),
    Prose(
        STADT,
        '      gremien: "Folgenden Gremien',
        "vorlagenarten.mitteilung.beschriftungen.gremien",
    ),
]

# Text a clerk might paste (letters of any script, markup, quotes, emoji, tabs, line breaks);
# in some examples a few fields get anything at all or a character Word cannot hold.
SPECIAL = list("&<>\"'{}%#:-|*!?@`[],\n\t\r €§„“‚‘–—…😀\u00a0\u2028\u00ad")
PIECES = ["\n\n", "\n \n  ", "  ", "{{ stadt.name }}", "{% if x %}", "&amp;", "</w:t>", "]]>"]
PROSE = (
    st.lists(
        st.one_of(
            st.characters(exclude_categories=("Cc", "Cs")),
            st.sampled_from(SPECIAL),
            st.sampled_from(PIECES),
        ),
        min_size=1,
        max_size=20,
    )
    .map("".join)
    .filter(str.strip)
)
FORBIDDEN = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\ud800"])
ODD = st.one_of(
    st.builds(lambda a, c, b: a + c + b, PROSE, FORBIDDEN, PROSE),
    st.text(st.characters(exclude_categories=()), max_size=20),
    st.sampled_from([" ", "\t", "\n \n", "\u2028"]),
)
VALUES = st.builds(
    lambda good, odd: {**good, **dict(odd)},
    st.fixed_dictionaries({prose: PROSE for prose in FIELDS}),
    st.one_of(
        st.just([]), st.lists(st.tuples(st.sampled_from(FIELDS), ODD), min_size=1, max_size=3)
    ),
)


PRISTINE = {name: (ROOT / name).read_text(encoding="utf-8") for name in (M, KOOP, PROG, STADT)}


def yaml_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back exactly (PyYAML's own dumper
    does not: it folds U+0085 in single quotes)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or char in "\u2028\u2029":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def write_values(root: Path, pristine: dict[str, str], values: dict[Prose, str]) -> None:
    texts = dict(pristine)
    for prose, value in values.items():
        lines = texts[prose.file].split("\n")
        index = next(i for i, line in enumerate(lines) if line.startswith(prose.line))
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {yaml_quoted(value)}"
        texts[prose.file] = "\n".join(lines)
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")


def expected_problem(value: str) -> str | None:
    """The message a value must get, or None when it must arrive unchanged."""
    return first_forbidden(value) or (EMPTY if not value.strip() else None)


def docx_texts(data: bytes) -> tuple[list[str], str, docx.opc.coreprops.CoreProperties]:
    """Paragraph and cell texts (exact units), everything joined, and the properties."""
    document = docx.Document(io.BytesIO(data))
    units = [p.text for p in document.paragraphs]
    units += [c.text for t in document.tables for r in t.rows for c in r.cells]
    units += [p.text for s in document.sections for p in s.header.paragraphs]
    return units, "\n".join(units), document.core_properties


def test_quoting_reads_back_exactly() -> None:
    for text in ["\x85 a", "\u2028", '"\\', "\ud800x", "😀\t\r\n", "\ufeff"]:
        assert yaml.safe_load(yaml_quoted(text)) == text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(VALUES)
def test_any_text_arrives_unchanged_or_is_refused_by_name(
    project: Path, produced: Produced, values: dict[Prose, str]
) -> None:
    write_values(project, PRISTINE, values)
    expected = {
        (p.file, p.field, message)
        for p, value in values.items()
        if (message := expected_problem(value)) is not None
    }
    if any(file == STADT for file, _, _ in expected):  # without the city nothing else is read
        expected = {e for e in expected if e[0] == STADT}
    try:
        loaded = load_project(project, [project / "data"])
        # what loading finds (the rules over all documents are tested elsewhere)
        problems: list[Problem] = [
            *loaded.load_problems(),
            *(p for entry in loaded.entries for p in entry.problems),
        ]
    except InputError as exc:
        loaded, problems = None, exc.problems
    assert {(p.file, p.field, p.message) for p in problems} == expected
    assert all(p.line is not None for p in problems)
    event("refused" if expected else "built")
    if expected:
        return

    assert loaded is not None
    outputs = Renderer(loaded).render(next(iter(loaded.entries)), FORMATS)
    txt = outputs["txt"].decode("utf-8")
    units, everything, props = docx_texts(outputs["docx"])
    for prose, value in values.items():
        text = value.replace("\r\n", "\n").replace("\r", "\n")  # a line break is a line break
        # in a text block or a Textbaustein a blank line starts a new paragraph
        pieces = [text] if prose.exact and not prose.block else text_paragraphs(text)
        for piece in pieces:
            assert piece in txt, prose.field
            assert (piece in units) if prose.exact else (piece in everything), prose.field
    assert props.title == values[FIELDS[0]].replace("\r\n", "\n").replace("\r", "\n")
    assert props.author == values[FIELDS[1]].replace("\r\n", "\n").replace("\r", "\n")
    if len(KEPT) < KEPT_FOR_LIBREOFFICE:
        KEPT.append(produced.keep(outputs["docx"], "random text"))
