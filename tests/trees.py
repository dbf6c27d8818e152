"""Organisation trees built through the real services, shared by the app test suites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.factories import SYSTEM


@dataclass
class Tree:
    """The county every app's tests start from: 浙江省 › 杭州市 › 桐庐县; the county party
    committee (``root``) with its government (``gov``), two departments under it (``a`` =
    财政局, ``b`` = 交通局) and the county commission supervising the whole tree.
    ``tree.a`` and ``tree["a"]`` are the same (``dept`` and ``other`` are aliases of
    ``a`` and ``b``)."""

    province: Any
    city: Any
    county: Any
    root: Any
    gov: Any
    a: Any
    b: Any
    commission: Any

    @property
    def dept(self) -> Any:
        return self.a

    @property
    def other(self) -> Any:
        return self.b

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


def county_tree() -> Tree:
    """Build the :class:`Tree` through the organisation services."""
    from yangguang.orgs import services as orgs

    province = orgs.region_create(actor=SYSTEM, code="330000", name="浙江省", level="province")
    city = orgs.region_create(
        actor=SYSTEM, code="330100", name="杭州市", level="city", parent=province
    )
    county = orgs.region_create(
        actor=SYSTEM, code="330122", name="桐庐县", level="county", parent=city
    )

    def org(code: str, name: str, kind: str = "department", parent=None, **kw):
        return orgs.organisation_create(
            actor=SYSTEM, code=code, name=name, kind=kind, region=county, parent=parent, **kw
        )

    root = org("XW", "县委", "party_committee")
    gov = org("ZF", "县政府", "government", root)
    a = org("CZJ", "财政局", parent=gov)
    b = org("JTJ", "交通局", parent=gov)
    commission = org("JW", "县纪委监委", "commission", root, jurisdiction=root)
    return Tree(province, city, county, root, gov, a, b, commission)


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
