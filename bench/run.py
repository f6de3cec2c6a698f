"""`make bench`: wall time and peak memory of ipcity's commands at 44, 1,000 and 10,000 tasks.

Each command runs as a real process of the installed `.venv/bin/ipcity`, on a fresh scratch
copy of its data with an index folder of its own (IPCITY_CACHE_DIR): --cold-runs times cold
(files just copied, no index: cleared before each), then --runs times warm, each warm run
just after a run of `python -c pass`, which its ratio is to (a shared host's pace drifts
within a run of the bench: the two are of the same minutes); each figure is the median of
its runs. Taskwarrior's `task list` of the same tasks is timed at each size
when Debian's `task` is installed. Prints one Markdown table of every timing with its
ratios to `python -c pass` and to `task list`; at 10,000 tasks, every other command's peak
memory, each run once (bench/sweep.py); then issue 14's budgets, each with its measured
figure and PASS or FAIL. Timings live here, never in a test.

    .venv/bin/python bench/run.py [--runs 5] [--cold-runs 3] [--sizes 44,1000,10000]
                                     [--cache PATH ...]
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
from memory import TreePeak
from sweep import Swept, sweep

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench" / "out"
GNU_TIME = shutil.which("time", path="/usr/bin")  # its %M is the child's own peak RSS
TASKWARRIOR = shutil.which("task")

# Other places a cache may live (an older ipcity's), cleared before each cold run; "{data}"
# is the data directory being timed. The index itself lives in a folder of the run's own.
CACHE_PATHS = ("{data}/.ipcity-cache",)


@dataclass(frozen=True)
class Setup:
    """What every timing shares: which ipcity, how many warm and cold runs, which caches
    to clear."""

    bin: Path
    runs: int
    caches: tuple[str, ...]
    cold_runs: int = 3

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
    cold: float  # seconds, median
    warm: float  # seconds, median
    peak_mb: float | None
    # The median of `python -c pass` run just before each warm run: the baseline of the
    # same minutes (a shared host's pace drifts within a run of the bench).
    beside: float | None = None


class CommandFailed(Exception):
    pass


# ---- running and timing ----


def run_once(
    argv: Sequence[str],
    env: dict[str, str] | None = None,
    accept: frozenset[int] = frozenset({0}),
) -> tuple[float, float | None]:
    """Wall seconds and peak MB of one run that ends with an exit code in accept; output
    goes to /dev/null. The peak is GNU time's %M, or its processes' together while the
    command has forked a child (memory.py), whichever is larger."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        prefix = [GNU_TIME, "-q", "-f", "%M", "-o", rss.name] if GNU_TIME else []
        start = time.perf_counter()
        with (
            subprocess.Popen(
                [*prefix, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
            ) as done,
            TreePeak(done.pid, skip_root=bool(GNU_TIME)) as tree,
        ):
            _, err = done.communicate()
        wall = time.perf_counter() - start
        alone = int(rss.read().split()[-1]) / 1024 if GNU_TIME else None
    if done.returncode not in accept:
        first = err.decode(errors="replace").strip().splitlines()[:1]
        raise CommandFailed(f"exit {done.returncode}: {' '.join(first)}")
    peaks = [p for p in (alone, tree.peak_mb) if p is not None]
    return wall, max(peaks) if peaks else None


def measure(
    argv: Sequence[str],
    setup: Setup,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    beside: Sequence[str] | None = None,
) -> Timing:
    """Cold runs (each after before(), which clears what a run may leave), then warm ones,
    each warm one just after a run of `beside` (the baseline) when given. One cold run
    alone is at the mercy of a shared host's neighbours (the same cold load took 3.0 to
    4.5 s within one run of this bench): each figure is a median."""
    cold = []
    for _ in range(setup.cold_runs if before is not None else 1):
        if before is not None:
            before()
        cold.append(run_once(argv, env))
    warm, baseline = [], []
    for _ in range(setup.runs):
        if beside is not None:
            baseline.append(run_once(beside)[0])
        warm.append(run_once(argv, env))
    peaks = [p for _, p in (*cold, *warm) if p is not None]
    return Timing(
        statistics.median(w for w, _ in cold),
        statistics.median(w for w, _ in warm),
        max(peaks) if peaks else None,
        statistics.median(baseline) if baseline else None,
    )


def clear_caches(caches: Sequence[str], data: Path, index: Path | None = None) -> None:
    """Remove the caches (templates of paths) and everything in the index folder: what
    the next run would otherwise find."""
    found = [Path(os.path.expanduser(template.format(data=data))) for template in caches]
    for path in [*found, *(index.iterdir() if index is not None else ())]:
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
    with (
        scratch_copy(size.data) as data,
        tempfile.TemporaryDirectory(prefix="ipcity-index-") as tmp,
    ):
        argv = command.line(setup, size, data)
        env = {**os.environ, "IPCITY_CACHE_DIR": tmp}
        env.pop("IPCITY_CACHE", None)
        empty = functools.partial(clear_caches, setup.caches, data, Path(tmp))
        return measure(argv, setup, env, before=empty, beside=BASELINE.line(setup, size, data))


# ---- taskwarrior ----


def taskwarrior_tasks(ipcity: Path, data: Path) -> list[dict[str, object]]:
    """The plan's tasks as taskwarrior imports them, as ipcity itself reads them."""
    listing = subprocess.run(
        [ipcity, "list", "--format", "json", "-d", data],
        capture_output=True,
        check=True,
        env={**os.environ, "IPCITY_CACHE": "off"},  # the user's cache is left alone
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
    """`task list` on the same tasks, in a private TASKDATA."""
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
        return {"task list": measure([TASKWARRIOR, "list"], setup, env)}


# ---- budgets ----


@dataclass(frozen=True)
class Row:
    label: str  # the command's key in Results
    shown: str  # as a person types it
    size: str  # a Size's label, or "" for what does not read the plan
    result: Timing | str  # or why there is no timing
    ipcity: bool = True


Results = dict[tuple[str, str], Timing | str]  # (command label, size label) -> timing or why not


@dataclass(frozen=True)
class Budget:
    """One of issue 14's budgets, with what was measured against it."""

    text: str
    limit: float
    measured: float | None  # None: what it needs was not measured
    shown: str  # the measured figure, as printed

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        return "PASS" if self.measured <= self.limit else "FAIL"


def _timed(results: Results, label: str, size: str) -> Timing | None:
    found = results.get((label, size))
    return found if isinstance(found, Timing) else None


def ratio_budget(
    results: Results, text: str, limit: float, ours: tuple[str, str], theirs: tuple[str, str]
) -> Budget:
    a, b = _timed(results, *ours), _timed(results, *theirs)
    if a is None or b is None:
        return Budget(text, limit, None, "not measured")
    base = _base(a, b) if theirs == (BASELINE.label, "") else b.warm
    times = a.warm / base
    return Budget(text, limit, times, f"{times:.2f}× ({ms(a.warm)} / {ms(base)})")


def _base(timing: Timing, baseline: Timing) -> float:
    """What a command's time is set against: `python -c pass` run beside its warm runs,
    else the baseline's own row."""
    return timing.beside if timing.beside is not None else baseline.warm


def budgets(results: Results, rows: Sequence[Row], swept: Sequence[Swept] = ()) -> list[Budget]:
    """Issue 14's budgets, in its order; the memory of every command swept too."""
    province, small, bundled = PROVINCE.label, SMALL.label, BUNDLED.label
    found = [
        ratio_budget(
            results, f"report ≤ 1× task list ({province} tasks)", 1.0,
            ("report", province), ("task list", province),
        ),
        ratio_budget(
            results, f"list --unit ≤ 0.5× task list ({province} tasks)", 0.5,
            ("list --unit", province), ("task list", province),
        ),
    ]  # fmt: skip
    validate = _timed(results, "validate", province)
    found.append(
        Budget(
            f"cold validate ≤ 3 s ({province} tasks)",
            3.0,
            validate.cold if validate else None,
            f"{validate.cold:.2f} s" if validate else "not measured",
        )
    )
    peaks = [
        (row.result.peak_mb, f"{row.shown} at {row.size or '—'}")
        for row in rows
        if row.ipcity and isinstance(row.result, Timing) and row.result.peak_mb is not None
    ]
    peaks += [(s.peak_mb, f"{s.shown} at {PROVINCE.label}") for s in swept if s.peak_mb]
    top = max(peaks, default=None)
    found.append(
        Budget(
            "peak memory of any command ≤ 200 MB",
            200,
            top[0] if top else None,
            f"{top[0]:.0f} MB ({top[1]})" if top else "not measured",
        )
    )
    found += [
        ratio_budget(
            results, f"list --unit ≤ 10× python -c pass ({bundled} tasks)", 10,
            ("list --unit", bundled), (BASELINE.label, ""),
        ),
        ratio_budget(
            results, f"record ≤ 8× python -c pass ({bundled} tasks)", 8,
            ("record", bundled), (BASELINE.label, ""),
        ),
    ]  # fmt: skip
    for command in COMMANDS:
        found.append(
            ratio_budget(
                results,
                f"{command.label}: {province} tasks ≤ 3× {small} tasks",
                3,
                (command.label, province),
                (command.label, small),
            )
        )
    return found


# ---- output ----


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def table_row(row: Row, results: Results) -> str:
    size = row.size or "—"
    if isinstance(row.result, str):
        return "| " + " | ".join([row.shown, size, row.result, "", "", "", ""]) + " |"
    timing = row.result
    peak = f"{timing.peak_mb:.0f}" if timing.peak_mb is not None else "n/a"
    python = _timed(results, BASELINE.label, "")
    task = _timed(results, "task list", row.size)
    against_python = f"{timing.warm / _base(timing, python):.1f}×" if python else ""
    against_task = f"{timing.warm / task.warm:.2f}×" if task and row.label != "task list" else ""
    cells = [row.shown, size, ms(timing.cold), ms(timing.warm), peak, against_python, against_task]
    return "| " + " | ".join(cells) + " |"


def machine(ipcity: Path) -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    version = subprocess.run([ipcity, "--version"], capture_output=True, text=True).stdout.strip()
    task = ""
    if TASKWARRIOR:
        found = subprocess.run([TASKWARRIOR, "--version"], capture_output=True, text=True)
        task = f"; taskwarrior {found.stdout.strip()}"
    return (
        f"{datetime.now():%Y-%m-%d %H:%M}; nproc {os.cpu_count()} ({cpu}); "
        f"Python {platform.python_version()} ({os.path.realpath(sys.executable)}); {version}{task};"
        f" load average {load_average()};"
        f" {pace()}"
    )


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def pace() -> str:
    """How fast the host runs Python now: a shared host's pace drifts by a third within
    an hour, and every figure with it. The best of three runs of a fixed loop."""
    best = min(_loop_seconds() for _ in range(3))
    return f"a fixed Python loop (sum(range(10**7))) took {ms(best)}"


def _loop_seconds() -> float:
    start = time.perf_counter()
    sum(range(10**7))
    return time.perf_counter() - start


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
    baseline = BASELINE.line(setup, BUNDLED, BUNDLED.data)
    for command, ipcity in ((BASELINE, False), (HELP, True)):
        progress(f"timing {command.label}")
        beside = baseline if ipcity else None
        timing = measure(command.line(setup, BUNDLED, BUNDLED.data), setup, beside=beside)
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


def taskwarrior_rows(size: Size, setup: Setup) -> list[Row]:
    if TASKWARRIOR is None:
        why = "taskwarrior not installed (apt-get install taskwarrior)"
        return [Row("task list", "task list", size.label, why, ipcity=False)]
    progress(f"timing taskwarrior at {size.label} tasks")
    timings = time_taskwarrior(setup, size.data)
    return [Row(name, name, size.label, t, ipcity=False) for name, t in timings.items()]


def sweep_rows(size: Size, setup: Setup) -> list[Swept]:
    """Every other command's peak memory at the largest size (bench/sweep.py)."""
    progress(f"running every other command at {size.label} tasks")
    with (
        scratch_copy(size.data) as data,
        tempfile.TemporaryDirectory(prefix="ipcity-index-") as index,
        tempfile.TemporaryDirectory(prefix="ipcity-out-") as out,
    ):
        env = {**os.environ, "IPCITY_CACHE_DIR": index}
        env.pop("IPCITY_CACHE", None)
        return sweep(setup.ipcity, data, Path(out), env, run_once, CommandFailed)


def compile_bytecode(setup: Setup) -> None:
    """Time ipcity as installed: its modules' bytecode compiled, as pip compiles a package
    it installs. An editable install run with PYTHONDONTWRITEBYTECODE set (as here, and in
    many CI images) otherwise compiles every module it imports on every run (~50 ms)."""
    where = subprocess.run(
        [setup.python, "-c", "import ipcity, os; print(os.path.dirname(ipcity.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([setup.python, "-m", "compileall", "-q", where], check=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs after the cold ones")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="cold runs of each ipcity command (median)"
    )
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
    setup = Setup(args.bin, args.runs, tuple(args.cache), args.cold_runs)
    if not setup.ipcity.exists():
        sys.exit(f"bench: {setup.ipcity} is missing; run `make install` first")
    sizes = [SIZES[s.strip()] for s in args.sizes.split(",")]
    for size in sizes:
        size.ensure()
    compile_bytecode(setup)

    header = (
        f"Measured {machine(setup.ipcity)}; medians of {setup.cold_runs} cold runs"
        f" and of {setup.runs} warm runs after them, each warm run just after a run of"
        " `python -c pass`, the baseline of its × python -c pass."
    )
    rows = fixed_rows(setup)
    for size in sizes:
        rows += size_rows(size, setup)
        rows += taskwarrior_rows(size, setup)
    swept = sweep_rows(sizes[-1], setup) if PROVINCE in sizes else []
    header += f" At the end: load average {load_average()}; {pace()}."

    results: Results = {(row.label, row.size): row.result for row in rows}
    print(header)
    if GNU_TIME is None:
        print("Peak memory not measured: /usr/bin/time is missing (apt-get install time).")
    print()
    print("| command | tasks | cold | warm (median) | peak MB | × python -c pass | × task list |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(table_row(row, results))
    print()
    if swept:
        print(f"Every other command once at {PROVINCE.label} tasks, the index warm:\n")
        print("| command | time | peak MB |")
        print("|---|---|---|")
        for s in swept:
            peak = f"{s.peak_mb:.0f}" if s.peak_mb is not None else "n/a"
            print(f"| {s.shown} | {ms(s.wall) if s.wall is not None else s.failed} | {peak} |")
        print()
    print("| budget (issue 14) | measured (warm medians) | result |")
    print("|---|---|---|")
    found = budgets(results, rows, swept)
    for budget in found:
        print(f"| {budget.text} | {budget.shown} | {budget.verdict} |")
    verdicts = [b.verdict for b in found]
    print(f"\n{verdicts.count('PASS')} of {len(found)} budgets pass.")


if __name__ == "__main__":
    main()
