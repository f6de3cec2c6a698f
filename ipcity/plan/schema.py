"""JSON Schema for the three data files, generated from the models, for editors' YAML servers.

The committed copies under schema/ are this module's output (`make schema` writes them);
a test fails when they and the models part ways.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from ipcity.plan.deadlines import FORMS
from ipcity.plan.labels import FIELD_LABELS
from ipcity.plan.models import StatusRecord, TasksFile, UnitsFile

FILES: dict[str, Any] = {
    "tasks": TasksFile,
    "units": UnitsFile,
    "status": list[StatusRecord],
}

# How to write a field, where its label alone does not say.
_DESCRIPTIONS = {
    "id": "序号：工作项目号（'5'），或工作项目号加分目标号（'5.1'）；加引号写成文字",
    "deadline": f"工作进度，按原文：{FORMS}",
    "responsible": "责任单位：名称须在 units.yaml 中登记",
    "cooperating": "配合单位：名称须在 units.yaml 中登记",
    "by": "报告单位：名称须在 units.yaml 中登记",
    "task": "任务序号，如 '6.3'（加引号）",
    "members": "单位组的成员（仅 kind: group）",
    "kind": "类别：kinds 中的一个，或 group（单位组）",
    "kinds": "本方案的单位类别；不写时为 市级部门、县(市、区)、驻嘉单位",
    "county_kind": "县级政府的类别：其单位也认得“××”和“××人民政府”；不写时为 县(市、区)",
    "unit": "这条记录说的是哪个责任单位的那一份（别人代记时写；核查、延期时必写）",
    "all_parts": "true：这条记录代任务的全部责任单位",
    "verify": "核查结论：accepted（通过）或 returned（退回，在 note 中写明原因）",
    "extend_to": "延期：这一份的期限延至哪一天；不写 approved_by 只是申请",
    "approved_by": "批准延期的单位；写了才改期限",
    "attachments": "附件：佐证文件，用 `ipcity record … --attach 文件` 附上（复制进 evidence/）",
    "path": "附件在数据目录中的位置，以 evidence/ 开头，如 evidence/2/通知.pdf",
    "sha256": "附件内容的 SHA-256（64 位十六进制数），附上时写入；文件一改，validate 即报错",
    "source": (
        "来源：从填报表收集的记录出自哪份表格的哪一行（ipcity collect 写入），"
        "如 2009H1-1a2b3c4d#任务进展!7"
    ),
    "verification": "required：责任单位报完成后须经核查通过才算完成；none（默认）：报完成即算完成",
}
# Fields of a model whose names mean something else elsewhere in the files.
_MODEL_LABELS = {
    "Indicator": {
        "name": "指标名称",
        "target": "目标值",
        "unit": "计量单位",
        "direction": "方向（>= 不少于，<= 不多于）",
        "due": "指标期限（工作进度的写法；不写时同任务）",
        "targets": "分解指标：各单位自己的目标值，如 {海宁市: 800}",
        "additive": "各单位的数相加是否即全市的数（默认：count、total 是，rate 不是）",
    },
    "Office": {
        "name": "发文机关：领导小组办公室的全称，通报的版头和落款",
        "code": "发文字号的代字，如 嘉知试办（不写时文号为“〔2009〕  号”，由办公室填写）",
        "recipients": "主送机关",
        "cc": "抄送机关",
        "printer": "印发机关（不写时同发文机关）",
        "subject": "通报标题中的事由：关于2009年上半年××督查情况的通报",
    },
}


def json_schema(name: str) -> dict[str, Any]:
    """The schema of tasks, units or status: the models', titled in the annex's words."""
    generated = TypeAdapter(FILES[name]).json_schema()
    _label(generated, generated.get("title", ""))
    for model, definition in generated.get("$defs", {}).items():
        _label(definition, model)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **generated,
        "title": f"ipcity {name}.yaml",
    }


def text(name: str) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def _label(definition: dict[str, Any], model: str) -> None:
    """Each property's title becomes its Chinese label; some get a line on how to write them."""
    labels = _MODEL_LABELS.get(model)
    for key, prop in definition.get("properties", {}).items():
        if labels is not None:
            prop["title"] = labels.get(key, prop.get("title"))
            continue
        prop["title"] = FIELD_LABELS.get(key, prop.get("title"))
        if key in _DESCRIPTIONS and "description" not in prop:
            prop["description"] = _DESCRIPTIONS[key]
