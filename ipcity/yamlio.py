"""Reading YAML so that every value keeps its line, and appending to a YAML list.

The only module that imports yaml. Files are composed into a node tree once; data
is built from the nodes (so a repeated key or an unknown tag is a problem, not a
silent overwrite or a constructor call), and the tree stays to place any later
finding at a line and column.

Appending writes one list entry as one line, a flow mapping. One line because git's
union merge works line by line and, given two appended blocks, keeps the lines they
share only once: two block-style records that both end in `  by: 市科技局` would come out
of a merge as one record missing a line and another with two. Whole lines it can only
reorder, and the log is ordered by date, not by place in the file.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml

from ipcity.errors import Problem

# libyaml parses about three times faster; the pure-Python parser is the fallback.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading without the timestamp resolver: dates reach the models as text,
    so an impossible date is a validation error with a line, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_constructor = yaml.SafeLoader("")  # used only for its scalar constructors


@dataclass
class Document:
    """A loaded YAML file: its data, its lines, and its node tree for locating values."""

    path: Path
    name: str
    data: Any
    lines: list[str]
    root: yaml.Node | None
    problems: list[Problem] = field(default_factory=list)

    def locate(self, loc: Iterable[str | int]) -> tuple[int, int]:
        """Line and column (from 1) of the deepest node along loc that exists."""
        node = self.root
        if node is None:
            return 1, 1
        for step in loc:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def locate_key(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of the key of a mapping entry (the entry itself if it has none)."""
        parent = self.root
        for step in loc[:-1]:
            parent = _child(parent, step) if parent is not None else None
        if isinstance(parent, yaml.MappingNode):
            for key, _ in parent.value:
                if key.value == loc[-1]:
                    return key.start_mark.line + 1, key.start_mark.column + 1
        return self.locate(loc)

    def source(self, loc: Iterable[str | int]) -> str | None:
        """The text of the scalar at loc as written in the file, or None."""
        node = self.root
        for step in loc:
            node = _child(node, step) if node is not None else None
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return None

    def problem(
        self, loc: Iterable[str | int], message: str, hint: str = "", *, at_key: bool = False
    ) -> Problem:
        loc = tuple(loc)
        line, col = self.locate_key(loc) if at_key and loc else self.locate(loc)
        return self.problem_at(line, col, message, hint)

    def problem_at(self, line: int, col: int, message: str, hint: str = "") -> Problem:
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Problem(self.name, line, col, message, hint, excerpt)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    children: list[Any] = node.value if isinstance(node.value, list) else []
    if isinstance(node, yaml.MappingNode):
        for key, value in children:
            if key.value == step:
                return cast(yaml.Node, value)
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return cast(yaml.Node, children[step]) if 0 <= step < len(children) else None
    return None


def load(path: Path, name: str | None = None) -> Document:
    """Load one YAML file. Never raises for bad content: problems are on the document."""
    name = name or str(path)
    doc = Document(path, name, None, [], None)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        doc.problems.append(
            Problem(name, 1, 1, "文件不存在", "检查 --data-dir，或用 `ipcity init` 新建一套数据")
        )
        return doc
    except OSError as exc:
        doc.problems.append(Problem(name, 1, 1, f"无法读取文件: {exc.strerror}"))
        return doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            Problem(name, 1, 1, f"文件过大（{len(raw) // (1024 * 1024)} MB），上限 32 MB")
        )
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    return _compose(doc, text)


def load_text(text: str, name: str) -> Document:
    """Load YAML given as text (what a file would hold once decoded)."""
    return _compose(Document(Path(name), name, None, [], None), text)


def _compose(doc: Document, text: str) -> Document:
    doc.lines = text.splitlines()
    try:
        loader = _Loader(text)
        try:
            doc.root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc, exc))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(doc.problem_at(1, 1, f"YAML 语法错误: {exc}"))
        return doc
    except RecursionError:
        doc.problems.append(doc.problem_at(1, 1, "嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层"))
        return doc
    if doc.root is not None:
        builder = _Builder(doc)
        doc.data = builder.build(doc.root, 0)
    return doc


def _decode(raw: bytes, doc: Document) -> str | None:
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


_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": "YAML 不能用 Tab 缩进，请改用空格",
    "mapping values are not allowed here": "冒号后要有空格；文字里有半角冒号时请给整段文字加引号",
    "found duplicate anchor": "锚点名称重复",
}


def _syntax_problem(doc: Document, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "无法解析"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if key in what), "")
    if "\t" in (doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""):
        hint = hint or "YAML 不能用 Tab 缩进，请改用空格"
    return doc.problem_at(line, col, f"YAML 语法错误: {what}", hint)


class _Builder:
    """Builds plain Python data from a node tree, reporting what PyYAML would let pass."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.visited = 0
        # An alias re-visits its anchor's subtree; a "billion laughs" file does so
        # exponentially. Real plans have no aliases at all, so a small budget is safe.
        self.budget = 100_000 + 4 * max(len(doc.lines), 1)
        self.refused = False

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.doc.problems.append(self.doc.problem_at(mark.line + 1, mark.column + 1, message, hint))

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.visited += 1
        if self.refused:
            return None
        if self.visited > self.budget:
            self.refused = True
            self.problem(
                node, "别名（&锚点/*引用）展开后过大，已拒绝读取", "不要用 YAML 锚点和别名"
            )
            return None
        if depth > MAX_DEPTH:
            self.refused = True
            self.problem(node, "嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.problem(node, f"不支持的 YAML 标签 {node.tag}", "删去这个标签")
                return None
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.problem(node, f"不支持的 YAML 标签 {node.tag}", "删去这个标签")
                return None
            return self.mapping(node, depth)
        return None  # pragma: no cover - the composer makes no other nodes

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                self.problem(key_node, "不支持这种键（合并键 << 或复合键）", "每个键写成普通文字")
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str | int | float | bool) and key is not None:
                continue
            if key in result:
                self.problem(
                    key_node,
                    f"键「{key_node.value}」重复（第 {first_line[key]} 行已有）",
                    "同一层里每个键只能写一次，删去或合并其中一个",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        try:
            if tag == _INT:
                return _constructor.construct_yaml_int(node)
            if tag == _FLOAT:
                return _constructor.construct_yaml_float(node)
            if tag == _BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == _NULL:
                return None
        except (ValueError, yaml.YAMLError):
            return node.value
        self.problem(node, f"不支持的 YAML 标签 {tag}", "删去这个标签；ipcity 只读普通数据")
        return None


# ---- Writing one list entry ------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
# Characters that start something other than plain text, or end it, inside a flow mapping.
_PLAIN_NEVER = frozenset(",[]{}#:&*!|>'\"%@`?")
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Written as an escape in quotes: controls, line and paragraph separators, format and
# unassigned characters (a BOM, a bidi override, a zero-width space), and spaces other
# than the two a person types. Both readers accept them raw, but some fold or drop them
# (PyYAML's own dumper turns a NEL into a space), and escaped they are visible in a diff.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
# What a YAML 1.2 reader takes for a number (1e-07 is text to PyYAML, a float to others).
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


class EntryError(ValueError):
    """A value that cannot be written as YAML text (a lone surrogate, a NaN)."""


def _escaped(ch: str) -> bool:
    if ch in _ESCAPES:
        return True
    category = unicodedata.category(ch)
    return category in _ESCAPED_CATEGORIES or (category == "Zs" and ch not in " \u3000")


def _plain_ok(text: str) -> bool:
    """Whether text can be written without quotes in a flow mapping and read back the same,
    by any YAML 1.1 reader: no indicator, no escape, nothing read as a number, bool or date."""
    return (
        text != ""
        and text == text.strip()
        and text[0] not in "-."
        and not any(ch in _PLAIN_NEVER or _escaped(ch) or ch.isspace() for ch in text if ch != " ")
        and "  " not in text
        and not _YAML12_NUMBER.fullmatch(text)
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR  # type: ignore[no-untyped-call]
    )


def quoted(text: str) -> str:
    """text in double quotes, every character that is not plainly visible as an escape."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _escaped(ch):
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise EntryError(f"无法保存的字符 U+{code:04X}（不成对的代理码位）")
            if code <= 0xFF:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:  # \u takes exactly four digits: U+10B9D written so would read as U+10B9, D
                out.append(f"\\U{code:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value: Any, *, quote: bool = False) -> str:
    """A str, int, float or date as YAML text. Strings are plain when that is safe, else quoted;
    quote=True always quotes (IDs such as '6.3' must stay text)."""
    if isinstance(value, date):
        return value.isoformat()  # a date to any YAML reader; ipcity's reads it as text
    if isinstance(value, bool) or value is None:
        raise EntryError(f"不支持的值 {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise EntryError(f"数值 {value} 无法记录")
        text = repr(value)
        # YAML 1.1 reads 1e-07 as text: its floats need a point before the exponent.
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    text = str(value)
    if quote or not _plain_ok(text):
        if (
            quote
            and "'" not in text
            and not any(_escaped(ch) for ch in text)
            and text == text.strip()
        ):
            return f"'{text}'"
        return quoted(text)
    return text


def flow_entry(fields: dict[str, Any], quote: Iterable[str] = ()) -> str:
    """One list entry as one line: `- {key: value, ...}` (no line break at the end).

    Values are str, int, float, date, or a dict of such (a nested flow mapping).
    """
    always = set(quote)

    def mapping(data: dict[str, Any]) -> str:
        parts = []
        for key, value in data.items():
            text = mapping(value) if isinstance(value, dict) else scalar(value, quote=key in always)
            parts.append(f"{scalar(key)}: {text}")
        return "{" + ", ".join(parts) + "}"

    return "- " + mapping(fields)


# ---- Appending to a file, whole or not at all -----------------------------------------


class AppendError(Exception):
    """The entry was not appended; the file is as it was. The message says why."""


def _write(fd: int, data: bytes) -> int:
    """One write call (a seam for tests that make a write fail part-way)."""
    return os.write(fd, data)


# Windows locks byte ranges, and a locked range cannot be read by others: lock one byte
# far past the end of any plan (files are refused above MAX_BYTES) instead of the data.
_WINDOWS_LOCK_AT = 1 << 30


@contextmanager
def _exclusive(fd: int) -> Iterator[None]:
    """Hold an exclusive lock on an open file; other writers wait for it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                break
            except OSError as exc:
                if exc.errno not in (errno.EDEADLOCK, errno.EACCES):
                    raise
        try:
            yield
        finally:
            os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def append_entry(path: Path, entry: str, expected: Any, name: str | None = None) -> None:
    """Append one line holding one entry to the top-level list of a YAML file.

    Under an exclusive lock: read the file, check that the file with the line added
    reads as the same list plus exactly `expected` (so a hand-edited end such as an
    indented list or an unclosed quote is refused, not corrupted), write the line in one
    call and fsync. If anything fails after the write began, the file is cut back to its
    length before, so it holds the whole entry or none of it. Raises AppendError.
    """
    name = name or str(path)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise AppendError(f"{name}：无法打开（{exc.strerror}）") from None
    try:
        with _exclusive(fd):
            raw = _read_all(fd)
            payload = _payload(raw, entry, expected, name)
            _write_whole(fd, len(raw), payload, name)
    except OSError as exc:  # locking or reading failed (a network share without locks)
        raise AppendError(f"{name}：无法追加（{exc.strerror or exc}），文件未改动") from exc
    finally:
        os.close(fd)


def _payload(raw: bytes, entry: str, expected: Any, name: str) -> bytes:
    if len(raw) > MAX_BYTES:
        raise AppendError(f"{name}：文件过大，上限 32 MB")
    doc = Document(Path(name), name, None, [], None)
    text = _decode(raw, doc)
    if text is None:
        raise AppendError(doc.problems[0].headline())
    # Keep the file's own line ends (an editor on Windows may have saved CRLF).
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    lead = newline if text and not text.endswith(("\n", "\r")) else ""
    added = lead + entry + newline
    if not _appends_cleanly(text, len(text) + len(lead), added, expected, name):
        raise _why_not(text, name)
    return added.encode("utf-8")


def _appends_cleanly(text: str, at: int, added: str, expected: Any, name: str) -> bool:
    """Whether text + added reads as the list in text plus exactly `expected`.

    One parse of the whole: the new entry must start on the new line and equal expected,
    and the entry before it must end before that line, so the new line neither changed
    nor was swallowed by anything above it. (Marks are character offsets in both the C
    and the Python parser.)
    """
    after = _compose(Document(Path(name), name, None, [], None), text + added)
    root = after.root
    if after.problems or not isinstance(root, yaml.SequenceNode):
        return False
    items: list[yaml.Node] = root.value
    return (
        isinstance(after.data, list)
        and len(after.data) == len(items)
        and items[-1].start_mark.index == at + 2  # after "- "
        and (len(items) == 1 or items[-2].end_mark.index <= at)
        and after.data[-1] == expected
    )


def _why_not(text: str, name: str) -> AppendError:
    before = _compose(Document(Path(name), name, None, [], None), text)
    if before.problems:
        return AppendError(f"{before.problems[0].headline()}（先改正，`ipcity validate` 可检查）")
    if before.data is not None and not isinstance(before.data, list):
        return AppendError(f"{name}：最外层不是列表，无法追加记录")
    return AppendError(
        f"{name}：文件末尾的写法使新记录无法原样追加（如列表有缩进、引号或括号未闭合）；"
        "请检查文件末尾，改后运行 `ipcity validate`"
    )


def _write_whole(fd: int, size: int, payload: bytes, name: str) -> None:
    os.lseek(fd, size, os.SEEK_SET)
    try:
        written = _write(fd, payload)
        if written != len(payload):
            raise OSError(errno.EIO, f"只写入了 {written}/{len(payload)} 字节")
        os.fsync(fd)
    except BaseException as exc:
        # Whatever happened (a full disk, an interrupt), take back the part that got in.
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError as undo:
            raise AppendError(
                f"{name}：写入失败，已写入的部分也未能撤回（{undo.strerror or undo}）；"
                "请运行 `ipcity validate` 检查文件末尾"
            ) from exc
        if isinstance(exc, OSError):
            raise AppendError(f"{name}：写入失败（{exc.strerror or exc}），文件未改动") from exc
        raise
