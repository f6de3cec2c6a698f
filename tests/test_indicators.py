"""Indicators against 序时进度: counts from their start, totals from their first reading,
rates held to the target at every reading."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli
from statuslog import rec, write_log


def _indicators(cli: Cli, as_of: str) -> dict[tuple[str, str], dict]:
    rows = cli.json("report", "--as-of", as_of)["indicators"]
    return {(r["task"], r["name"]): r for r in rows}


def test_pace_by_kind(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            # count from the plan's start (2008-09-01) to 2010-12-31: 851 days
            rec("6.4", "2009-06-30", values={"新增市级以上著名商标": 80}),
            # total: the line runs from the first reading (80 on 2009-01-01) to 110
            rec("8.1", "2009-01-01", values={"市级专利示范企业总数": 80}),
            rec("8.1", "2010-01-01", values={"市级专利示范企业总数": 94}),
            rec("8.1", "2010-01-01", values={"省级专利示范企业总数": 30}),
            # rate: held to 90% at every reading
            rec("10.2", "2009-06-30", values={"案件结案率": 88.5}),
            rec("10.4", "2009-06-30", values={"年结案率": 91}),
        ],
    )
    found = _indicators(cli, "2010-01-01")
    brands = found[("6.4", "新增市级以上著名商标")]
    assert (brands["expected"], brands["on_pace"], brands["percent"]) == (114.5, False, 40.0)
    total = found[("8.1", "市级专利示范企业总数")]
    assert (total["actual"], total["expected"], total["on_pace"]) == (94, 95.0, False)
    single = found[("8.1", "省级专利示范企业总数")]
    assert (single["expected"], single["on_pace"]) == (None, None)  # one reading: no pace yet
    closure = found[("10.2", "案件结案率")]
    assert (closure["expected"], closure["met"], closure["on_pace"]) == (90, False, False)
    yearly = found[("10.4", "年结案率")]
    assert (yearly["met"], yearly["on_pace"], yearly["percent"]) == (True, True, 101.1)
    # Earlier, the same readings read differently: 6.4 on pace at 2009-06-30 (71.0).
    early = _indicators(cli, "2009-06-30")[("6.4", "新增市级以上著名商标")]
    assert (early["expected"], early["on_pace"]) == (71.0, True)


def test_latest_reading_wins_file_order_breaking_a_tie(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.3", "2010-05-01", values={"年注册商标数": 1500}),
            rec("6.3", "2010-03-01", values={"年注册商标数": 900}),
            rec("6.3", "2010-05-01", values={"年注册商标数": 1400}),
        ],
    )
    row = _indicators(cli, "2010-06-30")[("6.3", "年注册商标数")]
    assert (row["actual"], row["date"], row["percent"]) == (1400, "2010-05-01", 50.0)


def test_after_the_due_date_only_the_target_counts(cli: Cli, data_dir: Path) -> None:
    write_log(data_dir, [rec("6.1", "2009-12-31", values={"年专利申请量": 5600})])
    found = _indicators(cli, "2010-03-01")
    applied, granted = found[("6.1", "年专利申请量")], found[("6.1", "年专利授权量")]
    assert (applied["met"], applied["on_pace"], applied["expected"]) == (True, True, 5500)
    assert (granted["actual"], granted["on_pace"], granted["expected"]) == (None, None, 3300)
