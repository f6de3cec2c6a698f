"""The HTML report opened in headless Chromium: the page renders (a screenshot that is not
blank) and the DOM holds the report's title. In CI (CI=true) a missing Chromium fails."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import rec, write_log

TITLE = "嘉兴市建设国家知识产权试点城市工作目标和任务分解：工作进展（截至 2009-07-15）"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed: .ci/run installs it with apt-get")
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")


def _rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the filtered scanlines of a non-interlaced 8-bit PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6), (depth, color)
    stride = 1 + width * (3 if color == 2 else 4)
    raw = zlib.decompress(idat)
    assert len(raw) == stride * height
    return width, height, [raw[i * stride : (i + 1) * stride] for i in range(height)]


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    write_log(
        data_dir,
        [
            rec("1", "2008-09-20", "done"),
            rec("6.1", "2009-06-30", values={"年专利申请量": 3000, "年专利授权量": 1200}),
            rec("10.6", "2009-05-10", "blocked"),
            rec("11.4", "2009-01-15", count=1, duty="报纸专栏"),
        ],
    )
    page = tmp_path / "report.html"
    result = cli("report", "--as-of", "2009-07-15", "--format", "html", "--output", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "@page { size: A4" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html

    profile = tmp_path / "profile"
    shot = tmp_path / "report.png"
    url = page.as_uri()
    run = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
         "--window-size=1240,1754", url],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    width, height, rows = _rows(shot.read_bytes())
    assert (width, height) == (1240, 1754)
    # A blank page filters to a handful of distinct scanlines; a rendered one to hundreds.
    assert len(set(rows)) > 200, len(set(rows))

    dom = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    text = dom.stdout.decode("utf-8")
    assert f"<title>{TITLE}</title>" in text
    assert f"<h1>{TITLE}</h1>" in text
    assert text.count("<svg") > 50  # the charts are in the page, inline


def test_blank_png_is_told_apart(tmp_path: Path) -> None:
    """The scanline check itself: a uniform image has almost no distinct rows."""
    width, height = 64, 64
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    assert len(set(_rows(png)[2])) == 1
