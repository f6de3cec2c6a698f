"""Loading a data directory for a command: through the cache when every file can be read
safely, else by the loader, which reads nothing it should not and names what is wrong.

The cache reads the three files whole to compare them with what it holds; a FIFO would
block it and a symlink to /dev/zero fill memory. Each file is looked at first (stat, no
read): a missing file is the loader's to report, through the cache as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ipcity.files import safe_read
from ipcity.files.yaml_loader import MAX_BYTES
from ipcity.plan.problems import FILES

if TYPE_CHECKING:
    from ipcity.plan.loaded import Plan
    from ipcity.plan.problems import Problem


def load(data_dir: Path, today: date, *, records: bool = True) -> tuple[Plan | None, list[Problem]]:
    """Like cache.load: the plan, or None and every problem in its files."""
    for name in FILES:
        try:
            safe_read.check(data_dir / name, MAX_BYTES)
        except FileNotFoundError:
            continue
        except OSError:  # not a regular file, too large, or cannot be looked at
            from ipcity.files.load import load_plan

            return load_plan(data_dir, today)
    from ipcity.files import cache

    return cache.load(data_dir, today, records=records)
