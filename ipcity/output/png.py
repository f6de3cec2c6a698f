"""Small charts as PNG images for Word, which takes no SVG: a bar with a pace mark, a row
of squares. Solid rectangles only, so the standard library's zlib encodes them."""

from __future__ import annotations

import struct
import zlib

from ipcity.output.document import Bar, Squares

RGB = tuple[int, int, int]

TRACK: RGB = (0xE0, 0xE0, 0xE0)
DONE: RGB = (0x2E, 0x7D, 0x32)
PACE: RGB = (0x21, 0x21, 0x21)
COLORS: dict[str, RGB] = {
    "red": (0xD3, 0x2F, 0x2F),
    "yellow": (0xF9, 0xA8, 0x25),
    "green": (0x38, 0x8E, 0x3C),
}
WHITE: RGB = (0xFF, 0xFF, 0xFF)

# Drawn at four pixels a point's worth of width, so a printed bar has clean edges.
SCALE = 4


def bar(chart: Bar, width: int = 90, height: int = 10) -> bytes:
    """The bar: `percent` of the width filled, a dark line at the pace (序时进度)."""
    w = width * SCALE
    filled = round(max(0.0, min(chart.percent, 100.0)) / 100 * w)
    fill = COLORS[chart.light] if chart.light else DONE
    row = bytearray(bytes(fill) * filled + bytes(TRACK) * (w - filled))
    if chart.pace is not None:
        x = min(round(max(0.0, min(chart.pace, 100.0)) / 100 * w), w - SCALE)
        row[3 * x : 3 * (x + SCALE)] = bytes(PACE) * SCALE
    return encode(bytes(row), height * SCALE)


def squares(chart: Squares, size: int = 7, gap: int = 2) -> bytes:
    """One square per period, green for met and red for missed, side by side."""
    count = max(len(chart.met), 1)
    w = (count * (size + gap) - gap) * SCALE
    row = bytearray(bytes(WHITE) * w)
    for n, (_, met) in enumerate(chart.met):
        color = COLORS["green"] if met else COLORS["red"]
        x = n * (size + gap) * SCALE
        row[3 * x : 3 * (x + size * SCALE)] = bytes(color) * (size * SCALE)
    return encode(bytes(row), size * SCALE)


def encode(row: bytes, height: int) -> bytes:
    """An 8-bit RGB PNG of height rows, each the pixels of row (R, G, B bytes in turn): a
    chart's rows are all alike. (Built pixel by pixel, a report's 5,000 bars took 40 s.)"""
    width = len(row) // 3
    raw = (b"\x00" + row) * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
