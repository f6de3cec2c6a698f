"""`validate`'s checks of the evidence files: each file a record attaches is there, inside
evidence/, a regular file, with the SHA-256 the record holds (an error at the record's
line, with the fix); each file in evidence/ that no record attaches is named (a warning).

Only referenced files are hashed, each once however many records name it; a file whose
stat is as when it was last hashed is taken from the memo (files/evidence_memo.py says
why that is sound). Listing the folder costs a stat a file, never a read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ipcity.files import yaml_read
from ipcity.files.evidence_files import (
    EvidenceError,
    Unsafe,
    digest,
    evidence_root,
    open_evidence,
)
from ipcity.files.evidence_memo import HashMemo, memo_for, now_ns
from ipcity.files.evidence_store import task_folder
from ipcity.plan.attachment_rules import EVIDENCE
from ipcity.plan.loaded import Plan
from ipcity.plan.problems import STATUS, Finding, Problem
from ipcity.plan.shapes import Attachment

# What a system or a person leaves in any folder, not proof: skipped when listing.
_LITTER = frozenset({"thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Use:
    """A record's attachment: the record's place in the log, the attachment's, its hash."""

    seq: int
    index: int
    sha256: str


def referenced(plan: Plan) -> dict[str, list[Use]]:
    """Each path attached, with every record that attaches it, in file order."""
    return uses_of((seq, entry.attachments) for seq, entry in plan.log.in_file_order())


def uses_of(attached: Iterable[tuple[int, Sequence[Attachment]]]) -> dict[str, list[Use]]:
    """Each path attached, with every record that attaches it: of (place, attachments)
    in file order (a log's, or what the index keeps of the records that attach files)."""
    found: dict[str, list[Use]] = {}
    for seq, attachments in attached:
        for index, attachment in enumerate(attachments):
            found.setdefault(attachment.path, []).append(Use(seq, index, attachment.sha256))
    return found


def nothing_to_check(data_dir: Path, uses: dict[str, list[Use]]) -> bool:
    """No file attached, and no evidence/ folder: evidence_problems finds nothing."""
    folder = data_dir / EVIDENCE
    return not uses and not (folder.exists() or folder.is_symlink())


def evidence_problems(
    data_dir: Path,
    plan: Plan,
    memo: HashMemo | None = None,
    *,
    uses: dict[str, list[Use]] | None = None,
) -> list[Problem]:
    """Errors for attached files missing, changed or unsafe to read, at their records'
    lines; warnings for files in evidence/ that no record attaches. uses: what
    referenced(plan) gives, when it is known already."""
    uses = referenced(plan) if uses is None else uses
    folder = data_dir / EVIDENCE
    if nothing_to_check(data_dir, uses):
        return []
    try:
        root = evidence_root(data_dir)
    except EvidenceError as exc:
        return [Problem(str(folder), 1, 1, str(exc))]
    memo = memo if memo is not None else memo_for(data_dir)
    findings: list[Finding] = []
    for path, users in uses.items():
        actual, trouble = _hash(root, data_dir, path, memo)
        for use in users:
            said = _wrong(data_dir, path, use, actual, trouble)
            if said is not None:
                findings.append(Finding(STATUS, (use.seq, "attachments", use.index, "path"), *said))
    memo.save()
    problems: list[Problem] = []
    if findings:
        doc = yaml_read.load(data_dir / STATUS, str(data_dir / STATUS))
        problems = sorted((doc.finding(f) for f in findings), key=lambda p: (p.line, p.col))
    folders = {task_folder(task_id): task_id for task_id in plan.tasks}
    return problems + [
        _unreferenced(data_dir, path, folders.get(path.rsplit("/", 1)[0]))
        for path in unreferenced(root, uses)
    ]


def _hash(
    root: Path, data_dir: Path, path: str, memo: HashMemo
) -> tuple[str | None, Unsafe | None]:
    """The file's SHA-256, or what keeps it from being read."""
    try:
        fd, before = open_evidence(root, data_dir, path)
    except Unsafe as exc:
        return None, exc
    try:
        known = memo.known(path, before)
        if known is not None:
            return known, None
        began = now_ns()
        sha, _ = digest(fd)
        after = os.fstat(fd)
    except OSError as exc:
        return None, Unsafe("unreadable", exc.strerror or str(exc))
    finally:
        os.close(fd)
    if after.st_size == before.st_size and after.st_mtime_ns == before.st_mtime_ns:
        memo.remember(path, after, sha, began)
    return sha, None


def _wrong(
    data_dir: Path, path: str, use: Use, actual: str | None, trouble: Unsafe | None
) -> tuple[str, str] | None:
    """What is wrong with one record's attachment, and the fix; None when nothing is."""
    full = data_dir / path
    if trouble is None:
        if actual == use.sha256:
            return None
        return (
            f"附件 {path} 已被改动：内容与记录的 SHA-256 不符",
            "附上后的文件不应再改：找回原来的文件（已提交到 git 的，可用 git restore）；"
            "确要换成新文件，从这条记录中删去这一项，再用 `ipcity record … --attach` 附上新文件",
        )
    if trouble.trouble == "missing":
        return (
            f"附件 {path} 不存在",
            f"把文件放回 {full}（已提交到 git 的，可用 git restore 找回）；"
            "确已作废的，从这条记录的 attachments 中删去这一项",
        )
    if trouble.trouble == "outside":
        return (
            f"附件 {path} 指向 evidence 目录之外（{trouble.detail}），不读取",
            "附件只能是 evidence 目录里的普通文件：删去这个符号链接，把文件本身放进来",
        )
    if trouble.trouble == "special":
        return (
            f"附件 {path} 不是普通文件，而是{trouble.detail}",
            "附件只能是单个普通文件：把它换成记录所附的那个文件",
        )
    return f"附件 {path} 无法读取（{trouble.detail}）", "检查这个文件的读取权限"


def unreferenced(root: Path, uses: dict[str, list[Use]]) -> Iterator[str]:
    """Every file under evidence/ (relative to the data directory, sorted) that no record
    attaches. Symlinks are listed, never followed; dotfiles and system litter skipped."""
    for here, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        inside = Path(here).relative_to(root).as_posix()
        prefix = EVIDENCE if inside == "." else f"{EVIDENCE}/{inside}"
        for name in sorted(files):
            if name.startswith(".") or name.lower() in _LITTER:
                continue
            path = f"{prefix}/{name}"
            if path not in uses:
                yield path


def _unreferenced(data_dir: Path, path: str, task_id: str | None) -> Problem:
    full = data_dir / path
    if full.is_symlink():
        said, hint = "这是一个符号链接，没有记录附上它", "附件要以文件本身附上：删去这个链接"
    else:
        said = "没有记录附上这个文件"
        hint = (
            f"用 `ipcity record {task_id or '序号'} … --attach {full}` 把它附到记录上"
            "（内容相同的不会另存一份）；用不着的，删去"
        )
    return Problem(str(full), 1, 1, said, hint, severity="warning")
