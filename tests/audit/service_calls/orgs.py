"""Organisations, posts, leadership terms and charges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ._common import TODAY, F, _holding, _post, _term

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _orgs(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.orgs import services as s

        sys_ = f["system"]
        tree = f["tree"]
        if name == "region_create":
            s.region_create(actor=sys_, code="450000", name="广西", level="province")
            return ["region.create"]
        if name == "organisation_create":
            s.organisation_create(
                actor=sys_,
                code="X9",
                name="新单位",
                kind="department",
                region=tree["region"],
                parent=tree["gov"],
            )
            return ["org.create"]
        if name == "organisation_update":
            s.organisation_update(actor=sys_, organisation=tree["dept"], name="改名后的财政局")
            return ["org.update"]
        if name == "post_create":
            _post(f)
            return ["post.create"]
        if name == "post_update":
            s.post_update(actor=sys_, post=_post(f), name="出纳")
            return ["post.create", "post.update"]
        if name == "post_assign":
            _holding(f)
            return ["post.create", "post.assign"]
        if name == "post_release":
            s.post_release(actor=sys_, holding=_holding(f), end=TODAY + dt.timedelta(days=30))
            return ["post.create", "post.assign", "post.release"]
        if name == "leadership_appoint":
            _term(f)
            return ["leadership.appoint"]
        if name == "leadership_end":
            s.leadership_end(actor=sys_, term=_term(f), end=TODAY + dt.timedelta(days=9))
            return ["leadership.appoint", "leadership.end"]
        if name == "valid_exemption":
            s.valid_exemption(_term(f), "finance", TODAY)
            return ["leadership.appoint"]
        if name == "charge_assign":
            s.charge_assign(
                actor=sys_, term=_term(f, "deputy"), area="other", label="后勤", since=TODAY
            )
            return ["leadership.appoint", "leadership.charge_assign"]
        if name == "charge_remove":
            charge = s.charge_assign(
                actor=sys_, term=_term(f, "deputy"), area="other", label="后勤", since=TODAY
            )
            s.charge_remove(actor=sys_, charge=charge)
            return ["leadership.appoint", "leadership.charge_assign", "leadership.charge_remove"]
        if name == "exemption_record":
            s.exemption_record(
                actor=sys_,
                term=_term(f),
                area="finance",
                reason="编制不足, 经批准",
                approver=f["users"]["sysadmin"],
                approved_on=TODAY,
            )
            return ["leadership.appoint", "leadership.exemption_record"]
        if name in ("relative_declare", "relative_end"):
            d = s.relative_declare(
                actor=sys_, person=f["users"]["clerk"], relative=f["users"]["org_admin"],
                relation="spouse",
            )  # fmt: skip
            if name == "relative_declare":
                return ["relative.declare"]
            s.relative_end(actor=sys_, declaration=d, reason="申报有误")
            return ["relative.declare", "relative.end"]
        raise AssertionError(name)

    return call


CALLS.update(
    {
        f"yangguang.orgs.services.{n}": _orgs(n)
        for n in (
            "region_create",
            "organisation_create",
            "organisation_update",
            "post_create",
            "post_update",
            "post_assign",
            "post_release",
            "leadership_appoint",
            "leadership_end",
            "valid_exemption",
            "charge_assign",
            "charge_remove",
            "exemption_record",
            "relative_declare",
            "relative_end",
        )
    }
)
