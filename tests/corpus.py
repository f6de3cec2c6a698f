"""The corpus of broken inputs in tests/data/bad: each folder breaks a copy of the bundled
data in one way (case.toml) and holds the exact output `ipcity validate` must give
(expected.txt, with {d} for the data directory)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

BAD = Path(__file__).resolve().parent / "data" / "bad"
# The plan the cases break: a frozen copy of the bundled one, so that editing data/
# (a comment, an indicator) does not move the line numbers the cases expect.
BASE = Path(__file__).resolve().parent / "data" / "base"


def cases() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if (p / "case.toml").is_file())


def read_case(folder: Path) -> dict[str, Any]:
    with (folder / "case.toml").open("rb") as f:
        return tomllib.load(f)


def apply(case: dict[str, Any], data_dir: Path) -> None:
    """Break data_dir as the case says."""
    path = data_dir / case["file"]
    if case.get("delete"):
        path.unlink()
    elif "encoding" in case:
        path.write_bytes(path.read_text(encoding="utf-8").encode(case["encoding"]))
    elif "content" in case:
        path.write_text(case["content"], encoding="utf-8")
    elif "append" in case:
        path.write_text(path.read_text(encoding="utf-8") + case["append"], encoding="utf-8")
    elif "replace" in case:
        text = path.read_text(encoding="utf-8")
        assert case["replace"] in text, "the bundled data changed: update the case"
        path.write_text(text.replace(case["replace"], case["with"], 1), encoding="utf-8")
    else:
        path.write_bytes(GENERATORS[case["generate"]]())


def _alias_bomb() -> bytes:
    """'Billion laughs': nine levels of nine aliases each, 9**9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\nunits: *i\n").encode()


def _huge() -> bytes:
    """A log of well-formed records past the 32 MB a data file may hold."""
    record = (
        "- task: '6.3'\n  date: 2009-05-01\n  status: in_progress\n  note: 已启动商标培育工作\n"
    )
    return (record * (33 * 1024 * 1024 // len(record.encode()) + 1)).encode()


def _deep() -> bytes:
    """A value nested two thousand lists deep."""
    return ("units: " + "[" * 2000 + "]" * 2000 + "\n").encode()


GENERATORS = {"alias_bomb": _alias_bomb, "huge": _huge, "deep": _deep}
