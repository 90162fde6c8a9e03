"""Templates and Word templates that would hang, crash or break outputs: one message each.

A template is code a clerk writes or receives by mail. Runaway code (a macro calling itself, a
loop of 10^10 steps, ``9**(9**9)``) and damaged or hostile Word files (truncated, a zip bomb,
a DOCTYPE) fail the documents using them, with the template, the line or part, and what to do;
exit code 1, no traceback, and the good outputs of an earlier build stay byte for byte. The
documents that do not use the broken template are still built.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from mitteilung.render.environment import paragraphs, text_paragraphs
from tests.conftest import MITTEILUNG, Run
from tests.support.documents import docx_paragraphs
from tests.support.edits import DOCX, Case, Edit, m, snapshot, sub, write

M = str(MITTEILUNG)
# a Textbaustein only the Mitteilung uses: the Beschlussvorlage must still be built
FRISTEN = "templates/bausteine/foerderprogramm/fristen.txt.j2"
OTHER = "templates/bausteine/ikz/beschlusserfordernis.txt.j2"
DEPTH = (
    "Makros oder eingebundene Dokumentvorlagen sind mehr als 40 Ebenen tief verschachtelt "
    "(ruft sich eine Dokumentvorlage oder ein Makro selbst auf?); mehr mit --max-depth"
)
TOO_BIG = "die Zahl wäre zu groß (mehr als 4300 Stellen)"
RESAVE = "die Word-Vorlage in Word öffnen und als .docx speichern"


def too_much(size: str, limit: str = "20 MB") -> str:
    return (
        f"die Dokumentvorlage ergäbe zu viel Text ({size}; erlaubt sind höchstens {limit}, "
        "mehr mit --max-output)"
    )


def timeout(seconds: str) -> str:
    return (
        f"die Dokumentvorlage rechnet länger als {seconds} s (etwa eine zu große Schleife); "
        "Schleife verkleinern oder mehr Zeit mit --max-render-time erlauben"
    )


def docx_edit(change: Callable[[dict[str, bytes]], dict[str, bytes]]) -> Edit:
    """Rewrite the Word template's parts (name -> bytes) with ``change``."""

    def edit(root: Path) -> None:
        path = root / DOCX
        with zipfile.ZipFile(path) as src:
            parts = {info.filename: src.read(info) for info in src.infolist()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, data in change(parts).items():
                dst.writestr(name, data)
        path.write_bytes(out.getvalue())

    return edit


def corrupt_entry(root: Path) -> None:
    """Flip bytes inside the compressed body of word/document.xml (zlib cannot inflate it)."""
    path = root / DOCX
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 8
    for i in range(start, start + 64):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def inflating(size: int) -> Edit:
    """A part of ``size`` zero bytes: the file stays small, it inflates to ``size``."""

    def edit(root: Path) -> None:
        with zipfile.ZipFile(root / DOCX, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("word/media/bomb.bin", b"\0" * size)

    return edit


DOCTYPE = b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'

CASES = [
    # 1. runaway templates: recursion, size, time
    Case(
        "recursive-macro",
        write(FRISTEN, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n"),
        [m(1, DEPTH, FRISTEN)],
    ),
    Case(
        "self-include",
        write(FRISTEN, 'Frist {% include "bausteine/foerderprogramm/fristen.txt.j2" %}\n'),
        [m(1, DEPTH, FRISTEN)],
    ),
    Case(
        "include-each-other",
        write(FRISTEN, 'A {% include "bausteine/ikz/beschlusserfordernis.txt.j2" %}\n'),
        [m(1, DEPTH, OTHER)],  # where the nesting went too deep
    ),
    Case("repeat-huge", write(FRISTEN, "{{ 'x' * 10**9 }}\n"), [m(1, too_much("1 GB"), FRISTEN)]),
    Case("power-huge", write(FRISTEN, "{{ 9**(9**9) }}\n"), [m(1, TOO_BIG, FRISTEN)]),
    Case("power-printed", write(FRISTEN, "\n{{ 10**5000 }}\n"), [m(2, TOO_BIG, FRISTEN)]),
    Case(
        "float-overflow",  # Python's OverflowError, raised by the template's own arithmetic
        write(FRISTEN, "Frist\n{{ 2.0 ** 10000 }}\n"),
        [m(2, "eine Zahl ist zu groß für die Rechnung", FRISTEN)],
    ),
    Case(
        "number-literal-too-long",
        write(FRISTEN, "{{ 1" + "0" * 5000 + " }}\n"),
        [m(1, "Syntaxfehler: eine Zahl hat mehr als 4300 Stellen", FRISTEN)],
    ),
    Case(
        "brackets-too-deep",
        write(FRISTEN, "Text\n{{ " + "(" * 400 + "1" + ")" * 400 + " }}\n"),
        [m(2, "Syntaxfehler: Klammern oder Befehle sind zu tief verschachtelt", FRISTEN)],
    ),
    Case(
        "nested-loop",
        write(
            FRISTEN,
            "Frist\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
            "{% endfor %}\n",
        ),
        [m(2, timeout("1,5"), FRISTEN)],
        args=("--max-render-time", "1.5"),
    ),
    Case(
        "output-too-long",
        write(FRISTEN, "{% for i in range(30000) %}\nxxxxxxxxxx{% endfor %}\n"),
        # the line of the loop that produces the text
        [
            m(
                1,
                "die Dokumentvorlage ergäbe zu viel Text (mehr als die erlaubten 200 kB, mehr mit "
                "--max-output)",
                FRISTEN,
            )
        ],
        args=("--max-output", "200kB"),  # the Word XML of each sample document is smaller
    ),
    Case(
        "doubling",
        write(
            FRISTEN,
            "{% set ns = namespace(s='x') %}\n{% for i in range(60) %}\n"
            "{% set ns.s = ns.s ~ ns.s %}\n{% endfor %}{{ ns.s }}\n",
        ),
        [m(3, too_much("33,6 MB"), FRISTEN)],
    ),
    Case(
        "method-width",
        write(FRISTEN, "{{ 'x'.ljust(1000000000) }}\n"),
        [
            m(
                1,
                "die Zahl 1000000000 ist als Anzahl oder Breite zu groß (höchstens 20000000)",
                FRISTEN,
            )
        ],
    ),
    Case(
        "lipsum-huge",
        write(FRISTEN, "{{ lipsum(100000) }}\n"),
        [m(1, too_much("120 MB"), FRISTEN)],
    ),
    Case(
        "format-width",
        write(FRISTEN, "{{ '%999999999d' % 1 }}\n"),
        [m(1, too_much("1000 MB"), FRISTEN)],
    ),
    Case(
        "replace-amplified",
        write(FRISTEN, "{% set s = 'x' * 1000000 %}\n{{ s|replace('', s) }}\n"),
        [m(2, too_much("1000 GB"), FRISTEN)],
    ),
    # 2. templates read the data, never change it; what they contain must be text
    Case(
        "change-the-data",
        write(FRISTEN, "{% set _ = vorlage.update({'nummer': 'X'}) %}\nFrist\n"),
        [
            m(
                1,
                "'update' würde die Daten ändern; Dokumentvorlagen lesen die Daten nur "
                "(eigene Werte mit {% set name = … %} festlegen)",
                FRISTEN,
            )
        ],
    ),
    Case(
        "append-to-data",
        write(FRISTEN, "{{ vorlage.beratungsfolge.append(1) }}\n"),
        [
            m(
                1,
                "'append' würde die Daten ändern; Dokumentvorlagen lesen die Daten nur "
                "(eigene Werte mit {% set name = … %} festlegen)",
                FRISTEN,
            )
        ],
    ),
    Case(
        "nul-in-baustein",
        write(FRISTEN, "Frist\nam\0{{ stadt.name }}\0 und\n"),
        [
            m(
                2,
                "enthält das unzulässige Steuerzeichen U+0000 an Position 3 (kann nicht in Word "
                "stehen; bitte entfernen)",
                FRISTEN,
            )
        ],
    ),
    Case(
        "raw-not-closed",
        write(FRISTEN, "Frist\n{% raw %} {{ bleibt }}\n"),
        [m(2, "{% raw %} wird nicht geschlossen: {% endraw %} fehlt", FRISTEN)],
    ),
    # 3. Word templates: damaged, incomplete, too big, hostile
    Case(
        "word-truncated",
        docx_edit(lambda p: {**p, "word/document.xml": p["word/document.xml"][:2000]}),
        [
            m(
                None,
                "Teil word/document.xml: ist beschädigt (kein gültiges XML in Zeile 2); " + RESAVE,
                DOCX,
            )
        ],
    ),
    Case(
        "word-static-part-truncated",
        docx_edit(lambda p: {**p, "word/styles.xml": p["word/styles.xml"][:300]}),
        [
            m(
                None,
                "Teil word/styles.xml: ist beschädigt (kein gültiges XML in Zeile 2); " + RESAVE,
                DOCX,
            )
        ],
    ),
    Case(
        "word-without-body",
        docx_edit(lambda p: {k: v for k, v in p.items() if k != "word/document.xml"}),
        [
            m(
                None,
                "Teil word/document.xml: fehlt: die Datei ist keine vollständige Word-Datei; "
                + RESAVE,
                DOCX,
            )
        ],
    ),
    Case(
        "word-without-content-types",
        docx_edit(lambda p: {k: v for k, v in p.items() if k != "[Content_Types].xml"}),
        [
            m(
                None,
                "Teil [Content_Types].xml: fehlt: die Datei ist keine vollständige Word-Datei; "
                + RESAVE,
                DOCX,
            )
        ],
    ),
    Case(
        "word-doctype",
        docx_edit(
            lambda p: {
                **p,
                "word/document.xml": p["word/document.xml"].replace(b"?>", b"?>" + DOCTYPE, 1),
            }
        ),
        [
            m(
                None,
                "Teil word/document.xml: enthält eine DOCTYPE-Angabe, die in Word-Dateien nicht "
                "vorkommt (sie könnte fremde Dateien einbinden); " + RESAVE,
                DOCX,
            )
        ],
    ),
    Case(
        "word-corrupt-entry",
        corrupt_entry,
        [m(None, "Teil word/document.xml: ist beschädigt; " + RESAVE, DOCX)],
    ),
    Case(
        "word-zip-bomb",
        inflating(200_000_000),  # a zip bomb
        [
            m(
                None,
                "ist entpackt zu groß (200,1 MB; erlaubt sind höchstens 50 MB, mehr mit "
                "--max-template-size)",
                DOCX,
            )
        ],
    ),
    Case(
        "word-bigger-than-allowed",
        inflating(1_000_000),
        [
            m(
                None,
                "ist entpackt zu groß (1,1 MB; erlaubt sind höchstens 1 MB, mehr mit "
                "--max-template-size)",
                DOCX,
            )
        ],
        args=("--max-template-size", "1MB"),
    ),
    Case(
        "word-not-a-zip",
        write(DOCX, b"PK\x03\x04 nur der Anfang einer Zip-Datei"),
        [m(None, "ist keine Word-Datei (.docx); in Word öffnen und als .docx speichern", DOCX)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_template_fails_its_documents_and_nothing_is_replaced(
    project: Path,
    cli: Run,
    built_output: Path,
    case: Case,
) -> None:
    out = built_output
    before = snapshot(out)
    if case.id == "include-each-other":  # the other one includes the first
        write(OTHER, 'B {% include "bausteine/foerderprogramm/fristen.txt.j2" %}\n')(project)
    case.edit(project)

    result = cli("build", *case.args)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[: len(case.messages)] == case.messages
    summary = re.sub(r"\(\d+\.\d\d s\)", "(… s)", lines[len(case.messages)])
    # the Beschlussvorlage does not use the broken template: built, the same bytes as before;
    # the Sitzungen have no document of their own that uses it
    assert summary == (
        "0 Vorlage(n) und 2 Sitzung(en) gebaut, 1 übersprungen (unverändert), "
        "1 fehlgeschlagen (… s)"
    )
    assert lines[len(case.messages) + 1 :] == [f"  fehlgeschlagen: {M}"]
    assert snapshot(out) == before


def test_check_reports_a_runaway_template_too(project: Path, cli: Run) -> None:
    write(FRISTEN, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")(project)
    result = cli("check", "--max-depth", "5")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == m(1, DEPTH.replace("40", "5"), FRISTEN)
    assert "Traceback" not in result.output


def test_the_limits_leave_real_templates_alone(project: Path, cli: Run) -> None:
    # a Baustein with a macro, a loop and arithmetic well inside the limits
    write(
        FRISTEN,
        "{% macro zeile(n) %}{{ n }}. Frist{% endmacro %}"
        "{% for i in range(3) %}{{ zeile(i + 1) }} {% endfor %}{{ 2**10 }} {{ 'ab' * 3 }} "
        "{{ '{:,}'.format(45000000000) }} {{ '%d'|format(45000000000) }} "
        "{{ lipsum(1)|length > 0 }}\n",
    )(project)
    result = cli("build", "--max-depth", "3", "--max-render-time", "5")
    assert result.exit_code == 0, result.output
    txt = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert "1. Frist 2. Frist 3. Frist 1024 ababab 45,000,000,000 45000000000 True" in txt


def test_a_real_bug_keeps_its_traceback(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mitteilung import formatting

    def broken(value: object) -> str:
        raise RecursionError("a bug of ours")

    monkeypatch.setitem(formatting.FILTERS, "datum", broken)
    with pytest.raises(RecursionError, match="a bug of ours"):
        cli("build")


def test_an_unreadable_baustein_is_named(
    project: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "fristen.txt.j2":  # as for a file of another user, mode 600
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    result = cli("build")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == m(
        None, "kann nicht gelesen werden (keine Berechtigung)", FRISTEN
    )
    assert "Traceback" not in result.output


def test_template_check_on_a_non_zip_gets_a_message(project: Path, cli: Run) -> None:
    write(DOCX, b"kein zip")(project)
    result = cli("template-check", DOCX)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        m(None, "ist keine Word-Datei (.docx); in Word öffnen und als .docx speichern", DOCX)
    ]


def test_the_time_limit_is_gone_after_the_build(project: Path, cli: Run) -> None:
    import signal
    import time

    assert cli("build", "--max-render-time", "3").exit_code == 0
    time.sleep(0.4)  # an alarm left armed would fire here
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --- 4. a blank line inside a text block: a new paragraph in every format -------------------

BLOCK = "Zeile 1\r\n\tmit Tab  und zwei Leerzeichen\r\n\r\n \r\nZweiter Absatz\n"


def test_blank_lines_split_a_text_block_the_same_way_in_txt_docx_and_html(
    project: Path, cli: Run
) -> None:
    quoted = BLOCK.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    sub(M, "- text: Die Verwaltung wird zum Thema weiter berichten.", f'- text: "{quoted}"')(
        project
    )
    assert cli("build", "-f", "txt", "-f", "docx", "-f", "html").exit_code == 0
    first, second = "Zeile 1\n\tmit Tab  und zwei Leerzeichen", "Zweiter Absatz"
    txt = (project / "build/7939-2025-mitteilung.txt").read_text(encoding="utf-8")
    assert txt.endswith(f"\n\n{first}\n\n{second}")
    with zipfile.ZipFile(project / "build/7939-2025-mitteilung.docx") as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    run = '</w:t>{}<w:t xml:space="preserve">'
    expected = (
        "Zeile 1" + run.format("<w:br/>") + run.format("<w:tab/>") + "mit Tab  und zwei Leerzeichen"
    )
    paragraphs_xml = re.findall(r"<w:p[ >].*?</w:p>", body, re.DOTALL)
    assert sum(expected in p for p in paragraphs_xml) == 1
    assert sum(f">{second}</w:t>" in p for p in paragraphs_xml) == 1
    assert docx_paragraphs(project / "build/7939-2025-mitteilung.docx")[-2:] == [first, second]
    html = (project / "build/7939-2025-mitteilung.html").read_text(encoding="utf-8")
    assert f"<p>{first}</p>\n<p>{second}</p>" in html


def test_text_paragraphs_rule() -> None:
    assert text_paragraphs("a\n\nb") == ["a", "b"]
    assert text_paragraphs("a\n \t\n\n b\n") == ["a", " b"]
    assert text_paragraphs("\na\r\nb\r\rc\n") == ["a\nb", "c"]
    assert text_paragraphs("a\tb  c") == ["a\tb  c"]
    # a value in a Textbaustein follows the same rule; it is never split elsewhere
    wrapped = "\0" + b"x\n\ny z".hex() + "\0"
    assert paragraphs(f"Vor {wrapped} nach\n\nZweiter") == ["Vor x", "y z nach", "Zweiter"]


def test_memory_is_capped_while_rendering_and_only_then() -> None:
    resource = pytest.importorskip("resource")
    from mitteilung.render.limits import Bounds, RenderLimits

    before = resource.getrlimit(resource.RLIMIT_AS)
    with Bounds(RenderLimits(seconds=0)), pytest.raises(MemoryError):
        bytearray(8 * 10**9)  # one C call the alarm could not interrupt
    assert resource.getrlimit(resource.RLIMIT_AS) == before
