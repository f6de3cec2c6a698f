"""New files written into a directory all or nothing (`init`, `import`): each is written
and flushed to disk in a staging directory beside the target, and only then moved into
place. A full disk, a name too long or a denied write leaves no half plan behind.

The target directory, when it does not exist, is the staging directory renamed (one
step). When it exists (it may hold a README or a .git) each file is hard-linked into it,
which never replaces a file that appeared meanwhile; if one cannot be, those linked
before it are taken back out.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path


def write_all(directory: Path, texts: Mapping[str, str]) -> list[Path]:
    """Create directory/name for each of texts (UTF-8, \\n line ends), all or none.
    Raises OSError; nothing of the files is left in directory then."""
    parent = directory.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".ipcity-new-{secrets.token_hex(6)}"
    staging.mkdir()  # the umask's mode, as the directory made from it should have
    try:
        for name, text in texts.items():
            with (staging / name).open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        if not directory.exists():
            staging.rename(directory)
        else:
            _link_each(staging, directory, list(texts))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [directory / name for name in texts]


def _link_each(staging: Path, directory: Path, names: list[str]) -> None:
    linked: list[Path] = []
    try:
        for name in names:
            os.link(staging / name, directory / name)
            linked.append(directory / name)
    except OSError:
        for path in linked:
            path.unlink(missing_ok=True)
        raise
