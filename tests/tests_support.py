"""Paths shared by the tests (conftest.py holds the fixtures)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SEED = ROOT.parent / "shared" / "seed" / "000_007299c80a65d08f.txt"
