"""Where the tool keeps what it derives from a data directory between commands (the index,
the memo of hashed evidence files): never a source of truth, always safe to delete."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path | None:
    """IPCITY_CACHE_DIR, else the user's cache folder; None when IPCITY_CACHE=off turns
    caching off (every command then reads the files)."""
    if os.environ.get("IPCITY_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    if configured := os.environ.get("IPCITY_CACHE_DIR"):
        return Path(configured)
    if sys.platform == "win32" and (local := os.environ.get("LOCALAPPDATA")):
        return Path(local) / "ipcity" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ipcity"
