"""The 通报's annex: every unit scored and ranked, with its light and the reasons for it,
and how the score is made, said from the same weights that make it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ipcity.answers.contract import ScoreRow
from ipcity.output.document import Column, percent_text
from ipcity.output.report import LIGHT_LABELS, UNIT_NOTE, unit_reasons

# Each rate: its name, and what it counts (of the unit's own parts or duties).
RATES: dict[str, tuple[str, str]] = {
    "on_time_rate": ("按期完成率", "到期的各份中按期完成的"),
    "report_rate": ("进度报送率", "期初未完成的各份中本期报送了进度的"),
    "duty_rate": ("经常性工作完成率", "本期结束的经常性工作周期中达到要求的"),
    "completion_rate": ("完成率", "承担的各份中已完成的"),
}


def _rate(
    key: str, rate: Callable[[ScoreRow], float | None], part: Callable[[ScoreRow], str]
) -> Column[ScoreRow]:
    """50% over 1/2, what it counts under the rate; a rate that does not apply (nothing to
    count) is —."""

    def text(row: ScoreRow) -> str:
        value = rate(row)
        return "—" if value is None else f"{percent_text(value)}\n（{part(row)}）"

    return Column(RATES[key][0], text, rate, unit="%")


SCORECARD_COLUMNS: list[Column[ScoreRow]] = [
    Column("名次", lambda r: str(r["rank"]), lambda r: r["rank"], nowrap=True),
    Column("单位", lambda r: r["unit"], nowrap=True),
    Column("状况", lambda r: LIGHT_LABELS[r["light"]], light=lambda r: r["light"], nowrap=True),
    _rate("on_time_rate", lambda r: r["on_time_rate"], lambda r: f"{r['on_time']}/{r['fell_due']}"),
    _rate("report_rate", lambda r: r["report_rate"], lambda r: f"{r['reported']}/{r['open']}"),
    _rate("duty_rate", lambda r: r["duty_rate"], lambda r: f"{r['duties_met']}/{r['duties']}"),
    _rate("completion_rate", lambda r: r["completion_rate"], lambda r: f"{r['done']}/{r['led']}"),
    Column("综合得分", lambda r: f"{r['score']:g}", lambda r: r["score"], nowrap=True),
    Column("说明", lambda r: unit_reasons(r, named=False)),
]


def scoring_text(weights: Mapping[str, int]) -> str:
    """How the score is made, from the weights that make it."""
    factors = "；".join(
        f"{RATES[key][0]}（{RATES[key][1]}）占{weight}%" for key, weight in weights.items()
    )
    return (
        f"评分办法：每个单位只按本单位承担的那一份任务和本单位的经常性工作计算。{factors}。"
        "综合得分为各项的加权平均；某项不适用的（“—”，如本期没有到期的任务），其权重按比例"
        "分给其余各项。排名先分两档：状况为红的单位排在其他单位之后；同一档内按综合得分从高到低，"
        "得分相同的，问题（逾期、受阻、经常性工作未完成、未报送进度）少的在前，再相同的名次并列。"
        f"状况按截至期末的情况评定。{UNIT_NOTE}。"
    )
