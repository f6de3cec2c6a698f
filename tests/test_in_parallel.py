"""files/in_parallel.py, and the loader that reads tasks.yaml and units.yaml in a forked
child while it reads the log: the same plan and the same problems, to the character, as
read in one process. Each runs in a process of its own: pytest's has threads, and work
is forked off only a process with no other thread."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests_support import ROOT


def run(script: str, tmp_path: Path, **env: str) -> str:
    """A script's output, run by a new single-threaded Python."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests"), **env},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


WHERE = """
import json, os, threading, time
from ipcity.files.in_parallel import started

def out(value):  # a value as lines of text, and back
    return [json.dumps(value)]
def back(lines):
    return json.loads(next(lines))

here = os.getpid()
def where():  # the process the work ran in, as the parent sees it
    return "child" if os.getpid() != here else "parent"
"""


@pytest.mark.slow  # real processes
def test_work_runs_in_a_child_and_its_result_comes_back(tmp_path: Path) -> None:
    script = (
        WHERE
        + """
result = started(lambda: (where(), {"items": list(range(5))}), out, back)
print(result())
"""
    )
    assert run(script, tmp_path) == "['child', {'items': [0, 1, 2, 3, 4]}]\n"  # (as JSON)


@pytest.mark.slow
def test_a_child_that_dies_leaves_the_work_to_the_parent(tmp_path: Path) -> None:
    script = (
        WHERE
        + """
def work():
    if where() == "child":
        os._exit(3)  # as a child killed, or out of memory
    return where()
print(started(work, out, back)())
"""
    )
    assert run(script, tmp_path) == "parent\n"


@pytest.mark.slow
def test_a_process_with_threads_or_fork_turned_off_does_the_work_itself_at_once(
    tmp_path: Path,
) -> None:
    script = (
        WHERE
        + """
order = []
def work():
    order.append("work")
    return where()
result = started(work, out, back)
order.append("started")
print(result(), order)
"""
    )
    assert run(script, tmp_path, IPCITY_FORK="0") == "parent ['work', 'started']\n"
    threaded = script.replace(
        "result = started(work, out, back)",
        "stop = threading.Event()\n"
        "threading.Thread(target=stop.wait).start()\n"
        "result = started(work, out, back)\n"
        "stop.set()",
    )
    assert run(threaded, tmp_path) == "parent ['work', 'started']\n"


# Each broken input of the corpus, and the bundled plan, loaded with the plan's files
# read in a child and in the one process: the same plan, the same problems.
COMPARE = """
import os, shutil, tempfile
from datetime import date
from pathlib import Path
import corpus
from ipcity.files import load
from ipcity.files.load import load_plan

plan_files = load._plan_files
def noted(read):
    with open("pids", "a") as out:
        out.write(f"{os.getpid()}\\n")
    return plan_files(read)
load._plan_files = noted

def pids():
    with open("pids") as f:
        found = f.read().split()
    os.remove("pids")
    return ["child" if int(p) != os.getpid() else "parent" for p in found]

today = date(2010, 6, 30)
load_plan(corpus.BASE, today)
assert pids() == ["parent"]  # the bundled plan is small: not worth a process
load.PARALLEL_BYTES = 0  # forked all the same

def summary(found):
    plan, problems = found
    if plan is None:
        return None, problems
    units = sorted(plan.units.forms().items()), list(plan.units.units.values())
    return (plan.title, plan.period, plan.items, units, sorted(plan.deadlines.items()),
            plan.log, plan.warnings, plan.verification, plan.office), problems

names = ["(the bundled plan)"] + [case.name for case in corpus.cases()]
compared = 0
for name in names:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(corpus.BASE, data)
        if name != names[0]:
            corpus.apply(corpus.read_case(corpus.BAD / name), data)
        os.environ["IPCITY_FORK"] = "1"
        forked = summary(load_plan(data, today))
        assert pids() == ["child"], name
        os.environ["IPCITY_FORK"] = "0"
        alone = summary(load_plan(data, today))
        assert pids() == ["parent"], name
        assert forked == alone, name
        compared += 1
print(compared, "compared")
"""


@pytest.mark.slow
def test_the_plan_and_every_problem_are_the_same_read_in_two_processes(tmp_path: Path) -> None:
    from corpus import cases

    assert run(COMPARE, tmp_path) == f"{len(cases()) + 1} compared\n"


def test_the_plan_files_cut_short_anywhere_do_not_read(tmp_path: Path) -> None:
    """What the parent reads back from a child cut short (a full disk) fails as
    in_parallel expects, at every line: the parent then reads the files itself."""
    from datetime import date

    from corpus import BASE

    from ipcity.files import in_parallel, load

    plan, _ = load.load_plan(BASE, date(2010, 6, 30))
    assert plan is not None
    files = load._plan_files(lambda name: load.yaml_read.load(BASE / name))
    lines = list(load._plan_files_lines(files))
    assert load._plan_files_read(iter(lines)) == files
    for cut in range(len(lines)):
        with pytest.raises(in_parallel.UNREADABLE):
            load._plan_files_read(iter(lines[:cut]))
    with pytest.raises(ValueError, match="more lines"):
        load._plan_files_read(iter([*lines, lines[-1]]))
    with pytest.raises(in_parallel.UNREADABLE):
        load._plan_files_read(iter([*lines[:-1], lines[-1][:-5]]))
