"""Reading YAML so that every value keeps its line.

Files are composed into a node tree once; data is built from the nodes (so a repeated
key or an unknown tag is a problem, not a silent overwrite or a constructor call), and
the tree stays to place any later finding at a line and column. A top-level list (the
status log) is composed a batch of records at a time, so memory stays bounded.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ipcity.files import conflicts, safe_read, yaml_block, yaml_fast
from ipcity.files.yaml_build import Builder
from ipcity.files.yaml_document import Document, Part
from ipcity.files.yaml_loader import (
    MAX_BYTES,
    MAX_DEPTH,
    TooManyNodes,
    compose,
    no_gc,
    node_budget,
    split_lines,
)
from ipcity.files.yaml_messages import decode, reader_problem, syntax_problem, too_many_nodes
from ipcity.plan.problems import Problem

BATCH = 2000  # records composed at a time: memory stays bounded whatever the log's size

# What takes each batch of a top-level list read in batches (the document, the batch's
# entries, the index of its first), in place of holding them all in doc.data.
EachBatch = Callable[[Document, list[Any], int], None]
# What reads a log's record from its lines into what `each` takes, or None to read its data.
Shape = Callable[[list[str]], Any]


def _record_starts(lines: list[str], first: int = 0) -> list[int] | None:
    """Where each record of a plain top-level block list starts (`- ` at column 0), from
    line first on, or None when the file has any other shape (then it is composed whole).
    Each line's first two characters are told apart in C: a province's log is 450,000
    lines, and a loop over them in Python took a tenth of a second."""
    heads = list(map(_HEAD, lines[first:] if first else lines))
    if not all(map(_plain_head, set(heads))):
        return None  # a document marker, a mapping, a flow list, a tab…
    starts = list(itertools.compress(itertools.count(first), map(_DASHES.__contains__, heads)))
    return starts or None


_HEAD = operator.itemgetter(slice(0, 2))
_DASHES = frozenset({"-", "- ", "-\t"})  # how an entry's line starts


def _plain_head(head: str) -> bool:
    """Whether a line that starts so belongs to a plain block list: blank, indented or a
    comment, or an entry's dash followed by a blank."""
    return not head or head[0] in " #" or head in _DASHES


def load(
    path: Path,
    name: str | None = None,
    *,
    after: tuple[int, int] = (0, 0),
    raw: bytes | None = None,
    each: EachBatch | None = None,
    shape: Shape | None = None,
) -> Document:
    """Load one YAML file. Never raises for bad content: problems are on the document.

    A top-level list (the status log) is composed in batches of records, so that its
    node trees never all live at once; a batch is composed again only to place an error.
    after=(lines, records) reads only the records appended after that many lines, which
    held that many records: the data is then the new records alone, and doc.batched
    says whether that could be done (else the caller reads the whole file). raw is the
    file's content when the caller has read it already (the index, which keys what it
    keeps by exactly the bytes that were parsed). each, when given, takes the entries of
    a list read in batches batch by batch (doc.data is then []): a log's 100,000 records
    never all live as dicts at once. A list that cannot be read in batches is in doc.data
    (doc.batched is False), whatever each is. shape, with each, may give a record as each
    takes it straight from its lines (a file with no character YAML refuses).
    """
    first_line, first_index = after
    name = name or str(path)
    doc = Document(path, name, None, [])
    try:
        if raw is None:
            raw = safe_read.read_capped(path, MAX_BYTES)
        elif len(raw) > MAX_BYTES:  # read by the caller (the index), within its own cap
            raise safe_read.TooLarge(len(raw), MAX_BYTES)
    except FileNotFoundError:
        doc.problems.append(
            Problem(name, 1, 1, "文件不存在", "检查 --data-dir，或用 `ipcity init` 新建一套数据")
        )
        return doc
    except safe_read.NotRegular as exc:
        hint = "数据文件要是普通文件：换成真正的文件，或改正符号链接"
        doc.problems.append(Problem(name, 1, 1, str(exc), hint))
        return doc
    except safe_read.TooLarge as exc:
        doc.problems.append(Problem(name, 1, 1, str(exc)))
        return doc
    except OSError as exc:
        doc.problems.append(Problem(name, 1, 1, f"无法读取文件：{exc.strerror or exc}"))
        return doc
    text = decode(raw, doc)
    del raw  # the text holds it now: a large file need not be held twice
    if text is None:
        return doc
    doc.lines = split_lines(text)
    doc.printable = yaml_fast.printable(text)
    if not first_line and (conflicted := conflicts.find(doc, text)):
        doc.problems += conflicted  # the YAML error they also make would hide the cause
        return doc
    starts = _record_starts(doc.lines, first_line)
    if starts is not None and _load_batches(doc, starts, first_line, first_index, each, shape):
        return doc
    if not first_line and not _read_whole_plainly(doc, text):
        _load_whole(doc, text)
    return doc


def load_text(text: str, name: str) -> Document:
    """Load YAML given as text (what a file would hold once decoded), composed whole."""
    doc = Document(Path(name), name, None, split_lines(text))
    _load_whole(doc, text)
    return doc


def _read_whole_plainly(doc: Document, text: str) -> bool:
    """A file written plainly (yaml_block), read without composing it: no node tree is
    kept, a finding composes the file then. False when it must be composed."""
    try:
        with no_gc():
            data = yaml_block.document(doc.lines, doc.printable, node_budget(text))
    except yaml_fast.NotPlain:
        return False
    doc.parts, doc.batched, doc.data = [Part(0, 0, 0)], False, data
    return True


def _load_whole(doc: Document, text: str) -> None:
    part = Part(0, 0, 0)
    doc.parts, doc.batched, doc.data = [part], False, None
    try:
        part.root, nodes = compose(text)
    except TooManyNodes as exc:
        doc.problems.append(too_many_nodes(doc, exc))
        return
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(syntax_problem(doc, exc, 0))
        return
    except yaml.reader.ReaderError as exc:
        doc.problems.append(reader_problem(doc, text, exc))
        return
    except yaml.YAMLError as exc:
        doc.problems.append(doc.problem_at(1, 1, f"YAML 语法错误：{exc}"))
        return
    except RecursionError:
        doc.problems.append(doc.problem_at(1, 1, "嵌套层次过深", f"数据最多嵌套 {MAX_DEPTH} 层"))
        return
    if part.root is not None:
        builder = Builder(doc, 0, nodes=nodes)
        with no_gc():
            data = builder.build(part.root, 0)
        doc.data = None if builder.refused else data  # half a refused file means nothing


def _load_batches(
    doc: Document,
    starts: list[int],
    first_line: int,
    first_index: int,
    each: EachBatch | None,
    shape: Shape | None = None,
) -> bool:
    """Compose a top-level list batch by batch. False, with nothing recorded, when a batch
    does not parse: the whole file is then composed, for the error as the file has it
    (batches `each` took then count for nothing)."""
    data: list[Any] = []
    problems: list[Problem] = []
    known = len(doc.problems)  # the problems before: what a failed read leaves
    doc.parts = []
    # Placed by batch from the first: each may place a finding before the last is read.
    doc.batched, doc.entry_starts, doc.first_entry = True, starts, first_index
    bounds = [first_line, *starts[BATCH::BATCH], len(doc.lines)]
    count = 0
    for first, end in itertools.pairwise(bounds):
        part = Part(first, first_index + count, 0)
        mine = [s for s in starts[count : count + BATCH] if s < end]
        builder = Builder(doc, first, problems)
        before = len(problems)
        records = _read_plainly(doc, mine, end, builder, shape if each else None)
        if records is None:
            del problems[before:]
            try:
                root, nodes = compose("\n".join(doc.lines[first:end]))
            except (yaml.YAMLError, RecursionError):
                root = None  # composed whole, the file gets its error (and its budget) there
            if not isinstance(root, yaml.SequenceNode):
                doc.batched, doc.entry_starts, doc.parts = False, None, []
                del doc.problems[known:]
                return False
            builder = Builder(doc, first, problems, nodes)
            with no_gc():
                records = builder.build(root, 0)
        if builder.refused:
            doc.problems += problems
            doc.data = None
            return True
        part.count = len(records)
        doc.parts.append(part)
        count += len(records)
        if each is None:
            data += records
        else:  # its problems first: a value refused is not refused again by each
            doc.problems += problems
            problems.clear()
            each(doc, records, part.first_index)
    doc.problems += problems
    doc.data = data
    return True


def _read_plainly(
    doc: Document, starts: list[int], end: int, builder: Builder, shape: Shape | None = None
) -> list[Any] | None:
    """A batch's records, each read by yaml_fast where it is plainly written, else composed
    alone (a list entry owes nothing to the others); None when one does not compose alone
    (the batch is then composed whole, for the error as the file has it)."""
    records: list[Any] = []
    clean = doc.printable
    shape = shape if clean else None
    with no_gc():
        for start, stop in itertools.pairwise([*starts, end]):
            lines = doc.lines[start:stop]
            if shape is not None and (shaped := shape(lines)) is not None:
                records.append(shaped)
                continue
            try:
                records.append(yaml_fast.record(lines, clean))
                continue
            except yaml_fast.NotPlain:
                pass
            try:
                root, nodes = compose("\n".join(lines))
            except (yaml.YAMLError, RecursionError):
                return None
            if not isinstance(root, yaml.SequenceNode) or len(root.value) != 1:
                return None
            builder.offset = start
            builder.budget += 2 * nodes  # what the batch composed whole would allow
            records += builder.build(root, 0)
            if builder.refused:
                return records
    return records


def entry_places(path: Path, name: str | None = None, *, raw: bytes | None = None) -> Document:
    """A top-level list's lines and where each entry starts, without reading the entries
    (to place findings on whole entries of a log already loaded); composed whole when its
    layout does not show where entries start. raw: the file's content, when read already."""
    doc = Document(path, name or str(path), None, [])
    try:
        if raw is None:
            raw = safe_read.read_capped(path, MAX_BYTES)
    except OSError:
        return load(path, name)  # the loader words the problem
    text = decode(raw, doc) if len(raw) <= MAX_BYTES else None
    if text is None:
        return load(path, name, raw=raw)
    doc.lines = split_lines(text)
    doc.entry_starts = _record_starts(doc.lines, 0)
    return doc if doc.entry_starts is not None else load(path, name, raw=raw)
