"""The flowchart editor's forms with keys that are not keys (issue 25 point 7): a
separation-of-duty group naming a 20-digit task id is refused, not a 500."""

from __future__ import annotations

import pytest

from tests.flows.test_views import client_for
from yangguang.flows.models import SodGroup

from .conftest import build_licence


@pytest.mark.parametrize(
    "bad", ["99999999999999999999", "9" * 5000, "abc", "-99999999999999999999"]
)
def test_a_sod_group_with_a_task_id_beyond_64_bits_is_refused(w, bad):
    p = build_licence(w)
    groups = SodGroup.objects.filter(process=p).count()
    task = p.nodes.filter(kind="task").first()
    c = client_for(w.users["clerk"])
    response = c.post(
        f"/office/flows/model/{p.pk}/do/sod_set/",
        {"name": "分离", "tasks": [str(task.pk), bad]},
        follow=True,
    )
    assert response.status_code == 200
    assert "职责分离组" in " ".join(str(m) for m in response.context["messages"])
    assert SodGroup.objects.filter(process=p).count() == groups
    for action, field in (("sod_delete", "group"), ("step_delete", "node")):
        response = c.post(f"/office/flows/model/{p.pk}/do/{action}/", {field: bad})
        assert response.status_code == 404, action
