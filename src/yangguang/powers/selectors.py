"""Reads of power lists: the public catalogue's queries, version history and comparison,
the review report (审核情况统计) and the discretion check (自由裁量权基准核对)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from yangguang.core import access
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation
from yangguang.powers.models import (
    PENALTY_TYPE,
    Decision,
    DiscretionBenchmark,
    Grade,
    PowerItem,
    PowerList,
    PowerListVersion,
    PublishedItem,
)
from yangguang.powers.snapshot import COMPARED_FIELDS

# --- working lists ----------------------------------------------------------------------


def power_lists(*, user) -> QuerySet[PowerList]:
    return access.restrict(PowerList.objects.select_related("organisation"), user, "view")


def power_items(*, user, power_list: PowerList) -> QuerySet[PowerItem]:
    qs = PowerItem.objects.filter(power_list=power_list).select_related("type", "parent")
    return access.restrict(qs.order_by("code"), user, "view")


# --- published versions -----------------------------------------------------------------


def latest_versions() -> QuerySet[PowerListVersion]:
    """The latest version of every published list."""
    newest = (
        PowerListVersion.objects.filter(power_list=OuterRef("power_list"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return PowerListVersion.objects.filter(pk=Subquery(newest)).select_related("organisation")


def published_items(
    *,
    organisation: Organisation | None = None,
    type_code: str | None = None,
    keyword: str | None = None,
    version: PowerListVersion | None = None,
) -> QuerySet[PublishedItem]:
    """Items of the latest published versions (or of ``version``), filtered by
    organisation, type code and keyword (substring of name, code, type, body, basis)."""
    if version is not None:
        qs = PublishedItem.objects.filter(version=version)
    else:
        qs = PublishedItem.objects.filter(version__in=latest_versions().values("pk"))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if type_code:
        qs = qs.filter(type__code=type_code)
    for word in (keyword or "").split():
        qs = qs.filter(search_text__icontains=word)
    return qs.select_related("type", "organisation", "version").order_by(
        "organisation__sort_order", "organisation__code", "sort_order"
    )


def powers_in_force(*, q: str) -> QuerySet[PublishedItem]:
    """The published items in force (the latest version of every list) whose name or
    code contains every word of ``q``."""
    words = (q or "").split()
    if not words:
        raise DomainError(
            code="required", field="q", zh="请填写检索词(名称或编码)", en="q is required"
        )
    qs = PublishedItem.objects.filter(version__in=latest_versions().values("pk"))
    for word in words[:10]:
        qs = qs.filter(Q(name__icontains=word) | Q(code__icontains=word))
    return qs.select_related("organisation").order_by(
        "organisation__sort_order", "organisation__code", "sort_order"
    )


@dataclass(frozen=True)
class HistoryEntry:
    number: int
    published_at: Any
    published_by: str
    item_count: int
    sha256: str


def version_history(*, organisation: Organisation) -> list[HistoryEntry]:
    """The public history of an organisation's list: every version, newest first."""
    return [
        HistoryEntry(v.number, v.published_at, v.published_by_name, v.item_count, v.sha256)
        for v in PowerListVersion.objects.filter(organisation=organisation).order_by("-number")
    ]


def version_data(version: PowerListVersion) -> dict[str, Any]:
    return json.loads(version.snapshot)


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    fields: dict[str, tuple[Any, Any]]  # field -> (old, new)


@dataclass(frozen=True)
class VersionDiff:
    old: int
    new: int
    added: list[tuple[str, str]]  # (code, name)
    removed: list[tuple[str, str]]
    changed: list[ItemChange]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def versions_compare(*, old: PowerListVersion, new: PowerListVersion) -> VersionDiff:
    """Two versions of one list compared item by item, by code."""
    if old.power_list_id != new.power_list_id:
        raise DomainError(
            code="versions_of_other_lists",
            field="new",
            zh="只能比较同一清单的两个版本",
            en="only two versions of the same list can be compared",
        )
    before = {d["code"]: d for d in version_data(old)["items"]}
    after = {d["code"]: d for d in version_data(new)["items"]}
    return VersionDiff(
        old=old.number,
        new=new.number,
        added=[(c, after[c]["name"]) for c in sorted(after.keys() - before.keys())],
        removed=[(c, before[c]["name"]) for c in sorted(before.keys() - after.keys())],
        changed=items_changed(before, after),
    )


def items_changed(before: dict[str, dict], after: dict[str, dict]) -> list[ItemChange]:
    """The items (by code) in both ``before`` and ``after`` whose compared fields differ."""
    changed = []
    for code in sorted(before.keys() & after.keys()):
        fields = {
            f: (before[code].get(f), after[code].get(f))
            for f in COMPARED_FIELDS
            if before[code].get(f) != after[code].get(f)
        }
        if fields:
            changed.append(ItemChange(code, after[code]["name"], fields))
    return changed


# --- the review report ------------------------------------------------------------------

ONE_DECIMAL = Decimal("0.1")


@dataclass
class ReviewFigures:
    """The outcome of a review round. ``declared`` counts every item of the round (main
    items and sub-items alike); an undecided item counts as kept; a sub-item of a main
    item that leaves counts with that main item's decision."""

    organisation: str = ""
    declared: int = 0
    kept: int = 0
    cancelled: int = 0
    delegated: int = 0
    merged: int = 0
    transferred: int = 0
    adjusted: int = 0
    entrusted: int = 0
    version: int | None = None

    @property
    def reduced(self) -> int:
        return self.cancelled + self.delegated + self.merged + self.transferred

    @property
    def share_reduced(self) -> Decimal:
        """Percent of the declared items that left the list, one decimal (half up)."""
        if not self.declared:
            return Decimal("0.0")
        share = Decimal(self.reduced * 100) / Decimal(self.declared)
        return share.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    def add(self, other: ReviewFigures) -> None:
        for name in (
            "declared",
            "kept",
            "cancelled",
            "delegated",
            "merged",
            "transferred",
            "adjusted",
            "entrusted",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def reduction_sentence(self) -> str:
        """``取消49项、下放69项、合并减少8项,共减少126项,占总数的26.6%``."""
        parts = [f"取消{self.cancelled}项", f"下放{self.delegated}项", f"合并减少{self.merged}项"]
        if self.transferred:
            parts.append(f"转移{self.transferred}项")
        return "、".join(parts) + f",共减少{self.reduced}项,占总数的{self.share_reduced}%"

    def text_zh(self) -> str:
        who = self.organisation or "合计"
        kept = self.kept + self.adjusted + self.entrusted
        entrusted = f"、委托{self.entrusted}项" if self.entrusted else ""
        return (
            f"{who}共梳理职权{self.declared}项,保留{kept}项"
            f"(其中调整{self.adjusted}项{entrusted});{self.reduction_sentence()}。"
        )


_COUNTER = {
    Decision.KEEP: "kept",
    Decision.CANCEL: "cancelled",
    Decision.DELEGATE: "delegated",
    Decision.MERGE: "merged",
    Decision.TRANSFER: "transferred",
    Decision.ADJUST: "adjusted",
    Decision.ENTRUST: "entrusted",
}


def figures_of(decisions: list[str], organisation: str = "") -> ReviewFigures:
    figures = ReviewFigures(organisation=organisation, declared=len(decisions))
    for decision in decisions:
        name = _COUNTER[Decision(decision)]
        setattr(figures, name, getattr(figures, name) + 1)
    return figures


def version_figures(version: PowerListVersion) -> ReviewFigures:
    data = version_data(version)
    figures = figures_of([e["decision"] for e in data["review"]], data["organisation"]["name"])
    figures.version = version.number
    return figures


@dataclass
class ReviewReport:
    rows: list[ReviewFigures] = field(default_factory=list)
    total: ReviewFigures = field(default_factory=lambda: ReviewFigures(organisation="合计"))

    def text_zh(self) -> str:
        return "\n".join([r.text_zh() for r in self.rows] + [self.total.text_zh()])


def review_report(*, organisation: Organisation | None = None) -> ReviewReport:
    """Per organisation (its latest published round; with ``organisation``: that one and
    its subtree) and overall."""
    versions = latest_versions()
    if organisation is not None:
        versions = versions.filter(organisation__path__startswith=organisation.path)
    report = ReviewReport()
    for version in versions.order_by("organisation__sort_order", "organisation__code"):
        row = version_figures(version)
        report.rows.append(row)
        report.total.add(row)
    return report


# --- discretion check -------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """One discretion benchmark as it is in force (the published data format's keys
    ``fine_min``/``fine_max`` as ``Decimal``)."""

    grade: str
    description: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    other_penalties: str
    quantified: bool

    @classmethod
    def of(cls, d: dict[str, Any]) -> Benchmark:
        def money(v: Any) -> Decimal | None:
            return None if v is None else Decimal(str(v))

        return cls(
            d["grade"],
            d.get("description", ""),
            money(d.get("fine_min")),
            money(d.get("fine_max")),
            d.get("other_penalties", ""),
            bool(d.get("quantified", True)),
        )

    @property
    def grade_zh(self) -> str:
        return grade_zh(self.grade)

    def as_api(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "description": self.description,
            "min": number(self.fine_min),
            "max": number(self.fine_max),
            "other_penalties": self.other_penalties,
            "quantified": self.quantified,
        }


def number(value: Decimal | None) -> int | float | None:
    """A money amount as a JSON number (whole yuan as an integer)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def grade_zh(grade: str) -> str:
    """The Chinese name of a circumstance grade (轻微, 一般, 较重, 严重)."""
    from django.utils import translation

    if grade not in Grade.values:
        return grade
    with translation.override("zh-hans"):
        return str(Grade(grade).label)


@dataclass(frozen=True)
class ItemInForce:
    """An item with the benchmarks that apply to it: those of the organisation's
    published version in force (``version`` its number), or, for an item never
    published, its working list's own (``version`` None)."""

    organisation_id: int
    code: str
    name: str
    type_code: str
    benchmarks: tuple[Benchmark, ...]
    version: int | None

    @property
    def is_penalty(self) -> bool:
        return self.type_code == PENALTY_TYPE


def _from_data(organisation_id: int, data: dict[str, Any], version: int) -> ItemInForce:
    return ItemInForce(
        organisation_id,
        data["code"],
        data["name"],
        data["type"]["code"],
        tuple(Benchmark.of(b) for b in data.get("benchmarks", [])),
        version,
    )


def item_in_force(*, organisation: Organisation, code: str) -> ItemInForce | None:
    """Item ``code`` of the latest published version of ``organisation``'s list (the
    version in force), or None when that version has no such item (or there is none)."""
    found = (
        PublishedItem.objects.filter(
            version__in=latest_versions().filter(organisation=organisation).values("pk"),
            code=code,
        )
        .select_related("version")
        .first()
    )
    if found is None:
        return None
    return _from_data(organisation.pk, found.data, found.version.number)


def benchmarks_in_force(power: PowerItem) -> ItemInForce:
    """What a working item ``power`` is checked against: the same code in the published
    version in force of its list's organisation; an item not published yet, its own
    (working) benchmarks."""
    power_list = power.power_list
    published = item_in_force(organisation=power_list.organisation, code=power.code)
    if published is not None:
        return published
    rows = DiscretionBenchmark.objects.filter(power=power).order_by("pk")
    return ItemInForce(
        power_list.organisation_id,
        power.code,
        power.name,
        power.type.code,
        tuple(
            Benchmark(
                b.grade, b.description, b.fine_min, b.fine_max, b.other_penalties, b.quantified
            )
            for b in rows
        ),
        None,
    )


def require_penalty(item: ItemInForce) -> None:
    if not item.is_penalty:
        raise DomainError(
            code="benchmark_not_penalty",
            field="power",
            zh=f"{item.code} 不是行政处罚事项",
            en=f"{item.code} is not a penalty power",
        )


@dataclass(frozen=True)
class PenaltyCheck:
    inside: bool
    grade: str
    amount: Decimal
    fine_min: Decimal | None
    fine_max: Decimal | None
    quantified: bool
    zh: str
    en: str

    @property
    def message(self) -> str:
        return f"{self.zh} ({self.en})"

    def as_api(self) -> dict[str, Any]:
        return {
            "within": self.inside,
            "min": number(self.fine_min),
            "max": number(self.fine_max),
            "message": self.message,
        }


def penalty_check(
    *, power: PowerItem | ItemInForce, circumstance: str, amount: Decimal | int | str
) -> PenaltyCheck:
    """Is a proposed fine for ``power`` under ``circumstance`` (a grade: slight, ordinary,
    serious, grave) inside its discretion benchmark, and why. Where the circumstance is
    not quantified, the lower bound applies (一律按下限执行).

    The one implementation of the rule: the API's penalty check, the 决定 step of a
    penalty case (``cases.penalty``) and the pages call it. A working item is checked
    against the benchmarks in force (``benchmarks_in_force``)."""
    item = benchmarks_in_force(power) if isinstance(power, PowerItem) else power
    require_penalty(item)
    if not isinstance(circumstance, str) or circumstance not in Grade.values:
        raise DomainError(
            code="grade_unknown",
            field="circumstance",
            zh=f"未知的违法情节等级 {circumstance!r}(轻微 slight、一般 ordinary、"
            "较重 serious、严重 grave)",
            en=f"unknown circumstance grade {circumstance!r} (slight, ordinary, serious, grave)",
        )
    try:
        value = Decimal(str(amount).strip()) if not isinstance(amount, bool) else None
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise DomainError(
            code="amount_invalid",
            field="amount",
            zh=f"罚款金额 {amount!r} 须为非负数",
            en=f"the fine {amount!r} must be a non-negative number",
        )
    grade_name = grade_zh(circumstance)
    bench = next((b for b in item.benchmarks if b.grade == circumstance), None)
    if bench is None:
        raise DomainError(
            code="benchmark_missing",
            field="circumstance",
            zh=f"{item.code} 没有“{grade_name}”情节的裁量基准",
            en=f"{item.code} has no benchmark for the grade {circumstance}",
        )
    low, high = bench.fine_min, bench.fine_max

    def result(inside: bool, zh: str, en: str) -> PenaltyCheck:
        return PenaltyCheck(inside, circumstance, value, low, high, bench.quantified, zh, en)

    if low is None:
        if value == 0:
            return result(True, f"“{grade_name}”情节不处罚款", f"no fine for a {circumstance} case")
        return result(
            False,
            f"“{grade_name}”情节不处罚款(处罚种类:{bench.other_penalties}),拟罚 {value} 元超出基准",
            f"a {circumstance} case carries no fine ({bench.other_penalties}); "
            f"{value} yuan is outside the benchmark",
        )
    if not bench.quantified:
        if value == low:
            return result(
                True,
                f"“{grade_name}”情节未量化,一律按下限执行 {low} 元,拟罚金额符合",
                f"the {circumstance} circumstance is not quantified: the lower bound "
                f"{low} yuan applies, and the proposal matches it",
            )
        return result(
            False,
            f"“{grade_name}”情节未量化,一律按下限执行 {low} 元,拟罚 {value} 元不符",
            f"the {circumstance} circumstance is not quantified: the lower bound {low} yuan "
            f"applies, not {value} yuan",
        )
    if value < low:
        return result(
            False,
            f"拟罚 {value} 元低于“{grade_name}”情节的下限 {low} 元",
            f"{value} yuan is below the minimum {low} yuan for a {circumstance} case",
        )
    if value > high:
        return result(
            False,
            f"拟罚 {value} 元高于“{grade_name}”情节的上限 {high} 元",
            f"{value} yuan is above the maximum {high} yuan for a {circumstance} case",
        )
    return result(
        True,
        f"拟罚 {value} 元在“{grade_name}”情节 {low}–{high} 元的幅度内",
        f"{value} yuan is within the {low}–{high} yuan range for a {circumstance} case",
    )


def max_version_number(power_list: PowerList) -> int:
    return power_list.versions.aggregate(n=Max("number"))["n"] or 0
