"""The demo county's moved powers stay findable: 小作坊登记, delegated to 清水镇, and
消费者投诉举报处理, transferred to 行政审批局, are found at their receiving bodies by the
portal search, the office search and the API, and 清水镇 (no list of its own) has a
public page that shows what it received. Reads the shared demo county only."""

from __future__ import annotations

from django.test import Client

from yangguang.accounts.models import User
from yangguang.powers.models import ListStatus, PowerList, PowerMove


def test_demo_moved_powers_are_found_where_they_went(demo_county):
    api = Client()
    for name, body in (("小作坊登记", "YGX-QSZ"), ("消费者投诉举报处理", "YGX-XZSPJ")):
        found = api.get("/api/v1/powers/items", {"q": name}).json()
        mains = [p for p in found if p["name"] == name]
        assert [(p["organisation"], p["received"], p["received_from"]) for p in mains] == [
            (body, True, "YGX-SCJGJ")
        ], found
        # by the code it has at the receiving body, too
        by_code = api.get("/api/v1/powers/items", {"q": mains[0]["code"]}).json()
        assert (body, mains[0]["code"]) in {(p["organisation"], p["code"]) for p in by_code}
        html = Client().get("/powers/", {"q": name}).content.decode()
        assert f"/powers/org/{body}/item/{mains[0]['code']}/" in html
    town = Client().get("/powers/org/YGX-QSZ/")
    assert town.status_code == 200
    html = town.content.decode()
    assert "小作坊登记" in html and "阳光县市场监督管理局" in html
    origin = Client().get("/powers/org/YGX-SCJGJ/").content.decode()
    assert "移出的职权" in origin and "清水镇" in origin and "阳光县行政审批局" in origin
    compare = Client().get("/powers/org/YGX-SCJGJ/compare/", {"old": 1, "new": 2}).content
    compare = compare.decode()
    assert "浙政发〔2019〕13号 赋权乡镇事项目录" in compare and "统一受理, 一号对外" in compare
    # the approval bureau's round in second review has the received item for review
    bureau = PowerList.objects.get(organisation__code="YGX-XZSPJ")
    assert bureau.status == ListStatus.SECOND_REVIEW
    received = PowerMove.objects.get(name="消费者投诉举报处理")
    assert received.item.power_list == bureau and received.settled_version is None
    office = Client()
    office.force_login(User.objects.get(username="zf.changwu"))
    html = office.get("/office/powers/", {"q": "消费者投诉举报处理"}).content.decode()
    assert "阳光县行政审批局" in html and "承接自阳光县市场监督管理局" in html
    html = office.get("/office/powers/YGX-XZSPJ/").content.decode()
    assert "消费者投诉举报处理" in html and "承接" in html
