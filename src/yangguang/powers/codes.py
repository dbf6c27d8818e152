"""Power codes (职权编码): one configurable scheme per deployment.

``settings.POWER_CODE_SCHEME`` is a regular expression with the named groups ``type``
(the power type's code), ``main`` (main-item number) and ``sub`` (sub-item number, 0 for a
main item); ``settings.POWER_CODE_FORMAT`` is the matching ``str.format`` template. The
seeded default is "two-letter type + five-digit main item + three-digit sub-item":
``XK00012000`` is main item 12 of type XK, ``XK00012001`` its first sub-item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from yangguang.core.errors import DomainError

DEFAULT_SCHEME = r"^(?P<type>[A-Z]{2})(?P<main>[0-9]{5})(?P<sub>[0-9]{3})$"
DEFAULT_FORMAT = "{type}{main:05d}{sub:03d}"
TYPE_CODE = re.compile(r"^[A-Z]{2}$")

#: the power types seeded by migration 0002 (code, name), in display order
DEFAULT_TYPES = (
    ("XK", "行政许可"),
    ("CF", "行政处罚"),
    ("QZ", "行政强制"),
    ("ZS", "行政征收"),
    ("JF", "行政给付"),
    ("JC", "行政检查"),
    ("QR", "行政确认"),
    ("JL", "行政奖励"),
    ("CJ", "行政裁决"),
    ("QT", "其他行政权力"),
    ("GF", "公共服务"),
)


@dataclass(frozen=True)
class PowerCode:
    type: str
    main: int
    sub: int

    @property
    def is_main(self) -> bool:
        return self.sub == 0

    def __str__(self) -> str:
        return format_code(type=self.type, main=self.main, sub=self.sub)


@lru_cache(maxsize=8)
def _compiled(scheme: str) -> re.Pattern[str]:
    pattern = re.compile(scheme)
    missing = {"type", "main", "sub"} - set(pattern.groupindex)
    if missing:
        raise ValueError(f"POWER_CODE_SCHEME lacks the named groups {sorted(missing)}")
    return pattern


def scheme() -> re.Pattern[str]:
    return _compiled(getattr(settings, "POWER_CODE_SCHEME", "") or DEFAULT_SCHEME)  # "": unset


def template() -> str:
    return getattr(settings, "POWER_CODE_FORMAT", "") or DEFAULT_FORMAT


def _bad(value: object, field: str) -> DomainError:
    example = format_code(type="XK", main=12, sub=0)
    return DomainError(
        code="power_code_invalid",
        field=field,
        zh=f"职权编码 {value!r} 不符合编码规则(如 {example}:类型字母+主项号+子项号)",
        en=f"power code {value!r} does not follow the code scheme (e.g. {example}: "
        f"type letters + main-item number + sub-item number)",
    )


def parse(value: object, *, field: str = "code") -> PowerCode:
    """The parts of a code; ``DomainError`` (naming ``field``) for anything else."""
    if not isinstance(value, str):
        raise _bad(value, field)
    match = scheme().fullmatch(value)
    if match is None:
        raise _bad(value, field)
    main, sub = int(match["main"]), int(match["sub"])
    if main < 1:
        raise _bad(value, field)
    code = PowerCode(type=match["type"], main=main, sub=sub)
    if format_code(type=code.type, main=main, sub=sub) != value:
        raise _bad(value, field)  # e.g. a non-canonical spelling the regex lets through
    return code


def format_code(*, type: str, main: int, sub: int = 0) -> str:
    """The code for these parts; ``DomainError`` when they cannot form a valid code."""
    if not isinstance(type, str) or not TYPE_CODE.match(type):
        raise DomainError(
            code="power_type_code_invalid",
            field="type",
            zh=f"职权类型代码 {type!r} 应为两个大写字母",
            en=f"power type code {type!r} must be two capital letters",
        )
    if isinstance(main, bool) or not isinstance(main, int) or main < 1:
        raise DomainError(
            code="power_code_main_invalid",
            field="main",
            zh=f"主项号 {main!r} 应为正整数",
            en=f"main-item number {main!r} must be a positive integer",
        )
    if isinstance(sub, bool) or not isinstance(sub, int) or sub < 0:
        raise DomainError(
            code="power_code_sub_invalid",
            field="sub",
            zh=f"子项号 {sub!r} 应为非负整数",
            en=f"sub-item number {sub!r} must be a non-negative integer",
        )
    value = template().format(type=type, main=main, sub=sub)
    match = scheme().fullmatch(value)
    if match is None or (match["type"], int(match["main"]), int(match["sub"])) != (type, main, sub):
        raise DomainError(
            code="power_code_out_of_range",
            field="code",
            zh=f"类型 {type}、主项 {main}、子项 {sub} 超出编码规则的位数",
            en=f"type {type}, main item {main}, sub-item {sub} do not fit the code scheme",
        )
    return value


def is_valid(value: object) -> bool:
    try:
        parse(value)
    except DomainError:
        return False
    return True
