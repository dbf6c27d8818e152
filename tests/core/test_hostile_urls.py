"""No bad parameter gives a 500: every URL pattern of the project (walked from the root
resolver, API included), its path parameters filled with hostile values (huge, negative,
non-numeric, overlong, bad dates, unicode junk, NUL), and every page's query parameters
(those the code reads, found by grepping ``request.GET`` and by recording what each view
reads) set to the same values, requested with GET by an anonymous visitor, a clerk, an
inspector and a system administrator. Each answer is below 500.

One small world (tests/core/conftest.py) is built once for the module."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import django.core.handlers.wsgi as wsgi
import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.core.conftest import make_world

# the database is set up for the module's tests (pytest-django sets up only what is asked)
pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "yangguang"

HUGE = "9" * 30
LONG = "x" * 10_000
# values for any path slot and any query parameter
HOSTILE = [
    "-1",
    "99999",
    HUGE,
    "9223372036854775808",
    "abc",
    "NaN",
    "²",  # str.isdigit() but not int()
    "２０２４",
    "2024-13-45",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "0001Q1",
    "2024-05-06T25:61",
    LONG,
    "💥中文\u202e'; --%",
    "\x00",
]
# slots that a path converter refuses give the resolver's 404: those are tried too, but
# only the values each converter accepts reach the views
PATH_VALUES = {
    "int": [HUGE, "9223372036854775808", "0"],
    "slug": ["a" * 10_000, "-", "_"],
    "str": [LONG, "\x00", "💥中文\u202e'; --%"],
    "path": ["a/b", LONG, ".."],
}
# common query parameters always tried, on top of those the code reads
COMMON = {"year", "month", "page", "q", "date", "org", "since", "until", "from", "to", "status"}
_READ = re.compile(
    r"""(?:(?:GET|params)\s*(?:\.get(?:list)?\(\s*|\[)|_param\(\s*[\w.]+,\s*)"""
    r"""["']([A-Za-z_][A-Za-z0-9_]*)["']"""
)


def _params_in(path: Path) -> set[str]:
    return set(_READ.findall(path.read_text(encoding="utf-8")))


def _params_in_code() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        names |= _params_in(path)
    return names


@dataclass
class Route:
    name: str
    parts: list  # (pattern, default converter values) from the root down
    view: object


def _walk(resolver: URLResolver, parts: list, ns: str):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p, [*parts, p.pattern], ns + (f"{p.namespace}:" if p.namespace else "")
            )
        elif isinstance(p, URLPattern):
            yield Route(name=ns + (p.name or "?"), parts=[*parts, p.pattern], view=p.callback)


_ROUTE_SLOT = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()\\]|\\.)*)\)")
_WORDS = re.compile(r"^\w+(?:\|\w+)*$")


def _fill_route(route: str, value_for) -> str:
    return _ROUTE_SLOT.sub(lambda m: quote(value_for(m["conv"] or "str"), safe=""), route)


def _fill_regex(regex: str, value_for) -> str:
    def group(m):
        body = m["body"]
        if _WORDS.match(body):  # (?P<fmt>csv|json): a fixed choice
            return body.split("|")[0]
        return quote(value_for("str"), safe="")

    text = _GROUP.sub(group, regex)
    return text.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\Z", "")


def fill(route: Route, value_for) -> str:
    url = "/"
    for pattern in route.parts:
        if isinstance(pattern, RoutePattern):
            url += _fill_route(str(pattern), value_for)
        elif isinstance(pattern, RegexPattern):
            url += _fill_regex(pattern.regex.pattern, value_for)
        else:  # pragma: no cover - a pattern class nobody uses here
            raise AssertionError(type(pattern))
    return url


def _has_slots(route: Route) -> bool:
    return fill(route, lambda conv: "\x01") != fill(route, lambda conv: "\x02")


def _sane(conv: str) -> str:
    return {"int": "1", "slug": "abc", "str": "TL-A", "path": "a"}.get(conv, "1")


def _routes() -> list[Route]:
    """Every pattern once (the API names one path once per method: the first answers)."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), [], ""):
        seen.setdefault(fill(route, _sane), route)
    return [r for r in seen.values() if r.name != "set_language"]


ROUTES = _routes()
CODE_PARAMS = _params_in_code()


class Recording(QueryDict):
    """A query dict that notes the keys a view asks for."""

    asked: set[str] = set()

    def __getitem__(self, key):
        Recording.asked.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        Recording.asked.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        Recording.asked.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        Recording.asked.add(key)
        return super().__contains__(key)


@pytest.fixture(scope="module")
def hostile_world(django_db_setup, django_db_blocker):
    """The world of tests/core/conftest.py, built once for the whole module, rolled back
    at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield make_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(world, who: str) -> Client:
    client = Client(raise_request_exception=True)
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


class Failures:
    """The 500s found, one line per place in the code (the first URL that reached it)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def add(self, where: str, what: str) -> None:
        self.seen.setdefault(where, what)

    def __bool__(self) -> bool:
        return bool(self.seen)

    def report(self) -> str:
        return "\n".join(self.seen.values())


def _get(client: Client, url: str, failures: Failures, query: dict | None = None) -> int:
    shown = _short(f"{url} {urlencode(query) if query else ''}")
    try:
        with transaction.atomic():  # a refused query never spoils the next request
            response = client.get(url, query or {})
    except Exception as exc:  # any exception is the 500 looked for
        where = _where(exc)
        failures.add(f"{type(exc).__name__} {where}", f"{shown}: {exc!r:.200}\n{where}")
        return 500
    if response.status_code >= 500:
        failures.add(f"{url} {response.status_code}", f"{shown}: {response.status_code}")
    return response.status_code


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/yangguang/" in f.filename]
    return "".join(traceback.format_list(frames[-2:]))


def _short(text: str) -> str:
    return text if len(text) < 160 else text[:160] + "…"


def _view_params(client: Client, route: Route, url: str) -> set[str]:
    """The query parameters the code reads: those grepped from the view's own module and
    those the view asks for when requested (recorded)."""
    names: set[str] = set()
    module = getattr(route.view, "__module__", "") or ""
    if module.startswith("yangguang."):
        path = SRC.parent / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = path.with_suffix("") / "__init__.py"
        if path.exists():
            names |= _params_in(path)
    Recording.asked = set()
    wsgi.QueryDict = Recording
    try:
        _get(client, url, Failures())
    finally:
        wsgi.QueryDict = QueryDict
    return names | {k for k in Recording.asked if re.fullmatch(r"[a-z_]{1,40}", k)}


OFFICE = ("/office/", "/audit/trail/", "/api/", "/accounts/")


def _audience(route: Route) -> tuple[str, ...]:
    """Who requests a pattern: the office's and the API's as a clerk and an inspector (an
    anonymous visitor is sent to the login page once), the portal's as an anonymous
    visitor."""
    if fill(route, _sane).startswith(OFFICE):
        return ("clerk", "inspector")
    return ("anonymous",)


def test_routes_found():
    names = {r.name for r in ROUTES}
    assert {"workdays:index", "portal:home", "api-v1:org_list", "audit:trail"} <= names
    assert len(ROUTES) > 100
    assert {"year", "page", "org", "q"} <= CODE_PARAMS
    # every pattern is filled into a URL that resolves back to it
    for route in ROUTES:
        url = fill(route, _sane)
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            pytest.fail(f"{route.name}: {url} does not resolve")
        assert match.func is route.view, (route.name, url)
    # the hostile values reach the views: a converter accepts them
    assert resolve(fill(ROUTES_BY_NAME["backoffice:post_detail"], lambda c: HUGE))
    assert resolve(fill(ROUTES_BY_NAME["powers:organisation"], lambda c: LONG))


ROUTES_BY_NAME = {r.name: r for r in ROUTES}


@pytest.mark.parametrize("who", ["anonymous", "clerk", "inspector"])
def test_hostile_path_parameters(hostile_world, who):
    client = _client(hostile_world, who)
    failures = Failures()
    for route in ROUTES:
        if not _has_slots(route):
            continue
        if who not in _audience(route):
            if who == "anonymous":  # the login page, whatever the address
                _get(client, fill(route, lambda conv: HUGE), failures)
            continue
        for index in range(max(len(v) for v in PATH_VALUES.values())):

            def value_for(conv, index=index):
                values = PATH_VALUES.get(conv, PATH_VALUES["str"])
                return values[index % len(values)]

            _get(client, fill(route, value_for), failures)
        # refused by the converter: the 404 page
        _get(client, fill(route, lambda conv: "-1"), failures)
    assert not failures, failures.report()


@pytest.mark.parametrize("who", ["anonymous", "clerk", "inspector"])
def test_hostile_query_parameters(hostile_world, who):
    """Each parameter a page reads gets each hostile value: request k gives parameter i
    value (k + i) mod n, so n requests try every value on every parameter; a request
    refused (400) is tried again parameter by parameter, so that one refused early does
    not hide another. The common parameters ride along on every request."""
    client = _client(hostile_world, who)
    failures = Failures()
    for route in ROUTES:
        if who not in _audience(route):
            continue
        url = fill(route, _sane)
        read = sorted(_view_params(client, route, url))
        names = read + sorted(COMMON - set(read))
        for k in range(len(HOSTILE) if read else 2):
            query = {name: HOSTILE[(k + i) % len(HOSTILE)] for i, name in enumerate(names)}
            if _get(client, url, failures, query) == 400:
                for name in read:
                    _get(client, url, failures, {name: query[name]})
    assert not failures, failures.report()


# the page-side 500s found by the probe (issue 25 point 7), each by its own address
NAMED = [
    ("inspector", "/office/calendar/?year=99999"),
    ("inspector", "/office/calendar/?year=-1"),
    ("inspector", "/office/calendar/?year=0"),
    ("clerk", "/office/calendar/?year=99999"),
    ("inspector", "/office/meetings/checks/?from=0001-01-01&to=9999-12-31"),
    ("inspector", "/office/meetings/checks/?from=9999-12-31&to=0001-01-01"),
    ("inspector", "/office/meetings/report/?quarter=0001Q1"),
    ("inspector", "/office/meetings/report/?quarter=9999Q4"),
    ("inspector", "/office/meetings/report/?quarter=2024Q9"),
    ("clerk", "/office/cases/scores/?quarter=0001Q1"),
    ("inspector", "/audit/trail/?since=0001-01-01&until=9999-12-31"),
    ("inspector", "/audit/trail/?org_id=9223372036854775808"),
]


def test_named_addresses_answer_400_or_404(hostile_world):
    failures = Failures()
    answers = {}
    for who, url in NAMED:
        answers[(who, url)] = _get(_client(hostile_world, who), url, failures)
    assert not failures, failures.report()
    assert answers[("inspector", "/office/calendar/?year=99999")] == 400
    assert answers[("inspector", "/office/meetings/checks/?from=0001-01-01&to=9999-12-31")] in (
        200,
        400,
    )
    assert answers[("inspector", "/office/meetings/report/?quarter=0001Q1")] == 400
