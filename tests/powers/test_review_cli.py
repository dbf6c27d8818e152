"""``yangguang powers status|submit|review|publish``: the review round from the command
line, by the person named with --by, with the services' rules and messages."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from yangguang.audit.models import AuditEntry
from yangguang.powers.models import ListStatus, PowerListVersion


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("powers", *args, stdout=out)
    return out.getvalue()


def test_a_round_from_the_command_line(people, items):
    plist = items["xk"].power_list
    assert "D1\tdraft\tversion 0\titems 5" in run("status", "--org", "D1")
    assert "first_review" in run("submit", "--org", "D1", "--by", "clerk")
    assert "second_review" in run("review", "--org", "D1", "--by", "leader", "--approve")
    out = run("review", "--org", "D1", "--by", "legal", "--return", "缺少设定依据")
    assert "D1\tdraft" in out
    plist.refresh_from_db()
    assert plist.return_reason == "缺少设定依据"
    run("submit", "--org", "D1", "--by", "clerk")
    run("review", "--org", "D1", "--by", "leader", "--approve")
    assert "approved" in run("review", "--org", "D1", "--by", "legal", "--approve")
    out = run("publish", "--org", "D1", "--by", "govleader")
    assert "published version 1" in out and "D1\tdraft\tversion 1" in out
    version = PowerListVersion.objects.get(power_list=plist)
    assert version.published_by == people["gov_leader"]
    status = run("status", "--org", "D1")
    assert "复审退回" not in status  # machine-readable action codes, not page texts
    assert "power.second_return" in status and "缺少设定依据" in status
    assert "power.list_publish" in status and "version 1" in status
    submit = AuditEntry.objects.filter(action="power.list_submit").first()
    assert submit.actor_name == "powers.review" and '"by":"clerk"' in submit.payload


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("submit", "--org", "D1", "--by", "leader"), "只有经办人员或单位管理员可以提交清单"),
        (("submit", "--org", "D1", "--by", "nobody"), "no account"),
        (("submit", "--org", "NOPE", "--by", "clerk"), "no organisation"),
        (("review", "--org", "D1", "--by", "leader", "--approve"), "nothing to review"),
        (("publish", "--org", "D1", "--by", "govleader"), "this step needs approved"),
    ],
)
def test_refusals_name_the_reason(people, items, args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert message in str(exc.value)
    assert items["xk"].power_list.status == ListStatus.DRAFT


def test_review_refuses_the_drafter_and_a_return_without_reason(people, items):
    run("submit", "--org", "D1", "--by", "orgadmin")
    with pytest.raises(CommandError, match="起草人不能审核自己起草的清单"):
        run("review", "--org", "D1", "--by", "orgadmin", "--approve")
    with pytest.raises(CommandError, match="请填写退回理由"):
        run("review", "--org", "D1", "--by", "leader", "--return", " ")
    with pytest.raises(CommandError, match="初审须由本单位领导或单位管理员办理"):
        run("review", "--org", "D1", "--by", "clerk2", "--approve")
