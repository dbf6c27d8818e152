"""Load the demo county through the services only (actor ``Actor.system("demo")``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.services import user_create
from yangguang.core.context import Actor
from yangguang.demo import powers as demo_powers
from yangguang.demo.data import county as data
from yangguang.orgs import services
from yangguang.orgs.models import LeadershipTerm, Organisation, Post, Region
from yangguang.orgs.validators import make_credit_code

ACTOR = Actor.system("demo")
ADDRESS = "http://127.0.0.1:8000"


def day(value: str | int, today: datetime.date | None = None) -> datetime.date:
    """An ISO date, or an integer number of days from today."""
    if isinstance(value, int):
        return (today or timezone.localdate()) + datetime.timedelta(days=value)
    return datetime.date.fromisoformat(value)


def needs_migration(alias: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return bool(executor.migration_plan(targets))


def demo_exists() -> bool:
    return Organisation.objects.filter(code=data.ROOT_ORG).exists()


def reset_database() -> None:
    """Empty every table, the append-only audit trail included (as a DBA would)."""
    from yangguang.audit.triggers import disabled
    from yangguang.powers.triggers import disabled as versions_unlocked

    connection = connections[DEFAULT_DB_ALIAS]
    with disabled(connection), versions_unlocked(connection):
        call_command("flush", interactive=False, verbosity=0)


@dataclass
class Loaded:
    regions: dict[str, Region] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    terms: dict[tuple[str, str], LeadershipTerm] = field(default_factory=dict)


def _credit(region_code: str, parts: tuple[str, str, str] | None) -> str | None:
    if parts is None:
        return None
    authority, kind, body = parts
    return make_credit_code(authority=authority, kind=kind, division=region_code[:6], org_body=body)


def load() -> Loaded:
    """Load the whole county in one transaction (all or nothing)."""
    with transaction.atomic():
        return _load()


def _user(out: Loaded, username: str, full_name: str, org: str | None, role: str) -> User:
    user = user_create(
        actor=ACTOR,
        username=username,
        full_name=full_name,
        organisation=out.orgs[org] if org else None,
        role=role,
        password=data.PASSWORD,
    )
    out.users[username] = user
    return user


def _org(out: Loaded, spec: dict) -> Organisation:
    org = services.organisation_create(
        actor=ACTOR,
        code=spec["code"],
        name=spec["name"],
        short_name=spec.get("short_name", ""),
        kind=spec["kind"],
        region=out.regions[spec["region"]],
        parent=out.orgs[spec["parent"]] if spec.get("parent") else None,
        credit_code=_credit(spec["region"], spec.get("credit")),
        jurisdiction=out.orgs[spec["jurisdiction"]] if spec.get("jurisdiction") else None,
        sort_order=spec.get("sort_order", 0),
    )
    out.orgs[org.code] = org
    return org


def _appoint(
    out: Loaded, org: str, username: str, role: str, title: str, start: datetime.date
) -> LeadershipTerm:
    term = services.leadership_appoint(
        actor=ACTOR,
        organisation=out.orgs[org],
        user=out.users[username],
        role=role,
        title=title,
        start=start,
    )
    out.terms[(org, username)] = term
    return term


def _load() -> Loaded:
    out = Loaded()
    for code, name, level, parent in data.REGIONS:
        out.regions[code] = services.region_create(
            actor=ACTOR,
            code=code,
            name=name,
            level=level,
            parent=out.regions[parent] if parent else None,
        )
    for spec in data.ORGANISATIONS:
        _org(out, spec)
    for i, dept in enumerate(data.DEPARTMENTS, start=1):
        _org(
            out,
            {
                "code": dept["code"],
                "name": dept["name"],
                "short_name": dept["short_name"],
                "kind": "department",
                "region": data.COUNTY,
                "parent": "YGX-ZF",
                "credit": ("1", "1", dept["body"]),
                "sort_order": i,
            },
        )
    for i, town in enumerate(data.TOWNSHIPS, start=10):
        _org(
            out,
            {
                "code": town["code"],
                "name": town["name"],
                "kind": "township",
                "region": town["region"],
                "parent": data.ROOT_ORG,
                "credit": ("1", "1", town["body"]),
                "sort_order": i,
            },
        )
        for j, (code, name, region) in enumerate(town["villages"], start=1):
            _org(
                out,
                {
                    "code": code,
                    "name": f"{town['name']}{name}村民委员会",
                    "short_name": name,
                    "kind": "village_committee",
                    "region": region,
                    "parent": town["code"],
                    "sort_order": j,
                },
            )

    for username, full_name, org, role in data.USERS:
        _user(out, username, full_name, org, role)
    for org, username, role, title, start, charges in data.LEADERSHIP:
        term = _appoint(out, org, username, role, title, day(start))
        for area, label in charges:
            services.charge_assign(actor=ACTOR, term=term, area=area, label=label, since=term.start)

    start = day(data.DEPARTMENT_TERMS_START)
    for dept in data.DEPARTMENTS:
        code, short = dept["code"], dept["short_name"]
        for key, role in (("principal", "leader"), ("deputy", "leader"), ("clerk", "clerk")):
            username, full_name = dept[key]
            _user(out, username, full_name, code, role)
        lead = _appoint(out, code, dept["principal"][0], "principal", f"{short}局长", start)
        services.charge_assign(actor=ACTOR, term=lead, area="other", label="全面工作", since=start)
        deputy = _appoint(out, code, dept["deputy"][0], "deputy", "副局长", start)
        for area in dept["deputy_areas"]:
            services.charge_assign(actor=ACTOR, term=deputy, area=area, since=start)
        for n, (pcode, pname, risk, rotation, duties) in enumerate(dept["posts"]):
            post = services.post_create(
                actor=ACTOR,
                organisation=out.orgs[code],
                code=pcode,
                name=pname,
                risk_grade=risk,
                rotation_months=rotation,
                duties=duties,
            )
            out.posts.append(post)
            holder = dept["clerk"][0] if n == 0 else dept["deputy"][0]
            services.post_assign(actor=ACTOR, post=post, user=out.users[holder], start=start)

    for town in data.TOWNSHIPS:
        code = town["code"]
        p_user, p_name, p_title = town["principal"]
        d_user, d_name, d_title = town["deputy"]
        _user(out, p_user, p_name, code, "leader")
        _user(out, d_user, d_name, code, "leader")
        principal = _appoint(out, code, p_user, "principal", p_title, start)
        services.charge_assign(
            actor=ACTOR, term=principal, area="other", label="全面工作", since=start
        )
        deputy = _appoint(out, code, d_user, "deputy", d_title, start)
        for area in ("personnel", "finance", "construction", "procurement", "property_rights"):
            services.charge_assign(actor=ACTOR, term=deputy, area=area, since=start)

    today = timezone.localdate()
    for ex in data.EXEMPTIONS:
        principal_user = next(d["principal"][0] for d in data.DEPARTMENTS if d["code"] == ex["org"])
        term = out.terms[(ex["org"], principal_user)]
        services.exemption_record(
            actor=ACTOR,
            term=term,
            area=ex["area"],
            reason=ex["reason"],
            approver=out.users[ex["approver"]],
            approved_on=day(ex["approved_on"], today),
            valid_until=day(ex["valid_until"], today) if ex["valid_until"] is not None else None,
        )
        services.charge_assign(
            actor=ACTOR, term=term, area=ex["area"], since=day(ex["since"], today)
        )
    # the apps' demo loaders import this module (for Loaded): imported here, not above
    from yangguang.demo.data import cases as demo_cases
    from yangguang.disclosure import demo as demo_disclosure
    from yangguang.flows import demo as demo_flows
    from yangguang.meetings import demo as demo_meetings

    demo_powers.load(out)  # 权责清单 (power lists)
    demo_cases.lane_posts()  # the posts the flowcharts' lanes name, and their holders
    demo_flows.load(out)  # 两张图 (flowcharts, risk maps)
    demo_meetings.load(out)  # 三重一大 (collective decisions)
    demo_disclosure.load(out)  # 政务公开, 投诉举报
    demo_cases.load(out)  # 办件 (cases, alerts)
    return out
