"""Hostile parameters and bodies on ``/api/v1`` get designed answers (issue 25 point 7):
the API's JSON error in both languages, never a 500, never Django's HTML."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.core.test_api import SYSTEM, bearer
from yangguang.accounts import services as accounts
from yangguang.orgs.models import Organisation

SHAPE = {"code", "field", "message_zh", "message_en", "message"}


def refusal(response, status: int, code: str | None = None, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= SHAPE, body
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]
    assert body["message"] == f"{body['message_zh']} ({body['message_en']})"
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body


@pytest.fixture
def admin(world) -> Client:
    _, secret = accounts.api_token_create(
        actor=SYSTEM, user=world.users["sysadmin"], name="hostile"
    )
    return Client(headers=bearer(secret), raise_request_exception=False)


def test_findings_with_dates_out_of_range_or_reversed(world, admin):
    org = world.own.org.code
    url = f"/api/v1/meetings/findings?org={org}"
    refusal(admin.get(f"{url}&start=9999-12-31&end=9999-12-31"), 422, "invalid_parameter", "start")
    refusal(admin.get(f"{url}&start=0001-01-01&end=2026-01-31"), 422, "invalid_parameter", "start")
    refusal(admin.get(f"{url}&start=2026-03-01&end=2026-01-01"), 400, "invalid_period", "end")
    assert admin.get(f"{url}&start=2026-01-01&end=2026-03-01").status_code == 200


def test_offsets_and_keys_beyond_64_bits(world, admin):
    body = refusal(
        admin.get("/api/v1/audit/entries?offset=9223372036854775808"), 422, field="offset"
    )
    assert "offset" in body["errors"]
    assert admin.get("/api/v1/audit/entries?offset=1000").status_code == 200
    for url in (
        "/api/v1/meetings/meetings/99999999999999999999",
        "/api/v1/meetings/meetings/abc",
        "/api/v1/meetings/meetings/0",
        "/api/v1/conformance/checks/99999999999999999999",
        "/api/v1/audit/entries/99999999999999999999/proof?checkpoint=1",
    ):
        assert admin.get(url).status_code == 422, url
        refusal(admin.get(url), 422, "invalid_parameter")
    refusal(admin.delete("/api/v1/me/tokens/99999999999999999999"), 422)
    refusal(admin.get("/api/v1/meetings/meetings/12345"), 404, "not_found")


def test_a_null_for_a_field_that_cannot_be_null(world, admin):
    org = world.own.org
    before = Organisation.objects.get(pk=org.pk).short_name
    for field in ("short_name", "name", "kind", "region", "sort_order"):
        refusal(
            admin.patch(
                f"/api/v1/orgs/{org.code}",
                data={field: None},
                content_type="application/json",
            ),
            400,
            "null",
            field,
        )
    assert Organisation.objects.get(pk=org.pk).short_name == before
    ok = admin.patch(
        f"/api/v1/orgs/{org.code}", data={"credit_code": None}, content_type="application/json"
    )
    assert ok.status_code == 200, ok.content
    refusal(
        admin.patch(
            f"/api/v1/orgs/{org.code}", data={"sort_order": 2**40}, content_type="application/json"
        ),
        422,
        field="sort_order",
    )


def test_nan_and_infinity_are_not_numbers(world, admin):
    # JSON has no NaN, but Python's reader takes it: refused by the schema all the same
    for value in ("NaN", "Infinity", "-Infinity", "1e400"):
        response = admin.post(
            "/api/v1/meetings/meetings/1/topics",
            data='{"title": "x", "amount": %s}' % value,  # noqa: UP031
            content_type="application/json",
        )
        refusal(response, 422, field="amount")
    response = admin.post(
        "/api/v1/meetings/meetings/1/topics",
        data={"title": "x", "amount": "NaN"},
        content_type="application/json",
    )
    refusal(response, 422, field="amount")


def test_every_error_of_the_framework_in_the_api_shape(world, admin):
    refusal(Client().get("/api/v1/me", headers=bearer("yg_nonsense")), 401, "unauthenticated")
    body = refusal(admin.delete("/api/v1/me"), 405, "method_not_allowed")
    assert "GET" in body["message_en"]
    assert admin.delete("/api/v1/me")["Allow"] == "GET"
    refusal(admin.get("/api/v1/audit/entries?limit=abc"), 422, "invalid_parameter", "limit")
    refusal(admin.get("/api/v1/no/such/thing"), 404)
    refusal(
        admin.post("/api/v1/orgs/", data="{not json", content_type="application/json"),
        400,
        "invalid_body",
        "body",
    )
    refusal(admin.post("/api/v1/orgs/", data={}, content_type="application/json"), 422)
    body = refusal(
        admin.post("/api/v1/orgs/", data={"code": "X"}, content_type="application/json"), 422
    )
    assert {"name", "kind", "region"} <= set(body["errors"]), body
    deep = "[" * 100_000 + "]" * 100_000  # a parser's recursion
    refusal(admin.post("/api/v1/orgs/", data=deep, content_type="application/json"), 400)


def test_a_body_longer_than_the_api_takes_is_refused_before_it_is_read(world, admin, settings):
    settings.YANGGUANG_API_MAX_BODY = 1000
    body = refusal(
        admin.post(
            "/api/v1/orgs/", data=json.dumps({"name": "x" * 2000}), content_type="application/json"
        ),
        413,
        "body_too_large",
        "body",
    )
    assert "1000" in body["message_en"]
    # the pages keep Django's own limit
    assert Client().post("/accounts/login/", {"username": "x" * 2000}).status_code != 413


def test_a_body_beyond_djangos_limit_but_within_the_apis_is_read(world, admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin.post(
        "/api/v1/orgs/",
        data=json.dumps({"code": "TL-C", "name": "县" * 800, "kind": "department"}),
        content_type="application/json",
    )
    body = refusal(response, 422)  # read and answered (region missing), not Django's 400
    assert "region" in body["errors"]
