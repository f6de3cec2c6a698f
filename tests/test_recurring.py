"""Recurring duties: the periods asked for, and which were met, per duty and per unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import Cli
from statuslog import rec, write_log

from ipcity.plan.periods import Span, spans

START, END = date(2008, 9, 1), date(2010, 12, 31)


def test_only_periods_lying_wholly_in_the_plan_are_asked_for() -> None:
    assert spans(12, START, END) == [
        Span(date(2009, 1, 1), date(2009, 12, 31), "2009年"),
        Span(date(2010, 1, 1), date(2010, 12, 31), "2010年"),
    ]
    assert [s.label for s in spans(6, START, END)] == [
        "2009年上半年",
        "2009年下半年",
        "2010年上半年",
        "2010年下半年",
    ]
    assert [s.label for s in spans(3, START, END)][:2] == ["2008年第四季度", "2009年第一季度"]
    months = spans(1, START, END)
    assert (len(months), months[0].label, months[-1].label) == (28, "2008年9月", "2010年12月")
    assert months[5] == Span(date(2009, 2, 1), date(2009, 2, 28), "2009年2月")


def _duties(cli: Cli, as_of: str) -> dict[tuple[str, str, str | None], dict]:
    rows = cli.json("report", "--as-of", as_of)["recurring"]
    return {(r["task"], r["duty"], r["unit"]): r for r in rows}


def test_counts_meet_or_miss_each_period(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("5.2", "2009-02-10", count=1),  # 2009 met; 2010 has none
            rec("14", "2009-06-20", count=1),  # 2009H1 met; 2009H2, 2010H1 missed
            rec("11.4", "2009-01-15", count=1, duty="电视台专题节目"),
            rec("11.4", "2009-05-15", count=1, duty="电视台专题节目"),  # 2 of 3 in 2009
            rec("12.1", "2009-04-01", count=2, by="市工商局"),  # one record, two trainings
            rec("12.1", "2009-04-01", count=1, by="市科技局"),
            rec("12.1", "2009-10-01", count=1, by="市知识产权局"),  # an alias of 市科技局
            rec("11.2", "2009-04-26", count=1, by="市文化局"),
        ],
    )
    duties = _duties(cli, "2010-07-01")
    meeting = duties[("5.2", "领导小组会议", None)]
    assert (meeting["elapsed"], meeting["met"], meeting["missed"]) == (1, 1, 0)
    assert meeting["current"] == {
        "period": "2010年",
        "first": "2010-01-01",
        "last": "2010-12-31",
        "count": 0,
        "met": False,
    }
    inspection = duties[("14", "督查", None)]
    assert inspection["missed_periods"] == ["2009年下半年", "2010年上半年"]
    assert (inspection["elapsed"], inspection["met"], inspection["units"]) == (
        3,
        1,
        ["市政府办公室"],
    )
    tv = duties[("11.4", "电视台专题节目", None)]
    assert [(p["period"], p["count"], p["met"]) for p in tv["periods"]] == [("2009年", 2, False)]
    newspaper = duties[("11.4", "报纸专栏", None)]
    assert (newspaper["elapsed"], newspaper["met"]) == (22, 0)  # 2008-09 .. 2010-06
    trainings = {
        unit: (duties[("12.1", "知识产权培训", unit)]["periods"][0]["count"],
               duties[("12.1", "知识产权培训", unit)]["met"])
        for unit in ("市科技局", "市经贸委", "市工商局", "市文化局", "市经贸局")
    }  # fmt: skip
    assert trainings == {
        "市科技局": (2, 1),
        "市经贸委": (0, 0),
        "市工商局": (2, 1),
        "市文化局": (0, 0),
        "市经贸局": (0, 0),
    }
    publicity = {
        unit: duties[("11.2", "宣传活动", unit)]["missed"] for unit in ("市委宣传部", "市文化局")
    }
    assert publicity == {"市委宣传部": 1, "市文化局": 0}


def test_a_duty_ends_its_period_on_the_last_day(cli: Cli) -> None:
    before = _duties(cli, "2009-06-29")[("14", "督查", None)]
    assert (before["elapsed"], before["current"]["period"]) == (0, "2009年上半年")
    on = _duties(cli, "2009-06-30")[("14", "督查", None)]
    assert (on["elapsed"], on["missed"], on["current"]) == (1, 1, None)
