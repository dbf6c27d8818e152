"""Item details through the API: added and removed by the same services as the pages,
by the list's editors only, with bilingual refusals for unknown kinds, fields and items."""

from __future__ import annotations

from yangguang.powers.models import DiscretionBenchmark, LegalBasis

from .helpers import Unchanged
from .test_review_api import BASE, bilingual, post, token_client

URL = BASE + "/items/XK00001000/details/"


def test_a_legal_basis_added_and_removed(people, items):
    clerk = token_client(people["clerk"])
    body = {"law": "《中华人民共和国食品安全法》", "article": "第三十五条"}
    response = post(clerk, URL + "legal-bases", body)
    assert response.status_code == 200, response.content
    basis = LegalBasis.objects.get(item__code="XK00001000", article="第三十五条")
    item = next(i for i in response.json()["items"] if i["code"] == "XK00001000")
    assert "第三十五条" in str(item)
    gone = clerk.delete(URL + f"legal-bases/{basis.pk}")
    assert gone.status_code == 200, gone.content
    assert not LegalBasis.objects.filter(pk=basis.pk).exists()


def test_a_benchmark_added_to_a_penalty(people, items):
    clerk = token_client(people["clerk"])
    code = "CF00001000"
    body = {
        "grade": "slight",
        "description": "初次违法且危害轻微",
        "fine_min": "0",
        "fine_max": "500",
    }
    response = post(clerk, BASE + f"/items/{code}/details/benchmarks", body)
    assert response.status_code == 200, response.content
    assert DiscretionBenchmark.objects.filter(power__code=code, grade="slight").exists()


def test_refusals(people, items):
    clerk = token_client(people["clerk"])
    other = token_client(people["other_clerk"])
    before = Unchanged()
    bilingual(post(clerk, URL + "recipes", {"x": 1}), 404, "detail_kind_unknown")
    bilingual(post(clerk, URL + "legal-bases", {"law": "x", "colour": "red"}), 400, "detail_field_unknown")  # fmt: skip
    bilingual(post(clerk, URL + "legal-bases", {"article": "第一条"}), 400, "detail_field_missing")  # fmt: skip
    bilingual(post(clerk, BASE + "/items/XK09999000/details/fees", {}), 404, "power_item_unknown")  # fmt: skip
    bilingual(clerk.delete(URL + "legal-bases/999999"), 404, "detail_unknown")
    bilingual(post(other, URL + "legal-bases", {"law": "x"}), 403, "permission_denied")
    before.check()
