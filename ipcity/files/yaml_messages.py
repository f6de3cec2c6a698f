"""What is wrong with a file as a whole, in the user's words: not UTF-8, or not YAML
(PyYAML's messages translated, with how to fix each)."""

from __future__ import annotations

import re
import unicodedata

import yaml

from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import BYTES_PER_NODE, MAX_DEPTH, TooManyNodes, split_lines
from ipcity.plan.problems import Problem


def decode(raw: bytes, doc: Document) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.problems.append(
            Problem(
                doc.name,
                1,
                1,
                "文件是 UTF-16 编码，不是 UTF-8",
                "在编辑器中另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）",
            )
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            raw.decode("gb18030")
            looks = "，看起来是 GBK（GB2312/GB18030）编码"
            fix = (
                "在编辑器中另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）；"
                f"或运行 iconv -f GBK -t UTF-8 {doc.name} -o 新文件"
            )
        except UnicodeDecodeError:
            looks = ""
            fix = "在编辑器中另存为 UTF-8 编码"
        doc.problems.append(Problem(doc.name, line, col, f"文件不是 UTF-8 编码{looks}", fix))
        return None
    return text


# PyYAML's words, in the user's: its message, and ours with how to fix it.
_TAB = ("这里用了 Tab", "YAML 不能用 Tab 缩进，请改用空格")
_SYNTAX: dict[str, tuple[str, str]] = {
    "while scanning a quoted scalar": ("引号没有闭合", "在这段文字的末尾补上同样的引号"),
    "found a tab character": _TAB,
    "found character '\\t'": _TAB,
    "expected ',' or ']'": ("方括号 [ ] 没有闭合", "[ ] 要成对，项之间用逗号分隔"),
    "expected ',' or '}'": ("花括号 { } 没有闭合", "{ } 要成对，项之间用逗号分隔"),
    "mapping values are not allowed here": (
        "这里不能有“: ”",
        "含有“冒号加空格”的文字要整段加引号；或检查上一行的缩进",
    ),
    "could not find expected ':'": ("缺少“: ”", "每个键后写冒号和空格，如 deadline: 2009年底"),
    "expected <block end>": ("缩进不一致", "同一层的键和“- ”要对齐，用空格缩进"),
    "did not find expected key": ("缩进不一致", "同一层的键要对齐，用空格缩进"),
    "did not find expected '-' indicator": ("列表项缩进不一致", "同一列表的“- ”要对齐"),
    "found unexpected end of stream": ("文件意外结束", "检查引号或括号是否闭合"),
    "found undefined alias": ("引用了未定义的锚点（*名称）", "不要用 YAML 锚点和别名"),
    "found another document": ("文件里有多个文档（---）", "一个文件只写一个文档，删去多余的 ---"),
    "found character that cannot start any token": (
        "这个字符不能放在这里",
        "以 @ 或 ` 开头的文字要加引号",
    ),
    "found unknown escape character": (
        "双引号里有无法识别的转义（\\）",
        "改用单引号，或把 \\ 写成 \\\\",
    ),
    "control characters are not allowed": ("文件里有控制字符", "删去这些看不见的字符"),
    "exceeded maximum nesting depth": ("嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层"),
}


def syntax_problem(doc: Document, exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    what = exc.problem or exc.context or "无法解析"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in what and exc.context_mark:
        mark = exc.context_mark  # an unclosed quote: where it opened, not the end of the file
    line, col = (offset + mark.line + 1, mark.column + 1) if mark else (offset + 1, 1)
    said = f"{exc.context or ''} {what}"
    ours, hint = next(((m, h) for key, (m, h) in _SYNTAX.items() if key in said), (what, ""))
    message = f"YAML 语法错误：{ours}" + (f"（{what}）" if ours != what else "")
    start = exc.context_mark
    if start is not None and offset + start.line < line - 1:
        at = offset + start.line + 1
        hint = f"{hint}（参看第 {at} 行）" if hint else f"参看第 {at} 行"
    first = offset + start.line + 1 if start is not None else line
    for n in range(max(first, line - 3), line + 1):
        text = doc.lines[n - 1] if 0 < n <= len(doc.lines) else ""
        if re.match(r"^\s*(- )?[^\s:：#'\"]+：", text):  # an IME's colon after a key
            hint = f"第 {n} 行的键后用了全角冒号「：」，要写半角冒号加空格「: 」"
            return doc.problem_at(n, text.index("：") + 1, message, hint)
    return doc.problem_at(line, col, message, hint)


def reader_problem(doc: Document, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow in a file (a control character such as ESC, or
    U+FFFE), at its line and column. The reader stops at the first one, so it is the first
    of its kind in the text (libyaml's position counts bytes, PyYAML's characters)."""
    bad = chr(exc.character) if isinstance(exc.character, int) else ""
    index = text.find(bad) if bad else -1
    if index < 0:
        return doc.problem_at(1, 1, f"YAML 语法错误：{exc.reason}")
    before = split_lines(text[:index] + "|")  # the line of the character, cut after it
    what = "控制字符" if unicodedata.category(bad) == "Cc" else "不能用的字符"
    return doc.problem_at(
        len(before),
        len(before[-1]),
        f"文件里有{what} U+{ord(bad):04X}",
        "删去这个看不见的字符（可用能显示控制字符的编辑器，或重新输入这一行）",
    )


def too_many_nodes(doc: Document, exc: TooManyNodes) -> Problem:
    """A file of far more values than its size can mean (yaml_loader.node_budget)."""
    longest = max(range(len(doc.lines)), key=lambda n: len(doc.lines[n]), default=0)
    return doc.problem_at(
        longest + 1,
        1,
        f"文件里的值太多（超过 {exc.budget} 个），已拒绝读取",
        f"按文件大小，平均每 {BYTES_PER_NODE} 字节最多一个值，手写的工作方案远远不到；"
        "进度记录请每条写一行、以“- ”开头",
    )
