"""What the command line itself says is Chinese: its usage errors (each whole, with the
usage line and where to find help, exit 2), its --help, and the Chinese words that
choice options take beside the English ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import typer
from conftest import Cli
from typer.testing import CliRunner, Result

from ipcity.cli import app
from ipcity.cli.help import examples, join_lines, wrap

IPCITY = Path(sys.executable).parent / "ipcity"
COMMANDS = sorted(typer.main.get_command(app).commands)  # every one: none is left out
# What an option's value is shown as, wherever the option is (report's --by takes words).
UNIT_OPTIONS = ("--unit", "--by", "--approved-by")
DATE_OPTIONS = ("--date", "--as-of", "--before", "--after", "--since", "--due", "--rectify-by")


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})


def usage_error(usage: str, command: str, message: str) -> str:
    return f"用法：{usage}\n用 `{command} -h` 查看帮助。\n\n错误：{message}\n"


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (
            ["list", "--unti", "市工商局"],
            "ipcity list [选项]",
            "没有选项 --unti，是不是要 --unit？",
        ),
        (
            ["list", "--it", "6"],
            "ipcity list [选项]",
            "没有选项 --it，是不是要 --unit、--item 或 --limit？",
        ),
        (["list", "-x"], "ipcity list [选项]", "没有选项 -x。"),
        (["record", "6.3", "--note"], "ipcity record [选项] {ID}", "选项 --note 后面要写一个值。"),
        (["due", "--overdue=yes"], "ipcity due [选项]", "选项 --overdue 不带值。"),
        (
            ["list", "--format", "xml"],
            "ipcity list [选项]",
            "--format 只能是 table、json、csv、md，不能是「xml」。",
        ),
        (
            ["list", "--role", "牵头x"],
            "ipcity list [选项]",
            "--role 只能是 responsible（牵头）、cooperating（配合）、any（全部），不能是「牵头x」。",
        ),
        (
            ["report", "--by", "部门"],
            "ipcity report [选项]",
            "--by 只能是 item（工作项目）、unit（单位），不能是「部门」。",
        ),
        (
            ["schema", "plan"],
            "ipcity schema [选项] {FILE}",
            "FILE 只能是 tasks、units、status，不能是「plan」。",
        ),
        (["show"], "ipcity show [选项] {ID}", "缺少参数 ID。"),
        (["schema"], "ipcity schema [选项] {FILE}", "缺少参数 FILE，可以是 tasks、units、status。"),
        (["inspect"], "ipcity inspect [选项]", "缺少选项 --period。"),
        (["list", "--limit", "abc"], "ipcity list [选项]", "--limit 要写整数，不能是「abc」。"),
        (
            ["record", "6.3", "--count", "0"],
            "ipcity record [选项] {ID}",
            "--count 至少是 1，不能是「0」。",
        ),
        (
            ["show", "6.3", "7.1"],
            "ipcity show [选项] {ID}",
            "多余的参数「7.1」（值里有空格时，要给整个值加引号）。",
        ),
        (
            ["record", "6.3", "--note", "已启动", "商标", "培训"],
            "ipcity record [选项] {ID}",
            "多余的参数「商标」「培训」（值里有空格时，要给整个值加引号）。",
        ),
    ],
)
def test_a_usage_error_of_a_command(args: list[str], usage: str, message: str) -> None:
    result = run(*args)
    command = f"ipcity {args[0]}"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == usage_error(usage, command, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lsit"], "没有命令 lsit，是不是要 list？"),
        (["reprot", "--as-of", "2009-06-30"], "没有命令 reprot，是不是要 report 或 export？"),
        (["统计"], "没有命令 统计。"),
        (["--unit", "市工商局"], "没有选项 --unit。"),
        (["--"], "缺少命令。"),
    ],
)
def test_a_usage_error_before_the_command(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == usage_error("ipcity [选项] 命令 [参数]...", "ipcity", message)


def test_the_installed_command_says_the_same() -> None:
    done = subprocess.run(
        [str(IPCITY), "list", "--unti", "市工商局"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COLUMNS": "80"},
    )
    message = "没有选项 --unti，是不是要 --unit？"
    expected = usage_error("ipcity list [选项]", "ipcity list", message)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", expected)


def test_the_app_help_is_chinese() -> None:
    result = run("-h")
    assert result.exit_code == 0
    assert result.stdout == (
        "用法：ipcity [选项] 命令 [参数]...\n"
        "\n"
        "  知识产权试点城市工作方案的任务分解：检查、查询、记录进度。\n"
        "\n"
        "  数据在 ./data（tasks.yaml、units.yaml、status.yaml），可用 --data-dir 或\n"
        "  IPCITY_DATA 指定。\n"
        "\n"
        "选项：\n"
        "  --version             显示版本后退出\n"
        "  --install-completion  为当前的 shell（bash、zsh、fish、PowerShell）安装命令补\n"
        "                        全\n"
        "  --show-completion     显示当前 shell 的补全脚本，可复制后自行安装\n"
        "  -h, --help            显示帮助后退出\n"
        "\n"
        "命令：\n"
        "  validate  检查全部数据文件；没有错误、也没有警告时什么也不输出。\n"
        "  list      列出任务，可按单位、职责、状态、工作项目筛选。\n"
        "  due       列出有期限的任务，期限近的在前；常设任务不在其中。\n"
        "  show      显示一项任务的全部内容和进度记录。\n"
        "  record    在 status.yaml 末尾追加一条进度记录；先全部检查，有一处不对就什么也\n"
        "            不写。\n"
        "  log       列出进度记录本身，新的在前（同一天的，文件中靠后的在前）。\n"
        "  verify    记录办公室对一个责任单位报完成的核查：通过则计为完成，退回则改回进行\n"
        "            中。\n"
        "  extend    记录一个责任单位的延期：不写 --approved-by 是申请，期限不变；写了即\n"
        "            经批准，期限改为 --to。\n"
        "  units     列出全部单位，及各自牵头、配合的任务数（含所属单位组的任务）。\n"
        "  report    工作进展报告：总体进度、各工作项目、各单位（红黄绿灯）、逾期任务、量\n"
        "            化指标、经常性工作。\n"
        "  inspect   督查：生成一个时段的督查通报（总体情况、成效、问题、下步要求、各单位\n"
        "            评分）。\n"
        "  dossier   生成验收材料：索引表（xlsx）、自评报告（Word）和按工作项目、任务分好\n"
        "            的佐证文件。\n"
        "  export    把工作方案导出为任务分解表（序号、工作内容、目标要求、工作进度、责任\n"
        "            单位、配合单位）。\n"
        "  import    从任务分解表（CSV 或 XLSX）新建一套工作方案数据。\n"
        "  init      新建一套空的工作方案数据（tasks.yaml、units.yaml、status.yaml），内\n"
        "            附填写示例。\n"
        "  schema    输出数据文件的 JSON Schema，供编辑器（VS Code 的 YAML 扩展等）提示和\n"
        "            检查。\n"
        "  forms     生成各责任单位本期的进度填报表（Excel、WPS 可直接填写），登记在\n"
        "            forms.yaml。\n"
        "  collect   收集报回的填报表：每份表格的记录全部检查后，一次追加到 status.yaml。\n"
        "  remind    给有事项要催办的单位各写一份催办通知（Word、HTML 或 Markdown）。\n"
    )


def test_a_command_help_is_chinese() -> None:
    result = run("show", "-h")
    assert result.exit_code == 0
    assert result.stdout == (
        "用法：ipcity show [选项] {ID}\n"
        "\n"
        "  显示一项任务的全部内容和进度记录。\n"
        "\n"
        "  示例：\n"
        "    ipcity show 6.3\n"
        "\n"
        "参数：\n"
        "  ID <文字>  任务序号，如 6.3  [必填]\n"
        "\n"
        "选项：\n"
        "  --as-of 日期                    按哪一天计算逾期，默认今天；如 2009-06-30、\n"
        "                                  2009年6月\n"
        "  -f, --format <table|json|csv|md>\n"
        "                                  输出格式：table 表格、json、csv、md\n"
        "                                  （Markdown）  [默认：table]\n"
        "  -d, --data-dir <路径>           数据目录（也可设环境变量 IPCITY_DATA）\n"
        "                                  [默认：data]\n"
        "  -h, --help                      显示帮助后退出\n"
    )


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_fits_80_columns_and_speaks_no_english_of_click(command: str) -> None:
    result = run(command, "-h")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(columns, lines)) <= 80
    english = ["Usage", "Options", "Arguments", "default:", "required", "<str>", "Show this"]
    assert [word for word in english if word in result.stdout] == []
    # A value's kind in Chinese, or the words it may be (`collect` showed <list[Path]>).
    labels = re.findall(r"<[^<>\n]*>", result.stdout)
    assert [x for x in labels if re.search("[A-Za-z]", x) and "|" not in x] == []
    assert "...}" not in result.stdout  # an argument taking many values: {FILE}...


@pytest.mark.parametrize("command", COMMANDS)
def test_a_unit_and_a_date_are_shown_alike_in_every_help(command: str) -> None:
    # verify's and extend's showed <文字> where record's showed 单位 and 日期.
    declared = r"^  (?:-[a-z], )?(--[a-z-]+) (\S+)"  # an option's own line, not its mentions
    shown = dict(re.findall(declared, run(command, "-h").stdout, re.MULTILINE))
    assert {o: shown[o] for o in UNIT_OPTIONS if o in shown and "|" not in shown[o]} == {
        o: "单位" for o in UNIT_OPTIONS if o in shown and "|" not in shown[o]
    }
    dates = {o: shown[o] for o in DATE_OPTIONS if o in shown}
    assert dates == dict.fromkeys(dates, "日期")
    assert command != "extend" or shown["--to"] == "日期"


def test_the_list_help_shows_the_role_words_both_ways() -> None:
    help_text = run("list", "-h").stdout
    assert "  --role <responsible|cooperating|any|牵头|配合|全部>\n" in help_text


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("牵头", "responsible"),
        ("配合", "cooperating"),
        ("全部", "any"),
        (" 牵头 ", "responsible"),
        ("ｒｅｓｐｏｎｓｉｂｌｅ", "responsible"),
        ("Cooperating", "cooperating"),
    ],
)
def test_a_role_in_chinese_lists_as_the_english_one(cli: Cli, word: str, role: str) -> None:
    assert cli.json("list", "--unit", "市工商局", "--role", word) == cli.json(
        "list", "--unit", "市工商局", "--role", role
    )


def test_the_role_words_choose_different_tasks(cli: Cli) -> None:
    led = [t["id"] for t in cli.json("list", "--unit", "市工商局", "--role", "牵头")]
    helped = [t["id"] for t in cli.json("list", "--unit", "市工商局", "--role", "配合")]
    both = [t["id"] for t in cli.json("list", "--unit", "市工商局", "--role", "全部")]
    assert led and helped
    assert sorted(led + helped) == sorted(both)


def test_report_by_a_chinese_word(cli: Cli) -> None:
    tables = {}
    for word in ["单位", "unit", "工作项目", "item"]:
        result = cli("report", "--by", word, "--as-of", "2009-06-30", "--format", "csv")
        assert result.exit_code == 0, result.output
        tables[word] = result.stdout
    assert tables["单位"] == tables["unit"]
    assert tables["工作项目"] == tables["item"]
    assert tables["unit"] != tables["item"]


def test_help_text_breaks_between_chinese_characters_never_before_closing_punctuation() -> None:
    assert wrap("一二三四五。六七", 10) == ["一二三四", "五。六七"]
    assert wrap("一二三（四五）", 8) == ["一二三", "（四五）"]
    assert wrap("see --as-of and 2009年底", 12) == ["see --as-of", "and 2009年底"]
    assert wrap("选项  [默认：table]", 10) == ["选项", "[默认：table]"]
    # The marks of a 发文字号 and the full-width ones the tables know (inspect -h ended a
    # line with （〔).
    assert wrap("一二三（〔2009〕", 12) == ["一二三", "（〔2009〕"]
    assert wrap("一二三【四】。", 12) == ["一二三", "【四】。"]  # two closing marks: both go


def test_examples_stand_one_a_line_never_broken() -> None:
    result = run("record", "-h")
    text = result.stdout
    block = text[text.index("  示例：") : text.index("\n\n", text.index("  示例："))]
    assert block.splitlines() == [
        "  示例：",
        "    ipcity record 6.3 --status 进行中 --date 2009-05-01 --by 市工商局",
        "    多个责任单位的任务，各报各的：",
        "      ipcity record 13.2 --status done --by 海宁市 --note 已设立",
        "    经常性工作办成一次：",
        "      ipcity record 14 --count 1 --date 2009-12-20 --note 下半年督查",
        "    附上佐证文件：",
        "      ipcity record 2 --status done --by 市政府办公室 --attach 印发通知.pdf",
    ]
    assert examples(["示例：ipcity a --x 1    ipcity b"]) == [
        "示例：",
        "  ipcity a --x 1",
        "  ipcity b",
    ]


def test_a_paragraph_over_several_lines_joins_as_it_reads() -> None:
    assert join_lines(["序号、工作内容为空的行", "属于上面的工作项目"]) == (
        "序号、工作内容为空的行属于上面的工作项目"
    )
    assert join_lines(["注释；", "--format json"]) == "注释；--format json"
    assert (
        join_lines(["示例：ipcity list", "--unit 市工商局"]) == "示例：ipcity list --unit 市工商局"
    )
    assert join_lines(["每个错误一行", "GitHub 注释"]) == "每个错误一行 GitHub 注释"
