"""Organisation trees built through the real services, shared by the app test suites."""

from __future__ import annotations

from tests.factories import SYSTEM


def government_with_commission(level_name: str = "某县") -> dict:
    """A region, a government with two departments (``dept``, ``other``), and a commission
    stationed at the government supervising ``dept``."""
    from yangguang.orgs import services as orgs

    region = orgs.region_create(actor=SYSTEM, code="440000", name="广东省", level="province")

    def org(code: str, name: str, kind: str, parent=None, **kw):
        return orgs.organisation_create(
            actor=SYSTEM, code=code, name=f"{level_name}{name}", kind=kind, region=region,
            parent=parent, **kw,
        )  # fmt: skip

    gov = org("G1", "人民政府", "government")
    dept = org("D1", "财政局", "department", gov)
    other = org("D2", "教育局", "department", gov)
    commission = org("C1", "纪委监委派驻组", "commission", gov, jurisdiction=dept)
    return {"region": region, "gov": gov, "dept": dept, "other": other, "commission": commission}
