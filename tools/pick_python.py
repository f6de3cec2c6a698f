"""Print the Python that `make` makes .venv with: the fastest build, on this machine, of
the Python that `python3` is.

ipcity is pure Python, and how fast it runs depends on how the interpreter was compiled.
A distribution's python3 (Debian's, Ubuntu's) and python.org's installers are built with
profile-guided and link-time optimisation; a Python compiled from source without
--enable-optimizations (pyenv's default) runs the same code about a sixth slower. On this
project's 2-core machine, a province's cold `validate` took 3.26 s on pyenv's 3.11.7 and
2.71 s on Debian's 3.11.2 (medians of eight runs each, alternated).

Every interpreter on PATH of the same feature version as the python3 running this (the
version the project is tested with; another patch release is fine), named python3 or
python3.N, that can make a venv and has sqlite3, runs a fixed loop of the kind of work
ipcity does; the fastest is printed, python3's own unless another is faster by a
twentieth (a tie is not worth leaving the interpreter people expect). `make PYTHON=...`
chooses instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping

# Run by each interpreter: its feature version, its best time of a fixed loop (dicts,
# calls, tuples and strings, as a loader's and a checker's loops are), its executable.
PROBE = r"""
import sys, time
import ensurepip, sqlite3, venv  # it can make a venv, and ipcity's index needs sqlite3

def work():
    seen = {}
    for n in range(60_000):
        key = ("task", n % 977)
        text = str(n).rjust(6)
        seen[key] = seen.get(key, 0) + len(text.strip())
    return seen

best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    work()
    best = min(best, time.perf_counter() - start)
print(sys.version_info[0], sys.version_info[1], repr(best), sys.executable)
"""
ROUNDS = 3  # each interpreter probed in turn, ROUNDS times: the host's drift falls on all
MARGIN = 0.95  # another interpreter is taken when it needs at most this share of the time
TIMEOUT = 30  # seconds a probe may take (a shim that asks a question, a hung interpreter)


def candidates(path: str, minor: int) -> Iterator[str]:
    """Each executable named python3 or python3.<minor> in the directories of path, in
    order (no other python3.N can be of that version)."""
    names = ("python3", f"python3.{minor}")
    for folder in path.split(os.pathsep):
        for name in names:
            found = os.path.join(folder or ".", name)
            if os.path.isfile(found) and os.access(found, os.X_OK):
                yield found


def probe(python: str) -> tuple[tuple[int, int], float, str] | None:
    """An interpreter's feature version, its time of the loop and its executable; None
    when it does not run the probe."""
    try:
        done = subprocess.run(
            [python, "-I", "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
        major, minor, seconds, executable = done.stdout.strip().split(" ", 3)
        return (int(major), int(minor)), float(seconds), executable
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def choose(times: Mapping[str, float], default: str) -> str:
    """The executable to use: the fastest, unless default is about as fast."""
    if not times:
        return default
    fastest = min(times, key=times.__getitem__)
    if default in times and times[fastest] > MARGIN * times[default]:
        return default
    return fastest


def timed(pythons: Iterable[str], version: tuple[int, int]) -> dict[str, float]:
    """The best time of each interpreter of that feature version, by its executable: all
    are probed once, those of the version again (ROUNDS in all), each in turn."""
    times: dict[str, float] = {}
    runs: dict[str, str] = {}  # the executable a candidate runs, by the candidate
    for python in pythons:
        found = probe(python)
        if found is not None and found[0] == version:
            runs[python] = found[2]
            times[found[2]] = min(found[1], times.get(found[2], found[1]))
    for _ in range(ROUNDS - 1):
        for python, executable in runs.items():
            again = probe(python)
            if again is not None:
                times[executable] = min(again[1], times[executable])
    return times


def unique(paths: Iterable[str]) -> list[str]:
    """Each file once (/bin/python3 is /usr/bin/python3 where /bin links to /usr/bin)."""
    seen: dict[str, str] = {}
    for path in paths:
        seen.setdefault(os.path.realpath(path), path)
    return list(seen.values())


def main() -> None:
    here = sys.executable
    found = unique([here, *candidates(os.environ.get("PATH", ""), sys.version_info[1])])
    times = timed(found, sys.version_info[:2])
    print(choose(times, here))


if __name__ == "__main__":
    main()
