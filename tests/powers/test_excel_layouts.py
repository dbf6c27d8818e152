"""Power lists as counties publish them (issue 13, point 2): the commonest layout (title
and 填报单位 rows, a two-row merged header, each main item's name merged down over its
sub-items which carry their own codes, no row for the main item, 实施主体 as the full
name) and its variants import to the same items; main items are derived from the cells
over their sub-items; 实施主体 is matched by full name, short name or without the county,
any other name mapped once; formula cells import their stored value with a warning; an
error on a main item is reported once. The workbooks are made here with openpyxl."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from yangguang.accounts.roles import Role
from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError
from yangguang.powers import services as s
from yangguang.powers import tasks
from yangguang.powers.excel import cells, columns, plan, writer
from yangguang.powers.models import PowerItem
from yangguang.powers.snapshot import item_data, items_for_snapshot

from .helpers import SYSTEM, Unchanged
from .layouts import BODY_NAMES, LIST, Layout, with_stored_values, workbook


@pytest.fixture
def county(db):
    """广东省 › 某市 › 某县; 某县人民政府 and its 某县市场监督管理局 (简称 县市场监管局),
    and another department."""
    from yangguang.orgs import services as orgs

    province = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="441200", name="某市", level="city", parent=province
    )
    region = orgs.region_create(
        actor=SYSTEM, code="441225", name="某县", level="county", parent=city
    )
    gov = orgs.organisation_create(
        actor=SYSTEM, code="G1", name="某县人民政府", kind="government", region=region
    )
    dept = orgs.organisation_create(
        actor=SYSTEM,
        code="SJ",
        name="某县市场监督管理局",
        short_name="县市场监管局",
        kind="department",
        region=region,
        parent=gov,
    )
    other = orgs.organisation_create(
        actor=SYSTEM, code="ZR", name="某县自然资源局", kind="department", region=region, parent=gov
    )
    return {"gov": gov, "dept": dept, "other": other}


@pytest.fixture
def slist(county):
    return s.power_list_create(actor=SYSTEM, organisation=county["dept"])


def expected() -> list[tuple]:
    """(code, name, type, parent code, body, legal bases) of every item of ``LIST``, body
    None being the importing organisation."""
    out = []
    for main in LIST:
        bases = cells.parse_bases(main.basis)
        out.append((main.code, main.name, main.type, "", None))
        for code, name in main.subs:
            out.append((code, name, main.type, main.code, None, bases))
        if not main.subs:
            out[-1] = (*out[-1], bases)
    return out


def items_of(p: plan.Plan) -> list[tuple]:
    out = []
    for r in p.rows:
        row = (r.code, r.name, r.type_code, r.parent_code, r.implementing_body_id)
        if r.parent_code or (not r.derived and r.legal_bases is not None and _no_subs(r.code)):
            row = (*row, r.legal_bases)
        out.append(row)
    return out


def _no_subs(code: str) -> bool:
    return any(m.code == code and not m.subs for m in LIST)


def edit(data: bytes, change) -> bytes:
    """The workbook after ``change(ws)`` (openpyxl, full mode keeps the merges)."""
    wb = load_workbook(io.BytesIO(data))
    change(wb.active)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the commonest layout -----------------------------------------------------------------


def test_commonest_layout_imports_with_main_items_derived_from_the_merged_cells(slist, county):
    data = workbook(Layout())
    p = plan.build(data, slist)
    assert p.ok, (p.errors, p.unmapped)
    assert p.mapping.header_rows == [3, 4]
    assert items_of(p) == expected()
    assert [(d.code, d.name, d.rows) for d in p.derived] == [
        ("XK00009000", "食品经营许可", [5, 6, 7]),
        ("CF00003000", "对生产经营不符合食品安全标准食品的处罚", [11, 12]),
        ("JC00002000", "食品生产经营监督检查", [14, 15]),
    ]
    # the 设定依据 merged over the sub-items is the main item's as well
    derived = next(r for r in p.rows if r.code == "XK00009000")
    assert derived.derived and derived.legal_bases == cells.parse_bases(LIST[0].basis)
    assert [n for n, _ in p.skipped] == [17]  # the 备注 row
    assert p.summary()["created"] == 11 and p.summary()["derived"] == 3
    before = AuditEntry.objects.count()
    s.power_items_import(actor=SYSTEM, power_list=slist, rows=p.rows)
    main = PowerItem.objects.get(power_list=slist, code="XK00009000")
    assert [i.code for i in main.sub_items.order_by("code")] == [
        "XK00009001",
        "XK00009002",
        "XK00009003",
    ]
    assert main.implementing_body == county["dept"]
    entries = AuditEntry.objects.filter(seq__gt=before, action="power.item_create")
    assert entries.count() == 11
    derived_entries = [e for e in entries if json.loads(e.payload).get("extra", {}).get("derived")]
    assert len(derived_entries) == 3
    # the same file again changes nothing
    unchanged = Unchanged()
    again = plan.build(data, slist)
    assert again.summary()["unchanged"] == 11 and not again.outcome.updated
    s.power_items_import(actor=SYSTEM, power_list=slist, rows=again.rows)
    unchanged.check()


def test_the_exported_list_imports_back_unchanged_after_a_derived_import(slist):
    p = plan.build(workbook(Layout()), slist)
    s.power_items_import(actor=SYSTEM, power_list=slist, rows=p.rows)
    items = [item_data(i) for i in items_for_snapshot(slist.items.all())]
    back = plan.build(writer.workbook_bytes(items, "清单"), slist)
    assert back.ok and not back.derived, back.errors
    assert back.summary()["unchanged"] == 11, back.outcome.updated


layouts = st.builds(
    Layout,
    header=st.sampled_from(["one", "two"]),
    title=st.booleans(),
    unit_row=st.booleans(),
    note_row=st.booleans(),
    mains=st.sampled_from(["own", "merged", "repeated", "merged_code"]),
    seq=st.sampled_from(["plain", "dotted", "paren", "chinese"]),
    code_style=st.sampled_from(["plain", "lower", "fullwidth", "hyphen", "spaced"]),
    body=st.sampled_from(sorted(BODY_NAMES)),
    body_merged=st.booleans(),
    basis_merged=st.booleans(),
    type_text=st.sampled_from(["name", "code"]),
    blank_rows=st.booleans(),
    sections=st.booleans(),
    end_notes=st.integers(min_value=0, max_value=2),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(layout=layouts)
def test_every_layout_of_the_same_list_imports_to_the_same_items(slist, layout):
    p = plan.build(workbook(layout), slist)
    assert not p.errors, (layout, p.errors)
    assert not p.unmapped, (layout, p.unmapped)
    assert items_of(p) == expected(), layout
    derived = {d.code for d in p.derived}
    if layout.mains in ("merged", "repeated"):
        assert derived == {m.code for m in LIST if m.subs}
    else:
        assert derived == set()


@pytest.mark.parametrize(
    "layout",
    [
        Layout(header="one", title=False, unit_row=False, mains="own", body_merged=False),
        Layout(mains="repeated", basis_merged=False, body="short", code_style="hyphen"),
        Layout(mains="merged_code", seq="chinese", sections=True, end_notes=2),
        Layout(note_row=True, body="province", code_style="fullwidth", sections=True),
    ],
    ids=["flat", "repeated-names", "merged-codes", "full-width-codes"],
)
def test_named_layouts(slist, layout):
    p = plan.build(workbook(layout), slist)
    assert p.ok, (p.errors, p.unmapped)
    assert items_of(p) == expected()


# --- 实施主体 ----------------------------------------------------------------------------


@pytest.mark.parametrize("style", sorted(BODY_NAMES))
def test_the_importing_organisation_is_found_by_each_of_its_names(slist, style):
    p = plan.build(workbook(Layout(body=style, body_merged=False)), slist)
    assert p.ok and not p.unmapped
    assert {r.implementing_body_id for r in p.rows} == {None}


def test_another_organisations_exact_name_is_that_organisation(slist, county):
    data = edit(workbook(Layout(body_merged=False)), lambda ws: _set(ws, 9, 6, "某县自然资源局"))
    p = plan.build(data, slist)
    assert p.ok
    assert (
        next(r for r in p.rows if r.code == "XK00010000").implementing_body_id == county["other"].pk
    )


def _set(ws, row, col, value):
    ws.cell(row=row, column=col).value = value


def test_an_unknown_name_is_mapped_once_not_refused_row_by_row(slist, county):
    data = edit(
        workbook(Layout(body_merged=False)),
        lambda ws: [_set(ws, r, 6, "某县食品药品监督管理局") for r in (11, 12, 14, 15)],
    )
    p = plan.build(data, slist)
    assert not p.errors
    assert p.unmapped == {"某县食品药品监督管理局": [11, 12, 14, 15]}
    assert not p.ok and p.refusal().error_code == "implementing_body_unmapped"
    override = columns.load_mapping_file(json.dumps({"bodies": {"某县食品药品监督管理局": "SJ"}}))
    mapped = plan.build(data, slist, override=override)
    assert mapped.ok and items_of(mapped) == expected()
    assert mapped.mapping_file()["bodies"] == {"某县食品药品监督管理局": "SJ"}
    to_other = plan.build(data, slist, override={"bodies": {"某县食品药品监督管理局": "ZR"}})
    bodies = {r.code: r.implementing_body_id for r in to_other.rows}
    assert bodies["CF00003001"] == county["other"].pk and bodies["XK00009001"] is None
    with pytest.raises(DomainError) as exc:
        plan.build(data, slist, override={"bodies": {"某县食品药品监督管理局": "NOPE"}})
    assert exc.value.error_code == "mapping_invalid" and exc.value.zh and exc.value.en
    for bad in ('{"bodies": ["x"]}', '{"bodies": {"x": 3}}', '{"bodies": {"x": ""}}'):
        with pytest.raises(DomainError):
            columns.load_mapping_file(bad)


# --- formulas ---------------------------------------------------------------------------


def test_a_formula_imports_its_stored_value_as_text_with_a_warning(slist):
    def formulas(ws):
        ws["G5"] = '=CONCATENATE("《中华人民共和国食品安全法》","第三十五条")'
        ws["H9"] = '="=1+1"'

    data = with_stored_values(
        edit(workbook(Layout()), formulas),
        {"G5": "《中华人民共和国食品安全法》第三十五条", "H9": "=1+1"},
    )
    p = plan.build(data, slist)
    assert p.ok, p.errors
    assert [(w.row, w.column, w.code) for w in p.warnings] == [
        (5, "G 设定依据", "formula_stored_value"),  # merged over rows 5-7: warned once
        (9, "H 备注", "formula_stored_value"),
    ]
    assert "CONCATENATE" in p.warnings[0].value and p.warnings[0].zh and p.warnings[0].en
    assert items_of(p) == expected()
    special = next(r for r in p.rows if r.code == "XK00010000")
    assert special.fields["remarks"] == "=1+1"
    s.power_items_import(actor=SYSTEM, power_list=slist, rows=p.rows)
    assert PowerItem.objects.get(code="XK00010000").remarks == "=1+1"
    # the export neutralises it, and imports it back as the same text
    items = [item_data(i) for i in items_for_snapshot(slist.items.all())]
    exported = writer.workbook_bytes(items, "清单")
    ws = load_workbook(io.BytesIO(exported)).active
    found = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)
    assert plan.build(exported, slist).summary()["unchanged"] == 11


def test_a_formula_without_a_stored_value_is_refused_once(slist):
    data = edit(workbook(Layout()), lambda ws: _set(ws, 5, 7, "=A1&B1"))
    p = plan.build(data, slist)
    assert [(e.row, e.code) for e in p.errors] == [(5, "formula_cell")]
    assert "=A1&B1" in p.errors[0].value


# --- errors reported once ---------------------------------------------------------------


def test_an_error_on_a_main_items_row_is_not_repeated_on_its_sub_items(slist):
    data = edit(workbook(Layout(mains="own")), lambda ws: _set(ws, 5, 5, "行政魔法"))
    p = plan.build(data, slist)
    assert [(e.row, e.code) for e in p.errors] == [(5, "power_type_unknown")]


def test_a_bad_cell_merged_over_a_derived_main_item_is_reported_once(slist):
    def merged_type(ws):
        for r in (5, 6, 7):
            ws.cell(row=r, column=5).value = None
        ws["E5"] = "行政魔法"
        ws.merge_cells("E5:E7")

    p = plan.build(edit(workbook(Layout()), merged_type), slist)
    assert [(e.row, e.column, e.code) for e in p.errors] == [
        (5, "E 职权类别", "power_type_unknown")
    ]


def test_a_main_item_without_a_code_is_reported_once(slist):
    def codeless(ws):
        ws["B5"] = None  # the main item's code, merged over its codeless sub-items

    p = plan.build(edit(workbook(Layout(mains="merged_code")), codeless), slist)
    assert [(e.row, e.code) for e in p.errors] == [(5, "required")]


def test_type_mismatch_over_merged_type_cell_is_reported_once(slist):
    def merged_type(ws):
        for r in (5, 6, 7):
            ws.cell(row=r, column=5).value = None
        ws["E5"] = "行政处罚"
        ws.merge_cells("E5:E7")

    p = plan.build(edit(workbook(Layout()), merged_type), slist)
    assert [(e.row, e.code) for e in p.errors] == [(5, "power_code_type_mismatch")]


# --- the command line, the task and the page take the same layouts --------------------------


def test_cli_imports_the_commonest_layout_after_mapping_a_body(slist, tmp_path):
    data = edit(workbook(Layout()), lambda ws: _set(ws, 9, 6, "县市场监督管理所"))
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="implementing bodies"):
        call_command("powers", "import", str(path), "--org", "SJ", stdout=out)
    text = out.getvalue()
    assert "县市场监督管理所" in text and '"bodies"' in text
    assert "推导的主项 (derived main item) XK00009000 食品经营许可" in text
    assert not PowerItem.objects.exists()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"bodies": {"县市场监督管理所": "SJ"}}, ensure_ascii=False))
    out = io.StringIO()
    call_command(
        "powers", "import", str(path), "--org", "SJ", "--mapping", str(mapping), stdout=out
    )
    assert "新增 11" in out.getvalue()
    assert PowerItem.objects.filter(power_list=slist).count() == 11


def _clerk(county):
    from yangguang.accounts.models import User

    user = User.objects.create_user(
        "sjclerk", password=None, full_name="sjclerk", role=Role.CLERK, organisation=county["dept"]
    )
    c = Client()
    c.force_login(user)
    return c


def test_office_preview_shows_derived_mains_and_maps_a_body_once(slist, county):
    data = edit(
        workbook(Layout()), lambda ws: [_set(ws, r, 6, "县市场监督管理所") for r in (9, 11)]
    )
    c = _clerk(county)
    response = c.post("/office/powers/SJ/import/", {"file": SimpleUploadedFile("l.xlsx", data)})
    job_url = response["Location"]
    html = c.get(job_url).content.decode()
    assert "由子项推导的主项" in html and "XK00009000 <small>推导</small>" in html
    assert 'id="bodies"' in html and "县市场监督管理所" in html and 'name="body_0"' in html
    assert "确认导入" not in html and "子项前面没有主项" not in html
    c.post(job_url, {"action": "commit"})
    assert not PowerItem.objects.exists()
    # a choice outside the list offered is ignored
    c.post(job_url, {"action": "bodies", "body_0": "NOPE"})
    assert 'id="bodies"' in c.get(job_url).content.decode()
    assert c.post(job_url, {"action": "bodies", "body_0": "SJ"}).status_code == 302
    html = c.get(job_url).content.decode()
    assert 'id="bodies"' not in html and "确认导入" in html
    assert "县市场监督管理所" in html  # in the mapping file offered for the next list
    # the column step keeps the mapped names
    fields = {
        f"col_{i}": f
        for i, f in enumerate(
            ["seq", "code", "name", "sub_name", "type", "body", "basis", "remarks"]
        )
    }
    c.post(job_url, {"action": "mapping", **fields})
    assert "确认导入" in c.get(job_url).content.decode()
    c.post(job_url, {"action": "commit"})
    assert PowerItem.objects.filter(power_list=slist).count() == 11
    assert "导入完成" in c.get(job_url).content.decode()


def test_background_task_refuses_unmapped_bodies_and_writes_nothing(slist, county):
    from yangguang.powers.excel import jobs

    data = edit(workbook(Layout()), lambda ws: _set(ws, 9, 6, "县市场监督管理所"))
    state = jobs.create(data=data, filename="l.xlsx", org_id=county["dept"].pk, user_id=None)
    tasks.import_power_list.call(state["id"])
    done = jobs.load(state["id"])
    assert done["status"] == "failed" and "县市场监督管理所" in done["error"]
    assert not PowerItem.objects.exists()
    with pytest.raises(FileNotFoundError):  # the job has ended: its file is gone
        jobs.source(state["id"])
    state = jobs.create(data=data, filename="l.xlsx", org_id=county["dept"].pk, user_id=None)
    jobs.update(state["id"], status="queued", override={"bodies": {"县市场监督管理所": "SJ"}})
    tasks.import_power_list.call(state["id"])
    done = jobs.load(state["id"])
    assert done["status"] == "done" and done["summary"]["derived"] == 3
    assert PowerItem.objects.filter(power_list=slist).count() == 11
