"""Chinese text broken into a narrow column's lines as Chinese is set: between characters,
never inside a task's number or a date, never a closing mark at a line's start or an
opening one at its end; and what a person reads in `report` on an 80-column terminal."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from conftest import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from ipcity.output.breaks import broken

REASONS = "90天无记录17项（2、6.1、6.2、7.1、7.2、7.3、8.1、8.2、8.3、9.2、10.1、10.2、10.3、10.4、11.2、11.5、12.1）"


def test_a_list_of_tasks_breaks_between_them_never_inside_a_number() -> None:
    assert broken(REASONS, 20).split("\n") == [
        "90天无记录17项（2、",
        "6.1、6.2、7.1、7.2、",
        "7.3、8.1、8.2、8.3、",
        "9.2、10.1、10.2、",
        "10.3、10.4、11.2、",
        "11.5、12.1）",
    ]


def test_a_closing_mark_stays_with_what_it_closes_an_opening_one_with_what_it_opens() -> None:
    assert broken("佐证：嘉政办发〔2009〕15号", 20).split("\n") == [
        "佐证：嘉政办发",
        "〔2009〕15号",
    ]
    assert broken("工作内容工作。（二）", 12).split("\n") == ["工作内容工", "作。（二）"]
    assert broken("领导小组机构建设,每年(二)", 16).split("\n") == ["领导小组机构建", "设,每年(二)"]


def test_white_space_at_a_break_is_dropped_and_a_word_too_wide_is_folded() -> None:
    assert broken("11.2 宣传活动、12.1 知识产权培训", 12).split("\n") == [
        "11.2 宣传活",
        "动、12.1 知",
        "识产权培训",
    ]
    assert broken("任务 11.2 宣传", 6).split("\n") == ["任务", "11.2", "宣传"]
    assert broken("abc " * 4, 7).split("\n") == ["abc abc", "abc abc"]
    assert broken("see https://example.org/a/long/path", 10).split("\n") == [
        "see",
        "https://ex",
        "ample.org/",
        "a/long/pat",
        "h",
    ]


def test_a_line_that_fits_is_left_as_it_is_and_each_line_is_broken_on_its_own() -> None:
    assert broken("  逾期1项（2）  ", 16) == "  逾期1项（2）  "
    assert broken("短的\n一行很长的文字在这里", 8) == "短的\n一行很长\n的文字在\n这里"
    assert broken("任何文字", 0) == "任何文字"


words = ["市科技局", "工作", "进", "、", "；", "（", "）", "〔", "〕", "6.3", "11.2", "2010-12-31", "a",
         "word", "x" * 13, "Ａ１", "……", ",", "(", ")"]  # fmt: skip
spaced = st.lists(st.sampled_from([*words, " ", "  ", "\n"]), max_size=20).map("".join)
unspaced = st.lists(st.sampled_from(words), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(spaced, st.integers(2, 30))
def test_every_line_fits_and_the_text_is_kept_but_the_white_space_at_its_breaks(
    text: str, width: int
) -> None:
    lines = broken(text, width).split("\n")
    assert all(cell_len(line) <= width for line in lines)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)


def _ascii(c: str) -> bool:
    return "!" <= c <= "~"


@settings(max_examples=300, deadline=None)
@given(unspaced, st.integers(2, 30))
def test_a_line_breaks_only_where_chinese_may_break(text: str, width: int) -> None:
    lines = broken(text, width).split("\n")
    assert "".join(lines) == text
    for before, after in pairwise(lines):
        if cell_len(before) >= width - 1:
            continue  # folded full: what was there did not fit on a line of its own
        # Where there was room left: not inside a run of letters and digits, not before
        # a closing mark, not after an opening one.
        # (after a half-width comma or bracket it may, and before a bracket: "局,|11.2")
        inside = (
            _ascii(before[-1]) and _ascii(after[0]) and not (before[-1] in ",)" or after[0] == "(")
        )
        assert not inside, (before, after)
        assert after[0] not in "、；）〕…,)", (before, after)
        assert before[-1] not in "（〔(", (before, after)


def test_report_on_an_80_column_terminal_keeps_each_task_number_whole(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("report", "--as-of", "2009-12-31").stdout
    first, *more = out[out.index("红     市科技局") :].split("\n")[:10]
    # (说明 is the last column: its first line follows the row's other cells)
    assert [first.split("   ")[-1].strip(), *(line.strip() for line in more)] == [
        "逾期1项（2）；经常性",
        "工作未完成2期（11.2",
        "宣传活动、12.1 知识产",
        "权培训）；30天内到期1",
        "项（6.1）；90天无记录",
        "17项（2、6.1、6.2、",
        "7.1、7.2、7.3、8.1、",
        "8.2、8.3、9.2、10.1、",
        "10.2、10.3、10.4、",
        "11.2、11.5、12.1）",
    ]


def test_a_column_rich_measures_breaks_so_too(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = cli("units").stdout.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("市科技局 "))
    first, *more = lines[at : at + 4]
    # 别名 is the third column; the row's other cells are on its first line alone
    assert [re.split(r"\s{2,}", first)[2], *(line.strip() for line in more)] == [
        "市科技局",
        "(知识产权",
        "局)、市知",
        "识产权局",
    ]
    assert not any(line.lstrip().startswith(("、", ")")) for line in lines)
