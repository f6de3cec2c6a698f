"""Names for files and folders the tool creates from a person's words: an attached file
stored under evidence/, a work item's folder in the 验收 dossier.

A person's own file name is kept where it is safe, Chinese and all (嘉政办发〔2009〕12号.pdf
is a normal name), because it is how the office will look for it. What is not safe is
replaced: anything that would make a path (/ \\ and the other characters Windows refuses),
a control or format character (a right-to-left override turns 报告‮fdp.exe round), a
reserved Windows device name (CON, NUL, COM1…, whatever the extension), the leading dots
that hide a file and the trailing dots and spaces Windows drops, and length past what a
file system or a zip reader on Windows takes. Two names that differ only in case or in
Unicode normal form are one name on Windows and macOS, so they count as taken alike.
Pure: names in, names out.
"""

from __future__ import annotations

import unicodedata

MAX_CHARS = 80  # a name's characters: room under Windows' 260 for the folders above it
MAX_BYTES = 200  # its UTF-8 bytes: Linux takes 255, and a suffix " (2)" must still fit
FALLBACK = "附件"

_FORBIDDEN = frozenset('<>:"/\\|?*')  # Windows refuses them; / and \\ would make a path
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"}
)
_MAX_EXTENSION = 10  # .pdf, .docx, .jpeg: a longer "extension" is part of the name


def name_key(name: str) -> str:
    """What makes two names one on Windows and macOS: case and normal form ignored."""
    return unicodedata.normalize("NFC", name).casefold()


def split_extension(name: str) -> tuple[str, str]:
    """嘉政办发〔2009〕12号.pdf -> (嘉政办发〔2009〕12号, .pdf); no extension -> (name, '')."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not ext or len(ext) > _MAX_EXTENSION or not ext.isalnum():
        return name, ""
    return stem, "." + ext


def _cleaned(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        "_" if ch in _FORBIDDEN or unicodedata.category(ch) in _HIDDEN else ch for ch in text
    )
    return text.strip(" .")


def _fits(stem: str, ext: str, limit_chars: int) -> str:
    """The stem cut so that stem + ext keeps within the limits, ends clean."""
    while stem and (
        len(stem) + len(ext) > limit_chars or len((stem + ext).encode("utf-8")) > MAX_BYTES
    ):
        stem = stem[:-1]
    return stem.rstrip(" .")


def _not_a_device(name: str) -> str:
    """CON.pdf, nul.tar.gz, COM1 .txt name devices on Windows, whatever follows the dot."""
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES:
        return "_" + name
    return name


def safe_name(name: str, *, fallback: str = FALLBACK) -> str:
    """A file name safe on every system, the person's own wherever it can be."""
    stem, ext = split_extension(_cleaned(name))
    stem = _fits(stem.strip(" .") if ext else stem, ext, MAX_CHARS) or fallback
    return _not_a_device(stem + ext)


def safe_folder(text: str, *, limit: int = MAX_CHARS, fallback: str = FALLBACK) -> str:
    """A folder name from any text (a task's number, a work item's 工作内容): no
    extension to keep, cut to `limit` characters with … where it was cut."""
    text = _cleaned(text)
    if len(text) > limit:
        text = _fits(text, "", limit - 1) + "…"
    return _not_a_device(_fits(text, "", MAX_CHARS) or fallback)


def numbered(name: str, n: int) -> str:
    """The n-th name for a file whose name is taken: 通知.pdf -> 通知 (2).pdf."""
    stem, ext = split_extension(name)
    suffix = f" ({n})"
    return _fits(stem, suffix + ext, MAX_CHARS) + suffix + ext


def unique_name(name: str, taken: set[str]) -> str:
    """name, or its first numbered form whose key (name_key) is not in taken; the name
    chosen is added to taken."""
    chosen, n = name, 2
    while name_key(chosen) in taken:
        chosen, n = numbered(name, n), n + 1
    taken.add(name_key(chosen))
    return chosen
