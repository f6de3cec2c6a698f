"""A province-scale plan in ipcity's data format, for `make bench`: same seed, same bytes.

The phrases are the bundled Jiaxing annex's own (工作内容, 目标要求, 工作进度 forms), spread
over the cities of a province; units are each city's departments, stationed units and
county governments, with a few groups. Status records run oldest first from the plan's
start to a fixed day in the past, so the data stays valid whatever today is.

    python bench/generate.py --out bench/out/province
    python bench/generate.py --out bench/out/small --tasks 1000 --units 100 --records 10000
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PERIOD_START = date(2008, 9, 1)
PERIOD_END = date(2010, 12, 31)
TODAY = date(2010, 6, 30)  # the last day a record may carry: fixed, so output never drifts
SEED = 2009

# What the bench asks of every generated plan: a unit that exists at any size, a task
# to record progress on, and a due date inside the period.
SAMPLE_UNIT = "杭州市科技局"
RECORD_TASK = "1"
DUE_BEFORE = "2009-12-31"

TITLE = "浙江省知识产权试点城市工作目标和任务分解（基准测试用生成数据）"

# City (the short form stationed units use), then its counties, districts and county-level
# cities. A county government is registered as «name»政府, as the bundled plan does.
CITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("杭州", ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区",
            "富阳区", "临安区", "桐庐县", "淳安县", "建德市")),
    ("宁波", ("海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "象山县", "宁海县",
            "余姚市", "慈溪市")),
    ("温州", ("鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县", "苍南县", "文成县",
            "泰顺县", "瑞安市", "乐清市", "龙港市")),
    ("嘉兴", ("南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市")),
    ("湖州", ("吴兴区", "南浔区", "德清县", "长兴县", "安吉县")),
    ("绍兴", ("越城区", "柯桥区", "上虞区", "新昌县", "诸暨市", "嵊州市")),
    ("金华", ("婺城区", "金东区", "武义县", "浦江县", "磐安县", "兰溪市", "义乌市", "东阳市",
            "永康市")),
    ("衢州", ("柯城区", "衢江区", "常山县", "开化县", "龙游县", "江山市")),
    ("舟山", ("定海区", "普陀区", "岱山县", "嵊泗县")),
    ("台州", ("椒江区", "黄岩区", "路桥区", "三门县", "天台县", "仙居县", "温岭市", "临海市",
            "玉环市")),
    ("丽水", ("莲都区", "青田县", "缙云县", "遂昌县", "松阳县", "云和县", "庆元县",
            "景宁畲族自治县", "龙泉市")),
)  # fmt: skip

# A city department is «city»市«stem»; the first stems are the bundled plan's own.
DEPARTMENTS = (
    "科技局", "政府办公室", "工商局", "质量技监局", "经贸委", "法制办", "科技创业服务中心",
    "人事局", "公安局", "文化局", "中级法院", "检察院", "食品药品监管局", "司法局", "科协",
    "委宣传部", "委组织部", "信息产业局", "教育局", "财政局", "发改委", "农业局", "林业局",
    "水利局", "环保局", "建设局", "交通局", "卫生局", "统计局", "审计局", "民政局",
    "劳动保障局", "国土资源局", "规划局", "旅游局", "体育局", "广电局", "海洋与渔业局",
    "外经贸局", "商务局", "物价局", "粮食局", "安监局", "档案局", "侨办", "台办", "外办",
    "贸促会", "总工会", "团委", "妇联", "工商联", "经济开发区管委会", "高新区管委会",
    "监察局", "人口计生委", "城管执法局", "住房公积金中心", "民宗局", "新闻出版局", "版权局",
    "科技情报所", "生产力促进中心", "知识产权服务中心", "专利代办处", "中小企业局",
    "乡镇企业局", "政府研究室", "仲裁委", "公证处", "律师协会", "商标协会", "专利协会",
    "质量协会", "标准化研究院", "计量测试所", "工业设计中心", "科技信息中心", "人才市场",
    "企业联合会",
)  # fmt: skip
# Stationed (驻嘉单位-like) units are «city»«stem»: 嘉兴海关.
STATIONED = (
    "海关", "检验检疫局", "国家税务局", "地方税务局", "人民银行中心支行", "银监分局",
    "电力局", "烟草专卖局", "邮政局", "气象局", "海事局", "电信分公司",
)  # fmt: skip
SCIENCE = "科技局"
SCIENCE_ALIASES = ("知识产权局", "科技局(知识产权局)")  # 市知识产权局 is 市科技局, as in Jiaxing
LEADING_GROUP_SIZE = 12

# The bundled annex's items: 工作内容 and the 目标要求 of its tasks («嘉兴» becomes the city).
ANNEX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("成立国家知识产权试点城市工作领导小组", ("",)),
    ("印发创建工作方案,建立国家知识产权试点城市工作目标责任", ("",)),
    ("召开国家知识产权试点城市建设推进大会", ("",)),
    ("出台《贯彻实施〈国家知识产权战略纲要〉 大力推进知识产权保护工作的若干意见》", ("",)),
    ("加强知识产权行政管理机构、管理人员和协调机构建设", (
        "各县(市、区)建立知识产权管理机构,配备专职人员",
        "完善市知识产权保护工作领导小组机构建设,每年至少召开一次领导小组会议",
        "各县(市、区)成立知识产权协调机构",
    )),
    ("提高全市知识产权创造能力", (
        "年专利申请量和授权量分别达到5500件以上和3300件以上",
        "年专利申请量和授权量分别达到6000件和3500件,其中发明专利年均增长20%以上;"
        "每万人专利申请数和授权数分别达到17件和10件以上",
        "年注册商标数2800件",
        "试点期内新增市级以上著名商标200件",
    )),
    ("促进专利技术产业化", (
        "全市企业专利技术实施率达70%以上",
        "设立专利技术产业化试点项目。试点期内重点支持20项专利技术投入实施和产业化",
        "扶持培育5~7家具有自主知识产权、依靠专利技术实现产品产值上亿元的高新技术企业",
    )),
    ("稳步推进知识产权试点示范体系建设", (
        "培育市级专利示范企业30家以上,总数达到110家;培育省级专利示范企业15家以上,总数达到45家",
        "积极开展省知识产权示范县和示范园区创建工作",
        "深入开展专利示范镇创建工作",
        "探索形成科技孵化器知识产权工作机制。",
        "开展品牌示范基地建设,试点期内创建5个示范基地",
        "推进企业技术标准化工作,试点期末,我市参与国标和行标制订企业70家",
    )),
    ("加快知识产权服务平台建设", (
        "建设国家专利技术展示交易平台",
        "加强知识产权信息服务平台建设,建立知识产权综合信息服务平台,"
        "为社会公众和企事业单位提供知识产权信息服务",
        "加强知识产权中介服务机构建设,鼓励和发展知识产权代理、评估、交易、转化、咨询等中介服务机构,"
        "试点期内,全市新增1~2家知识产权中介服务机构",
    )),
    ("加强知识产权执法保护", (
        "加强执法队伍建设。",
        "严厉查处各种侵犯知识产权的行为,加大知识产权保护力度,对专利、著名商标、驰名商标、"
        "计算机软件著作权和商业秘密等实行重点保护,案件结案率达到90%",
        "建立健全知识产权执法的协调机制,积极开展执法专项行动和相关部门的联合执法行动",
        "深入推进县(市、区)委托执法,依法、公正、高效调处知识产权纠纷案件,年结案率达到90%以上",
        "加强知识产权海关保护",
        "争取获得专利侵权纠纷案件司法一审管辖权",
        "积极引导建立行业知识产权保护机制",
        "发挥公证处、律师事务所等法律机构的作用,探索建立知识产权法律援助制度",
    )),
    ("举办形式多样的知识产权宣传活动,全社会的知识产权意识有明显提高", (
        "加强知识产权普法工作,将知识产权法律法规列入全市普法计划",
        "举办4·26宣传活动。各责任单位每年至少举办一次宣传活动,或联合举办大型宣传咨询活动",
        "把知识产权宣传纳入全市科普宣传内容,充分发挥好科普宣传橱窗作用,开展经常性知识产权宣传活动",
        "新闻媒体专题。电视台、电台、报刊等新闻媒体要开设知识产权知识宣传专栏或专题节目,"
        "报纸每月不少于1期,电视台每年不少于3期",
        "设立知识产权网站",
    )),
    ("积极开展知识产权教育培训工作", (
        "制订和实施知识产权培训工作计划,各责任单位每年组织开展2次以上相关领域知识产权培训",
        "在领导干部培训中设置知识产权课程,每年安排1期以上",
        "将知识产权知识列为专业技术人员继续教育计划",
        "研究制定《嘉兴市企事业单位专利管理初中级专业技术人员任职资格暂行办法》,"
        "启动专利管理工程师培养计划,力争到2010年底前培养800-100名专利管理初中级专业技术人员",
        "在嘉兴中小学中至少各设一所学校开展知识产权教育试点工作,开展小发明竞赛活动,"
        "鼓励中小学生的发明创造",
    )),
    ("建立完善各类知识产权专项资金", (
        "落实市专利专项资金和试点工作经费,为推进专利工作及试点工作提供经费保障",
        "各县(市、区)应设立相应的知识产权专项资金",
    )),
    ("定期和不定期对试点工作任务的开展落实情况进行督促检查。", ("每半年开展一次督查",)),
)  # fmt: skip
# Targets whose numbers a status record reports: 目标要求 -> (indicator, target, unit).
MEASURED: dict[str, tuple[tuple[str, int, str], ...]] = {
    ANNEX[5][1][0]: (("年专利申请量", 5500, "件"), ("年专利授权量", 3300, "件")),
    ANNEX[5][1][2]: (("年注册商标数", 2800, "件"),),
    ANNEX[5][1][3]: (("新增市级以上著名商标", 200, "件"),),
    ANNEX[6][1][0]: (("企业专利技术实施率", 70, "%"),),
    ANNEX[7][1][5]: (("参与国标和行标制订企业", 70, "家"),),
    ANNEX[9][1][1]: (("案件结案率", 90, "%"),),
}
NOTES = (
    "已召开专题会议部署",
    "已印发实施方案",
    "已落实专项经费",
    "已完成年度培训计划",
    "正在起草相关文件",
    "已开展联合执法行动",
    "宣传活动已举办",
    "待上级部门批复",
    "经费尚未到位，进度滞后",
    "已报送阶段性总结",
)
STATUS_LABELS = {
    "not_started": "未开始",
    "in_progress": "进行中",
    "done": "已完成",
    "blocked": "受阻",
}
# Where a task goes from each status at its next record, and how likely.
TRANSITIONS = {
    "not_started": (("in_progress", 8), ("not_started", 1), ("blocked", 1)),
    "in_progress": (("in_progress", 14), ("done", 3), ("blocked", 2)),
    "blocked": (("in_progress", 3), ("blocked", 1)),
    "done": (("done", 3), ("in_progress", 1)),
}


@dataclass
class Unit:
    name: str
    kind: str
    forms: tuple[str, ...] = ()  # other ways the plan may write it
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass
class City:
    short: str
    counties: tuple[str, ...]
    units: list[Unit] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.short}市"


@dataclass
class Task:
    id: str
    target: str
    deadline: str
    responsible: list[str]
    cooperating: list[str]
    indicators: tuple[tuple[str, int, str], ...] = ()


@dataclass
class Item:
    id: str
    content: str
    tasks: list[Task]


# ---- units ----


def plan_cities(unit_count: int) -> list[City]:
    """As few cities as can hold unit_count units, each with its counties and two groups."""
    one_group = 1  # the province-wide group of county groups, once there are two cities
    for n in range(1, len(CITIES) + 1):
        cities = [City(short, counties) for short, counties in CITIES[:n]]
        fixed = sum(len(c.counties) + 2 for c in cities) + (one_group if n > 1 else 0)
        room = n * (len(DEPARTMENTS) + len(STATIONED))
        if fixed + 1 <= unit_count <= fixed + room:
            return _fill_cities(cities, unit_count - fixed)
    raise SystemExit(f"--units must be between {len(CITIES[0][1]) + 3} and {fixed + room}")


def _fill_cities(cities: list[City], free: int) -> list[City]:
    """Departments and stationed units, stem by stem across the cities, then counties and groups."""
    stems = [(stem, "市级部门") for stem in DEPARTMENTS] + [(s, "驻嘉单位") for s in STATIONED]
    offices: dict[str, list[Unit]] = {city.short: [] for city in cities}
    for stem, kind in stems:
        for city in cities:
            if free == 0:
                break
            offices[city.short].append(_office(city, stem, kind))
            free -= 1
    for city in cities:
        counties = [
            Unit(f"{county}政府", "县(市、区)", forms=(county, f"{county}人民政府"))
            for county in city.counties
        ]
        leading = offices[city.short][:LEADING_GROUP_SIZE]
        city.units = [
            *offices[city.short],
            *counties,
            Unit(
                f"{city.name}各县(市、区)政府",
                "group",
                forms=(f"{city.name}各县（市、区）政府",),
                members=tuple(c.forms[0] for c in counties),
            ),
            Unit(
                f"{city.name}知识产权工作领导小组成员单位",
                "group",
                members=tuple(u.name for u in leading),
            ),
        ]
    return cities


def _office(city: City, stem: str, kind: str) -> Unit:
    if kind != "市级部门":
        return Unit(f"{city.short}{stem}", kind)
    name = f"{city.name}{stem}"
    if stem == SCIENCE:
        aliases = tuple(f"{city.name}{alias}" for alias in SCIENCE_ALIASES)
        return Unit(name, kind, forms=aliases, aliases=aliases)
    return Unit(name, kind)


def province_group(cities: Sequence[City]) -> list[Unit]:
    if len(cities) < 2:
        return []
    members = tuple(f"{city.name}各县(市、区)政府" for city in cities)
    return [Unit("全省各县(市、区)政府", "group", members=members)]


# ---- tasks ----


def plan_items(rng: random.Random, cities: Sequence[City], task_count: int) -> list[Item]:
    """Items in order, each one of the annex's in one city, until task_count tasks.

    Item 1 has a single task, '1', for the bench to record progress on.
    """
    items: list[Item] = []
    left = task_count
    while left > 0:
        number = len(items) + 1
        city = cities[(number - 1) % len(cities)]
        content, targets = rng.choice(ANNEX)
        size = 1 if number == 1 else min(left, rng.randint(1, len(targets)))
        chosen = sorted(rng.sample(range(len(targets)), size))  # in the annex's order
        ids = [str(number)] if size == 1 else [f"{number}.{k}" for k in range(1, size + 1)]
        tasks = [make_task(rng, city, i, targets[t]) for i, t in zip(ids, chosen, strict=True)]
        items.append(Item(str(number), f"{city.name}{content}", tasks))
        left -= size
    return items


def make_task(rng: random.Random, city: City, task_id: str, target: str) -> Task:
    chosen = rng.sample(city.units, rng.randint(1, 3) + rng.choice((0, 0, 1, 2, 3, 5)))
    written = [written_form(rng, unit) for unit in chosen]
    split = rng.randint(1, min(3, len(written)))
    return Task(
        id=task_id,
        target=target.replace("嘉兴", city.short),
        deadline=deadline_phrase(rng),
        responsible=written[:split],
        cooperating=written[split:],
        indicators=MEASURED.get(target, ()),
    )


def written_form(rng: random.Random, unit: Unit) -> str:
    """Mostly the canonical name; now and then an alias or a county's short form."""
    if unit.forms and rng.random() < 0.2:
        return rng.choice(unit.forms)
    return unit.name


def deadline_phrase(rng: random.Random) -> str:
    """One of the 工作进度 forms the parser reads, inside the pilot period."""
    year = rng.choice((2009, 2010))
    month = rng.randint(1, 12)
    forms = (
        ("试点期内", 30),
        ("试点期末", 2),
        ("常设", 2),
        (f"{year - 1}年,以后常设", 1),
        (f"{year}年底", 9),
        (f"{year}年{month}月", 8),
        (f"{year}年{month}月前", 2),
        (f"{year}年上半年", 2),
        (f"{year}年下半年", 2),
        (f"{year}年第{rng.choice('一二三四')}季度", 2),
        (f"{year}-{month:02d}-{rng.randint(1, 28):02d}", 2),
        (f"{year}年{month}月{rng.randint(1, 28)}日", 1),
    )
    return pick(rng, forms)


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    """One of the choices, each as likely as its weight says."""
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


# ---- status records ----


def records(rng: random.Random, items: Sequence[Item], count: int) -> Iterator[str]:
    """count records as YAML entries, oldest first, each by a unit the task names."""
    tasks = [task for item in items for task in item.tasks]
    days = (TODAY - PERIOD_START).days
    dates = sorted(PERIOD_START + timedelta(days=rng.randint(0, days)) for _ in range(count))
    # Some tasks are reported on far more often than others, as in any office.
    weights = [rng.choice((1, 1, 1, 2, 4, 10)) for _ in tasks]
    state: dict[str, str] = {}
    for day, task in zip(dates, rng.choices(tasks, weights, k=count), strict=True):
        status = state[task.id] = pick(rng, TRANSITIONS[state.get(task.id, "not_started")])
        yield record_entry(rng, task, day, status)


def record_entry(rng: random.Random, task: Task, day: date, status: str) -> str:
    by = rng.choice(task.responsible + task.cooperating)
    word = STATUS_LABELS[status] if rng.random() < 0.15 else status
    lines = [
        f"- task: {quote(task.id)}",
        f"  date: {day.isoformat()}",
        f"  status: {word}",
        f"  by: {scalar(by)}",
    ]
    if rng.random() < 0.3:
        lines.append(f"  note: {scalar(rng.choice(NOTES))}")
    if task.indicators and rng.random() < 0.6:
        readings = [
            (name, round(target * rng.uniform(0.3, 1.2))) for name, target, _ in task.indicators
        ]
        values = ", ".join(f"{name}: {reading}" for name, reading in readings)
        lines.append(f"  values: {{{values}}}")
    if rng.random() < 0.1:
        lines.append(f"  evidence: {by[:2]}〔{day.year}〕{rng.randint(1, 200)}号")
    return "\n".join(lines) + "\n"


# ---- YAML text ----

# A plain scalar in block context: nothing YAML would read as syntax or as another type.
_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^:#\[\]{}]*(?<!\s)")


def scalar(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else quote(text)


def flow_scalar(text: str) -> str:
    return text if _PLAIN.fullmatch(text) and "," not in text else quote(text)


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def flow_list(names: Sequence[str]) -> str:
    return "[" + ", ".join(flow_scalar(n) for n in names) + "]"


def header(what: str, seed: int) -> str:
    return (
        f"# {what}：由 bench/generate.py 生成（种子 {seed}），供 `make bench` 计时用，\n"
        "# 不是真实计划。重新生成：make bench（或 python bench/generate.py --help）。\n\n"
    )


def tasks_yaml(items: Sequence[Item], seed: int) -> Iterator[str]:
    yield header("任务分解", seed)
    yield f"title: {scalar(TITLE)}\n\nperiod:\n"
    yield f"  start: {PERIOD_START.isoformat()}\n  end: {PERIOD_END.isoformat()}\n\nitems:\n"
    for item in items:
        yield f"  - id: {quote(item.id)}\n    content: {scalar(item.content)}\n    tasks:\n"
        for task in item.tasks:
            yield task_yaml(task)
        yield "\n"


def task_yaml(task: Task) -> str:
    lines = [f"      - id: {quote(task.id)}"]
    if task.target:
        lines.append(f"        target: {scalar(task.target)}")
    lines.append(f"        deadline: {scalar(task.deadline)}")
    lines.append(f"        responsible: {flow_list(task.responsible)}")
    if task.cooperating:
        lines.append(f"        cooperating: {flow_list(task.cooperating)}")
    if task.indicators:
        lines.append("        indicators:")
        lines += [
            f"          - {{name: {name}, target: {target}, unit: {flow_scalar(unit)}}}"
            for name, target, unit in task.indicators
        ]
    return "\n".join(lines) + "\n"


def units_yaml(cities: Sequence[City], seed: int) -> Iterator[str]:
    yield header("单位名录", seed)
    yield "units:\n"
    for city in cities:
        yield f"  # ---- {city.name} ----\n"
        yield from (unit_yaml(unit) for unit in city.units)
    yield from (unit_yaml(unit) for unit in province_group(cities))


def unit_yaml(unit: Unit) -> str:
    lines = [f"  - name: {scalar(unit.name)}"]
    if unit.aliases:
        lines.append(f"    aliases: {flow_list(unit.aliases)}")
    lines.append(f"    kind: {scalar(unit.kind)}")
    if unit.members:
        lines.append(f"    members: {flow_list(unit.members)}")
    return "\n".join(lines) + "\n"


def status_yaml(entries: Iterator[str], seed: int) -> Iterator[str]:
    yield header("进度记录", seed)
    yield from entries


# ---- command line ----


def generate(out: Path, *, tasks: int, units: int, records_count: int, seed: int) -> None:
    rng = random.Random(seed)
    cities = plan_cities(units)
    items = plan_items(rng, cities, tasks)
    out.mkdir(parents=True, exist_ok=True)
    write(out / "units.yaml", units_yaml(cities, seed))
    write(out / "tasks.yaml", tasks_yaml(items, seed))
    write(out / "status.yaml", status_yaml(records(rng, items, records_count), seed))


def write(path: Path, parts: Iterator[str]) -> None:
    """Whole or not at all: a half-written plan must not pass for a generated one."""
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(parts)
    partial.replace(path)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="directory to write the plan to")
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.tasks < 1 or args.records < 0:
        parser.error("--tasks must be at least 1 and --records at least 0")
    generate(
        args.out, tasks=args.tasks, units=args.units, records_count=args.records, seed=args.seed
    )


if __name__ == "__main__":
    main()
