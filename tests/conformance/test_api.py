"""``POST /api/v1/conformance/checks`` and ``GET /api/v1/conformance/checks/{id}``: queued
for the worker (202), status and progress, the report the command line writes once done;
inspectors and administrators only, every refusal in both languages."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.conformance.test_views import CSV
from yangguang.accounts.services import api_token_create
from yangguang.conformance.models import CheckRun
from yangguang.core.context import Actor

URL = "/api/v1/conformance/checks"


def _auth(user) -> dict:
    _, secret = api_token_create(actor=Actor.system("tests"), user=user, name="api test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _post(client, auth, data=CSV, name="log.csv", **fields):
    form = {"org": "D1", "power": "XK00001000", **fields}
    if data is not None:
        form["log"] = SimpleUploadedFile(name, data)
    return client.post(URL, form, **auth)


def test_queued_then_done_with_the_cli_report(
    client, w_published, tmp_path, django_capture_on_commit_callbacks
):
    auth = _auth(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        resp = _post(client, auth)
    run = CheckRun.objects.get()
    assert resp.status_code == 202 and resp.json() == {"id": run.pk, "status": "queued"}

    waiting = client.get(f"{URL}/{run.pk}", **auth).json()
    assert waiting["status"] == "queued" and waiting["progress"] == 0
    assert waiting["report"] is None and "yangguang worker" in waiting["waiting"]

    for callback in queued:  # the worker takes the job
        callback()
    done = client.get(f"{URL}/{run.pk}", **auth).json()
    assert (done["status"], done["progress"], done["waiting"]) == ("done", 100, None)
    assert done["summary"]["cases"] == 3 and done["summary"]["conformant_cases"] == 1

    log, out = tmp_path / "log.csv", tmp_path / "report.json"
    log.write_bytes(CSV)
    call_command(
        "supervise", "check", "--log", str(log), "--out", str(out), "--power", "D1:XK00001000"
    )
    expected = json.loads(out.read_text())
    assert done["report"]["deviations"] == expected["deviations"]
    assert {k: v for k, v in done["report"]["summary"].items() if k != "seconds"} == {
        k: v for k, v in expected["summary"].items() if k != "seconds"
    }


def test_a_log_that_cannot_be_read_is_failed_with_the_reason(
    client, w_published, django_capture_on_commit_callbacks
):
    auth = _auth(w_published.users["inspector"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = _post(client, auth, b"case_id,activity\n1,a\n")
    body = client.get(f"{URL}/{resp.json()['id']}", **auth).json()
    assert body["status"] == "failed" and "resource" in body["error"] and body["report"] is None


def _refused(resp, status: int, field: str | None, code: str | None = None) -> dict:
    assert resp.status_code == status, resp.content
    body = resp.json()
    assert body["field"] == field and body["message_zh"] and body["message_en"]
    if code:
        assert body["code"] == code
    return body


def test_bad_input_is_refused_in_both_languages(client, w_published):
    auth = _auth(w_published.users["inspector"])
    _refused(_post(client, auth, org=""), 400, "org", "required")
    _refused(_post(client, auth, power=""), 400, "power", "required")
    _refused(_post(client, auth, data=None), 400, "log", "required")
    _refused(_post(client, auth, org="NOPE"), 400, "org", "unknown_org")
    _refused(_post(client, auth, power="XK99999000"), 400, "power", "power_not_published")
    _refused(_post(client, auth, power="CF00001000"), 400, "power", "power_not_published")
    _refused(_post(client, auth, name="log.pdf"), 400, "log", "log_format")
    _refused(_post(client, auth, data=b""), 400, "log", "empty_log")
    assert not CheckRun.objects.exists()
    _refused(client.get(f"{URL}/99999", **auth), 404, "id", "not_found")


def test_only_inspectors_and_administrators(
    client, w_published, django_capture_on_commit_callbacks
):
    clerk = _auth(w_published.users["clerk"])
    _refused(_post(client, clerk), 403, None, "permission_denied")
    assert client.post(URL, {"org": "D1"}).status_code == 401
    with django_capture_on_commit_callbacks(execute=False):
        run_id = _post(client, _auth(w_published.users["inspector"])).json()["id"]
    _refused(client.get(f"{URL}/{run_id}", **clerk), 403, None, "permission_denied")
    assert client.get(f"{URL}/{run_id}").status_code == 401
    admin = _auth(w_published.users["sysadmin"])
    assert client.get(f"{URL}/{run_id}", **admin).json()["status"] == "queued"


def test_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/conformance/checks"]
    assert "get" in paths["/api/v1/conformance/checks/{run_id}"]
