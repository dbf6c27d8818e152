"""Every parameter of every operation of ``/api/v1`` is bounded in the OpenAPI document
(issue 25 point 7): integers within 64 bits, numbers within stated bounds (so finite),
dates and times within a range, keys numeric; every operation lists the common error
statuses."""

from __future__ import annotations

from django.test import Client

from yangguang.core.api_types import INT64_MAX, INT64_MIN

COMMON_STATUSES = {"400", "401", "403", "404", "413", "422"}


def _document():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _resolve(doc, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def _unbounded(doc, schema, where, seen=()):
    """The places in ``schema`` (a request's) where a value is not bounded."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return []
        seen = (*seen, schema["$ref"])
    schema = _resolve(doc, schema)
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _unbounded(doc, sub, where, seen)
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is None or high is None or low < INT64_MIN or high > INT64_MAX:
            found.append(f"{where}: integer {low}..{high}")
    elif kind == "number":
        if schema.get("minimum") is None or schema.get("maximum") is None:
            found.append(f"{where}: number without bounds")
    elif schema.get("format") in {"date", "date-time"} and not (
        "formatMinimum" in schema and "formatMaximum" in schema
    ):
        found.append(f"{where}: {schema['format']} without a range")
    for name, sub in schema.get("properties", {}).items():
        found += _unbounded(doc, sub, f"{where}.{name}", seen)
    if isinstance(schema.get("items"), dict):
        found += _unbounded(doc, schema["items"], f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        found += _unbounded(doc, schema["additionalProperties"], f"{where}{{}}", seen)
    return found


def _operations(doc):
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


def test_every_parameter_is_bounded(db):
    doc = _document()
    found = []
    for label, op in _operations(doc):
        for p in op.get("parameters", []):
            found += _unbounded(doc, p["schema"], f"{label} {p['in']}:{p['name']}")
            key = p["in"] == "path" and p["name"].endswith(("id", "pk", "seq"))
            if key and _resolve(doc, p["schema"]).get("type") != "integer":
                found.append(f"{label} path:{p['name']}: a key that is not a number")
        for media in op.get("requestBody", {}).get("content", {}).values():
            found += _unbounded(doc, media["schema"], f"{label} body")
    assert not found, "\n".join(found)


def test_every_operation_lists_the_common_errors(db):
    doc = _document()
    missing = [
        f"{label}: {sorted(COMMON_STATUSES - set(op['responses']))}"
        for label, op in _operations(doc)
        if not set(op["responses"]) >= COMMON_STATUSES
    ]
    assert not missing, "\n".join(missing)
    error = doc["components"]["schemas"]["ApiError"]
    assert {"code", "message_zh", "message_en", "message"} <= set(error["required"])
