"""Paths and facts of the bundled plan shared by the tests (conftest.py holds the fixtures)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SEED = ROOT / "sources" / "jiaxing-annex.txt"  # the seed document, kept beside its data

# The members of 各县(市、区)政府 in units.yaml's order: 13.2's seven parts.
COUNTIES = [
    "南湖区政府",
    "秀洲区政府",
    "嘉善县政府",
    "海盐县政府",
    "海宁市政府",
    "平湖市政府",
    "桐乡市政府",
]


# Runs ipcity and, as it ends (by os._exit, once its output is flushed), prints which of
# pydantic and yaml it imported, on the last line of its output.
_IMPORTS_PROBE = """\
import os, sys, runpy
sys.argv = ['ipcity', *sys.argv[1:]]
main = os.getpid()
def leave(code, exit=os._exit):
    if os.getpid() == main:  # (not a child the loader forked)
        print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml'}))
        sys.stdout.flush()
    exit(code)
os._exit = leave
runpy.run_module('ipcity', run_name='__main__')
"""


def imports_of(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`ipcity args` in a real process: its output ends with a line that lists which of
    pydantic and yaml the command imported (['yaml'], say)."""
    return subprocess.run(
        [sys.executable, "-c", _IMPORTS_PROBE, *args], env=env, capture_output=True, text=True
    )
