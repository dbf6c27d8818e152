"""Validators for region codes (GB/T 2260 and the statistical division code extension)
and for the unified social credit code (统一社会信用代码, GB 32100-2015, whose positions
9–17 are the organisation code of GB 11714).

Every error is a :class:`~yangguang.core.errors.DomainError` naming the field at fault and
saying, in Chinese and English, which position is wrong and what was expected.
"""

from __future__ import annotations

from yangguang.core.errors import DomainError
from yangguang.orgs.models import RegionLevel

# --- region codes ---------------------------------------------------------------------

#: The first two digits of GB/T 2260 codes: the provinces, autonomous regions,
#: municipalities, Taiwan, Hong Kong and Macao.
PROVINCE_PREFIXES = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
    + ["71", "81", "82"]
)

LEVEL_ORDER = [
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.COUNTY,
    RegionLevel.TOWNSHIP,
    RegionLevel.VILLAGE,
]

#: level -> levels its parent may have (a county may hang directly under its province:
#: 省直辖县级行政区划, e.g. 仙桃市 429004)
ALLOWED_PARENT_LEVELS: dict[str, tuple[str, ...]] = {
    RegionLevel.PROVINCE: (),
    RegionLevel.CITY: (RegionLevel.PROVINCE,),
    RegionLevel.COUNTY: (RegionLevel.CITY, RegionLevel.PROVINCE),
    RegionLevel.TOWNSHIP: (RegionLevel.COUNTY,),
    RegionLevel.VILLAGE: (RegionLevel.TOWNSHIP,),
}

LEVEL_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}

_LEVEL_ZH = {
    RegionLevel.PROVINCE: "省级",
    RegionLevel.CITY: "市级",
    RegionLevel.COUNTY: "县级",
    RegionLevel.TOWNSHIP: "乡镇级",
    RegionLevel.VILLAGE: "村级",
}


def _region_error(code: str, zh: str, en: str, field: str = "code") -> DomainError:
    return DomainError(code=code, field=field, zh=zh, en=en)


def region_level_of(code: str) -> str | None:
    """The level a well-formed code denotes (None if it denotes none)."""
    if not code.isascii() or not code.isdigit():
        return None
    if len(code) == 6:
        if code.endswith("0000"):
            return RegionLevel.PROVINCE
        if code.endswith("00"):
            return RegionLevel.CITY
        return RegionLevel.COUNTY
    if len(code) == 9:
        return RegionLevel.TOWNSHIP
    if len(code) == 12:
        return RegionLevel.VILLAGE
    return None


def validate_region_code(code: str, level: str) -> None:
    """A code well-formed for ``level``, on its own (without its parent)."""
    if level not in LEVEL_LENGTH:
        raise _region_error(
            "region_level_unknown",
            f"未知的区划层级 {level!r}",
            f"unknown region level {level!r}",
            field="level",
        )
    expected_len = LEVEL_LENGTH[level]
    if not (code.isascii() and code.isdigit()):
        raise _region_error(
            "region_code_not_digits",
            f"区划代码只能由数字组成，收到 {code!r}",
            f"a region code consists of digits only, got {code!r}",
        )
    if len(code) != expected_len:
        raise _region_error(
            "region_code_length",
            f"{_LEVEL_ZH[level]}区划代码应为 {expected_len} 位数字，收到 {len(code)} 位",
            f"a {level} code has {expected_len} digits, got {len(code)}",
        )
    if code[:2] not in PROVINCE_PREFIXES:
        raise _region_error(
            "region_code_province",
            f"第 1–2 位 {code[:2]} 不是 GB/T 2260 中的省级代码",
            f"positions 1–2 ({code[:2]}) are not a GB/T 2260 province code",
        )
    actual = region_level_of(code)
    if actual != level:
        rule_zh = {
            RegionLevel.PROVINCE: "省级代码以 0000 结尾",
            RegionLevel.CITY: "市级代码以 00 结尾但不以 0000 结尾",
            RegionLevel.COUNTY: "县级代码不以 00 结尾",
        }
        rule_en = {
            RegionLevel.PROVINCE: "a province code ends in 0000",
            RegionLevel.CITY: "a city code ends in 00 but not in 0000",
            RegionLevel.COUNTY: "a county code does not end in 00",
        }
        raise _region_error(
            "region_code_level",
            f"代码 {code} 与层级“{_LEVEL_ZH[level]}”不符：{rule_zh[level]}",
            f"code {code} does not fit level {level}: {rule_en[level]}",
        )
    if level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
        tail = code[-3:]
        if tail == "000":
            raise _region_error(
                "region_code_tail",
                f"第 {len(code) - 2}–{len(code)} 位不能为 000",
                f"positions {len(code) - 2}–{len(code)} must not be 000",
            )
        if region_level_of(code[:6]) != RegionLevel.COUNTY:
            raise _region_error(
                "region_code_county_part",
                f"前 6 位 {code[:6]} 应为县级代码",
                f"the first six digits ({code[:6]}) must be a county code",
            )


def validate_region(
    *, code: str, level: str, parent_code: str | None, parent_level: str | None
) -> None:
    """The code fits its level, and extends its parent's at a level one step up."""
    validate_region_code(code, level)
    allowed = ALLOWED_PARENT_LEVELS[level]
    if not allowed:
        if parent_code is not None:
            raise _region_error(
                "region_parent_not_allowed",
                "省级区划不能有上级区划",
                "a province has no parent region",
                field="parent",
            )
        return
    if parent_code is None or parent_level is None:
        raise _region_error(
            "region_parent_required",
            f"{_LEVEL_ZH[level]}区划必须有上级区划",
            f"a {level} region needs a parent region",
            field="parent",
        )
    if parent_level not in allowed:
        names_zh = "或".join(_LEVEL_ZH[a] for a in allowed)
        names_en = " or ".join(str(a) for a in allowed)
        raise _region_error(
            "region_parent_level",
            f"{_LEVEL_ZH[level]}区划的上级应为{names_zh}，而不是{_LEVEL_ZH.get(parent_level, parent_level)}",
            f"the parent of a {level} must be a {names_en}, not a {parent_level}",
            field="parent",
        )
    prefix_len = {
        RegionLevel.PROVINCE: 2,
        RegionLevel.CITY: 4,
        RegionLevel.COUNTY: 6,
        RegionLevel.TOWNSHIP: 9,
    }[parent_level]
    expected = parent_code[:prefix_len]
    if code[:prefix_len] != expected:
        raise _region_error(
            "region_code_parent_prefix",
            f"代码 {code} 应以上级区划代码的前 {prefix_len} 位 {expected} 开头",
            f"code {code} must start with its parent's first {prefix_len} digits ({expected})",
        )


# --- unified social credit code (GB 32100-2015) -----------------------------------------

CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_VALUES = {ch: i for i, ch in enumerate(CREDIT_CHARSET)}
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: position 1 (登记管理部门代码) -> allowed position 2 (机构类别代码), GB 32100 annex A
CREDIT_AUTHORITIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直管群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "1239",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_char_value(ch: str) -> int:
    """GB 11714 character value: digits 0–9, letters A=10 … Z=35."""
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord("A") + 10


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character of an eight-character organisation code body."""
    if len(first8) != 8 or not all(ch.isascii() and ch.isalnum() for ch in first8):
        raise ValueError("an organisation code body has eight letters or digits")
    total = sum(
        _org_char_value(ch) * w for ch, w in zip(first8.upper(), ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a credit code."""
    if len(first17) != 17 or any(ch not in CREDIT_VALUES for ch in first17):
        raise ValueError("the first 17 characters must come from the credit-code charset")
    total = sum(CREDIT_VALUES[ch] * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    check = 31 - total % 31
    return CREDIT_CHARSET[0 if check == 31 else check]


def _credit_error(code: str, zh: str, en: str, field: str) -> DomainError:
    return DomainError(code=code, field=field, zh=zh, en=en)


def validate_credit_code(value: str, *, field: str = "credit_code") -> None:
    """Check all 18 characters of a unified social credit code; the first fault found
    is reported with its position and what was expected there."""
    if len(value) != 18:
        raise _credit_error(
            "credit_code_length",
            f"统一社会信用代码应为 18 位，收到 {len(value)} 位",
            f"a unified social credit code has 18 characters, got {len(value)}",
            field,
        )
    for pos, ch in enumerate(value, start=1):
        if ch not in CREDIT_VALUES:
            raise _credit_error(
                "credit_code_charset",
                f"第 {pos} 位字符 {ch!r} 不允许（只允许数字及除 I、O、Z、S、V 以外的大写字母）",
                f"position {pos}: character {ch!r} is not allowed (digits and capital "
                f"letters except I, O, Z, S, V only)",
                field,
            )
    authority, kind = value[0], value[1]
    if authority not in CREDIT_AUTHORITIES:
        allowed = "".join(CREDIT_AUTHORITIES)
        raise _credit_error(
            "credit_code_authority",
            f"第 1 位登记管理部门代码 {authority!r} 无效，应为 {allowed} 之一",
            f"position 1: registration authority code {authority!r} is not one of {allowed}",
            field,
        )
    if kind not in CREDIT_AUTHORITIES[authority]:
        allowed = CREDIT_AUTHORITIES[authority]
        raise _credit_error(
            "credit_code_org_type",
            f"第 2 位机构类别代码 {kind!r} 无效，登记管理部门 {authority} 下应为 {allowed} 之一",
            f"position 2: organisation type {kind!r} is not valid for registration "
            f"authority {authority}; expected one of {allowed}",
            field,
        )
    division = value[2:8]
    if not division.isdigit() or (division != "100000" and division[:2] not in PROVINCE_PREFIXES):
        raise _credit_error(
            "credit_code_division",
            f"第 3–8 位应为 6 位行政区划代码，收到 {division!r}",
            f"positions 3–8 must be a six-digit administrative division code, got {division!r}",
            field,
        )
    org_body, org_check = value[8:16], value[16]
    expected_org = org_code_check_char(org_body)
    if org_check != expected_org:
        raise _credit_error(
            "credit_code_org_check",
            f"第 17 位（组织机构代码校验码）应为 {expected_org}，收到 {org_check}",
            f"position 17 (organisation code check digit): expected {expected_org}, "
            f"got {org_check}",
            field,
        )
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise _credit_error(
            "credit_code_check",
            f"第 18 位校验码应为 {expected}，收到 {value[17]}",
            f"position 18 (check character): expected {expected}, got {value[17]}",
            field,
        )


def make_credit_code(*, authority: str, kind: str, division: str, org_body: str) -> str:
    """A valid credit code from its parts (for the demo and tests): the organisation code
    check digit and the final check character are computed."""
    first17 = authority + kind + division + org_body + org_code_check_char(org_body)
    code = first17 + credit_code_check_char(first17)
    validate_credit_code(code)
    return code
