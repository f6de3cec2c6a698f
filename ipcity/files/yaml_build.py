"""Plain Python data from a composed node tree, refusing what PyYAML would let pass:
repeated keys, tags that construct objects, alias bombs, nesting past a limit."""

from __future__ import annotations

from typing import Any

import yaml

from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import (
    MAP_TAG,
    MAX_DEPTH,
    MERGE_TAG,
    SEQ_TAG,
    STR_TAG,
    UnsupportedTag,
    construct,
)
from ipcity.plan.problems import Problem


class Builder:
    """Builds plain Python data from a node tree, reporting what PyYAML would let pass."""

    def __init__(
        self, doc: Document, offset: int, problems: list[Problem] | None = None, nodes: int = 0
    ) -> None:
        self.doc = doc
        self.offset = offset  # lines before the part being built
        self.problems = doc.problems if problems is None else problems
        self.visited = 0
        # An alias re-visits its anchor's subtree; a "billion laughs" file does so
        # exponentially. Without aliases each of the part's nodes is visited once; real
        # plans have none, so a small allowance past that is safe.
        self.budget = 100_000 + 2 * nodes
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
            if node.tag != SEQ_TAG:
                self.unsupported_tag(node)
                return None
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, yaml.MappingNode):
            if node.tag != MAP_TAG:
                self.unsupported_tag(node)
                return None
            return self.mapping(node, depth)
        return None  # pragma: no cover - the composer makes no other nodes

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == STR_TAG and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value  # nearly every key: plain text
            elif isinstance(key_node, yaml.ScalarNode) and key_node.tag != MERGE_TAG:
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
        try:
            return construct(node)
        except UnsupportedTag:
            self.unsupported_tag(node)
            return None

    def unsupported_tag(self, node: yaml.Node) -> None:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        self.problem(
            node,
            f"不支持的 YAML 标签 {tag}，已拒绝（不会执行）",
            "删去这个标签；ipcity 只读普通数据",
        )
