"""Back-office pages: scoped list and detail (another organisation gets 404), the forms
on the services, the alert list with the correction workflow, English on request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yangguang.cases import services as cs
from yangguang.cases.models import Alert, Case, Step
from yangguang.core.context import Actor

from .conftest import SYSTEM, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(w, clock):
    return cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip


def test_list_and_detail_are_scoped(client, w, case):
    client.force_login(w.u["win1"])
    page = client.get(reverse("cases:list")).content.decode()
    assert case.number in page and "办件监察" in page
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "受理" in detail and "win1" in detail and "材料是否齐全" in detail
    client.force_login(w.u["other_clerk"])
    assert case.number not in client.get(reverse("cases:list")).content.decode()
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    post = client.post(reverse("cases:finish", args=[case.pk]), {"outcome": "withdrawn"})
    assert post.status_code == 404
    client.force_login(w.u["inspector"])  # the commission sees its jurisdiction, read-only
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert case.number in detail and 'name="outcome"' not in detail


def test_register_complete_and_finish_through_the_forms(client, w, clock):
    client.force_login(w.u["win1"])
    assert "食品经营许可" in client.get(reverse("cases:register")).content.decode()
    r = client.post(
        reverse("cases:register"), {"power": w.food.pk, "applicant": "李四", "channel": "window"}
    )
    case = Case.objects.get(applicant="李四")
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[case.pk])
    step = Step.objects.get(case=case, status="open")
    # no branch chosen: refused with the message, nothing done
    r = client.post(reverse("cases:step_complete", args=[case.pk]), {"step": step.pk}, follow=True)
    assert "请在「材料是否齐全」选择一个分支" in r.content.decode()
    r = client.post(
        reverse("cases:step_complete", args=[case.pk]),
        {"step": step.pk, "choice_Gateway_4": "Flow_3", "note": "齐全"},
    )
    step.refresh_from_db()
    assert step.status == "done" and step.completed_by == w.u["win1"]
    client.post(reverse("cases:fee", args=[case.pk]), {"item": "工本费", "amount": "5"})
    assert case.fees.count() == 1
    r = client.post(reverse("cases:finish", args=[case.pk]), {"outcome": "refused"}, follow=True)
    assert "必须说明理由" in r.content.decode()
    client.post(reverse("cases:finish", args=[case.pk]), {"outcome": "refused", "reasons": "不符"})
    case.refresh_from_db()
    assert case.status == "refused"


def test_alert_workflow_pages(client, w, case):
    cs.supervision_sweep(actor=SYSTEM, now=at(2026, 3, 10, 10))
    yellow = Alert.objects.get(rule="yellow_card")
    client.force_login(w.u["win1"])
    page = client.get(reverse("cases:alerts")).content.decode()
    assert case.number in page and 'value="explain"' in page and 'value="close"' not in page
    client.post(
        reverse("cases:alert_action", args=[yellow.pk]),
        {"action": "explain", "explanation": "延误", "correction": "已加快"},
    )
    client.post(reverse("cases:alert_action", args=[yellow.pk]), {"action": "close", "text": "x"})
    yellow.refresh_from_db()
    assert yellow.status == "explained"  # a clerk cannot close it
    client.force_login(w.u["inspector"])
    page = client.get(reverse("cases:alerts"), {"grade": "yellow"}).content.decode()
    assert 'value="close"' in page and "延误" in page
    client.post(reverse("cases:alert_action", args=[yellow.pk]), {"action": "close", "text": "好"})
    yellow.refresh_from_db()
    assert yellow.status == "closed"
    client.force_login(w.u["other_clerk"])
    r = client.post(reverse("cases:alert_action", args=[yellow.pk]), {"action": "close"})
    assert r.status_code == 404
    assert case.number not in client.get(reverse("cases:alerts")).content.decode()


def test_pages_in_english(client, w, case):
    client.force_login(w.u["win1"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    text = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Open steps" in text and "First responsible" in text and "待办环节" not in text
    assert "Case supervision" in client.get(reverse("cases:list")).content.decode()


def test_rules_page_for_the_commission(client, w):
    client.force_login(w.u["win1"])
    assert client.get(reverse("cases:rules")).status_code == 404
    client.force_login(w.u["inspector"])
    assert "受理超时" in client.get(reverse("cases:rules")).content.decode()
    r = client.post(
        reverse("cases:rules"),
        {"organisation": w.dept.pk, "power": w.food.pk, "rule": "step_warning",
         "enabled": "1", "threshold": "3"},
    )  # fmt: skip
    assert r.status_code == 302
    from yangguang.cases.models import SupervisionRule

    row = SupervisionRule.objects.get()
    assert (row.power, row.enabled, row.automatic, row.threshold) == (w.food, True, False, 3)
    assert (
        client.post(reverse("cases:rules"), {"organisation": w.other.pk + 999}).status_code == 200
    )


def test_enquiries_page_receive_and_hand_over(client, w):
    from yangguang.cases.models import Enquiry

    client.force_login(w.u["win1"])
    r = client.post(reverse("cases:enquiries"), {"person": "李四", "subject": "营业执照怎么办"})
    assert r.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.responsible == w.u["win1"]
    client.post(
        reverse("cases:enquiries"),
        {"action": "handover", "enquiry": enquiry.pk, "to": w.u["win2"].pk, "reason": "分流"},
    )
    enquiry.refresh_from_db()
    assert enquiry.responsible == w.u["win2"] and enquiry.handovers.count() == 1
    assert "营业执照怎么办" in client.get(reverse("cases:enquiries")).content.decode()
    client.force_login(w.u["other_clerk"])
    assert "营业执照怎么办" not in client.get(reverse("cases:enquiries")).content.decode()
