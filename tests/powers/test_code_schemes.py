"""An organisation's own power-code scheme (issue 16 point 9): a list coded XK-HW-001
imports once the organisation's scheme says so, through the service, the command line and
the import page; items and their moves follow the list's scheme."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.powers import codes
from yangguang.powers import services as s
from yangguang.powers.excel import plan, writer
from yangguang.powers.models import PowerItem, PowerList
from yangguang.powers.snapshot import item_data, items_for_snapshot

from .formats_support import csv_bytes, xls_bytes
from .helpers import SYSTEM, Unchanged, as_
from .test_excel_support import BASIS, DUTIES, book_bytes

HW = "{type}-HW-{main:03d}[-{sub:02d}]"


def hw_rows():
    return [
        [1, "XK-HW-001", "城市道路占用许可", None, "行政许可", None, BASIS, DUTIES, None, None],
        [None, "XK-HW-001-01", None, "占用(新办)", "行政许可", None, None, None, None, None],
        [None, None, None, "占用(延续)", None, None, None, None, None, None],
        [2, "ｃｆ—ｈｗ—００２", "对违法占道的处罚", None, "行政处罚", None, None, None, None, None],
    ]  # fmt: skip


def test_a_list_coded_otherwise_is_refused_until_the_scheme_is_set(org, plist):
    data = book_bytes(hw_rows())
    refused = plan.build(data, plist)
    assert refused.errors and refused.errors[0].code == "power_code_invalid"
    assert "{type}{main:05d}{sub:03d}" in refused.errors[0].zh
    s.power_list_code_format_set(actor=SYSTEM, organisation=org["dept"], code_format=HW)
    plist.refresh_from_db()
    p = plan.build(data, plist)
    assert p.ok, p.errors
    assert [(r.code, r.parent_code) for r in p.rows] == [
        ("XK-HW-001", ""),
        ("XK-HW-001-01", "XK-HW-001"),
        ("XK-HW-001-02", "XK-HW-001"),  # a continuation row numbered in the scheme
        ("CF-HW-002", ""),  # full-width, dashes and small letters folded
    ]
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    sub = PowerItem.objects.get(code="XK-HW-001-02")
    assert (sub.main, sub.sub, sub.parent.code) == (1, 2, "XK-HW-001")
    # the export reads back unchanged, and the CSV of an office in GBK as well
    items = [item_data(i) for i in items_for_snapshot(plist.items.all())]
    again = plan.build(writer.workbook_bytes(items, "清单"), plist)
    assert again.ok and again.summary()["unchanged"] == 4
    rows = [["职权编码", "职权名称", "职权类型"], ["XK-HW-003", "新许可", "行政许可"]]
    for data in (csv_bytes(rows, "gbk"), xls_bytes(rows)):
        assert plan.build(data, plist).summary()["created"] == 1


def test_items_follow_the_list_scheme(org, plist):
    s.power_list_code_format_set(actor=SYSTEM, organisation=org["dept"], code_format=HW)
    plist.refresh_from_db()
    main = s.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK-HW-004", name="许可", type="XK"
    )
    s.power_item_create(
        actor=SYSTEM, power_list=plist, code="XK-HW-004-01", name="子项", type="XK", parent=main
    )
    with pytest.raises(DomainError) as exc:
        s.power_item_create(actor=SYSTEM, power_list=plist, code="XK00005000", name="x", type="XK")
    assert exc.value.error_code == "power_code_invalid" and HW in exc.value.zh
    # another organisation keeps the deployment's scheme
    other = s.power_list_create(actor=SYSTEM, organisation=org["other"])
    s.power_item_create(actor=SYSTEM, power_list=other, code="XK00005000", name="x", type="XK")


def test_the_scheme_is_refused_when_items_do_not_fit_or_it_is_no_scheme(org, items):
    before = Unchanged()
    for template, code in (
        (HW, "code_format_misfits"),
        ("{type}{main}{sub}", "code_format_invalid"),
    ):
        with pytest.raises(DomainError) as exc:
            s.power_list_code_format_set(
                actor=SYSTEM, organisation=org["dept"], code_format=template
            )
        assert exc.value.error_code == code and exc.value.field == "code_format"
        assert exc.value.zh and exc.value.en
    before.check()
    # a scheme the items fit (the same codes, written another way) is taken
    s.power_list_code_format_set(
        actor=SYSTEM, organisation=org["dept"], code_format="{type}{main:05d}{sub:03d}"
    )
    assert PowerList.objects.get(organisation=org["dept"]).code_format


def test_only_editors_set_it_and_it_is_audited(org, people, plist):
    with pytest.raises(PermissionDeniedError):
        s.power_list_code_format_set(
            actor=as_(people["other_clerk"]), organisation=org["dept"], code_format=HW
        )
    s.power_list_code_format_set(
        actor=as_(people["clerk"]), organisation=org["dept"], code_format=HW
    )
    entry = AuditEntry.objects.filter(action="power.code_format_set").get()
    assert json.loads(entry.payload)["changes"] == {"code_format": ["", HW]}


def test_an_organisation_without_a_list_gets_one_with_its_scheme(org):
    s.power_list_code_format_set(actor=SYSTEM, organisation=org["town"], code_format=HW)
    assert codes.scheme_of_org(org["town"]).template == HW


def test_command_line(org, plist, tmp_path, capsys):
    call_command("powers", "code-format", "--org", "D1", HW)
    out = capsys.readouterr().out
    assert HW in out and "XK-HW-012-01" in out
    path = tmp_path / "list.xls"
    path.write_bytes(
        xls_bytes([["职权编码", "职权名称", "职权类型"], ["XK-HW-001", "许可", "行政许可"]])
    )
    call_command("powers", "import", str(path), "--org", "D1")
    assert PowerItem.objects.filter(code="XK-HW-001").exists()
    with pytest.raises(CommandError, match=r"code_format_misfits|不符合"):
        call_command("powers", "code-format", "--org", "D1", "--reset")
    call_command("powers", "code-format", "--org", "D1")
    assert HW in capsys.readouterr().out


def test_import_page_sets_the_scheme(org, people, plist):
    c = Client()
    c.force_login(people["clerk"])
    page = c.get("/office/powers/D1/import/").content.decode()
    assert "{type}{main:05d}{sub:03d}" in page and 'name="code_format"' in page
    response = c.post("/office/powers/D1/code-format/", {"code_format": HW, "action": "save"})
    assert response.status_code == 302
    assert HW in c.get("/office/powers/D1/import/").content.decode()
    response = c.post("/office/powers/D1/code-format/", {"code_format": "{main}", "action": "save"})
    assert "{type}" in c.get(response["Location"]).content.decode()  # the refusal shown
    assert PowerList.objects.get(pk=plist.pk).code_format == HW
    c.force_login(people["other_clerk"])
    assert c.post("/office/powers/D1/code-format/", {"code_format": ""}).status_code == 404
    assert PowerList.objects.get(pk=plist.pk).code_format == HW
