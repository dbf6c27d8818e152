"""The access matrix: every role × every kind of object × own / other organisation, for
view / change / supervise, checked against ``access.restrict``, the web pages and the API.

"Own" objects belong to department A (the organisation of the org admin, clerk and
leader, and the jurisdiction of the inspector's commission); "other" ones to department
B, outside every scope but the system administrator's.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core.context import Actor

SYSTEM = Actor.system("tests")

ROLES = ("sysadmin", "org_admin", "clerk", "leader", "inspector", "public")
KINDS = (
    "Organisation",
    "Post",
    "PostHolding",
    "LeadershipTerm",
    "Charge",
    "User",
    "ApiToken",
    "AuditEntry",
)
ACTIONS = ("view", "change", "supervise")

# what each role may do to internal data inside its own scope
IN_SCOPE = {
    "sysadmin": {"view", "change", "supervise"},
    "org_admin": {"view", "change"},
    "clerk": {"view"},
    "leader": {"view"},
    "inspector": {"view", "supervise"},
    "public": set(),
}
PUBLIC_KINDS = {"Organisation"}  # organisations are public information (view only)
# kinds that narrow the role table: for these actions only these roles (nobody if empty)
NARROWED = {
    "AuditEntry": {
        "view": {"sysadmin", "inspector"},
        "supervise": {"sysadmin", "inspector"},
        "change": set(),
    },
}


def expected(role: str, kind: str, side: str, action: str) -> bool:
    narrowed = NARROWED.get(kind, {}).get(action)
    if narrowed is not None and role not in narrowed:
        return False
    if role == "sysadmin":
        return True
    if action == "view" and kind in PUBLIC_KINDS:
        return True
    if side == "other":
        return False
    return action in IN_SCOPE[role]


def user_for(world, role: str):
    return AnonymousUser() if role == "public" else world.users[role]


def test_expectations_cover_every_cell():
    cells = [(r, k, s, a) for r in ROLES for k in KINDS for s in ("own", "other") for a in ACTIONS]
    assert len(cells) == 6 * 8 * 2 * 3
    # sanity: the matrix is not trivially all-true or all-false
    assert {expected(*c) for c in cells} == {True, False}


@pytest.mark.parametrize("role", ROLES)
def test_restrict(world, role):
    user = user_for(world, role)
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        objects = world.objects(side)
        objects["AuditEntry"] = AuditEntry.objects.filter(org_id=side.org.pk).first()
        assert set(objects) == set(KINDS)
        for kind, obj in objects.items():
            for action in ACTIONS:
                qs = access.restrict(type(obj)._default_manager.all(), user, action)
                got = qs.filter(pk=obj.pk).exists()
                assert got == access.can(user, action, obj)
                if got != expected(role, kind, side_name, action):
                    wrong.append((kind, side_name, action, got))
    assert wrong == [], f"{role}: (kind, side, action, got) differ from the matrix"


@pytest.mark.parametrize("role", ROLES)
def test_restrict_never_widens(world, role):
    user = user_for(world, role)
    for model in (type(o) for o in world.objects(world.own).values()):
        base = model._default_manager.filter(pk__in=[])
        assert not access.restrict(base, user).exists()


def _client(world, role: str) -> Client:
    client = Client()
    if role != "public":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_web_pages(world, role):
    client = _client(world, role)
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        org_page = client.get(f"/office/orgs/{side.org.code}/")
        post_page = client.get(f"/office/posts/{side.post.pk}/")
        people_page = client.get("/office/people/")
        portal_page = client.get(f"/org/{side.org.code}/")
        if role == "public":  # the back office is for staff only: to the sign-in page
            for response in (org_page, post_page, people_page):
                assert response.status_code == 302
                assert response["Location"].startswith("/accounts/login/")
            assert portal_page.status_code == 200
            got = {
                "Organisation": True,  # through the portal
                "Post": False,
                "PostHolding": False,
                "LeadershipTerm": False,
                "Charge": False,
                "User": False,
            }
        else:
            assert org_page.status_code == 200  # organisations are public
            assert post_page.status_code in (200, 404)
            org_html = org_page.content.decode()
            post_html = post_page.content.decode() if post_page.status_code == 200 else ""
            got = {
                "Organisation": side.org.name in org_html,
                "Post": post_page.status_code == 200,
                "PostHolding": side.user.full_name in post_html,
                "LeadershipTerm": side.term.title in org_html,
                "Charge": side.charge.label in org_html,
                "User": side.user.username in people_page.content.decode(),
            }
        # the public portal never shows internal data, to anybody
        portal_html = portal_page.content.decode()
        assert side.post.name not in portal_html
        assert side.term.title not in portal_html
        for kind, seen in got.items():
            if seen != expected(role, kind, side_name, "view"):
                wrong.append((kind, side_name, seen))
    assert wrong == [], f"{role}: (kind, side, shown) differ from the matrix"


@pytest.mark.parametrize("role", ROLES)
def test_api(world, role):
    client = Client()
    headers = {}
    if role != "public":
        _, secret = accounts.api_token_create(actor=SYSTEM, user=world.users[role], name="matrix")
        headers = {"Authorization": f"Bearer {secret}"}
    wrong = []
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        code = side.org.code
        detail = client.get(f"/api/v1/orgs/{code}", headers=headers)
        assert detail.status_code == 200  # public
        internal = "path" in detail.json()
        if internal != expected(role, "Post", side_name, "view"):
            wrong.append(("Organisation internal fields", side_name, internal))
        listed = {o["code"] for o in client.get("/api/v1/orgs/", headers=headers).json()}
        if (code in listed) != expected(role, "Organisation", side_name, "view"):
            wrong.append(("Organisation list", side_name, code in listed))
        posts = client.get(f"/api/v1/orgs/{code}/posts", headers=headers)
        assert posts.status_code in (200, 403)
        seen = posts.status_code == 200 and side.post.code in {p["code"] for p in posts.json()}
        if seen != expected(role, "Post", side_name, "view"):
            wrong.append(("Post", side_name, seen))
        patch = client.patch(
            f"/api/v1/orgs/{code}",
            data={"sort_order": 7},
            content_type="application/json",
            headers=headers,
        )
        allowed = expected(role, "Organisation", side_name, "change")
        assert patch.status_code == (200 if allowed else 401 if role == "public" else 403), (
            side_name,
            patch.content,
        )
        if not allowed and role != "public":
            assert patch.json()["code"] == "permission_denied"
    assert wrong == [], f"{role}: (what, side, got) differ from the matrix"


def test_api_tokens_list_only_own(world):
    client = Client()
    headers = {"Authorization": f"Bearer {world.own.token_secret}"}
    tokens = client.get("/api/v1/me/tokens", headers=headers).json()
    assert [t["id"] for t in tokens] == [world.own.token.pk]
    other_revoke = client.delete(f"/api/v1/me/tokens/{world.other.token.pk}", headers=headers)
    assert other_revoke.status_code == 404


# --- complaints and reports: the conflicted roles ---------------------------------------
# A report (举报) and a complaint (投诉) about department A name the "own" side's member of
# staff (a deputy there, the accused). Besides the roles above: the principal of A (the
# world's leader, appointed), the county head (principal of the root), a declared relative
# of the accused, the accused, and the staff of department B.

CONFLICT_ROLES = (*ROLES, "accused", "county_head", "relative", "other_dept")
CONFLICTED = {"leader", "accused", "county_head", "relative"}
# (kind, stage) -> role -> what the role sees: full (the case file), outcome, none
SEES = {
    ("report", "open"): {"sysadmin": "full", "inspector": "full"},
    ("report", "concluded"): {
        "sysadmin": "full", "inspector": "full",
        **dict.fromkeys(("org_admin", "clerk", *CONFLICTED), "outcome"),
    },
    ("complaint", "open"): dict.fromkeys(("sysadmin", "org_admin", "clerk", "inspector"), "full"),
    ("complaint", "concluded"): {
        **dict.fromkeys(("sysadmin", "org_admin", "clerk", "inspector"), "full"),
        **dict.fromkeys(CONFLICTED, "outcome"),
    },
}  # fmt: skip
# who may reply to the open item; the others' refusal code
REPLIES = {"report": {"inspector"}, "complaint": {"sysadmin", "org_admin", "clerk"}}


def expected_sight(role: str, kind: str, stage: str) -> str:
    return SEES[(kind, stage)].get(role, "none")


def expected_refusal(role: str, kind: str) -> str | None:
    if role in REPLIES[kind]:
        return None
    if kind == "complaint" and role in CONFLICTED:
        return "conflict_of_interest"  # may operate there, but must stand aside
    return "permission_denied"


@pytest.fixture
def conflict_world(world):
    import datetime

    from django.utils import timezone

    from yangguang.disclosure import services as disclosure
    from yangguang.orgs import services as orgs

    start = timezone.localdate() - datetime.timedelta(days=30)
    orgs.leadership_appoint(
        actor=SYSTEM, organisation=world.own.org, user=world.users["leader"], role="principal",
        title="局长", start=start,
    )  # fmt: skip
    head = accounts.user_create(
        actor=SYSTEM, username="county-head", full_name="县长", organisation=world.root,
        role="leader",
    )  # fmt: skip
    orgs.leadership_appoint(
        actor=SYSTEM, organisation=world.root, user=head, role="principal", title="县长",
        start=start,
    )  # fmt: skip
    relative = accounts.user_create(
        actor=SYSTEM, username="a-relative", full_name="亲属", organisation=world.own.org,
        role="clerk",
    )  # fmt: skip
    orgs.relative_declare(actor=SYSTEM, person=relative, relative=world.own.user, relation="spouse")
    world.users.update(
        {"accused": world.own.user, "county_head": head, "relative": relative,
         "other_dept": world.other.user}
    )  # fmt: skip
    items = {}
    for kind in ("report", "complaint"):
        for stage in ("open", "concluded"):
            c, _ = disclosure.complaint_submit(
                actor=SYSTEM, kind=kind, subject_kind="person", organisation=world.own.org,
                title=f"标题-{kind}-{stage}", content=f"内容-{kind}-{stage}",
                person_name=world.own.user.full_name, anonymous=False, name="举报人",
                contact="13900000000",
            )  # fmt: skip
            if stage == "concluded":
                c = disclosure.complaint_reply(
                    actor=SYSTEM, complaint=c, reply=f"答复-{kind}", finding="founded"
                )
            items[(kind, stage)] = c
    world.items = items
    return world


def test_conflict_expectations_are_not_trivial():
    cells = {expected_sight(r, k, s) for r in CONFLICT_ROLES for k, s in SEES}
    assert cells == {"full", "outcome", "none"}


@pytest.mark.parametrize("role", CONFLICT_ROLES)
def test_complaints_selector_page_api_and_export(conflict_world, role):
    import csv
    import io

    from yangguang.disclosure import visibility
    from yangguang.disclosure.models import Complaint

    w = conflict_world
    user = user_for(w, role)
    rows = {c.pk: c.full for c in visibility.visible_complaints(user, Complaint.objects.all())}
    client = _client_for(w, role)
    listed = client.get("/office/complaints/").content.decode()
    export = client.get("/office/complaints/all.csv")
    records = {}
    if export.status_code == 200:
        body = export.content.decode("utf-8-sig")
        records = {r["number"]: r for r in csv.DictReader(io.StringIO(body))}
    headers = {}
    if role != "public":
        _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="matrix")
        headers = {"Authorization": f"Bearer {secret}"}
    api = client.get("/api/v1/complaints/", headers=headers)
    by_api = {r["number"]: r for r in api.json()} if api.status_code == 200 else {}
    wrong = []
    for (kind, stage), c in w.items.items():
        want = expected_sight(role, kind, stage)
        got = {
            "selector": "none" if c.pk not in rows else "full" if rows[c.pk] else "outcome",
            "list": "full" if c.title in listed else "outcome" if c.number in listed else "none",
            "export": "none"
            if c.number not in records
            else "full"
            if records[c.number]["content"]
            else "outcome",
            "api": "none"
            if c.number not in by_api
            else "full"
            if by_api[c.number]["full"]
            else "outcome",
        }
        for path, seen in got.items():
            if seen != want:
                wrong.append((kind, stage, path, seen, want))
        if want == "outcome":  # at most the finding, never the content or the reply
            assert by_api[c.number]["finding"] == "founded"
            assert by_api[c.number]["content"] is None and by_api[c.number]["reply"] is None
        assert "13900000000" not in listed and "13900000000" not in str(records)
    assert wrong == [], f"{role}: (kind, stage, path, seen, expected)"


@pytest.mark.parametrize("role", [r for r in CONFLICT_ROLES if r != "public"])
def test_complaints_reply_matrix(conflict_world, role):
    from django.db import transaction

    from yangguang.core.errors import PermissionDeniedError
    from yangguang.disclosure import services as disclosure

    w = conflict_world
    actor = Actor.person(w.users[role])
    for kind in ("report", "complaint"):
        c = w.items[(kind, "open")]
        want = expected_refusal(role, kind)
        with transaction.atomic():
            try:
                disclosure.complaint_reply(actor=actor, complaint=c, reply="答复", finding="partly")
                got = None
            except PermissionDeniedError as exc:
                got = exc.error_code
                assert exc.zh and exc.en
            transaction.set_rollback(True)
        assert got == want, (role, kind)


def _client_for(world, role: str) -> Client:
    client = Client()
    if role != "public":
        client.force_login(world.users[role])
    return client


# --- the office forms for people, posts and leadership -----------------------------------


@pytest.fixture
def other_admin(world):
    return accounts.user_create(
        actor=SYSTEM,
        username="b-admin",
        full_name="交通局管理员",
        organisation=world.other.org,
        role="org_admin",
        password="Yangguang-test-2024",
    )


@pytest.mark.parametrize("who", ["org_admin", "other_admin", "clerk", "sysadmin"])
def test_office_forms(world, other_admin, who):
    """Own org's administrator and the system administrator may; the administrator of
    another organisation and a clerk may not (and nothing is written)."""
    user = other_admin if who == "other_admin" else world.users[who]
    client = Client()
    client.force_login(user)
    may = who in ("org_admin", "sysadmin")
    own = world.own
    post_url = f"/office/posts/{own.post.pk}/edit/"
    edit = client.post(
        post_url,
        {"code": own.post.code, "name": "改名岗", "risk_grade": "high", "rotation_months": "12"},
    )
    assert edit.status_code == (302 if may else 404 if who == "other_admin" else 403), who
    own.post.refresh_from_db()
    assert (own.post.name == "改名岗") == may
    new_post = client.post(
        "/office/posts/new/",
        {"organisation": own.org.pk, "code": "NEW", "name": "新岗", "risk_grade": "low"},
    )
    assert new_post.status_code in ((302,) if may else (400, 403)), who
    new_person = client.post(
        "/office/people/new/",
        {
            "username": f"new-{who}",
            "full_name": "新人",
            "organisation": own.org.pk,
            "role": "clerk",
        },
    )
    assert new_person.status_code in ((200,) if may else (400, 403)), who
    assert User.objects.filter(username=f"new-{who}").exists() == may
    reset = client.post(f"/office/people/{own.user.pk}/password/")
    assert reset.status_code == (200 if may else 404 if who == "other_admin" else 403), who
    leadership = client.get(f"/office/orgs/{own.org.code}/leadership/")
    assert leadership.status_code == (403 if who == "other_admin" else 200)
    appoint = client.post(
        f"/office/orgs/{own.org.code}/leadership/appoint/",
        {"user": own.user.pk, "role": "principal", "title": "局长", "start": "2024-01-01"},
    )
    assert appoint.status_code == (302 if may else 403), who


# --- information requests: the requester's personal data --------------------------------
# Requests to department A and to department B, answered and published (so every member of
# staff may open them) and one still open at A. The requester's name, phone, address and
# ID number are read only by the staff of the receiving body and by the commission
# supervising it (the inspector's jurisdiction is A), each reading audited; everybody
# else, the system administrator and a township party secretary included, sees them masked.

REQUESTER_ROLES = (*ROLES, "other_dept", "township_secretary")
READS_REQUESTER = {
    "own": {"org_admin", "clerk", "leader", "inspector"},
    "other": {"other_dept"},  # B's own clerk
}
PHONE = {"own": "13600000003", "other": "13600000004"}
ID_NUMBER = "11010519491231002X"


def expected_requester(role: str, side: str) -> bool:
    return role in READS_REQUESTER[side]


@pytest.fixture
def request_world(world):
    from yangguang.disclosure import services as disclosure

    township = orgs_create_township(world)
    secretary = accounts.user_create(
        actor=SYSTEM, username="qsz-shuji", full_name="镇党委书记", organisation=township,
        role="leader",
    )  # fmt: skip
    world.users.update({"other_dept": world.other.user, "township_secretary": secretary})
    world.requests = {}
    for side_name in ("own", "other"):
        side = getattr(world, side_name)
        req, _code = disclosure.info_request_submit(
            actor=SYSTEM, organisation=side.org, subject=f"专项资金明细-{side_name}",
            description="请公开明细", requester_name=f"申请人{side_name}",
            requester_contact=PHONE[side_name], requester_address="清水镇清水村8号",
            requester_id_number=ID_NUMBER, publish_consent=True,
        )  # fmt: skip
        req = disclosure.info_request_answer(
            actor=SYSTEM, request=req, outcome="answered_full",
            answer=f"已答复申请人{side_name}，见附表",
        )  # fmt: skip
        world.requests[side_name] = req
    open_req, _code = disclosure.info_request_submit(
        actor=SYSTEM, organisation=world.own.org, subject="尚未答复", description="明细",
        requester_name="申请人open", requester_contact="13600000005", publish_consent=False,
    )  # fmt: skip
    world.requests["open"] = open_req
    return world


def orgs_create_township(world):
    from yangguang.orgs import services as orgs

    return orgs.organisation_create(
        actor=SYSTEM, code="TL-QSZ", name="清水镇", kind="township", region=world.root.region,
        parent=world.root,
    )  # fmt: skip


def test_requester_expectations_are_not_trivial():
    cells = {expected_requester(r, s) for r in REQUESTER_ROLES for s in ("own", "other")}
    assert cells == {True, False}


@pytest.mark.parametrize("role", REQUESTER_ROLES)
def test_requester_data_page_api_and_audit(request_world, role):
    from yangguang.audit.services import AUDIT_SENSITIVE_READ
    from yangguang.disclosure import requester

    w = request_world
    user = user_for(w, role)
    client = _client_for(w, role)
    headers = {}
    if role != "public":
        _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="matrix")
        headers = {"Authorization": f"Bearer {secret}"}
    wrong = []
    for side_name in ("own", "other"):
        req = w.requests[side_name]
        want = expected_requester(role, side_name)
        private = (req.requester_name, PHONE[side_name], ID_NUMBER, "清水镇清水村8号")
        url = f"/office/disclosure/requests/{req.pk}/"
        # the published request: every member of staff opens it, nobody sees the data
        page = client.get(url)
        if role == "public":
            assert page.status_code == 302
        else:
            html = page.content.decode()
            assert page.status_code == 200 and req.subject in html
            assert not any(p in html for p in private), (role, side_name)
            assert ("requester-read" in html) == want
            assert ("requester-withheld" in html) == (not want)
        # the public page and downloads of the published answer: never the data
        public = Client().get(f"/requests/{req.number}/").content.decode()
        download = Client().get("/requests/all.json").content.decode()
        assert "见附表" in public
        assert not any(p in public or p in download for p in private)
        # asking to read it, on the page and through the API
        reads = AuditEntry.objects.filter(action=AUDIT_SENSITIVE_READ.code)
        before = reads.count()
        shown = client.post(url, {"step": "requester", "reason": "电话答复申请人"})
        on_page = shown.status_code == 200 and PHONE[side_name] in shown.content.decode()
        api = client.post(
            f"/api/v1/disclosure/requests/{req.number}/requester",
            data={"reason": "电话答复申请人"},
            content_type="application/json",
            headers=headers,
        )
        by_api = api.status_code == 200 and api.json()["contact"] == PHONE[side_name]
        if role != "public" and not want:
            assert api.status_code == 403 and api.json()["code"] == "permission_denied"
        got = {
            "selector": requester.may_read(user, req),
            "page": on_page,
            "api": by_api,
            # one audit entry per reading, with its reason; none for a refusal
            "audit": reads.count() - before == 2,
        }
        if not want:
            assert reads.count() == before
        for path, seen in got.items():
            if seen != want:
                wrong.append((side_name, path, seen, want))
    assert wrong == [], f"{role}: (side, path, seen, expected)"


@pytest.mark.parametrize("role", ["other_dept", "township_secretary", "sysadmin"])
def test_an_open_request_stays_with_its_body(request_world, role):
    """Before the answer is published, staff of other bodies do not even open it; the
    system administrator opens it (he runs the platform) but without the data."""
    w = request_world
    req = w.requests["open"]
    page = _client_for(w, role).get(f"/office/disclosure/requests/{req.pk}/")
    if role == "sysadmin":
        html = page.content.decode()
        assert page.status_code == 200 and "13600000005" not in html
        assert "requester-withheld" in html
    else:
        assert page.status_code == 404
