"""Reading YAML so that every value keeps its line, and appending to a YAML list.

The only module that imports yaml. Files are composed into a node tree once; data
is built from the nodes (so a repeated key or an unknown tag is a problem, not a
silent overwrite or a constructor call), and the tree stays to place any later
finding at a line and column.
"""

from __future__ import annotations

from collections.abc import Iterable
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
