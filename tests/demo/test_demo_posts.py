"""The demo county's posts are held by people of the role each post needs: window and
business-section posts by clerks, 分管领导 by a leader, so that clerks take cases in and
the deputy director signs off (and the cards fall on whoever was late, not on the
director)."""

from __future__ import annotations

from django.db.models import Q
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
        for lane, role in LANES:
            post = Post.objects.get(organisation__code=code, name=lane)
            assert post.holder_role == role
            holders = {h.user.role for h in open_holdings.filter(post=post).select_related("user")}
            assert holders == {role}, (code, lane, holders)
    # window steps are done by clerks, 分管领导 steps by leaders
    for lane, role in LANES:
        done = Step.objects.filter(status=StepStatus.DONE, post__name=lane)
        assert done.exists(), lane
        assert set(done.values_list("completed_by__role", flat=True)) == {role}, lane
