"""Paths shared by the tests (conftest.py holds the fixtures)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SEED = ROOT / "sources" / "jiaxing-annex.txt"  # the seed document, kept beside its data
