"""The demo county's posts are held by people of the role each post needs: window and
business-section posts by clerks, 分管领导 by a leader, so that clerks take cases in and
the deputy director signs off (and the cards fall on whoever was late, not on the
director)."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from yangguang.cases.models import Step, StepStatus
from yangguang.demo.data.cases import DEPARTMENTS, LANES
from yangguang.orgs.models import Post, PostHolding


def test_each_post_holder_has_the_role_the_post_needs(demo_county):
    today = timezone.localdate()
    open_holdings = PostHolding.objects.filter(Q(end__isnull=True) | Q(end__gte=today))
    wrong = [
        (h.post.organisation.code, h.post.name, h.user.username, h.user.role)
        for h in open_holdings.select_related("post__organisation", "user")
        if h.post.holder_role and h.user.role != h.post.holder_role
    ]
    assert wrong == []
    for code in DEPARTMENTS:
        for lane, (role, _holders) in LANES.items():
            post = Post.objects.get(organisation__code=code, name=lane)
            assert post.holder_role == role
            holders = {h.user.role for h in open_holdings.filter(post=post).select_related("user")}
            assert holders == {role}, (code, lane, holders)
    # window steps are done by clerks, 分管领导 steps by leaders
    for lane, (role, _holders) in LANES.items():
        done = Step.objects.filter(status=StepStatus.DONE, post__name=lane)
        assert done.exists(), lane
        assert set(done.values_list("completed_by__role", flat=True)) == {role}, lane


def _task_names(steps) -> set[str]:
    names: set[str] = set()
    for step in steps:
        if step[0] == "t":
            names.add(step[1])
        elif step[0] == "xor":
            for _condition, branch in step[2]:
                names |= _task_names(branch)
        elif step[0] == "and":
            for branch in step[2]:
                names |= _task_names(branch)
        elif step[0] == "loop":
            names.add(step[4][0])
    return names


def test_every_published_power_runs_on_its_own_flowchart(demo_county):
    """issue 16 point 15: each power keeps its own chart (its name, its steps), every step
    names its post, and every demo case runs on its power's chart."""
    from yangguang.cases.models import Case
    from yangguang.demo.data.flows import PROCESSES
    from yangguang.flows.models import ProcessModel

    checked = 0
    for spec in PROCESSES:
        published = ProcessModel.objects.filter(
            power__power_list__organisation__code=spec["org"],
            power__name=spec["power"],
            status="published",
        )
        for process in published:
            tasks = process.nodes.filter(kind="task")
            assert set(tasks.values_list("name", flat=True)) == _task_names(spec["steps"]), (
                spec["power"], process.version,
            )  # fmt: skip
            if spec["org"] in DEPARTMENTS:
                assert not tasks.filter(post__isnull=True).exists(), spec["power"]
            checked += 1
    assert checked >= len([s for s in PROCESSES if s["org"] in DEPARTMENTS])
    assert Case.objects.exists()
    assert not Case.objects.exclude(process__power=F("power")).exists()
