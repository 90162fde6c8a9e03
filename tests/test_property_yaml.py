"""Property: no data file, however broken, ends in a traceback; every problem is German and
names the file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitteilung.load.loader import load_project
from mitteilung.pipeline import FORMATS, build
from tests.conftest import MITTEILUNG, ROOT

DOCUMENT = "data/vorlagen/zufall.yaml"
SAMPLE = (ROOT / MITTEILUNG).read_text(encoding="utf-8")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Letters that cannot spell English words, so English in a message can only come from us.
LETTERS = "aäbßxz019"
YAML_PIECES = [*":-[]{}&*!|>'\"%@`#,?\\ \n\t.", "\n  ", "\n- ", ": ", "---\n", "\x0b", "\x85"]
YAML_TEXT = st.lists(st.sampled_from([*LETTERS, *YAML_PIECES]), max_size=40).map("".join)
ENGLISH = re.compile(
    r"\b(expected|found|while|could not|Input should|is not|unexpected|cannot|invalid|error)\b",
    re.IGNORECASE,
)


def build_in_memory(project: Path, name: str = DOCUMENT) -> list[str]:
    """Load and render everything; the problems found, as the user would read them. The file
    ``name`` is either built or named in a problem."""
    loaded = load_project(project, [project / "data"])
    summary = build(loaded, FORMATS, None)
    problems = [str(p) for p in summary.problems]
    failed = set(summary.failed)
    built = {str(p.relative_to(project)) for p in loaded.documents if p not in failed}
    assert name in built or any(p.startswith(name + ":") for p in problems), problems
    return problems


def assert_german(problems: list[str]) -> None:
    for problem in problems:
        unquoted = re.sub(r"'[^']*'|„[^“]*“|\"[^\"]*\"", "", problem)  # echoed input
        assert not ENGLISH.search(unquoted), problem


@SETTINGS
@given(YAML_TEXT)
def test_random_yaml_text_never_raises(project: Path, text: str) -> None:
    (project / DOCUMENT).write_text(text, encoding="utf-8")
    assert_german(build_in_memory(project))


@SETTINGS
@given(st.binary(max_size=60))
def test_random_bytes_never_raise(project: Path, data: bytes) -> None:
    (project / DOCUMENT).write_bytes(data)
    assert_german(build_in_memory(project))


@SETTINGS
@given(
    st.integers(0, len(SAMPLE)),
    st.integers(0, 8),
    st.lists(st.sampled_from([*LETTERS, *YAML_PIECES]), max_size=4).map("".join),
)
def test_edited_sample_never_raises(project: Path, at: int, cut: int, insert: str) -> None:
    """The sample Mitteilung with a few characters cut out and others typed in their place."""
    (project / MITTEILUNG).write_text(SAMPLE[:at] + insert + SAMPLE[at + cut :], encoding="utf-8")
    assert_german(build_in_memory(project, str(MITTEILUNG)))


KEYS = [
    "vorlagenart",
    "nummer",
    "datum",
    "betreff",
    "bereich",
    "beratungsfolge",
    "gremium",
    "abschnitte",
    "information",
    "text",
    "baustein",
    "kooperation",
    "anlagen",
    "titel",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.sampled_from(
        [
            "mitteilung",
            "7939/2025",
            "22.09.2025",
            "31.02.2025",
            "hfa",
            "ikz/gespraeche",
            "../fakten/ikz-ki.yaml",
            "45.000 €",
            "",
        ]
    ),
    st.text(st.sampled_from(list(LETTERS)), max_size=5),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    ),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), TREES, max_size=8))
def test_random_documents_never_raise(project: Path, tree: dict[str, object]) -> None:
    """Well-formed YAML of the right shape, with wrong types and values anywhere."""
    (project / DOCUMENT).write_text(
        yaml.safe_dump({"vorlagenart": "mitteilung", **tree}, allow_unicode=True),
        encoding="utf-8",
    )
    assert_german(build_in_memory(project))


KOOP = "data/fakten/ikz-ki.yaml"
NUMBER_TEXT = st.one_of(
    st.lists(st.sampled_from([*"0123456789_.:+-eExXbo", "0x", "0b"]), min_size=1, max_size=12).map(
        "".join
    ),
    st.sampled_from(["yes", "no", "on", "off", "true", "~", ".inf", ".nan", '"8"', "'45000'"]),
    st.integers(-(10**40), 10**40).map(str),
)
PLAIN = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?")


@SETTINGS
@given(st.sampled_from(["laufzeit_jahre: 5", "foerderung_je_behoerde: 45000"]), NUMBER_TEXT)
def test_a_number_is_taken_only_as_written(project: Path, line: str, text: str) -> None:
    """A count or amount is a plain decimal number, taken as written, or a message at its line:
    never octal, hexadecimal, yes/no or sexagesimal read silently as something else."""
    key = line.split(":")[0]
    original = (ROOT / KOOP).read_text(encoding="utf-8")  # the project is shared by examples
    (project / KOOP).write_text(original.replace(line, f"{key}: {text}"), encoding="utf-8")
    loaded = load_project(project, [project / "data"])
    problems = [str(p) for p in loaded.problems if p.file == KOOP]
    entry = next(iter(loaded.entries), None)
    koop = entry.kooperation if entry is not None else None
    if koop is None:
        named = [p for p in problems if p.startswith(f"{KOOP}:")]
        assert named, problems  # the field, or where the YAML itself is broken (e.g. ':')
        assert any(f"kooperation.{key}:" in p or "YAML-Syntaxfehler" in p for p in named)
        assert_german(problems)
        assert all(len(p) < 400 for p in problems)  # a long number is never echoed whole
    else:
        assert PLAIN.fullmatch(text), text
        assert getattr(koop, key) == (int(text) if key == "laufzeit_jahre" else float(text))
