"""Each unit's liaison in units.yaml (联系人, 电话, 邮箱): checked by validate, listed by
`units` for a mail merge, and the common short names of the plan's units."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Cli

CONTACTS = {
    "市科技局": "    contact: 张明\n    phone: 0573-82345678\n    email: kjj@jiaxing.example.cn\n",
    "海宁市政府": "    contact: 李华\n    phone: ０５７３－８７２８００１１转８０１、13812345678\n",
}


def add_contacts(data_dir: Path, contacts: dict[str, str] = CONTACTS) -> None:
    """Contact lines under each unit's kind, as an office would type them into units.yaml."""
    path = data_dir / "units.yaml"
    text = path.read_text(encoding="utf-8")
    for unit, lines in contacts.items():
        head = f"  - name: {unit}\n"
        at = text.index(head)
        kind_end = text.index("\n", text.index("    kind:", at)) + 1
        text = text[:kind_end] + lines + text[kind_end:]
    path.write_text(text, encoding="utf-8")


def test_units_lists_each_liaison_for_a_mail_merge(cli: Cli, data_dir: Path) -> None:
    add_contacts(data_dir)
    assert cli("validate").stdout == ""
    rows = list(csv.reader(io.StringIO(cli("units", "--format", "csv").stdout)))
    assert rows[0] == ["单位", "类别", "别名", "牵头任务", "配合任务", "联系人", "电话", "邮箱"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["市科技局"][5:] == ["张明", "0573-82345678", "kjj@jiaxing.example.cn"]
    # Full-width digits typed with an IME are kept as the half-width ones they are.
    assert by_name["海宁市政府"][5:] == ["李华", "0573-87280011转801、13812345678", ""]
    assert by_name["市工商局"][5:] == ["", "", ""]
    units = {row["name"]: row for row in cli.json("units")}
    assert {k: units["市科技局"][k] for k in ("contact", "phone", "email")} == {
        "contact": "张明",
        "phone": "0573-82345678",
        "email": "kjj@jiaxing.example.cn",
    }
    assert units["市工商局"]["contact"] is None


@pytest.mark.parametrize(
    ("lines", "column", "message"),
    [
        (
            "    phone: 找张科长\n",
            12,
            "phone（电话）：电话「找张科长」应为号码，如 0573-82345678 或 13812345678"
            "（分机写“转801”），几个号码用顿号隔开",
        ),
        ("    phone: '12'\n", 12, "phone（电话）：电话「12」应为号码，如 0573-82345678 或"),
        (
            "    email: kjj.jiaxing.gov.cn\n",
            12,
            "email（邮箱）：邮箱「kjj.jiaxing.gov.cn」不是邮箱地址，应如 kjj@jiaxing.gov.cn",
        ),
        ("    contact: ''\n", 14, "contact（联系人）不能为空"),
        ("    mobile: '13812345678'\n", 5, "未知字段「mobile」"),
    ],
)
def test_a_contact_that_is_not_one_is_named_at_its_line(
    cli: Cli, data_dir: Path, lines: str, column: int, message: str
) -> None:
    add_contacts(data_dir, {"市工商局": lines})
    result = cli("validate")
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate((data_dir / "units.yaml").read_text("utf-8").splitlines(), 1)
        if text == lines.rstrip("\n")
    )
    headline = result.stdout.splitlines()[0]
    assert headline.startswith(f"{data_dir / 'units.yaml'}:{line}:{column}: error: {message}")


def test_an_unquoted_mobile_number_is_a_number_to_yaml_and_still_a_phone(
    cli: Cli, data_dir: Path
) -> None:
    add_contacts(data_dir, {"市工商局": "    phone: 13812345678\n"})
    assert cli("validate").stdout == ""
    units = {row["name"]: row for row in cli.json("units")}
    assert units["市工商局"]["phone"] == "13812345678"


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("市政府办", "市政府办公室"), ("市中院", "市中级法院"), ("市中级人民法院", "市中级法院")],
)
def test_the_common_short_names_resolve(cli: Cli, typed: str, unit: str) -> None:
    rows = cli.json("list", "--unit", typed)
    assert rows == cli.json("list", "--unit", unit)
    assert rows != []


def test_export_and_import_keep_the_contacts(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    from test_import_sheets import edit, exported, listed, run

    add_contacts(data_dir)
    table = exported(cli, tmp_path)
    into = tmp_path / "again"
    assert run("import", str(table), "--into", str(into)).exit_code == 0
    assert listed(into, "units") == listed(data_dir, "units")
    assert "    phone: '0573-82345678'\n" in (into / "units.yaml").read_text(encoding="utf-8")

    edit(table, "单位", {"F3": "找张科长"})
    result = run("import", str(table), "--into", str(tmp_path / "third"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{table}:3:6: error: 「单位」表第 3 行「电话」：电话「找张科长」应为号码，"
        "如 0573-82345678 或 13812345678（分机写“转801”），几个号码用顿号隔开\n"
        "  提示：改正，或清空这一格\n"
    )
