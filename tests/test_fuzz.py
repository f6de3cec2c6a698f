"""Fuzzing the loader: the bundled data files mutated byte by byte and line by line.

Whatever the mutation, `ipcity validate` either accepts the data or reports problems
with a file and a line; it never raises. `make test` runs a bounded number of examples;
`make fuzz` runs many more (IPCITY_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from corpus import BASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.files.load import load_plan
from ipcity.plan.problems import FILES

EXAMPLES = int(os.environ.get("IPCITY_FUZZ_EXAMPLES", "40"))
ORIGINAL = {name: (BASE / name).read_bytes() for name in FILES}
# Bytes a person's editor, a wrong encoding or a YAML typo puts in a file.
NASTY = [
    b"\t", b"\x00", b"\xff", b"\xe4\xb8", b"\r", b"\xef\xbb\xbf", b": ", b"- ", b"[", b"]",
    b"{", b"}", b"&a ", b"*a", b"!!python/object:os.system ", b"'", b'"', b"#", b"|", b">",
    b"---\n", b"...\n", b"%YAML 1.1\n", b"no", b"012", b"2009-02-30", b"~", b"<<: ",
    "：".encode(), "，".encode(), "（".encode(), "\u2028".encode(), b"\xc2\x85",
    # and what attacks the outputs: formulas, terminal escapes, bidi and zero-width
    # characters, numbers that are not numbers, Markdown and HTML structure
    b"=", b"+", b"@", b"-5", b'"\\e]0;x\\a\\e[2J"', b'"\\0\\x08"', "\u202e".encode(),
    "\u200d".encode(), "\ufeff".encode(), b".nan", b".inf", b"-.inf", b"1.0e+300",
    b"<img src=x onerror=alert(1)>", b"## ", b"|", b"\\n\\n# ",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, bytes] = ORIGINAL) -> tuple[str, bytes]:
    """One of the three files, changed in one to four places."""
    name = draw(st.sampled_from(FILES))
    data = bytearray(original[name])
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["bytes", "nasty", "drop", "copy", "indent", "cut"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        row = draw(st.integers(0, len(lines) - 1))
        if kind == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "nasty":
            data[at:at] = draw(st.sampled_from(NASTY))
        elif kind == "drop":
            del lines[row]
            data = bytearray(b"\n".join(lines))
        elif kind == "copy":
            lines.insert(draw(st.integers(0, len(lines))), lines[row])
            data = bytearray(b"\n".join(lines))
        elif kind == "indent":
            lines[row] = b" " * draw(st.integers(0, 5)) + lines[row].lstrip(b" ")
            data = bytearray(b"\n".join(lines))
        else:
            del data[at : at + draw(st.integers(1, 200))]
    return name, bytes(data)


def _copy_with(
    name: str, content: bytes, folder: Path, original: dict[str, bytes] = ORIGINAL
) -> Path:
    data_dir = folder / "data"
    shutil.copytree(BASE, data_dir)
    for other, text in original.items():
        (data_dir / other).write_bytes(text)
    (data_dir / name).write_bytes(content)
    return data_dir


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_a_mutated_file_is_accepted_or_reported_never_raised(change: tuple[str, bytes]) -> None:
    name, content = change
    with tempfile.TemporaryDirectory() as folder:
        data_dir = _copy_with(name, content, Path(folder))
        plan, problems = load_plan(data_dir, date.today())
        assert (plan is None) == bool(problems)
        for problem in problems:
            assert problem.file in {str(data_dir / n) for n in FILES}
            assert problem.line >= 1 and problem.col >= 1
            assert problem.message


@pytest.mark.slow
@settings(max_examples=max(EXAMPLES // 4, 5), deadline=None)
@given(mutated())
def test_every_command_answers_a_mutated_file_without_a_traceback(
    change: tuple[str, bytes],
) -> None:
    name, content = change
    with tempfile.TemporaryDirectory() as folder:
        data_dir = _copy_with(name, content, Path(folder))
        for command in (["validate"], ["list"], ["report", "--format", "json"]):
            result = CliRunner().invoke(app, [*command, "--data-dir", str(data_dir)])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
            assert result.exit_code in (0, 1), (command, result.output)
