"""ipcity/text.py's safe text: hidden characters shown as escapes, spreadsheet cells that a
formula cannot start."""

from __future__ import annotations

import sys
import unicodedata

from ipcity import text
from ipcity.tables.sheets import read_cell
from ipcity.text import cell_text, csv_line, first_hidden, visible


def test_the_fast_search_finds_every_hidden_character_of_this_python() -> None:
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in text.HIDDEN_CATEGORIES
        and not text._CANDIDATE.fullmatch(chr(code))
    ]
    assert missed == []


def test_hidden_characters_are_shown_as_escapes() -> None:
    assert visible("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J"
    assert visible("市工商局\u200d\u202e\u2066\ufeff\u2028") == (
        "市工商局\\u200d\\u202e\\u2066\\ufeff\\u2028"
    )
    assert visible("T\udcff\U000e0041\r\x85") == "T\\udcff\\U000e0041\\x0d\\x85"
    assert visible("两行\n\t文字") == "两行\n\t文字"  # line breaks and tabs are kept
    assert visible("a\nb", keep="") == "a\\x0ab"
    # what is not hidden is left alone: CJK, full-width and typographic punctuation
    plain = "嘉兴（市）——“一、二”…　（全角空格）\u00a0€"
    assert visible(plain) == plain
    assert (first_hidden(plain), first_hidden("a\u200bb\x1b")) == (None, "\u200b")


def test_a_cell_that_would_start_a_formula_is_led_by_an_apostrophe() -> None:
    assert [cell_text(t) for t in ("=1+1", "+1", "-5", "@A1", "\tx", "\rx", "a=1", "")] == [
        "'=1+1", "'+1", "'-5", "'@A1", "'\tx", "\\x0dx", "a=1", ""
    ]  # fmt: skip
    assert csv_line(["=1+1", 'a,"b"', "x\ny", "-", "plain"]) == (
        '"\'=1+1","a,""b""","x\ny","\'-",plain'
    )
    assert csv_line(["\x1b[2J", "\u202e"]) == "\\x1b[2J,\\u202e"


def test_import_takes_the_apostrophe_off_what_export_neutralised() -> None:
    assert [read_cell(t) for t in ("'=1+1", "'-5", " '@A1 ", "'abc", "''=1", "'")] == [
        "=1+1", "-5", "@A1", "'abc", "''=1", "'"
    ]  # fmt: skip
