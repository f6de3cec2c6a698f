"""`ipcity collect`: a returned form's rows become records by the rules of `record`, all of
one form's or none, never twice; a form that is not this plan's, period's or unit's is
refused, saying which; every problem at its sheet, row and column."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from formbook import DUTIES, READINGS, TASKS, Entries, fill, meta, write_forms
from openpyxl import load_workbook
from tests_support import BUNDLED

FILLED: Entries = {
    TASKS: [
        (
            "2",
            "",
            {
                "本期状态": "已完成",
                "完成情况": "已印发创建工作方案",
                "佐证材料": "嘉政办发〔2009〕15号",
            },
        ),
    ],
    READINGS: [("6.1", "年专利申请量", {"本期读数": 2600})],
    DUTIES: [("12.1", "知识产权培训", {"本期已办次数": 1, "每次的日期": "2009-05-20"})],
}
FILLED_ON = {f"{TASKS}!F3": "2009-06-28"}


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plan once 市科技局's form for 2009H1 was written and sent out: its data
    directory (forms.yaml registering the form) and the folder `sent` the form went to.
    Written once; `form` copies it (a form's id and register line hang on the plan, the
    unit, the period and the day, never on the folder)."""
    folder = tmp_path_factory.mktemp("sent")
    shutil.copytree(BUNDLED, folder / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPCITY_CACHE_DIR", str(folder / "cache"))
        patch.setenv("COLUMNS", "100")
        patch.chdir(folder)
        write_forms(Cli(folder / "data"), Path("sent"), "--unit", "市科技局", "--due", "2009-07-05")
    return folder


@pytest.fixture
def form(sent: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """市科技局's form for 2009H1, as written and sent out; the office works in the folder
    that holds it (the forms are named relative to it)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)
    for written in (sent / "data").iterdir():
        shutil.copy2(written, data_dir / written.name)
    shutil.copytree(sent / "sent", tmp_path / "sent")
    return Path("sent", "市科技局.xlsx")


def filled(form: Path, entries: Entries = FILLED, cells: dict[str, Any] | None = None) -> Path:
    target = Path("returned", form.name)
    target.parent.mkdir(exist_ok=True)
    fill(form, target, entries, FILLED_ON if cells is None else cells)
    return target


def test_a_filled_form_is_collected_once_each_record_with_its_source(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(form)
    status = data_dir / "status.yaml"
    before = status.read_bytes()
    result = cli("collect", str(returned))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    form_id = meta(form)["form_id"]
    assert result.stdout == (
        f"{returned}：市科技局 2009年上半年填报表（{form_id}）\n"
        "\n"
        "位置           任务    记录         日期         内容                                            \n"
        "─────────────────────────────────────────────────────────────────────────────────────────────────\n"
        "经常性工作!7   12.1    经常性工作   2009-05-20   办了 1 次（状态记为进行中）                     \n"
        "量化指标!6     6.1     指标读数     2009-06-28   年专利申请量=2600（状态记为进行中）             \n"
        "任务进展!6     2       进度         2009-06-28   已完成；已印发创建工作方案；佐证：嘉政办发      \n"
        "                                                 〔2009〕15号                                    \n"
        "已追加 3 条记录到 status.yaml。\n"
    )
    after = status.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        f"- {{task: '12.1', date: 2009-05-20, status: in_progress, by: 市科技局, count: 1,"
        f' source: "{form_id}#经常性工作!7"}}\n'
        f"- {{task: '6.1', date: 2009-06-28, status: in_progress, by: 市科技局,"
        f' values: {{年专利申请量: 2600}}, source: "{form_id}#量化指标!6"}}\n'
        f"- {{task: '2', date: 2009-06-28, status: done, by: 市科技局, note: 已印发创建工作方案,"
        f' evidence: 嘉政办发〔2009〕15号, source: "{form_id}#任务进展!6"}}\n'
    )
    assert cli("validate").stdout == ""
    # A claim of done is a claim: it waits for the office's check.
    parts = cli.json("show", "2")[0]["parts"]
    tech = next(p for p in parts if p["unit"] == "市科技局")
    assert (tech["status"], tech["claimed"], tech["verified"]) == ("in_progress", True, None)

    again = cli("collect", str(returned))
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"{returned}：市科技局 2009年上半年填报表（{form_id}）\n"
        "已收集过、这次不再追加的行：经常性工作!7、量化指标!6、任务进展!6\n"
        "这份表格的内容都已收集过，没有追加记录。\n"
    )
    assert status.read_bytes() == after


def test_a_dry_run_shows_the_records_and_writes_nothing(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(form)
    status = data_dir / "status.yaml"
    before = status.read_bytes()
    result = cli("collect", str(returned), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("试运行：以上 3 条记录没有写入（去掉 --dry-run 即写入）。\n")
    assert status.read_bytes() == before


def refused(cli: Cli, data_dir: Path, *args: str) -> str:
    """collect's stderr, having checked that it refused and wrote nothing."""
    status = data_dir / "status.yaml"
    before = status.read_bytes()
    result = cli("collect", *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert status.read_bytes() == before
    return result.stderr


ADVICE = "以上 1 份表格没有收集，一条记录也没有写入；改正后再运行 ipcity collect。\n"


def test_an_unknown_status_word_and_an_impossible_date_refuse_the_whole_form(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(
        form,
        {
            TASKS: [
                ("2", "", {"本期状态": "已完成", "佐证材料": "嘉政办发〔2009〕15号"}),
                ("6.1", "", {"本期状态": "完成了"}),
                ("7.1", "", {"申请延期至": "2009-02-30", "延期理由": "统计口径调整"}),
            ],
            READINGS: [("6.1", "年专利申请量", {"本期读数": 2600})],
        },
    )
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:7:6: error: 「任务进展」表第 7 行「本期状态」（F7）：「完成了」不是状态\n"
        "  提示：从下拉列表中选择 未开始、进行中、已完成、受阻 之一"
        "（也可写 not_started、in_progress、done、blocked）\n"
        f"{returned}:9:11: error: 「任务进展」表第 9 行「申请延期至」（K9）："
        "日期不存在「2009-02-30」\n"
        "  提示：写成日期，如 2010-06-30、2010年6月\n"
        "共 2 个错误，在 1 个文件中\n" + ADVICE
    )


def test_a_form_for_another_period_is_refused(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(form)
    assert refused(cli, data_dir, str(returned), "--period", "2009H2") == (
        f"{returned}:1:1: error: 这是2009年上半年的表格，现在收集的是2009年下半年\n"
        "  提示：核对文件；确要收集2009年上半年的，加 --period 2009H1\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )
    # Without --period, the period is the one forms were last written for.
    write_forms(cli, Path("next"), "--unit", "市科技局", "--period", "2009H2")
    assert "现在收集的是2009年下半年" in refused(cli, data_dir, str(returned))
    assert cli("collect", str(returned), "--period", "2009年上半年").exit_code == 0


def test_a_form_for_another_plan_is_refused(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(form)
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(
        text.replace(
            "title: 嘉兴市建设国家知识产权试点城市工作目标和任务分解",
            "title: 湖州市试点城市任务分解",
        ),
        encoding="utf-8",
    )
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:1:1: error: 这份表格是为另一个工作方案生成的"
        "（「嘉兴市建设国家知识产权试点城市工作目标和任务分解」），不是这里的「湖州市试点城市任务分解」\n"
        "  提示：用 --data-dir 指向那个方案的数据目录再收集；或请该单位填写本方案的表格\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_a_form_from_before_the_plan_changed_is_refused(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(form)
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(
        text.replace("target: 加强执法队伍建设。", "target: 加强执法队伍建设"), "utf-8"
    )
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:1:1: error: 这份表格生成（2009-06-20）以后，工作方案改动过"
        "（tasks.yaml 或 units.yaml）：表中的任务、指标可能已与现在不符\n"
        "  提示：用 ipcity forms --period 2009H1 --unit 市科技局 重新生成，"
        "请该单位把填写的内容抄到新表上报回\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_comments_and_contacts_do_not_change_the_plan_a_form_was_written_from(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(form)
    for name in ("tasks.yaml", "units.yaml"):
        path = data_dir / name
        path.write_text("# 办公室加的注释\n" + path.read_text(encoding="utf-8"), "utf-8")
    units = data_dir / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "    aliases: [市科技局(知识产权局), 市知识产权局]\n",
            "    aliases: [市科技局(知识产权局), 市知识产权局]\n    contact: 张明\n",
        ),
        "utf-8",
    )
    assert cli("collect", str(returned)).exit_code == 0


def test_another_units_name_typed_over_the_header_is_refused(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    returned = filled(form, cells={**FILLED_ON, f"{READINGS}!A3": "填报单位：市工商局"})
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:3:1: error: 「量化指标」表第 3 行「填报单位」（A3）："
        "填报单位改成了「市工商局」，这份表格是发给市科技局的\n"
        "  提示：每个单位填自己的表格（ipcity forms --unit 生成）；若是误改，改回「填报单位：市科技局」\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )
    # The unit's other names are the unit.
    alias = filled(form, cells={**FILLED_ON, f"{TASKS}!A3": "填报单位：市知识产权局"})
    assert cli("collect", str(alias)).exit_code == 0


def test_a_hidden_sheet_edited_by_hand_is_refused(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(form)
    book = load_workbook(returned)
    book["ipcity"]["D14"] = "6.3"  # the first line said to be another task
    book.save(returned)
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:1:1: error: 表格的隐藏信息（「ipcity」工作表）被改动过：表格编号与其中的内容不符\n"
        "  提示：用 ipcity forms --period 2009H1 --unit 市科技局 重新生成一份，请该单位重填\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_a_row_inserted_above_the_lines_is_refused(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(form)
    book = load_workbook(returned)
    book[TASKS].insert_rows(6)
    book.save(returned)
    assert refused(cli, data_dir, str(returned)).startswith(
        f"{returned}:6:1: error: 「任务进展」表第 6 行「序号」（A6）：这一行应是任务 2，"
        "现在是空行：表格的行被移动、插入或删除过\n"
        "  提示：请在原表中填写，不要增删、移动行\n"
    )


def test_a_row_typed_over_is_named_as_it_reads(cli: Cli, data_dir: Path, form: Path) -> None:
    # The text of a line is 工作内容 and 目标要求 on two lines: the message showed \x0a.
    returned = filled(form)
    book = load_workbook(returned)
    book[TASKS]["A6"], book[TASKS]["B6"] = "9", "建立知识产权工作制度\n每年检查一次"
    book.save(returned)
    assert refused(cli, data_dir, str(returned)).startswith(
        f"{returned}:6:1: error: 「任务进展」表第 6 行「序号」（A6）：这一行应是任务 2，"
        "现在是「9 建立知识产权工作制度 每年检查一次」：表格的行被移动、插入或删除过\n"
    )


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            {TASKS: [("2", "", {"完成情况": "已印发", "佐证材料": "文号"})]},
            ":6:6: error: 「任务进展」表第 6 行「本期状态」（F6）：填了“完成情况”、“佐证材料”，没有选本期状态\n"
            "  提示：从下拉列表中选择 未开始、进行中、已完成、受阻\n",
        ),
        (
            {TASKS: [("6.1", "", {"申请延期至": "2010-06-30"})]},
            ":7:12: error: 「任务进展」表第 7 行「延期理由」（L7）：申请延期要写延期理由\n"
            "  提示：写明为什么不能按期完成\n",
        ),
        (
            {TASKS: [("6.1", "", {"申请延期至": "2009-10-31", "延期理由": "推迟"})]},
            ":7:11: error: 「任务进展」表第 7 行「申请延期至」（K7）：延期要延到市科技局在任务 6.1 上的"
            "现行期限之后（现行期限 2009-12-31）\n"
            "  提示：“申请延期至”写 2009-12-31 以后的日期\n",
        ),
        (
            {READINGS: [("6.1", "年专利申请量", {"本期读数": "约2600件"})]},
            ":6:6: error: 「量化指标」表第 6 行「本期读数」（F6）：「约2600件」不是数字\n"
            "  提示：只填数字，不写单位和千位分隔符，如 2600 或 92.5\n",
        ),
        (
            {DUTIES: [("12.1", "知识产权培训", {"本期已办次数": 2})]},
            ":7:7: error: 「经常性工作」表第 7 行「每次的日期」（G7）：本期已办 2 次，要写明每次的日期\n"
            "  提示：如 2009-03-15、2009-05-20；同一天办了两次的，那天写两遍\n",
        ),
        (
            {DUTIES: [("12.1", "知识产权培训", {"本期已办次数": 2, "每次的日期": "2009-05-20"})]},
            ":7:7: error: 「经常性工作」表第 7 行「每次的日期」（G7）：写了 1 个日期，本期已办次数是 2\n"
            "  提示：每次写一个日期；同一天办了两次的，那天写两遍\n",
        ),
        (
            {DUTIES: [("11.2", "宣传活动", {"每次的日期": "2008-12-20"})]},
            ":6:7: error: 「经常性工作」表第 6 行「每次的日期」（G6）：日期 2008-12-20 不在本期"
            "（2009-01-01 至 2009-06-30）内\n"
            "  提示：只填本期办的\n",
        ),
        (
            {DUTIES: [("11.2", "宣传活动", {"本期已办次数": "两次"})]},
            ":6:6: error: 「经常性工作」表第 6 行「本期已办次数」（F6）：「两次」不是次数\n"
            "  提示：填整数，如 2；没办的填 0 或不填\n",
        ),
    ],
)
def test_each_cell_that_cannot_be_a_record_is_named_with_the_fix(
    cli: Cli, data_dir: Path, form: Path, entries: Entries, message: str
) -> None:
    returned = filled(form, entries)
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}{message}共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_an_extension_request_is_pending_for_the_office(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    entries: Entries = {
        TASKS: [
            (
                "6.1",
                "",
                {"本期状态": "进行中", "申请延期至": "2010年6月", "延期理由": "统计口径调整"},
            )
        ]
    }
    returned = filled(form, entries)
    assert cli("collect", str(returned)).exit_code == 0
    form_id = meta(form)["form_id"]
    tail = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert tail == (
        "- {task: '6.1', date: 2009-06-28, unit: 市科技局, extend_to: 2010-06-30,"
        f' reason: 统计口径调整, by: 市科技局, source: "{form_id}#任务进展!7"}}'
    )
    part = cli.json("show", "6.1")[0]["parts"][0]
    assert (part["due"], part["requested_due"]) == ("2009-12-31", "2010-06-30")


def test_a_form_saved_again_by_an_office_suite_reads_the_same(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    """Excel and WPS may drop the protection, unhide the hidden sheet, turn a typed date
    into a date cell and a number into a float; the records are those typed."""
    entries: Entries = {
        TASKS: [
            (
                "6.1",
                "",
                {"本期状态": "进行中", "申请延期至": datetime(2010, 6, 30), "延期理由": "统计"},
            )
        ],
        READINGS: [("6.1", "年专利申请量", {"本期读数": 2600.0})],
        DUTIES: [
            ("12.1", "知识产权培训", {"本期已办次数": 2.0, "每次的日期": "2009-05-20、2009-06-02"})
        ],
    }
    returned = filled(form, entries, {f"{TASKS}!F3": datetime(2009, 6, 28)})
    book = load_workbook(returned)
    for sheet in book.worksheets:
        sheet.protection.sheet = False
    book["ipcity"].sheet_state = "hidden"
    hidden = book["ipcity"]
    for row in hidden.iter_rows(min_row=14):
        if isinstance(row[1].value, int):
            row[1].value = float(row[1].value)  # a row number saved as 7.0
    book.save(returned)
    assert cli("collect", str(returned)).exit_code == 0
    log = (data_dir / "status.yaml").read_text(encoding="utf-8")
    assert "count: 1, source" in log and "2009-06-02" in log
    assert "values: {年专利申请量: 2600}" in log
    assert "extend_to: 2010-06-30" in log
    assert log.count("date: 2009-06-28") == 3  # the reading, the progress, the extension


def test_a_formula_is_refused_never_computed(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(
        form,
        {TASKS: [("2", "", {"本期状态": "进行中", "完成情况": '=HYPERLINK("http://x","点")'})]},
    )
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:6:7: error: 「任务进展」表第 6 行「完成情况」（G6）：是公式：填报表只收填写的内容，不计算公式\n"
        "  提示：删去公式，直接填写数字或文字\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_text_that_looks_like_a_formula_stays_text(cli: Cli, data_dir: Path, form: Path) -> None:
    entries: Entries = {
        TASKS: [("2", "", {"本期状态": "进行中", "完成情况": "=SUM(A1)", "佐证材料": "+86"})]
    }
    returned = filled(form, entries)
    book = load_workbook(returned)
    for ref in ("G6", "J6"):
        book[TASKS][ref].data_type = "s"  # typed into a text cell: text, as Excel keeps it
    book.save(returned)
    assert cli("collect", str(returned)).exit_code == 0
    tail = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert 'note: =SUM(A1), evidence: "+86"' in tail


def test_an_empty_form_is_not_a_return(cli: Cli, data_dir: Path, form: Path) -> None:
    returned = filled(form, {}, {})
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:1:1: error: 表格中没有填写任何内容（浅黄色单元格都是空的）\n"
        "  提示：请该单位填写后再报回\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


def test_files_that_are_not_forms_are_refused(
    cli: Cli, data_dir: Path, form: Path, tmp_path: Path
) -> None:
    export = tmp_path / "任务分解.xlsx"
    assert cli("export", "--output", str(export)).exit_code == 0
    csv = tmp_path / "表.csv"
    csv.write_text("序号\n", encoding="utf-8")
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    stderr = refused(cli, data_dir, str(export), str(csv), str(broken))
    assert stderr == (
        f"{export}:1:1: error: 这不是 ipcity forms 生成的填报表（没有隐藏的「ipcity」工作表）\n"
        "  提示：请用 ipcity forms 生成的表格填写；另存时保持 .xlsx 格式，不要复制到新文件\n"
        f"{csv}:1:1: error: 只收集 .xlsx 文件（ipcity forms 生成的填报表），这是「.csv」\n"
        "  提示：在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）后再收集\n"
        f"{broken}:1:1: error: 不是 xlsx 文件（File is not a zip file）\n"
        "  提示：请在 Excel 或 WPS 中打开，另存为 Excel 工作簿（.xlsx）后再收集\n"
        "共 3 个错误，在 3 个文件中\n"
        "以上 3 份表格没有收集，一条记录也没有写入；改正后再运行 ipcity collect。\n"
    )


def test_a_workbook_that_unpacks_too_large_is_not_read(
    cli: Cli, data_dir: Path, form: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ipcity.plan import forms

    monkeypatch.setattr(forms, "MAX_UNPACKED_BYTES", 64 << 10)
    returned = filled(form)
    stderr = refused(cli, data_dir, str(returned))
    assert stderr.startswith(f"{returned}:1:1: error: 文件解压后过大（")


def test_one_bad_form_does_not_keep_a_good_one_out(cli: Cli, data_dir: Path, form: Path) -> None:
    good = filled(form)
    write_forms(cli, form.parent, "--unit", "市工商局", "--due", "2009-07-05")
    other = form.parent / "市工商局.xlsx"
    bad = Path("returned", other.name)
    fill(other, bad, {TASKS: [("6.3", "", {"本期状态": "完成了"})]})
    result = cli("collect", str(bad), str(good))
    assert result.exit_code == 1
    assert "已追加 3 条记录" in result.stdout
    assert result.stderr.startswith(f"{bad}:")
    assert (data_dir / "status.yaml").read_text(encoding="utf-8").count("source:") == 3


def test_collected_records_keep_a_returned_claim_in_progress(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    """A reading does not renew a claim the office returned: it keeps the part in progress."""
    cli("record", "6.1", "--status", "done", "--by", "市科技局", "--date", "2009-06-01")
    cli("verify", "6.1", "--return", "--note", "缺统计表", "--date", "2009-06-05")
    returned = filled(form, {READINGS: [("6.1", "年专利申请量", {"本期读数": 2600})]})
    assert cli("collect", str(returned)).exit_code == 0
    assert "status: in_progress, by: 市科技局, values" in (data_dir / "status.yaml").read_text(
        "utf-8"
    )


def test_the_records_read_back_as_the_plan_holds_them(cli: Cli, data_dir: Path, form: Path) -> None:
    assert cli("collect", str(filled(form))).exit_code == 0
    rows = cli.json("log", "--unit", "市科技局")
    assert [(r["task"], r["date"], r["source"].split("#")[1]) for r in rows] == [
        ("2", "2009-06-28", "任务进展!6"),
        ("6.1", "2009-06-28", "量化指标!6"),
        ("12.1", "2009-05-20", "经常性工作!7"),
    ]
    assert date(2009, 6, 28) <= date.today()


def test_rows_another_process_appended_meanwhile_refuse_the_batch(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    """Checked under the log's lock: a collect that read the log before another appended
    the same form's rows writes nothing."""
    from ipcity.files import append
    from ipcity.files.load import load_plan
    from ipcity.log.collect import append_outcome, collect
    from ipcity.tables.form_read import read

    plan, _ = load_plan(data_dir, date.today())
    assert plan is not None
    found = collect(plan, read(filled(form)), today=date.today(), period=None)
    assert found.problems == [] and len(found.drafts) == 3
    assert cli("collect", str(filled(form))).exit_code == 0  # the other process
    status = data_dir / "status.yaml"
    before = status.read_bytes()
    with pytest.raises(append.AppendError) as raised:
        append_outcome(data_dir, found)
    assert str(raised.value) == (
        f"表格 {found.form}（市科技局）的记录刚刚已由另一个 ipcity collect 写入 status.yaml，"
        "这次没有追加"
    )
    assert status.read_bytes() == before


def test_a_duty_held_on_several_days_is_a_count_on_each_named_when_the_task_has_several(
    cli: Cli, data_dir: Path, form: Path
) -> None:
    write_forms(cli, form.parent, "--unit", "市委宣传部", "--due", "2009-07-05")
    sent = form.parent / "市委宣传部.xlsx"
    returned = Path("returned", sent.name)
    returned.parent.mkdir(exist_ok=True)
    dates = "2009-03-15、2009-05-20，2009-05-20"  # a 、 or a ，; one day twice
    fill(sent, returned, {DUTIES: [("11.4", "报纸专栏", {"每次的日期": dates})]}, FILLED_ON)
    assert cli("collect", str(returned)).exit_code == 0
    form_id = meta(sent)["form_id"]
    added = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-2:]
    assert added == [
        "- {task: '11.4', date: 2009-03-15, status: in_progress, by: 市委宣传部, count: 1,"
        f' duty: 报纸专栏, source: "{form_id}#经常性工作!7"}}',
        "- {task: '11.4', date: 2009-05-20, status: in_progress, by: 市委宣传部, count: 2,"
        f' duty: 报纸专栏, source: "{form_id}#经常性工作!7"}}',
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("D14", "6.3"), ("D14", "99"), ("B7", "2009年上半"), ("B4", "市工商局"), ("E31", "年专利")],
)
def test_a_hidden_sheet_whose_id_was_made_to_match_is_still_refused(
    cli: Cli, data_dir: Path, form: Path, cell: str, value: str
) -> None:
    """Someone who knows how the id is made may make it match: the sheet must still say
    what a form of this plan could say (a part of the unit, the period's own days, ...)."""
    from ipcity.plan.forms import LineKey, form_id

    returned = filled(form)
    book = load_workbook(returned)
    hidden = book["ipcity"]
    hidden[cell] = value
    fields = {hidden.cell(r, 1).value: hidden.cell(r, 2).value for r in range(1, 12)}
    keys = [
        LineKey(row[2], row[3], row[4] or "")
        for row in hidden.iter_rows(min_row=14, values_only=True)
        if row[0]
    ]
    hidden["B9"] = form_id(fields["plan_digest"], fields["unit"], fields["period"], keys)
    book.save(returned)
    assert refused(cli, data_dir, str(returned)) == (
        f"{returned}:1:1: error: 表格的隐藏信息（「ipcity」工作表）被改动过：表格编号与其中的内容不符\n"
        f"  提示：用 ipcity forms --period 2009H1 --unit {fields['unit']} 重新生成一份，请该单位重填\n"
        "共 1 个错误，在 1 个文件中\n" + ADVICE
    )


@pytest.mark.slow  # 64 workbooks filled and collected
@pytest.mark.parametrize(
    "value",
    [True, 1e308, -5, "   ", datetime(9999, 12, 31), "x" * 3000, 0, "２６００"],
)
def test_any_value_in_any_yellow_cell_is_a_record_or_a_message(
    cli: Cli, data_dir: Path, form: Path, value: Any
) -> None:
    columns = {
        TASKS: ["本期状态", "完成情况", "佐证材料", "申请延期至", "延期理由"],
        READINGS: ["本期读数"],
        DUTIES: ["本期已办次数", "每次的日期"],
    }
    lines = {
        TASKS: ("6.1", ""),
        READINGS: ("6.1", "年专利申请量"),
        DUTIES: ("12.1", "知识产权培训"),
    }
    for sheet, headers in columns.items():
        for header in headers:
            number, name = lines[sheet]
            returned = filled(form, {sheet: [(number, name, {header: value})]})
            result = cli("collect", str(returned), "--dry-run")
            assert result.exit_code in (0, 1), (sheet, header, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert "Traceback" not in result.output


def test_many_forms_are_read_against_one_load_of_the_plan_each_freed_once_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Collecting a province's 979 unfilled forms took 8 minutes and 2.8 GB: the plan was
    # loaded again for each form, and each workbook read stayed in memory (a command runs
    # with the cyclic collector off). The plan is loaded again only after a form's records
    # are appended.
    import gc

    from ipcity.cli import options

    write_forms(cli, tmp_path / "sent")
    sent = sorted((tmp_path / "sent").iterdir())
    loads: list[Path] = []
    load = options.load
    monkeypatch.setattr(options, "load", lambda data_dir: loads.append(data_dir) or load(data_dir))
    gc.collect()
    gc.disable()
    try:
        result = cli("collect", *map(str, sent), "--dry-run")
        alive = [o for o in gc.get_objects() if type(o).__name__ == "Workbook"]
    finally:
        gc.enable()
    assert len(sent) >= 5
    assert result.stderr.count("表格中没有填写任何内容") == len(sent)  # none was filled in
    assert (len(loads), alive) == (1, [])


def test_the_plans_digest_reads_its_items_as_dataclasses_asdict_does(data_dir: Path) -> None:
    # Forms already sent out carry the digest: it must not change with how it is made.
    import dataclasses
    import json

    from ipcity.files.load import load_plan
    from ipcity.plan.forms import _as_dict

    plan, _ = load_plan(data_dir, date(2009, 12, 31))
    assert plan is not None
    texts = [
        json.dumps([f(item) for item in plan.items], ensure_ascii=False, sort_keys=True)
        for f in (_as_dict, dataclasses.asdict)
    ]
    assert texts[0] == texts[1]
    assert any(task.indicators for item in plan.items for task in item.tasks)  # nested ones too


def test_a_form_given_twice_in_one_call_is_collected_once_from_one_load(
    cli: Cli, data_dir: Path, form: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first copy's records are added to the plan in memory (as the index reads a log
    # appended to), not by loading the plan again: the second copy is checked after them.
    from ipcity.cli import options

    returned = filled(form)
    copy = Path("returned", "再报一次.xlsx")
    shutil.copy(returned, copy)
    loads: list[Path] = []
    load = options.load
    monkeypatch.setattr(options, "load", lambda data_dir: loads.append(data_dir) or load(data_dir))
    status = data_dir / "status.yaml"
    before = status.read_bytes()
    result = cli("collect", str(returned), str(copy))
    assert result.exit_code == 0, result.output
    form_id = meta(form)["form_id"]
    assert result.stdout.endswith(
        "已追加 3 条记录到 status.yaml。\n"
        f"{copy}：市科技局 2009年上半年填报表（{form_id}）\n"
        "已收集过、这次不再追加的行：经常性工作!7、量化指标!6、任务进展!6\n"
        "这份表格的内容都已收集过，没有追加记录。\n"
    )
    assert len(status.read_bytes()[len(before) :].decode().splitlines()) == 3
    assert len(loads) == 1
    assert cli("validate").stdout == ""
