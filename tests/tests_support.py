"""Paths and facts of the bundled plan shared by the tests (conftest.py holds the fixtures)."""

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
