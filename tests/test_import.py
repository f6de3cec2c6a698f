"""`ipcity import F --into DIR`: a breakdown table (CSV or XLSX) becomes a new, valid plan."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from openpyxl import Workbook
from tests_support import BUNDLED
from typer.testing import CliRunner, Result

from ipcity.cli import app
from ipcity.files import load, scaffold, yaml_read
from ipcity.plan.deadlines import FORMS
from ipcity.tables import importing, reader

HEADER = ["序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位"]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def tasks_of(data_dir: Path) -> list[dict[str, Any]]:
    """Every task as the plan holds it: ids, texts, deadline as written, units as written."""
    plan, problems = load.load_plan(data_dir, date.today())
    assert plan is not None, problems
    return [
        {
            "id": task.id,
            "item": item.id,
            "content": item.content,
            "target": task.target,
            "deadline": task.deadline,
            "due": plan.deadlines[task.id].due,
            "responsible": task.responsible,
            "cooperating": task.cooperating,
        }
        for item in plan.items
        for task in item.tasks
    ]


def validate(data_dir: Path) -> Result:
    return run("validate", "--data-dir", str(data_dir))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_tasks(cli: Cli, tmp_path: Path, fmt: str) -> None:
    table = tmp_path / f"嘉兴.{fmt}"
    assert cli("export", "--output", str(table)).exit_code == 0
    into = tmp_path / "again"
    result = run("import", str(table), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert tasks_of(into) == tasks_of(BUNDLED)
    assert len(tasks_of(into)) == 44
    assert (validate(into).exit_code, validate(into).stdout) == (0, "")

    again = yaml_read.load(into / "tasks.yaml").data
    bundled = yaml_read.load(BUNDLED / "tasks.yaml").data
    assert again["period"] == bundled["period"] == {"start": "2008-09-01", "end": "2010-12-31"}
    # the XLSX carries the title in its first row; a bare CSV gives its file name
    assert again["title"] == (bundled["title"] if fmt == "xlsx" else "嘉兴")
    assert yaml_read.load(into / "status.yaml").data is None
    assert (into / "status.yaml").read_text(encoding="utf-8") == scaffold.STATUS_TEXT


def test_a_small_table_in_full(tmp_path: Path) -> None:
    """Continuation rows, numbering styles, unit separators, kinds guessed and marked."""
    table = write_csv(
        tmp_path / "湖州.csv",
        [
            ["湖州市知识产权试点城市工作任务分解", "", "", "", "", ""],
            ["", "", "", "", "", ""],
            ["序 号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位"],
            ["1", "成立领导小组", "", "2011年3月", "市政府办公室", ""],
            ["2", "提高创造能力", "1、年专利申请量5000件", "2012年底", "市科技局", "各县(市、区)政府"],
            ["", "", "２．新增著名商标100件", "试点期内", "市工商局", "市科技局，市质监局"],
            ["", "", "3. 2013年建成交易平台", "2013年6月", "市科技局(知识产权局)", ""],
            ["3", "加强执法", "案件结案率1.5倍于2010年", "常设", "安吉县政府、德清县", ""],
            ["3", "", "", "", "", ""],  # what is left of a merged cell: no task
            ["4", "宣传培训", "", "", "", ""],  # a heading row: the tasks follow
            ["4", "宣传培训", "1.举办宣传周", "2012年上半年", "市委宣传部", ""],
            ["4", "", "2.培训", "2012年下半年", "市人事局", ""],
            ["", "", "", "", "", ""],
        ],
    )  # fmt: skip
    into = tmp_path / "huzhou"
    result = run("import", str(table), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"已导入 4 个工作项目、7 项任务、9 个单位到 {into}：湖州市知识产权试点城市工作任务分解，"
        "试点期 2011-03-01 至 2013-06-30"
        "（标题、开始日期、结束日期由表推定，可在 tasks.yaml 中修改）。\n"
        "units.yaml 中单位的类别是按名称推测的，请核对；单位组的成员请补全。\n"
        "从目标要求中推测了 2 个量化指标，写在 tasks.yaml 中，标有“推测”，请逐一核对。\n"
        f"在 {into} 新建了 .gitattributes、.pre-commit-config.yaml、"
        ".github/workflows/validate.yml：它还不在 git 仓库中，这些文件按它将是仓库的根目录写成"
        "（在其中运行 git init）\n"
        "其中 ipcity 的地址 https://git.example.org/office/ipcity 和版本 v0.1.0 是占位，"
        "改成你们存放 ipcity 的仓库地址和其中的标签\n"
    )
    assert validate(into).exit_code == 0
    assert [(t["id"], t["target"], t["responsible"], t["cooperating"]) for t in tasks_of(into)] == [
        ("1", "", ["市政府办公室"], []),
        ("2.1", "年专利申请量5000件", ["市科技局"], ["各县(市、区)政府"]),
        ("2.2", "新增著名商标100件", ["市工商局"], ["市科技局", "市质监局"]),
        ("2.3", "2013年建成交易平台", ["市科技局(知识产权局)"], []),
        ("3", "案件结案率1.5倍于2010年", ["安吉县政府", "德清县"], []),
        ("4.1", "举办宣传周", ["市委宣传部"], []),
        ("4.2", "培训", ["市人事局"], []),
    ]
    plan, _ = load.load_plan(into, date.today())
    assert plan is not None
    assert [
        (t.id, i.name, i.target, i.unit) for _, t in plan.tasks.values() for i in t.indicators
    ] == [
        ("2.1", "年专利申请量", 5000, "件"),
        ("2.2", "新增著名商标", 100, "件"),
    ]
    units = (into / "units.yaml").read_text(encoding="utf-8")
    assert (
        "# 推测：表中没有写单位类别，这里先列出各地都有的两类；本方案另有类别的\n"
        "# （如驻嘉单位、驻湖单位），加在 kinds 中，再改相应单位的 kind。\n"
        "kinds: [市级部门, 县(市、区)]\n"
        "county_kind: 县(市、区)\n"
        "\n"
        "units:\n"
    ) in units
    assert units.split("\nunits:\n")[1] == (
        "  - name: 市政府办公室\n"
        "    kind: 市级部门  # 推测\n"
        "  - name: 市科技局\n"
        "    aliases: [市科技局(知识产权局)]  # 推测：同一单位的另一写法\n"
        "    kind: 市级部门  # 推测\n"
        "  - name: 各县(市、区)政府\n"
        "    kind: group  # 推测\n"
        "    members: []  # 待补全：组内成员\n"
        "  - name: 市工商局\n"
        "    kind: 市级部门  # 推测\n"
        "  - name: 市质监局\n"
        "    kind: 市级部门  # 推测\n"
        "  - name: 安吉县政府\n"
        "    kind: 县(市、区)  # 推测\n"
        "  - name: 德清县\n"
        "    kind: 县(市、区)  # 推测\n"
        "  - name: 市委宣传部\n"
        "    kind: 市级部门  # 推测\n"
        "  - name: 市人事局\n"
        "    kind: 市级部门  # 推测\n"
    )


def test_options_give_title_and_period(tmp_path: Path) -> None:
    table = write_csv(
        tmp_path / "t.csv", [HEADER, ["1", "建章立制", "", "试点期内", "市政府办公室", ""]]
    )
    into = tmp_path / "plan"
    result = run(
        "import", str(table), "--into", str(into),
        "--title", "某市试点", "--start", "2011年", "--end", "2013年底",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "：某市试点，试点期 2011-01-01 至 2013-12-31。\n" in result.stderr
    assert tasks_of(into)[0]["due"] == date(2013, 12, 31)


def test_a_blank_title_option_is_no_title(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "某市.csv", [HEADER, ["1", "a", "", "2011年", "市政府办公室", ""]])
    result = run("import", str(table), "--into", str(tmp_path / "plan"), "--title", " ")
    assert result.exit_code == 0, result.output
    assert yaml_read.load(tmp_path / "plan" / "tasks.yaml").data["title"] == "某市"


def test_a_period_that_cannot_be_made_out_is_asked_for(tmp_path: Path) -> None:
    table = write_csv(
        tmp_path / "t.csv", [HEADER, ["1", "建章立制", "", "试点期内", "市政府办公室", ""]]
    )
    result = run("import", str(table), "--into", str(tmp_path / "plan"), "--start", "2011年")
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：表中没有写明日期的工作进度，推定不了试点期；请用 --start 和 --end 给出\n",
    )
    assert not (tmp_path / "plan").exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_encoding_excel_saves(tmp_path: Path, encoding: str) -> None:
    rows = [HEADER, ["1", "建立知识产权管理机构", "", "2011年底", "各县(市、区)政府", "市科技局"]]
    if encoding == "utf-16":  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
        text = "\n".join("\t".join(row) for row in rows) + "\n"
        table = tmp_path / "t.csv"
        table.write_bytes(text.encode("utf-16"))
    else:
        table = write_csv(tmp_path / "t.csv", rows, encoding)
    result = run("import", str(table), "--into", str(tmp_path / "plan"))
    assert result.exit_code == 0, result.output
    assert tasks_of(tmp_path / "plan")[0]["content"] == "建立知识产权管理机构"


def test_xlsx_typed_dates_and_numbers_read_as_shown(tmp_path: Path) -> None:
    """Excel stores a typed 2011年3月 as a date and 1 as a number; read them as shown."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([1, "成立领导小组", None, date(2011, 3, 1), "市政府办公室", None])
    sheet.append([2.0, "召开大会", None, date(2011, 3, 15), "市政府办公室", None])
    book.save(tmp_path / "t.xlsx")
    result = run("import", str(tmp_path / "t.xlsx"), "--into", str(tmp_path / "plan"))
    assert result.exit_code == 0, result.output
    assert [(t["id"], t["deadline"]) for t in tasks_of(tmp_path / "plan")] == [
        ("1", "2011年3月"),
        ("2", "2011-03-15"),
    ]


def test_every_problem_in_the_table_is_named_by_row(tmp_path: Path) -> None:
    table = write_csv(
        tmp_path / "t.csv",
        [
            HEADER,
            ["1", "成立领导小组", "", "明年", "市政府办公室", ""],
            ["2", "提高创造能力", "1.年专利申请量5000件", "2012年底", "", ""],
            ["", "", "新增著名商标100件", "2012年底", "市工商局", ""],
            ["", "", "1.再来一个", "2012年底", "市工商局", ""],
            ["一", "加强执法", "", "2012年底", "市公安局", ""],
            ["1", "重复的序号", "", "2012年底", "市公安局", ""],
        ],
    )
    result = run("import", str(table), "--into", str(tmp_path / "plan"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{table}:2:4: error: 第 2 行「工作进度」：无法识别的工作进度「明年」\n"
        f"  提示：可以写 {FORMS}\n"
        f"{table}:3:5: error: 第 3 行「责任单位」：责任单位为空\n"
        "  提示：至少写一个责任单位\n"
        f"{table}:4:3: error: 第 4 行「目标要求」：目标要求没有编号「新增著名商标100件」\n"
        "  提示：工作项目 2 有 3 个目标要求，每个都以 1. 2. 编号\n"
        f"{table}:5:3: error: 第 5 行「目标要求」：分目标 2.1 重复（第 3 行已有）\n"
        f"{table}:6:1: error: 第 6 行「序号」：序号「一」应为数字\n"
        "  提示：写成 1、2、3 这样\n"
        f"{table}:7:1: error: 第 7 行「序号」：序号「1」重复（第 2 行已有）\n"
        "共 6 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n"
    )
    assert not (tmp_path / "plan").exists()


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    table = write_csv(
        tmp_path / "t.csv",
        [["工作任务分解"], ["序号", "工作内容", "目标要求", "完成时间", "责任单位"]],
    )
    result = run("import", str(table), "--into", str(tmp_path / "plan"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"{table}:2:1: error: 第 2 行：表头缺少列：工作进度、配合单位\n"
        "  提示：任务分解表要有这六列：序号、工作内容、目标要求、工作进度、责任单位、配合单位"
        "（先后不限）\n"
        "共 1 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n",
    )


def test_a_table_without_header(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", [["a", "b"], ["c", "d"]])
    result = run("import", str(table), "--into", str(tmp_path / "plan"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{table}:1:1: error: 第 1 行：前 20 行里找不到表头"
        "（序号、工作内容、目标要求、工作进度、责任单位、配合单位）\n"
    )


def test_columns_in_any_order_and_extra_columns(tmp_path: Path) -> None:
    table = write_csv(
        tmp_path / "t.csv",
        [
            ["备注", "配合单位", "责任单位", "工作进度", "目标要求", "工作内容", "序号"],
            ["无", "", "市政府办公室", "2011年3月", "", "成立领导小组", "1"],
        ],
    )
    assert run("import", str(table), "--into", str(tmp_path / "plan")).exit_code == 0
    assert tasks_of(tmp_path / "plan")[0]["content"] == "成立领导小组"


def test_import_never_overwrites_a_plan(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", [HEADER, ["1", "a", "", "2011年", "市政府办公室", ""]])
    into = tmp_path / "plan"
    into.mkdir()
    (into / "tasks.yaml").write_text("# mine\n", encoding="utf-8")
    result = run("import", str(table), "--into", str(into))
    assert (result.exit_code, result.stderr) == (
        2,
        f"错误：{into} 中已有 tasks.yaml，不覆盖；换一个目录，或先移走这些文件\n",
    )
    assert [p.name for p in into.iterdir()] == ["tasks.yaml"]


NOT_A_ZIP = "错误：{path} 不是可读的 XLSX 文件（File is not a zip file）\n"
NOT_TEXT = "错误：{path} 既不是 UTF-8 也不是 GBK 编码；请在 Excel/WPS 中另存为 CSV UTF-8\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.txt", b"", "错误：不认识的文件类型「.txt」：只读 .csv 和 .xlsx\n"),
        ("t.xlsx", b"not a zip", NOT_A_ZIP),
        ("t.csv", b"\x81\x30\xff", NOT_TEXT),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", str(path), "--into", str(tmp_path / "plan"))
    assert (result.exit_code, result.stderr) == (2, message.format(path=path))
    assert not (tmp_path / "plan").exists()


def test_a_missing_file(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "none.csv"), "--into", str(tmp_path / "plan"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：无法读取 {tmp_path / 'none.csv'}：")


def test_what_validate_would_refuse_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: import loads what it is about to write, as validate will."""
    real = scaffold.plan_files
    written: dict[str, str] = {}

    def broken(*args: Any, **kwargs: Any) -> dict[str, str]:
        texts = real(*args, **kwargs)
        texts["units.yaml"] = texts["units.yaml"].replace("kind: 市级部门", "kind: 部门")
        written.update(texts)
        return texts

    monkeypatch.setattr(importing.scaffold, "plan_files", broken)
    table = write_csv(tmp_path / "t.csv", [HEADER, ["1", "a", "", "2011年", "市政府办公室", ""]])
    into = tmp_path / "plan"
    result = run("import", str(table), "--into", str(into))
    line = written["units.yaml"].splitlines().index("    kind: 部门  # 推测") + 1
    assert (result.exit_code, result.stderr) == (
        1,
        f"{into / 'units.yaml'}:{line}:11: error: kind（类别）「部门」不是可用的取值\n"
        f"  {line} |     kind: 部门  # 推测\n"
        f"  {' ' * len(str(line))} |           ^\n"
        "  提示：应为 市级部门、县(市、区)、group 之一；新的类别先加进文件开头的 kinds\n"
        "共 1 个错误，在 1 个文件中\n"
        "导入的结果通不过 ipcity validate，什么也没有写入；这是 ipcity 的疏漏，请报告。\n",
    )
    assert not into.exists()


def test_split_units_keeps_bracketed_separators() -> None:
    assert reader.split_units("市科技局、各县(市、区)政府，市工商局,市文化局\n市公安局") == [
        "市科技局",
        "各县(市、区)政府",
        "市工商局",
        "市文化局",
        "市公安局",
    ]
    assert reader.split_units("各县（市、区）政府、 ") == ["各县（市、区）政府"]


@pytest.mark.slow
def test_ten_thousand_rows(tmp_path: Path) -> None:
    """A province-scale table: 2,000 work items of 5 sub-targets each."""
    counties = [f"第{n}县政府" for n in range(1, 101)]
    rows = [HEADER]
    for item in range(1, 2001):
        for sub in range(1, 6):
            rows.append(
                [
                    str(item) if sub == 1 else "",
                    f"第{item}项工作" if sub == 1 else "",
                    f"{sub}.目标要求{item}-{sub}",
                    f"{2011 + sub % 3}年{sub}月",
                    f"市局{item % 40}、{counties[item % 100]}",
                    "各县(市、区)政府" if sub % 2 else "",
                ]
            )
    table = write_csv(tmp_path / "province.csv", rows)
    into = tmp_path / "province"
    started = time.perf_counter()
    result = run("import", str(table), "--into", str(into))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"已导入 2000 个工作项目、10000 项任务、141 个单位到 {into}")
    tasks = tasks_of(into)
    assert len(tasks) == 10_000
    assert tasks[-1]["id"] == "2000.5"
    assert validate(into).exit_code == 0
    print(f"imported 10,000 rows in {elapsed:.2f} s")  # shown with pytest -s; no assertion
