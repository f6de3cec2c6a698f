"""Reading YAML so that every value keeps its line, and appending to a YAML list.

The only module that imports yaml. Files are composed into a node tree once; data
is built from the nodes (so a repeated key or an unknown tag is a problem, not a
silent overwrite or a constructor call), and the tree stays to place any later
finding at a line and column.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


def split_lines(text: str) -> list[str]:
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


# ---- writing new files (init, import): values rendered one line each, read back as written.

_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
# libyaml's emitter too is about three times faster: it matters for a 10,000-task import.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_NO_WRAP = 2**31 - 1


def _dump(value: str | list[str], *, flow: bool = False) -> str:
    texts = [value] if isinstance(value, str) else value
    quoted = any(brk in text for text in texts for brk in _LINE_BREAKS)
    out = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        width=_NO_WRAP,
        default_flow_style=flow,
        default_style='"' if quoted else None,
    )
    return out.removesuffix("\n...\n").removesuffix("\n")


def scalar(value: str) -> str:
    """A text as one line of YAML that reads back as the same text: plain when it can be,
    quoted when YAML would take it for something else ('1', 'yes', 'a: b')."""
    return _dump(value)


def flow_list(values: list[str]) -> str:
    """Texts as a one-line YAML flow list: [市科技局, 市工商局]."""
    return _dump(values, flow=True)
