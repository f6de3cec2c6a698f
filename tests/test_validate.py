"""A copy of the bundled data broken in one way each: `ipcity validate` names every error
with its file, line and column, shows the line, says how to fix it, and exits 1."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import Cli


class Case(NamedTuple):
    name: str
    file: str
    old: str | None  # text replaced; None appends; "GBK" re-encodes; "DELETE" removes
    new: str | None
    expected: str  # {d} is the data directory


def breaks(data_dir: Path, case: Case) -> None:
    path = data_dir / case.file
    if case.old == "GBK":
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    elif case.old == "DELETE":
        path.unlink()
    elif case.old is None:
        path.write_text(path.read_text(encoding="utf-8") + str(case.new), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert case.old in text, f"{case.name}: the bundled data changed; update the case"
        path.write_text(text.replace(case.old, str(case.new), 1), encoding="utf-8")


CASES = [
    Case(
        "yaml_syntax",
        "tasks.yaml",
        "responsible: [市政府办公室]\n",
        "responsible: [市政府办公室\n",
        (
            "{d}/tasks.yaml:32:7: error: YAML 语法错误：方括号 [ ] 没有闭合（did not find expected ',' or ']'）\n"
            "  32 |   - id: '2'\n"
            "     |       ^\n"
            "  提示：[ ] 要成对，项之间用逗号分隔（参看第 30 行）\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "tab_indent",
        "units.yaml",
        "  - name: 市工商局\n    kind: 市级部门",
        "  - name: 市工商局\n\tkind: 市级部门",
        (
            "{d}/units.yaml:21:1: error: YAML 语法错误：这里用了 Tab（found a tab character that violates indentation）\n"
            "  21 |  kind: 市级部门\n"
            "     | ^\n"
            "  提示：YAML 不能用 Tab 缩进，请改用空格（参看第 20 行）\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "duplicate_key",
        "tasks.yaml",
        "        deadline: 2009年底\n",
        "        deadline: 2009年底\n        deadline: 2010年底\n",
        (
            "{d}/tasks.yaml:79:9: error: 键「deadline」重复（第 78 行已有）\n"
            "  79 |         deadline: 2010年底\n"
            "     |         ^\n"
            "  提示：同一层里每个键只能写一次，删去或合并其中一个\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "yaml_reads_no_as_false",
        "units.yaml",
        "    aliases: [市人事局(市编委办)]\n",
        "    aliases: [市人事局(市编委办), no]\n",
        (
            "{d}/units.yaml:38:27: error: aliases（别名）应为文字，YAML 把 no 读成了是/否（布尔值）\n"
            "  38 |     aliases: [市人事局(市编委办), no]\n"
            "     |                                   ^\n"
            "  提示：加上引号：'no'\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "octal_looking_id",
        "tasks.yaml",
        "  - id: '12'\n",
        "  - id: 012\n",
        (
            "{d}/tasks.yaml:235:9: error: id（序号）应为文字，YAML 把 012 读成了数字\n"
            "  235 |   - id: 012\n"
            "      |         ^\n"
            "  提示：加上引号：'012'\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "impossible_date",
        "tasks.yaml",
        "  end: 2010-12-31",
        "  end: 2010-02-30",
        (
            "{d}/tasks.yaml:22:8: error: end（结束日期）：日期不存在「2010-02-30」\n"
            "  22 |   end: 2010-02-30\n"
            "     |        ^\n"
            "  提示：写成 2009-05-01 这样的日期\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "unknown_deadline",
        "tasks.yaml",
        "deadline: 2009年底",
        "deadline: 2009年13月",
        (
            "{d}/tasks.yaml:78:19: error: 无法识别的工作进度「2009年13月」\n"
            "  78 |         deadline: 2009年13月\n"
            "     |                   ^\n"
            "  提示：可以写 2009-03-31、2009年3月、2009年底、2009年上半年、试点期内、常设、2008年,以后常设\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "unknown_unit",
        "tasks.yaml",
        "responsible: [市财政局]",
        "responsible: [市财政厅]",
        (
            "{d}/tasks.yaml:273:23: error: 未知单位「市财政厅」\n"
            "  273 |         responsible: [市财政厅]\n"
            "      |                       ^\n"
            "  提示：最接近的已知单位：市财政局。若是新单位，请在 units.yaml 中登记\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "duplicate_task_id",
        "tasks.yaml",
        "      - id: '8.3'",
        "      - id: '8.2'",
        (
            "{d}/tasks.yaml:127:13: error: 任务序号「8.2」重复\n"
            "  127 |       - id: '8.2'\n"
            "      |             ^\n"
            "  提示：每个任务用不同的序号\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "task_id_not_of_its_item",
        "tasks.yaml",
        "      - id: '7.3'",
        "      - id: '3.7'",
        (
            "{d}/tasks.yaml:108:13: error: 任务序号「3.7」与工作项目「7」不符\n"
            "  108 |       - id: '3.7'\n"
            "      |             ^\n"
            "  提示：本项目的任务序号应写成 7.1、7.2\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "group_contains_itself",
        "units.yaml",
        "    members: []",
        "    members: [各领导小组成员单位]",
        (
            "{d}/units.yaml:95:15: error: 单位组「各领导小组成员单位」包含了它自己\n"
            "  95 |     members: [各领导小组成员单位]\n"
            "     |               ^\n"
            "  提示：单位组不能直接或间接包含自身\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "unknown_group_member",
        "units.yaml",
        "平湖市政府, 桐乡市政府]",
        "平湖市政府, 桐乡县政府]",
        (
            "{d}/units.yaml:90:57: error: 成员「桐乡县政府」未登记\n"
            "  90 |     members: [南湖区政府, 秀洲区政府, 嘉善县政府, 海盐县政府, 海宁市政府, 平湖市政府, 桐乡县政府]\n"
            "     |                                                                                       ^\n"
            "  提示：最接近的已知单位：桐乡市政府、海盐县政府、嘉善县政府。若是新单位，请在 units.yaml 中登记\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "missing_field",
        "tasks.yaml",
        "        deadline: 2008年9月\n",
        "",
        (
            "{d}/tasks.yaml:28:9: error: 缺少 deadline（工作进度）\n"
            "  28 |       - id: '1'\n"
            "     |         ^\n"
            "  提示：加上一行 deadline: …\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "misspelt_field",
        "tasks.yaml",
        "        deadline: 2008年9月\n",
        "        deadline: 2008年9月\n        deadlne: 2009年\n",
        (
            "{d}/tasks.yaml:30:9: error: 未知字段「deadlne」\n"
            "  30 |         deadlne: 2009年\n"
            "     |         ^\n"
            "  提示：检查拼写；可用的字段见文件开头的说明\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "python_tag",
        "status.yaml",
        None,
        "- task: !!python/object/apply:os.system ['echo hi']\n  date: 2009-05-01\n  status: done\n",
        (
            "{d}/status.yaml:11:9: error: 不支持的 YAML 标签 !!python/object/apply:os.system，已拒绝（不会执行）\n"
            "  11 | - task: !!python/object/apply:os.system ['echo hi']\n"
            "     |         ^\n"
            "  提示：删去这个标签；ipcity 只读普通数据\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "status_top_level_mapping",
        "status.yaml",
        None,
        "task: '6.3'\ndate: 2009-05-01\nstatus: done\n",
        (
            "{d}/status.yaml:11:1: error: status.yaml 的最外层应是列表，每条记录以“- task:”开头\n"
            "  11 | task: '6.3'\n"
            "     | ^\n"
            "  提示：例如：- task: '6.3'\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "status_record_errors",
        "status.yaml",
        None,
        "- task: '99'\n  date: 2009-02-30\n  status: finished\n  by: 市科技厅\n",
        (
            "{d}/status.yaml:12:9: error: date（日期）：日期不存在「2009-02-30」\n"
            "  12 |   date: 2009-02-30\n"
            "     |         ^\n"
            "  提示：写成 2009-05-01 这样的日期\n"
            "{d}/status.yaml:13:11: error: status（状态）：未知状态「finished」，应为 not_started（未开始）、in_progress（进行中）、done（已完成）、blocked（受阻）之一\n"
            "  13 |   status: finished\n"
            "     |           ^\n"
            "共 2 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "gbk_file",
        "units.yaml",
        "GBK",
        None,
        (
            "{d}/units.yaml:1:3: error: 文件不是 UTF-8 编码，看起来是 GBK（GB2312/GB18030）编码\n"
            "  提示：在编辑器中另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）；或运行 iconv -f GBK -t UTF-8 {d}/units.yaml -o 新文件\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
    Case(
        "missing_file",
        "units.yaml",
        "DELETE",
        None,
        (
            "{d}/units.yaml:1:1: error: 文件不存在\n"
            "  提示：检查 --data-dir，或用 `ipcity init` 新建一套数据\n"
            "共 1 个错误，在 1 个文件中\n"
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_break_is_reported_exactly(cli: Cli, data_dir: Path, case: Case) -> None:
    breaks(data_dir, case)
    result = cli("validate")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == case.expected.format(d=data_dir)


def test_a_record_dated_after_today_is_refused(cli: Cli, data_dir: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(f"- task: '6.3'\n  date: {tomorrow.isoformat()}\n  status: done\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{data_dir}/status.yaml:12:9: error: 日期 {tomorrow.isoformat()} 在今天"
        f"（{date.today().isoformat()}）之后\n"
        f"  12 |   date: {tomorrow.isoformat()}\n"
        "     |         ^\n"
        "  提示：进度记录只能记已经发生的事\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_every_problem_in_every_file_is_collected(cli: Cli, data_dir: Path) -> None:
    for case in CASES:
        if case.name in ("unknown_deadline", "unknown_unit", "unknown_group_member", "python_tag"):
            breaks(data_dir, case)
    result = cli("validate")
    assert result.exit_code == 1
    headlines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [h.split(": error: ")[0].removeprefix(f"{data_dir}/") for h in headlines] == [
        "tasks.yaml:78:19",
        "tasks.yaml:273:23",
        "units.yaml:90:57",
        "status.yaml:11:9",
    ]
    assert result.stdout.endswith("共 4 个错误，在 3 个文件中\n")


def test_other_commands_refuse_broken_data_on_stderr(cli: Cli, data_dir: Path) -> None:
    breaks(data_dir, next(c for c in CASES if c.name == "unknown_unit"))
    result = cli("list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"{data_dir}/tasks.yaml:273:23: error: 未知单位「市财政厅」\n")
    assert result.stderr.endswith("先改正这些错误（`ipcity validate` 可单独检查）。\n")


def test_crlf_line_ends_and_a_byte_order_mark_are_accepted(cli: Cli, data_dir: Path) -> None:
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        path = data_dir / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (0, "")
