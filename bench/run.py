"""`make bench`: wall time and peak memory of ipcity's commands at 44, 1,000 and 10,000 tasks.

Each command runs as a real process of the installed `.venv/bin/ipcity`, on a fresh scratch
copy of its data: once cold (files just copied, caches cleared), then --runs times warm.
Prints one Markdown table with issue 6's budgets, and the ratios to taskwarrior when
Debian's `task` is installed. Timings live here, never in a test.

    .venv/bin/python bench/run.py [--runs 5] [--sizes 44,1000,10000] [--cache PATH ...]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import generate

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench" / "out"
GNU_TIME = shutil.which("time", path="/usr/bin")  # its %M is the child's own peak RSS
TASKWARRIOR = shutil.which("task")

# Where a cache of the loaded plan may live; "{data}" is the data directory being timed.
CACHE_PATHS = ("{data}/.ipcity-cache", "~/.cache/ipcity")

BUDGET_STARTUP = 15  # bundled plan: at most this many times `python -c pass`
BUDGET_TASKWARRIOR = 2  # province: at most this many times `task list`
BUDGET_VALIDATE_COLD = 5.0  # seconds
BUDGET_RECORD = 0.3  # seconds
BUDGET_MEMORY = 400  # MB
BUDGET_GROWTH = 10  # 10x the data, at most this many times the time
AGAINST_TASKWARRIOR = ("report", "list --unit", "due --before")  # labels of COMMANDS


@dataclass(frozen=True)
class Setup:
    """What every timing shares: which ipcity, how many warm runs, which caches to clear."""

    bin: Path
    runs: int
    caches: tuple[str, ...]

    @property
    def ipcity(self) -> Path:
        return self.bin / "ipcity"

    @property
    def python(self) -> Path:
        return self.bin / "python"  # the interpreter ipcity runs on, for the baseline


@dataclass(frozen=True)
class Size:
    label: str
    data: Path
    unit: str
    generated: tuple[int, int, int] | None = None  # tasks, units, records

    def ensure(self) -> None:
        """Generate the plan when it is missing or older than the generator."""
        if self.generated is None:
            return
        stamp = self.data / "status.yaml"  # written last
        if stamp.exists() and stamp.stat().st_mtime >= Path(generate.__file__).stat().st_mtime:
            return
        tasks, units, records = self.generated
        print(f"generating {self.data.relative_to(ROOT)} ({tasks:,} tasks)…", file=sys.stderr)
        generate.generate(
            self.data, tasks=tasks, units=units, records_count=records, seed=generate.SEED
        )


BUNDLED = Size("44", ROOT / "data", "市科技局")
SMALL = Size("1,000", OUT / "small", generate.SAMPLE_UNIT, (1_000, 100, 10_000))
PROVINCE = Size("10,000", OUT / "province", generate.SAMPLE_UNIT, (10_000, 1_000, 100_000))
SIZES = {"44": BUNDLED, "1000": SMALL, "10000": PROVINCE}


@dataclass(frozen=True)
class Command:
    """One timed command line; "{data}", "{unit}" and the like are filled in per size."""

    label: str
    argv: str  # words separated by spaces, with {fields}
    subcommand: str | None = None  # checked to exist in the installed ipcity

    def line(self, setup: Setup, size: Size, data: Path) -> list[str]:
        fields = _fields(size, ipcity=str(setup.ipcity), python=str(setup.python), data=str(data))
        return [word.format(**fields) for word in self.argv.split()]

    def shown(self, size: Size) -> str:
        """The command as a person would type it, without the data directory."""
        fields = _fields(size, ipcity="ipcity", python="python")
        words = [w for w in self.argv.split() if w not in ("-d", "{data}")]
        return " ".join(word.format(**fields) for word in words)


def _fields(size: Size, **given: str) -> dict[str, str]:
    return {
        "unit": size.unit,
        "due": generate.DUE_BEFORE,
        "task": generate.RECORD_TASK,
        **given,
    }


BASELINE = Command("python -c pass", "{python} -c pass")
HELP = Command("ipcity --help", "{ipcity} --help")
COMMANDS = (
    Command("validate", "{ipcity} validate -d {data}", "validate"),
    Command("list --unit", "{ipcity} list --unit {unit} -d {data}", "list"),
    Command("due --before", "{ipcity} due --before {due} -d {data}", "due"),
    Command("report", "{ipcity} report -d {data}", "report"),
    # --all: a generated task has several responsible units; --force: each warm run appends
    # the same record again, which `record` refuses otherwise.
    Command(
        "record",
        "{ipcity} record {task} --status in_progress --all --force --note 基准测试 -d {data}",
        "record",
    ),
)


@dataclass(frozen=True)
class Timing:
    cold: float  # seconds
    warm: float  # seconds, median
    peak_mb: float | None


class CommandFailed(Exception):
    pass


# ---- running and timing ----


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float | None]:
    """Wall seconds and peak MB of one run; output goes to /dev/null."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        prefix = [GNU_TIME, "-q", "-f", "%M", "-o", rss.name] if GNU_TIME else []
        start = time.perf_counter()
        done = subprocess.run(
            [*prefix, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        wall = time.perf_counter() - start
        peak = int(rss.read().split()[-1]) / 1024 if GNU_TIME else None
    if done.returncode != 0:
        first = done.stderr.decode(errors="replace").strip().splitlines()[:1]
        raise CommandFailed(f"exit {done.returncode}: {' '.join(first)}")
    return wall, peak


def measure(
    argv: Sequence[str],
    runs: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> Timing:
    """The first run cold (after before(), which clears what a run may leave), then warm."""
    if before is not None:
        before()
    cold, cold_peak = run_once(argv, env)
    warm = [run_once(argv, env) for _ in range(runs)]
    peaks = [p for p in (cold_peak, *(p for _, p in warm)) if p is not None]
    return Timing(cold, statistics.median(w for w, _ in warm), max(peaks) if peaks else None)


def clear_caches(caches: Sequence[str], data: Path) -> None:
    for template in caches:
        path = Path(os.path.expanduser(template.format(data=data)))
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@contextmanager
def scratch_copy(data: Path) -> Iterator[Path]:
    """A fresh copy of a plan, so `record` never grows the real one and every run starts cold."""
    with tempfile.TemporaryDirectory(prefix="ipcity-bench-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy)
        yield copy


@functools.cache
def available(ipcity: Path, subcommand: str) -> bool:
    return subprocess.run([ipcity, subcommand, "--help"], capture_output=True).returncode == 0


def time_ipcity(command: Command, size: Size, setup: Setup) -> Timing:
    with scratch_copy(size.data) as data:
        argv = command.line(setup, size, data)
        return measure(argv, setup.runs, before=lambda: clear_caches(setup.caches, data))


# ---- taskwarrior ----


def taskwarrior_tasks(ipcity: Path, data: Path) -> list[dict[str, object]]:
    """The plan's tasks as taskwarrior imports them, as ipcity itself reads them."""
    listing = subprocess.run(
        [ipcity, "list", "--format", "json", "-d", data], capture_output=True, check=True
    )
    return [
        {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"ipcity-bench:{row['id']}")),
            "status": "pending",
            "entry": "20080901T000000Z",
            "description": row["target"] or row["content"],
            "project": f"item{row['item']}",
            "tags": list(dict.fromkeys(_tag(n) for n in row["responsible"] + row["cooperating"])),
            **({"due": row["due"].replace("-", "") + "T000000Z"} if row["due"] else {}),
        }
        for row in json.loads(listing.stdout)
    ]


def _tag(name: str) -> str:
    return "".join(c for c in name if c not in " ()（）,，")


def time_taskwarrior(setup: Setup, data: Path) -> dict[str, Timing]:
    """`task list` and `task summary` on the same tasks, in a private TASKDATA."""
    assert TASKWARRIOR is not None
    with tempfile.TemporaryDirectory(prefix="ipcity-bench-task-") as tmp:
        rc = Path(tmp) / "taskrc"
        rc.write_text(
            f"data.location={tmp}/data\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\n",
            encoding="utf-8",
        )
        env = {**os.environ, "TASKRC": str(rc), "TASKDATA": f"{tmp}/data"}
        tasks = Path(tmp) / "tasks.json"
        tasks.write_text(
            json.dumps(taskwarrior_tasks(setup.ipcity, data), ensure_ascii=False), encoding="utf-8"
        )
        subprocess.run([TASKWARRIOR, "import", tasks], env=env, capture_output=True, check=True)
        return {
            f"task {report}": measure([TASKWARRIOR, report], setup.runs, env)
            for report in ("list", "summary")
        }


# ---- budgets ----


@dataclass(frozen=True)
class Row:
    label: str  # the command's key in Results
    shown: str  # as a person types it
    size: str  # a Size's label, or "" for what does not read the plan
    result: Timing | str  # or why there is no timing
    ipcity: bool = True


@dataclass(frozen=True)
class Check:
    text: str
    ok: bool | None  # None: what it compares with was not measured


Results = dict[tuple[str, str], Timing | str]  # (command label, size label) -> timing or why not


def checks(row: Row, timing: Timing, results: Results) -> list[Check]:
    """Issue 6's budgets that apply to one row, each with what was measured."""

    def timed(label: str, size: str) -> Timing | None:
        other = results.get((label, size))
        return other if isinstance(other, Timing) else None

    def ratio(budget: float, other: str, to: Timing | None) -> Check:
        if to is None:
            return Check(f"≤ {budget:g}× {other}: not measured", None)
        times = timing.warm / to.warm
        return Check(f"≤ {budget:g}× {other}: {times:.1f}×", times <= budget)

    found: list[Check] = []
    if row.label == HELP.label or (row.label == "list --unit" and row.size == BUNDLED.label):
        found.append(ratio(BUDGET_STARTUP, BASELINE.label, timed(BASELINE.label, "")))
    if row.label in AGAINST_TASKWARRIOR and row.size == PROVINCE.label:
        found.append(ratio(BUDGET_TASKWARRIOR, "task list", timed("task list", PROVINCE.label)))
    if row.label == "validate" and row.size == PROVINCE.label:
        ok = timing.cold < BUDGET_VALIDATE_COLD
        found.append(Check(f"cold < {BUDGET_VALIDATE_COLD:g} s", ok))
    if row.label == "record":
        found.append(Check(f"< {BUDGET_RECORD:g} s", timing.warm < BUDGET_RECORD))
    if row.ipcity and row.size == PROVINCE.label and (small := timed(row.label, SMALL.label)):
        found.append(ratio(BUDGET_GROWTH, f"the {SMALL.label} run", small))
    if row.ipcity and timing.peak_mb is not None:
        found.append(Check(f"< {BUDGET_MEMORY} MB", timing.peak_mb < BUDGET_MEMORY))
    return found


# ---- output ----


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def table_row(row: Row, results: Results) -> str:
    size = row.size or "—"
    if isinstance(row.result, str):
        cells = [row.shown, size, row.result, "", "", "", ""]
    else:
        found = checks(row, row.result, results)
        peak = f"{row.result.peak_mb:.0f}" if row.result.peak_mb is not None else "n/a"
        budget = "; ".join(c.text if c.ok is not False else f"✗ {c.text}" for c in found)
        cells = [
            row.shown,
            size,
            ms(row.result.cold),
            ms(row.result.warm),
            peak,
            budget,
            verdict(found),
        ]
    return "| " + " | ".join(cells) + " |"


def verdict(found: Sequence[Check]) -> str:
    if not found:
        return ""
    if any(c.ok is False for c in found):
        return "FAIL"
    return "PASS" if all(c.ok for c in found) else "not all measured"


def taskwarrior_ratios(results: Results) -> str:
    """ipcity's warm medians over taskwarrior's, on the same 10,000 tasks."""
    base = {name: results.get((name, PROVINCE.label)) for name in ("task list", "task summary")}
    parts = []
    for label in AGAINST_TASKWARRIOR:
        ours = results.get((label, PROVINCE.label))
        if not isinstance(ours, Timing):
            continue
        for name, theirs in base.items():
            if isinstance(theirs, Timing):
                parts.append(f"{label} / {name} = {ours.warm / theirs.warm:.1f}×")
    return "; ".join(parts)


def machine(ipcity: Path) -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    version = subprocess.run([ipcity, "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{datetime.now():%Y-%m-%d %H:%M}; nproc {os.cpu_count()} ({cpu}); "
        f"Python {platform.python_version()}; {version}; load average {load_average()}"
    )


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


# ---- main ----


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fixed_rows(setup: Setup) -> list[Row]:
    """What does not read the plan: the interpreter's own start, and --help."""
    rows = []
    for command, ipcity in ((BASELINE, False), (HELP, True)):
        progress(f"timing {command.label}")
        timing = measure(command.line(setup, BUNDLED, BUNDLED.data), setup.runs)
        rows.append(Row(command.label, command.shown(BUNDLED), "", timing, ipcity))
    return rows


def size_rows(size: Size, setup: Setup) -> list[Row]:
    rows = []
    for command in COMMANDS:
        result: Timing | str
        if command.subcommand and not available(setup.ipcity, command.subcommand):
            result = "n/a: not in this version"
        else:
            progress(f"timing {command.label} at {size.label} tasks")
            try:
                result = time_ipcity(command, size, setup)
            except CommandFailed as exc:
                result = f"failed, {exc}"
        rows.append(Row(command.label, command.shown(size), size.label, result))
    return rows


def taskwarrior_rows(setup: Setup) -> list[Row]:
    if TASKWARRIOR is None:
        why = "taskwarrior not installed (apt-get install taskwarrior)"
        return [Row("task list", "task list", PROVINCE.label, why, ipcity=False)]
    progress(f"timing taskwarrior at {PROVINCE.label} tasks")
    timings = time_taskwarrior(setup, PROVINCE.data)
    return [Row(name, name, PROVINCE.label, t, ipcity=False) for name, t in timings.items()]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs after the cold one")
    parser.add_argument("--sizes", default="44,1000,10000", help="any of 44, 1000, 10000")
    parser.add_argument(
        "--cache",
        action="append",
        default=list(CACHE_PATHS),
        metavar="PATH",
        help="also clear this before each cold run ({data} is the data directory)",
    )
    parser.add_argument(
        "--bin",
        type=Path,
        default=VENV_BIN,
        help="the bin directory of the installed ipcity to time (default: .venv/bin)",
    )
    args = parser.parse_args(argv)
    setup = Setup(args.bin, args.runs, tuple(args.cache))
    if not setup.ipcity.exists():
        sys.exit(f"bench: {setup.ipcity} is missing; run `make install` first")
    sizes = [SIZES[s.strip()] for s in args.sizes.split(",")]
    for size in sizes:
        size.ensure()

    header = f"Measured {machine(setup.ipcity)}; {setup.runs} warm runs after 1 cold."
    rows = fixed_rows(setup)
    for size in sizes:
        rows += size_rows(size, setup)
    if PROVINCE in sizes:
        rows += taskwarrior_rows(setup)
    header += f" Load average at the end: {load_average()}."

    results: Results = {(row.label, row.size): row.result for row in rows}
    print(header)
    if GNU_TIME is None:
        print("Peak memory not measured: /usr/bin/time is missing (apt-get install time).")
    print()
    print("| command | tasks | cold | warm (median) | peak MB | budget (issue 6) | result |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(table_row(row, results))
    if ratios := taskwarrior_ratios(results):
        print(f"\nipcity / taskwarrior at {PROVINCE.label} tasks (warm medians): {ratios}")


if __name__ == "__main__":
    main()
