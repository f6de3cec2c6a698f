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
import gc
import itertools
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

from ipcity.plan.problems import Problem

# libyaml parses about three times faster; the pure-Python parser is the fallback.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64


# The first characters a plain scalar needs to be anything but text (a number, a
# bool, null, the merge key, `=`) under the safe resolvers. Everything else is text.
_MAYBE_NOT_TEXT = frozenset("-+0123456789.~nNtTfFyYoO<=")


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading without the timestamp resolver: dates reach the models as text,
    so an impossible date is a validation error with a line, not a crash."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Most scalars in a plan are Chinese text, and the rest (keys, dates, status
        # words) repeat: answer both without running every implicit resolver's regex,
        # which took a third of the load time of a large log.
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _MAYBE_NOT_TEXT:
                return _STR
            if len(value) <= 16:
                tag = _SHORT_TAGS.get(value)
                if tag is None:
                    tag = _SHORT_TAGS[value] = super().resolve(kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)

    # No path resolvers are registered: the composer's per-node bookkeeping for them
    # is a million calls that do nothing.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_SHORT_TAGS: dict[str, str] = {}


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_constructor = yaml.SafeLoader("")  # used only for its scalar constructors


@dataclass
class Part:
    """A stretch of a file composed on its own: the whole file, or a batch of the records
    of a top-level list. Its node tree is kept only when it is the whole file."""

    first_line: int  # lines before the part
    first_index: int  # records before the part (for a batch)
    count: int  # records in the part (for a batch)
    root: yaml.Node | None = None


@dataclass
class Document:
    """A loaded YAML file: its data, its lines, and how to find the node behind a value."""

    path: Path
    name: str
    data: Any
    lines: list[str]
    parts: list[Part] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    batched: bool = False

    def _path(self, loc: Iterable[str | int]) -> tuple[list[yaml.Node], int]:
        """The nodes along loc that exist, from the root, and the line offset of their part."""
        loc = list(loc)
        if not self.parts:
            return [], 0
        part = self.parts[0]
        if self.batched and loc and isinstance(loc[0], int):
            part = next((p for p in self.parts if loc[0] < p.first_index + p.count), part)
            loc[0] -= part.first_index
        root = part.root if part.root is not None else self._compose(part)
        if root is None:
            return [], part.first_line
        nodes = [root]
        for step in loc:
            child = _child(nodes[-1], step)
            if child is None:
                break
            nodes.append(child)
        return nodes, part.first_line

    def _compose(self, part: Part) -> yaml.Node | None:
        text = "\n".join(self.lines[part.first_line : part.first_line + _part_lines(self, part)])
        return _compose_text(text)

    def locate(self, loc: Iterable[str | int]) -> tuple[int, int]:
        """Line and column (from 1) of the deepest node along loc that exists."""
        nodes, offset = self._path(loc)
        if not nodes:
            return offset + 1, 1
        mark = nodes[-1].start_mark
        return offset + mark.line + 1, mark.column + 1

    def locate_key(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of the key of a mapping entry (the entry itself if it has none)."""
        nodes, offset = self._path(loc[:-1])
        if len(nodes) == len(loc) and isinstance(nodes[-1], yaml.MappingNode):
            for key, _ in nodes[-1].value:
                if key.value == loc[-1]:
                    return offset + key.start_mark.line + 1, key.start_mark.column + 1
        return self.locate(loc)

    def source(self, loc: tuple[str | int, ...]) -> str | None:
        """The text of the scalar at loc as written in the file, or None."""
        nodes, _ = self._path(loc)
        if len(nodes) == len(loc) + 1 and isinstance(nodes[-1], yaml.ScalarNode):
            return str(nodes[-1].value)
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


def _part_lines(doc: Document, part: Part) -> int:
    """How many lines a part spans: up to the next part, or the end of the file."""
    after = [p.first_line for p in doc.parts if p.first_line > part.first_line]
    return (min(after) if after else len(doc.lines)) - part.first_line


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building a million small objects triggers the cyclic collector again and again
    for nothing (a node tree has no cycles to free): five times the cost of the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def _compose_text(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        with _no_gc():
            return cast(yaml.Node | None, loader.get_single_node())
    finally:
        loader.dispose()


# The line breaks of the YAML reader (libyaml counts these, and only these), so that
# line numbers in marks and excerpts agree: str.splitlines also breaks at \v, \f, \x1c…
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


_NOT_YAML_BREAKS = re.compile("[\v\f\x1c\x1d\x1e]")


def split_lines(text: str) -> list[str]:
    if not _NOT_YAML_BREAKS.search(text):
        return text.splitlines()  # the same lines when none of these is present, 5x faster
    lines = _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def count_lines(raw: bytes) -> int:
    """Lines in a file's bytes, counted as load() counts them."""
    return len(split_lines(raw.decode("utf-8-sig", errors="replace")))


BATCH = 2000  # records composed at a time: memory stays bounded whatever the log's size


def _record_starts(lines: list[str], first: int = 0) -> list[int] | None:
    """Where each record of a plain top-level block list starts (`- ` at column 0), from
    line first on, or None when the file has any other shape (then it is composed whole)."""
    starts = []
    for n, line in enumerate(lines[first:], first):
        if not line or line[0] in " #":
            continue
        if line[0] == "-" and (len(line) == 1 or line[1] in " \t"):
            starts.append(n)
        else:
            return None  # a document marker, a mapping, a flow list, a tab…
    return starts or None


def load(path: Path, name: str | None = None, *, after: tuple[int, int] = (0, 0)) -> Document:
    """Load one YAML file. Never raises for bad content: problems are on the document.

    A top-level list (the status log) is composed in batches of records, so that its
    node trees never all live at once; a batch is composed again only to place an error.
    after=(lines, records) reads only the records appended after that many lines, which
    held that many records: the data is then the new records alone, and doc.batched
    says whether that could be done (else the caller reads the whole file).
    """
    first_line, first_index = after
    name = name or str(path)
    doc = Document(path, name, None, [])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        doc.problems.append(
            Problem(name, 1, 1, "文件不存在", "检查 --data-dir，或用 `ipcity init` 新建一套数据")
        )
        return doc
    except OSError as exc:
        doc.problems.append(Problem(name, 1, 1, f"无法读取文件：{exc.strerror}"))
        return doc
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            Problem(name, 1, 1, f"文件过大（{len(raw) // (1024 * 1024)} MB），上限 32 MB")
        )
        return doc
    text = _decode(raw, doc)
    if text is None:
        return doc
    doc.lines = split_lines(text)
    starts = _record_starts(doc.lines, first_line)
    if starts is not None and _load_batches(doc, starts, first_line, first_index):
        return doc
    if not first_line:
        _load_whole(doc, text)
    return doc


def load_text(text: str, name: str) -> Document:
    """Load YAML given as text (what a file would hold once decoded), composed whole."""
    doc = Document(Path(name), name, None, split_lines(text))
    _load_whole(doc, text)
    return doc


def _load_whole(doc: Document, text: str) -> None:
    part = Part(0, 0, 0)
    doc.parts, doc.batched, doc.data = [part], False, None
    try:
        part.root = _compose_text(text)
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc, exc, 0))
        return
    except yaml.YAMLError as exc:
        doc.problems.append(doc.problem_at(1, 1, f"YAML 语法错误：{exc}"))
        return
    except RecursionError:
        doc.problems.append(doc.problem_at(1, 1, "嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层"))
        return
    if part.root is not None:
        builder = _Builder(doc, 0)
        with _no_gc():
            data = builder.build(part.root, 0)
        doc.data = None if builder.refused else data  # half a refused file means nothing


def _load_batches(doc: Document, starts: list[int], first_line: int, first_index: int) -> bool:
    """Compose a top-level list batch by batch. False, with nothing recorded, when a batch
    does not parse: the whole file is then composed, for the error as the file has it."""
    data: list[Any] = []
    problems: list[Problem] = []
    doc.parts = []
    bounds = [first_line, *starts[BATCH::BATCH], len(doc.lines)]
    for first, end in itertools.pairwise(bounds):
        part = Part(first, first_index + len(data), 0)
        try:
            root = _compose_text("\n".join(doc.lines[first:end]))
        except (yaml.YAMLError, RecursionError):
            return False
        if not isinstance(root, yaml.SequenceNode):
            return False
        builder = _Builder(doc, first, problems)
        with _no_gc():
            records = builder.build(root, 0)
        if builder.refused:
            doc.problems += problems
            doc.data, doc.batched = None, True
            return True
        part.count = len(records)
        doc.parts.append(part)
        data += records
    doc.problems += problems
    doc.data, doc.batched = data, True
    return True


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


# PyYAML's words, in the user's: (its message, ours, how to fix it).
_SYNTAX = [
    ("while scanning a quoted scalar", "引号没有闭合", "在这段文字的末尾补上同样的引号"),
    ("found a tab character", "这里用了 Tab", "YAML 不能用 Tab 缩进，请改用空格"),
    ("found character '\\t'", "这里用了 Tab", "YAML 不能用 Tab 缩进，请改用空格"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合", "[ ] 要成对，项之间用逗号分隔"),
    ("expected ',' or '}'", "花括号 { } 没有闭合", "{ } 要成对，项之间用逗号分隔"),
    (
        "mapping values are not allowed here",
        "这里不能有“: ”",
        "含有“冒号加空格”的文字要整段加引号；或检查上一行的缩进",
    ),
    ("could not find expected ':'", "缺少“: ”", "每个键后写冒号和空格，如 deadline: 2009年底"),
    ("expected <block end>", "缩进不一致", "同一层的键和“- ”要对齐，用空格缩进"),
    ("did not find expected key", "缩进不一致", "同一层的键要对齐，用空格缩进"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的“- ”要对齐"),
    ("found unexpected end of stream", "文件意外结束", "检查引号或括号是否闭合"),
    ("found undefined alias", "引用了未定义的锚点（*名称）", "不要用 YAML 锚点和别名"),
    (
        "found another document",
        "文件里有多个文档（---）",
        "一个文件只写一个文档，删去多余的 ---",
    ),
    (
        "found character that cannot start any token",
        "这个字符不能放在这里",
        "以 @ 或 ` 开头的文字要加引号",
    ),
    (
        "found unknown escape character",
        "双引号里有无法识别的转义（\\）",
        "改用单引号，或把 \\ 写成 \\\\",
    ),
    ("control characters are not allowed", "文件里有控制字符", "删去这些看不见的字符"),
    ("exceeded maximum nesting depth", "嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层"),
]


def _syntax_problem(doc: Document, exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    what = exc.problem or exc.context or "无法解析"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in what and exc.context_mark:
        mark = exc.context_mark  # an unclosed quote: where it opened, not the end of the file
    line, col = (offset + mark.line + 1, mark.column + 1) if mark else (offset + 1, 1)
    said = f"{exc.context or ''} {what}"
    ours, hint = next(((m, h) for key, m, h in _SYNTAX if key in said), (what, ""))
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


class _Builder:
    """Builds plain Python data from a node tree, reporting what PyYAML would let pass."""

    def __init__(self, doc: Document, offset: int, problems: list[Problem] | None = None) -> None:
        self.doc = doc
        self.offset = offset  # lines before the part being built
        self.problems = doc.problems if problems is None else problems
        self.visited = 0
        # An alias re-visits its anchor's subtree; a "billion laughs" file does so
        # exponentially. Real plans have no aliases at all, so a small budget is safe.
        self.budget = 100_000 + 4 * max(len(doc.lines), 1)
        self.refused = False

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        line = self.offset + mark.line + 1
        self.problems.append(self.doc.problem_at(line, mark.column + 1, message, hint))

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
                self.unsupported_tag(node)
                return None
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.unsupported_tag(node)
                return None
            return self.mapping(node, depth)
        return None  # pragma: no cover - the composer makes no other nodes

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # nearly every key: plain text
            elif isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                key = self.scalar(key_node)
            else:
                self.problem(key_node, "不支持这种键（合并键 << 或复合键）", "每个键写成普通文字")
                continue
            if key in result:
                first = next(k for k, _ in node.value if k.value == key_node.value)
                line = self.offset + first.start_mark.line + 1
                self.problem(
                    key_node,
                    f"键「{key_node.value}」重复（第 {line} 行已有）",
                    "同一层里每个键只能写一次，删去或合并其中一个",
                )
                continue
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
        self.unsupported_tag(node)
        return None

    def unsupported_tag(self, node: yaml.Node) -> None:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        self.problem(
            node,
            f"不支持的 YAML 标签 {tag}，已拒绝（不会执行）",
            "删去这个标签；ipcity 只读普通数据",
        )


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


def flow_list(values: list[str]) -> str:
    """Texts as a one-line YAML flow list that reads back as written: [市科技局, 市工商局]."""
    return "[" + ", ".join(scalar(value) for value in values) + "]"


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
    doc = Document(Path(name), name, None, [])
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

    The new entry must start on the new line and equal expected, and the entry before it
    must end before that line, so the new line neither changed nor was swallowed by
    anything above it. Only the file from its last entry on is parsed: what lies before
    a line starting with "- " cannot reach past it, so the check costs the same whatever
    the log's size. (Marks are character offsets in both the C and the Python parser.)
    """
    start = _last_entry_start(text)
    after = load_text(text[start:] + added, name)
    at -= start
    root = after.parts[0].root if after.parts else None
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


_ENTRY_START = re.compile(r"^-(?:[ \t]|$)", re.MULTILINE)


def _last_entry_start(text: str) -> int:
    """Where the last line starting a top-level list entry ("- ") begins; 0 if none.
    Searched from the end in growing windows: a log's last entry is near its end."""
    size = 4096
    while True:
        begin = max(0, len(text) - size)
        starts = [m.start() for m in _ENTRY_START.finditer(text, begin)]
        if starts or begin == 0:
            return starts[-1] if starts else 0
        size *= 8


def _why_not(text: str, name: str) -> AppendError:
    before = load_text(text, name)
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
