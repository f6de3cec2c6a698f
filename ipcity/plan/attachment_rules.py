"""The rules on a record's attachments that need no file to check: each path names a file
in the data directory's evidence/ folder, and each SHA-256 is one. A status log is
untrusted: a hand-edited record may point at `../../etc/passwd` or `/etc/passwd`, and
nothing may then read that file. Whether the files are there and unchanged is for
files/evidence_check.py to say, which reads them. Pure: records in, findings out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from ipcity.plan.problems import STATUS, Finding

if TYPE_CHECKING:
    from ipcity.plan.models import StatusRecord
    from ipcity.plan.shapes import Written

EVIDENCE = "evidence"  # the data directory's folder of attached files
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DRIVE = re.compile(r"[A-Za-z]:")
# Characters no file name of ours holds: controls, format characters (a right-to-left
# override turns 文件.exe.pdf around), line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
PATH_HINT = (
    f"附件路径是数据目录里以 {EVIDENCE}/ 开头、用 / 分隔的相对路径，如 {EVIDENCE}/2/通知.pdf；"
    "请用 `ipcity record … --attach 文件` 附上，不要手写"
)


def path_problem(path: str) -> str | None:
    """Why a path written in a record cannot name a file in evidence/; None when it can."""
    hidden = next((ch for ch in path if unicodedata.category(ch) in _HIDDEN), None)
    if hidden is not None:
        return f"附件路径含有控制字符 U+{ord(hidden):04X}"
    if "\\" in path:
        return f"附件路径「{path}」要用 / 分隔，不能用 \\"
    if path.startswith("/") or _DRIVE.match(path):
        return f"附件路径「{path}」是绝对路径，只能是 {EVIDENCE}/ 目录里的文件"
    steps = path.split("/")
    if ".." in steps:
        return f"附件路径「{path}」含有 ..，会指到 {EVIDENCE}/ 目录之外"
    if any(step in ("", ".") for step in steps):
        return f"附件路径「{path}」含有“.”或空的一段（如 //）"
    if steps[0] != EVIDENCE or len(steps) < 2:
        return f"附件路径「{path}」不在 {EVIDENCE}/ 目录下"
    return None


class _Attached(Protocol):
    """An attachment as a model or its shape holds it."""

    @property
    def path(self) -> str: ...
    @property
    def sha256(self) -> str: ...


def check_attachments(records: Iterable[tuple[int, StatusRecord | Written]]) -> list[Finding]:
    """Each attachment's path lies under evidence/ (no way out of it), its SHA-256 is 64
    hexadecimal digits, and no record lists one path twice."""
    findings: list[Finding] = []
    for i, record in records:
        attached: Sequence[_Attached] = record.attachments
        if not attached:
            continue  # most records
        seen: set[str] = set()
        for j, attachment in enumerate(attached):
            wrong = path_problem(attachment.path)
            if wrong is not None:
                findings.append(Finding(STATUS, (i, "attachments", j, "path"), wrong, PATH_HINT))
            elif attachment.path in seen:
                findings.append(
                    Finding(
                        STATUS,
                        (i, "attachments", j, "path"),
                        f"附件 {attachment.path} 在这条记录中列了两次",
                        "删去重复的一项",
                    )
                )
            seen.add(attachment.path)
            if not _SHA256.fullmatch(attachment.sha256):
                findings.append(
                    Finding(
                        STATUS,
                        (i, "attachments", j, "sha256"),
                        "附件的 sha256 应为 64 位小写十六进制数",
                        "sha256 由 `ipcity record --attach` 写入，不要手改；"
                        "文件换了，就删去这一项，重新附上",
                    )
                )
    return findings
