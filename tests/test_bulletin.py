"""The 督查通报 on the bundled plan: each unit told of its own parts only, task titles beside
their numbers, the frame from tasks.yaml's `office` and the command line, the ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Cli
from statuslog import check, rec, write_log

FUNDS = "13.2 各县(市、区)应设立相应的知识产权专项资金"
ISSUED = ("--date", "2009-07-10")


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def overdue_by_unit(data: dict[str, Any]) -> dict[str, list[str]]:
    return {u["unit"]: [t["id"] for t in u["overdue"]] for u in data["units"] if u["overdue"]}


def test_haining_done_is_not_told_pinghu_and_jiashan_are(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("13.2", "2009-05-01", "done", by="海宁市", evidence="海政发〔2009〕20号"),
            check("13.2", "2009-05-10", "海宁市政府", by="市科技局"),
            rec("13.2", "2009-05-02", by="平湖市", note="资金方案待县政府常务会审议"),
        ],
    )
    data = cli.json("inspect", "--period", "2009H1", *ISSUED)
    overdue = overdue_by_unit(data)
    assert "海宁市政府" not in overdue
    assert overdue["嘉善县政府"] == overdue["平湖市政府"] == ["13.2"]
    [jiashan] = [u for u in data["units"] if u["unit"] == "嘉善县政府"]
    assert jiashan["overdue"] == [
        {
            "id": "13.2",
            "title": "各县(市、区)应设立相应的知识产权专项资金",
            "text": "各县(市、区)应设立相应的知识产权专项资金",
            "due": "2008-12-31",
            "original_due": "2008-12-31",
            "status": "not_started",
        }
    ]
    text = cli("inspect", "--period", "2009H1", *ISSUED).stdout
    overdue_text = section(text, "### （一）逾期未完成的任务", "### （二）")
    assert overdue_text == (
        "### （一）逾期未完成的任务\n\n截至期末，以下单位承担的任务逾期未完成：\n\n"
        "- 市政府办公室：1 成立国家知识产权试点城市工作领导小组（2008年9月30日到期，未开始）；"
        "2 印发创建工作方案（2009年3月31日到期，未开始）；3 召开国家知识产权试点城市建设推进大会"
        "（2009年3月31日到期，未开始）；4 出台《贯彻实施〈国家知识产权战略纲要〉 大力推进知识产权"
        "保护工作的若干意见》（2009年3月31日到期，未开始）\n"
        "- 市科技局：2 印发创建工作方案（2009年3月31日到期，未开始）\n"
        # Units told the very same share a line, each named: 海宁市政府 is not among them.
        "- 南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、桐乡市政府："
        f"{FUNDS}（2008年12月31日到期，未开始）\n"
        f"- 平湖市政府：{FUNDS}（2008年12月31日到期，进行中）\n\n"
    )
    achieved = section(text, "### （一）本期完成的任务", "## 四、")
    assert achieved.startswith(
        "### （一）本期完成的任务\n\n本期新完成1份：\n\n"
        f"- {FUNDS}：海宁市政府（2009年5月1日完成；佐证：海政发〔2009〕20号）\n"
    )


def test_a_done_task_is_never_told_as_unreported(cli: Cli, data_dir: Path) -> None:
    # Task 2 is done, both its parts, before the second half: neither 市科技局 nor
    # 市政府办公室 is told it has no record for 2 in 2009H2.
    write_log(
        data_dir,
        [
            rec("2", "2009-03-25", "done", all_parts=True, by="市科技局"),
            check("2", "2009-03-28", "市政府办公室", by="市科技局"),
            check("2", "2009-03-28", "市科技局", by="市科技局"),
        ],
    )
    data = cli.json("inspect", "--period", "2009H2", *ISSUED)
    silent = {u["unit"]: [t["id"] for t in u["silent"]] for u in data["units"]}
    assert "2" not in silent["市科技局"] and "2" not in silent["市政府办公室"]
    assert "2" not in overdue_by_unit(data)["市政府办公室"]
    assert "2" not in overdue_by_unit(data).get("市科技局", [])


def test_a_past_period_reads_nothing_dated_after_it(cli: Cli, data_dir: Path) -> None:
    # An extension approved in August and a check in July do not reach back into the
    # 通报 for the first half: 海盐's part is overdue there, and 海宁's claim unchecked.
    # In the second half's, 海盐's part is due 2010-06-30 and 海宁's done.
    write_log(
        data_dir,
        [
            rec("13.2", "2009-05-01", "done", by="海宁市"),
            {"task": "13.2", "date": "2009-08-01", "unit": "海盐县政府",
             "extend_to": "2010-06-30", "reason": "县财政预算调整", "approved_by": "市政府办公室"},
            check("13.2", "2009-07-05", "海宁市政府"),
        ],
    )  # fmt: skip
    first = cli.json("inspect", "--period", "2009H1", *ISSUED)
    assert overdue_by_unit(first)["海盐县政府"] == ["13.2"]
    assert [(c["task"], c["unit"]) for c in first["claims"]] == [("13.2", "海宁市政府")]
    assert first["achievements"] == []
    second = cli.json("inspect", "--period", "2009H2", *ISSUED)
    assert "海盐县政府" not in overdue_by_unit(second)
    assert [(a["task"], a["unit"]) for a in second["achievements"]] == [("13.2", "海宁市政府")]


def test_blocked_parts_claims_and_extensions_are_told(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("9.1", "2009-05-01", "blocked", by="市科技创业服务中心", note="无场地、无经费"),
            rec("2", "2009-03-25", "done", by="市科技局"),
            {"task": "6.1", "date": "2009-06-15", "unit": "市科技局", "extend_to": "2010-06-30",
             "reason": "年度统计口径调整"},
        ],
    )  # fmt: skip
    text = cli("inspect", "--period", "2009H1", *ISSUED).stdout
    assert section(text, "### （二）受阻的任务", "### （三）") == (
        "### （二）受阻的任务\n\n以下任务报受阻：\n\n"
        "- 9.1 建设国家专利技术展示交易平台：市科技创业服务中心（2009年5月1日报受阻：无场地、无经费）\n\n"
    )
    assert section(text, "### （五）已报完成、待核查的任务", "## 六、") == (
        "### （五）已报完成、待核查的任务\n\n"
        "以下1份已报完成，待嘉兴市国家知识产权试点城市工作领导小组办公室核查：\n\n"
        "- 2 印发创建工作方案：市科技局（2009年3月25日报完成）\n\n"
        "### （六）待批准的延期申请\n\n以下延期申请尚未批准：\n\n"
        "- 6.1 年专利申请量和授权量分别达到5500件以上和3300件以上：市科技局2009年6月15日申请由"
        "2009年12月31日延至2010年6月30日，理由：年度统计口径调整\n\n"
    )


def test_units_that_did_not_report_are_named_in_one_sentence(cli: Cli) -> None:
    text = cli("inspect", "--period", "2009H1", *ISSUED).stdout
    silent = section(text, "### （三）未报送进度的单位", "## 六、")
    assert silent.count("\n- ") == 0 and silent.count("。") == 1
    assert silent.startswith(
        "### （三）未报送进度的单位\n\n以下28个单位承担的未完成任务，本期有未报送进度的"
        "（括号内为未报送的项数）：市政府办公室（6项）、市科技局（17项）、"
    )


def test_the_frame_comes_from_tasks_yaml_and_the_command_line(cli: Cli) -> None:
    data = cli.json("inspect", "--period", "2009H1", *ISSUED)
    assert data["issued"] == {
        "issuer": "嘉兴市国家知识产权试点城市工作领导小组办公室",
        "number": "〔2009〕  号",
        "recipients": ["各县（市、区）人民政府", "各领导小组成员单位"],
        "date": "2009-07-10",
        "cc": ["领导小组组长、副组长"],
        "printer": "嘉兴市国家知识产权试点城市工作领导小组办公室",
        "subject": "国家知识产权试点城市建设工作",
        "rectify_by": "2009-08-09",
    }
    told = cli.json(
        "inspect", "--period", "2009H1", "--date", "2009年7月15日", "--number", "嘉知试办〔2009〕5号",
        "--to", "市级有关部门", "--cc", "市委办公室", "--cc", "市政府办公室",
        "--rectify-by", "2009年8月",
    )["issued"]  # fmt: skip
    assert (told["number"], told["recipients"], told["cc"], told["rectify_by"]) == (
        "嘉知试办〔2009〕5号",
        ["市级有关部门"],
        ["市委办公室", "市政府办公室"],
        "2009-08-31",
    )
    text = cli("inspect", "--period", "2009H1", "--date", "2010-01-05", "--number", "3").stdout
    assert text.startswith(
        "嘉兴市国家知识产权试点城市工作领导小组办公室\n\n〔2010〕3号\n\n"
        "# 关于2009年上半年国家知识产权试点城市建设工作督查情况的通报\n\n"
        "各县（市、区）人民政府，各领导小组成员单位：\n\n"
    )
    assert text.endswith(
        "抄送：领导小组组长、副组长。\n\n"
        "嘉兴市国家知识产权试点城市工作领导小组办公室　　2010年1月5日印发\n"
    )


def test_a_rectification_date_before_the_bulletin_is_refused(cli: Cli) -> None:
    result = cli("inspect", "--period", "2009H1", *ISSUED, "--rectify-by", "2009-07-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：--rectify-by 2009-07-01 不在成文日期 2009-07-10 之后；"
        "整改期限要定在成文日期之后，如 --rectify-by 2009-08-09\n"
    )


def test_an_office_with_a_wrong_field_is_named_with_its_line(cli: Cli, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(
        text.replace("  cc: [领导小组组长、副组长]", "  copy: [领导小组组长]"), "utf-8"
    )
    result = cli("validate")
    assert result.exit_code == 1
    line = next(
        n for n, row in enumerate(tasks.read_text("utf-8").splitlines(), 1) if "copy:" in row
    )
    assert result.stdout.startswith(f"{tasks}:{line}:3: error: ")


def test_a_unit_with_a_task_overdue_never_ranks_above_one_without(cli: Cli, data_dir: Path) -> None:
    # 市政府办公室 did nearly everything asked of it in the first half, on time and checked,
    # but 4 is overdue. 市教育局 only reported its one task, which is not due yet. Being
    # late puts 市政府办公室 after every unit without a red light, whatever its score.
    done = [("1", "2008-09-25"), ("2", "2009-03-20"), ("3", "2009-03-25")]
    write_log(
        data_dir,
        [rec(t, day, "done", by="市政府办公室") for t, day in done]
        + [check(t, day, "市政府办公室") for t, day in done]
        + [
            rec("2", "2009-03-20", "done", by="市科技局"),
            check("2", "2009-03-21", "市科技局"),
            rec("5.2", "2009-03-01", count=1, by="市政府办公室"),
            rec("14", "2009-06-20", count=1, by="市政府办公室"),
            rec("12.5", "2009-05-01", by="市教育局", note="试点学校已选定"),
        ],
    )
    card = {
        row["unit"]: row for row in cli.json("inspect", "--period", "2009H1", *ISSUED)["scorecard"]
    }
    office = card["市政府办公室"]
    # 按期完成 3/4, 进度报送 4/5 (2, 3, 5.2, 14 of 2, 3, 4, 5.2, 14), 经常性工作 1/1
    # (14's first half; 5.2's 2009 is not over), 完成率 3/6:
    # (75×40 + 80×25 + 100×25 + 50×10) / 100 = 80.
    assert (office["on_time_rate"], office["report_rate"], office["duty_rate"]) == (
        75.0,
        80.0,
        100.0,
    )
    assert (office["completion_rate"], office["score"], office["light"]) == (50.0, 80.0, "red")
    education = card["市教育局"]
    # Nothing due, 1/1 reported, no duty, 0/1 done: (100×25 + 0×10) / 35 = 71.4.
    assert (education["score"], education["light"]) == (71.4, "green")
    assert education["rank"] < office["rank"]
    assert all(row["rank"] < office["rank"] for row in card.values() if row["light"] != "red")


def test_the_bulletins_csv_names_each_table(cli: Cli, data_dir: Path) -> None:
    write_log(data_dir, [rec("6.1", "2009-06-30", by="市科技局", values={"年专利申请量": 2600})])
    lines = cli("inspect", "--period", "2009H1", *ISSUED, "--format", "csv").stdout.splitlines()
    assert lines[:2] == [
        "表,序号,指标,范围,方向,目标,单位,实际,读数日期,完成率(%),序时进度,达标,判断",
        "量化指标,6.1,年专利申请量,全市,>=,5500,件,2600,2009-06-30,47.3,2719.8,否,落后",
    ]
    assert lines[2] == (
        "表,名次,单位,状况,按期完成率(%),进度报送率(%),经常性工作完成率(%),完成率(%),综合得分,说明"
    )
    assert {line.split(",")[0] for line in lines[3:]} == {"各单位工作情况评分表"}
