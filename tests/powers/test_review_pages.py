"""The review round in the office pages: items and sub-items added, changed and removed
in the browser with the services' validation, decisions per item, submit, first and
second review (approve, return with a reason), publish, the history of rounds, the
difference from the published version, and what waits for someone on the office home."""

from __future__ import annotations

from django.test import Client

from yangguang.audit.models import AuditEntry
from yangguang.powers import services as s
from yangguang.powers.models import ItemDecision, ListStatus, PowerItem, PowerListVersion

from .helpers import Unchanged, as_

LIST = "/office/powers/D1/"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def page(c: Client, url: str = LIST) -> str:
    response = c.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_clerk_adds_changes_and_removes_items_and_sub_items(people, plist, org):
    c = client_for(people["clerk"])
    assert "新增事项" in page(c)
    response = c.post(
        LIST + "item/new/",
        {
            "code": "XK00007000",
            "name": "娱乐场所经营许可",
            "type": "XK",
            "level": "county",
            "statutory_limit": "20",
            "statutory_unit": "working_days",
            "responsible_post": str(org["post"].pk),
            "disclosure": "public",
        },
    )
    assert response.status_code == 302
    main = PowerItem.objects.get(power_list=plist, code="XK00007000")
    assert main.statutory_limit == 20 and main.responsible_post == org["post"]
    assert AuditEntry.objects.filter(action="power.item_create", actor_name="clerk").count() == 1
    html = page(c, f"{LIST}item/{main.pk}/")
    assert "新增子项" in html and "修改事项" in html and "删除事项" in html
    response = c.post(
        f"{LIST}item/new/?parent={main.pk}",
        {"code": "XK00007001", "name": "娱乐场所经营许可(新办)", "type": "XK", "parent": main.pk},
    )
    assert response.status_code == 302
    sub = PowerItem.objects.get(code="XK00007001")
    assert sub.parent == main
    response = c.post(
        f"{LIST}item/{sub.pk}/edit/",
        {"code": "XK00007001", "name": "娱乐场所经营许可(设立)", "type": "XK", "level": "county"},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.name == "娱乐场所经营许可(设立)"
    # the main item keeps its sub-items: removing it is refused with the service's message
    c.post(f"{LIST}item/{main.pk}/delete/")
    assert PowerItem.objects.filter(pk=main.pk).exists()
    assert "请先删除子项" in page(c, f"{LIST}item/{main.pk}/")
    assert c.post(f"{LIST}item/{sub.pk}/delete/").status_code == 302
    assert c.post(f"{LIST}item/{main.pk}/delete/").status_code == 302
    assert not PowerItem.objects.filter(power_list=plist).exists()


def test_item_form_refuses_what_the_services_refuse(people, plist, items):
    c = client_for(people["clerk"])
    before = Unchanged()
    cases = [
        ({"code": "CF00009000", "type": "XK"}, "类型字母"),  # code of another type
        ({"code": "XK00001000", "type": "XK"}, "已存在"),  # duplicate code
        ({"code": "XK00009001", "type": "XK"}, "必须指定所属主项"),  # sub-item alone
        ({"code": "XK0001", "type": "XK"}, "XK0001"),  # not a code at all
        ({"code": "XK00009000", "type": "XK", "statutory_limit": "二十"}, "正整数"),
        ({"code": "XK00009000", "type": "XK", "statutory_limit": "20"}, "须注明单位"),
        ({"code": "XK00009000", "type": "XK", "name": " "}, "请填写职权名称"),
    ]
    for fields, message in cases:
        data = {"name": "某许可", "level": "county", **fields}
        response = c.post(LIST + "item/new/", data)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="alert"' in html and message in html, (fields, message)
        assert "(" + "unknown" not in html  # one language on the page
    before.check()


def test_item_form_in_english_speaks_english(people, plist):
    c = client_for(people["clerk"])
    c.cookies["django_language"] = "en"
    c.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    html = c.post(LIST + "item/new/", {"code": "CF00009000", "type": "XK", "name": "x"})
    text = html.content.decode()
    assert "does not start with the type" in text and "类型字母" not in text


def test_only_editors_of_a_draft_edit(people, items):
    assert "新增事项" not in page(client_for(people["leader"]))
    for who in ("leader", "inspector", "other_clerk", "gov_leader"):
        c = client_for(people[who])
        assert c.get(LIST + "item/new/").status_code == 404, who
        assert c.post(f"{LIST}item/{items['xk'].pk}/delete/").status_code == 404, who
    s.power_list_submit(actor=as_(people["clerk"]), power_list=items["xk"].power_list)
    assert client_for(people["clerk"]).get(LIST + "item/new/").status_code == 404


def _decide(c, item, **fields):
    return c.post(f"{LIST}item/{item.pk}/decision/", fields)


def test_decisions_per_item_with_reason_and_basis(people, items, org):
    c = client_for(people["clerk"])
    html = page(c, f"{LIST}item/{items['cf2'].pk}/decision/")
    for word in ("保留", "取消", "下放", "合并", "转移", "调整"):
        assert word in html
    # a decision without its reason, or without its target, is refused and not saved
    _decide(c, items["cf2"], decision="merge", reason="", basis="清理意见")
    assert not ItemDecision.objects.exists()
    html = _decide(c, items["cf2"], decision="merge", reason="同一违法行为", basis="清理意见")
    assert "合并须写明并入哪一事项" in html.content.decode()
    response = _decide(
        c,
        items["cf2"],
        decision="merge",
        merge_into=str(items["cf1"].pk),
        reason="同一违法行为",
        basis="清理意见",
    )
    assert response.status_code == 302
    _decide(c, items["sub2"], decision="cancel", reason="无法定依据", basis="国发〔2017〕46号")
    _decide(
        c,
        items["xk"],
        decision="delegate",
        delegate_level="township",
        delegate_body="T1",
        reason="便民",
        basis="县委办〔2024〕3号",
    )
    assert ItemDecision.objects.get(item=items["xk"]).delegate_body == org["town"]
    html = page(c)
    assert "合并" in html and "下放" in html and "取消" in html


def through_first_review(people, plist):
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)


def test_a_round_through_the_pages(people, plist, items):
    clerk, leader = client_for(people["clerk"]), client_for(people["leader"])
    second, publisher = client_for(people["legal_office"]), client_for(people["gov_leader"])
    # nothing waits for the leader yet
    assert "等待您初审" not in page(leader, "/office/")
    assert "提交初审" in page(clerk)
    assert clerk.post(LIST + "step/submit/").status_code == 302
    plist.refresh_from_db()
    assert plist.status == ListStatus.FIRST_REVIEW and plist.drafter == people["clerk"]
    assert "清单已提交初审" in page(clerk)
    # the clerk may not review it: no form, and a forged post is a 404
    assert "确认审核结论" not in page(clerk)
    assert clerk.post(LIST + "step/first_review/", {"decision": "approve"}).status_code == 404
    home = page(leader, "/office/")
    assert (
        "等待您初审的权责清单: <strong>1</strong>" in home and 'href="/office/powers/D1/"' in home
    )
    assert "初审" in page(leader) and "确认审核结论" in page(leader)
    leader.post(LIST + "step/first_review/", {"decision": "approve"})
    plist.refresh_from_db()
    assert plist.status == ListStatus.SECOND_REVIEW and plist.first_reviewer == people["leader"]
    assert "等待您复审的权责清单: <strong>1</strong>" in page(second, "/office/")
    assert "等待您复审" not in page(leader, "/office/")  # the first reviewer may not
    # a return needs its reason
    second.post(LIST + "step/second_review/", {"decision": "return", "reason": " "})
    plist.refresh_from_db()
    assert plist.status == ListStatus.SECOND_REVIEW
    assert "请填写退回理由" in page(second)
    second.post(LIST + "step/second_review/", {"decision": "return", "reason": "依据未写条款"})
    plist.refresh_from_db()
    assert plist.status == ListStatus.DRAFT and plist.return_reason == "依据未写条款"
    home = page(clerk, "/office/")
    assert "被退回待修改的权责清单: <strong>1</strong>" in home
    assert "依据未写条款" in page(clerk)
    # second round
    clerk.post(LIST + "step/submit/")
    leader.post(LIST + "step/first_review/", {"decision": "approve"})
    second.post(LIST + "step/second_review/", {"decision": "approve"})
    plist.refresh_from_db()
    assert plist.status == ListStatus.APPROVED
    assert "等待您发布的权责清单: <strong>1</strong>" in page(publisher, "/office/")
    assert "发布新版本" not in page(clerk)
    publisher.post(LIST + "step/publish/")
    version = PowerListVersion.objects.get(power_list=plist)
    assert version.number == 1 and version.second_reviewer == people["legal_office"]
    assert "清单已发布: 第1版" in page(publisher)
    history = page(clerk, LIST + "history/")
    for text in ("提交审核", "初审通过", "复审退回", "依据未写条款", "复审通过", "发布", "第1版"):
        assert text in history, text
    assert "orgadmin" not in history and "legal" in history  # the people by name
    # nothing waits any more
    for c in (clerk, leader, second, publisher):
        assert "目前没有等待您办理的事项" in page(c, "/office/")


def test_changes_against_the_published_version(people, plist, items):
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    s.power_list_second_approve(actor=as_(people["gov_leader"]), power_list=plist)
    s.power_list_publish(actor=as_(people["gov_leader"]), power_list=plist)
    clerk = as_(people["clerk"])
    s.decision_record(
        actor=clerk, item=items["cf2"], decision="cancel", reason="已废止", basis="新法"
    )
    s.power_item_update(actor=clerk, item=items["cf1"], name="对经营超过保质期食品的行政处罚")
    s.power_item_create(
        actor=clerk, power_list=plist, code="QR00001000", name="食品安全事故确认", type="QR"
    )
    html = page(client_for(people["leader"]), LIST + "changes/")
    assert "与第1版相比" in html
    assert "QR00001000" in html and "食品安全事故确认" in html  # added
    assert "CF00002000" in html and "已废止" in html and "新法" in html  # leaving, with why
    assert "CF00001000" in html and "name" in html  # changed


def test_review_pages_are_scoped(people, items):
    c = client_for(people["other_clerk"])
    for url in ("history/", "changes/", f"item/{items['xk'].pk}/decision/"):
        assert c.get(LIST + url).status_code == 404, url
    assert c.post(LIST + "step/submit/").status_code == 404
    assert items["xk"].power_list.status == ListStatus.DRAFT


def test_home_counts_several_lists(people, org, items):
    other = s.power_list_create(actor=as_(people["other_clerk"]), organisation=org["other"])
    s.power_item_create(
        actor=as_(people["other_clerk"]), power_list=other, code="XK00001000", name="采矿许可",
        type="XK",
    )  # fmt: skip
    through_first_review(people, items["xk"].power_list)
    s.power_list_submit(actor=as_(people["other_clerk"]), power_list=other)
    s.power_list_first_approve(actor=as_(people["other_leader"]), power_list=other)
    home = page(client_for(people["gov_leader"]), "/office/")
    assert "等待您复审的权责清单: <strong>2</strong>" in home
    assert "某县市场监督管理局" in home and "某县自然资源局" in home
    assert "/office/powers/?waiting=second_review" in home
    listing = page(client_for(people["gov_leader"]), "/office/powers/?waiting=second_review")
    assert "某县市场监督管理局" in listing and "某县自然资源局" in listing
    assert "某镇人民政府" not in listing and "复审中" in listing


def test_pages_in_english(people, plist, items):
    s.power_list_submit(actor=as_(people["clerk"]), power_list=plist)
    c = client_for(people["leader"])
    c.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    home = page(c, "/office/")
    assert "Power lists waiting for your first review: <strong>1</strong>" in home
    assert "等待您" not in home
    html = page(c)
    assert "In first review" in html and "Confirm the review" in html and "初审中" not in html
