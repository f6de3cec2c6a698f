"""The memory of a command's processes together, while more than one is running.

GNU time's %M is the peak resident memory of the one process it waits for (the largest
of its children's, not their sum). A cold load forks a child that reads the plan's files
while the command reads the log (ipcity/files/in_parallel.py): for those moments the
two processes' memory is added up, as proportional set sizes (PSS: a page the child
still shares with its parent, as forked, counted once, half to each), read from
/proc/PID/smaps_rollup every SAMPLE seconds. The bench takes the larger of this and %M.
Linux only; elsewhere nothing is sampled.
"""

from __future__ import annotations

import os
import threading
from types import TracebackType

SAMPLE = 0.01  # seconds between two looks at the processes


class TreePeak:
    """While the block runs, the peak of the summed PSS of root and its descendants (not
    root itself when it is GNU time: skip_root), when there are two or more of them."""

    def __init__(self, root: int, *, skip_root: bool = False) -> None:
        self.root = root
        self.skip_root = skip_root
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> TreePeak:
        if os.path.isdir(f"/proc/{self.root}"):
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def peak_mb(self) -> float | None:
        return self.peak_kb / 1024 if self.peak_kb else None

    def _watch(self) -> None:
        while not self._stop.wait(SAMPLE):
            found = descendants(self.root)
            if not self.skip_root:
                found.append(self.root)
            if len(found) > 1:  # one process alone: %M has its exact peak
                self.peak_kb = max(self.peak_kb, sum(map(pss_kb, found)))


def descendants(pid: int) -> list[int]:
    """Every process below pid, by /proc's children lists (those that have ended left out)."""
    found: list[int] = []
    todo = children(pid)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children(pid)
    return found


def children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                found += [int(n) for n in listed.read().split()]
        except OSError:
            continue
    return found


def pss_kb(pid: int) -> int:
    """A process's proportional set size in KB; 0 once it has ended."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0
