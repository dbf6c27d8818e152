"""Template filters of the discretion benchmarks (自由裁量权基准) on the item pages
(office and portal) and the case page: grades by name, fine ranges in yuan, in the
page's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from yangguang.powers.selectors import Benchmark

register = template.Library()


def grade_names() -> dict[str, str]:
    return {"slight": _("轻微"), "ordinary": _("一般"), "serious": _("较重"), "grave": _("严重")}


@register.filter
def grade_text(value: str) -> str:
    return grade_names().get(value, value)


@register.filter
def yuan(value: Any) -> str:
    """An amount in yuan without a needless ``.00`` (``50000``, ``1234.5``)."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def range_text(low: Any, high: Any) -> str:
    if low is None:
        return ""
    if high is None or Decimal(str(low)) == Decimal(str(high)):
        return _("%(amount)s 元") % {"amount": yuan(low)}
    return _("%(low)s–%(high)s 元") % {"low": yuan(low), "high": yuan(high)}


@register.filter
def benchmark_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The benchmarks of an item (published data format) with their display texts."""
    rows = []
    for raw in data.get("benchmarks") or []:
        b = Benchmark.of(raw)
        rows.append(
            {
                "grade": b.grade,
                "grade_text": grade_text(b.grade),
                "description": b.description,
                "range_text": range_text(b.fine_min, b.fine_max),
                "other_penalties": b.other_penalties,
                "quantified": b.quantified,
            }
        )
    return rows


@register.simple_tag
def fine_range(low: Any, high: Any) -> str:
    return range_text(low, high) or "—"
