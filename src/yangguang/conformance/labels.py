"""The conformance check's findings as a reader sees them: each kind of deviation by
its name, and each stored detail in the page's language.

The checker writes a finding's detail as ``中文 (English)`` (``checker._step`` and the
timing and separation checks), the English always last and starting with a lower-case
letter; ``one_language`` gives the part of the active language, so the pages and the
export show one language whatever run stored them."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import in_language

KIND_LABELS = {
    "unknown_activity": _("未知环节"),
    "wrong_order": _("顺序错误"),
    "missing_step": _("缺少必经环节"),
    "duplicate_step": _("重复办理"),
    "sod_violation": _("违反不相容岗位分离"),
    "step_overdue": _("环节超时"),
    "case_overdue": _("办件超时"),
    "incomplete_case": _("案件未办结"),
}
PHASE_LABELS = {"read": _("读取日志"), "check": _("检查"), "store": _("保存结果")}
SUMMARY_LABELS = {
    "cases": _("案件数"),
    "events": _("事件数"),
    "conformant_cases": _("合规案件数"),
    "seconds": _("用时（秒）"),
}
# where the English of a stored detail begins: " (" then a lower-case letter, the rest
# closing with ")"
_ENGLISH = re.compile(r" \((?=[a-z])")


def kind_label(kind: str) -> str:
    """A kind of deviation (``缺少必经环节``), a figure of the summary or a phase of the
    run by its name; an unknown code as it is."""
    label = KIND_LABELS.get(kind) or SUMMARY_LABELS.get(kind) or PHASE_LABELS.get(kind)
    return str(label) if label is not None else kind


def split_detail(detail: str) -> tuple[str, str]:
    """``(zh, en)`` of a stored ``中文 (English)`` detail (both the text when it has no
    English part)."""
    for match in _ENGLISH.finditer(detail or ""):
        tail = detail[match.end() :]
        if tail.endswith(")") and tail.count("(") + 1 == tail.count(")"):
            return detail[: match.start()], tail[:-1]
    return detail, detail


def one_language(detail: str) -> str:
    """A stored detail in the active language."""
    return in_language(*split_detail(detail))
