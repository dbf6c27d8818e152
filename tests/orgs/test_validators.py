"""Region codes and unified social credit codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.orgs.validators import (
    CREDIT_AUTHORITIES,
    CREDIT_CHARSET,
    PROVINCE_PREFIXES,
    credit_code_check_char,
    make_credit_code,
    org_code_check_char,
    validate_credit_code,
    validate_region,
    validate_region_code,
)

# published codes (the GB 32100 example and a registered company)
KNOWN_VALID = ["91350100M000100Y43", "91110000600037341L"]


def error(fn, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as info:
        fn(*args, **kwargs)
    return info.value


# --- regions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("110000", "province"),
        ("820000", "province"),
        ("330100", "city"),
        ("330122", "county"),
        ("429004", "county"),
        ("330122101", "township"),
        ("330122101201", "village"),
    ],
)
def test_valid_region_codes(code, level):
    validate_region_code(code, level)


@pytest.mark.parametrize(
    ("code", "level", "err"),
    [
        ("10000", "province", "region_code_length"),
        ("1100000", "province", "region_code_length"),
        ("11000a", "province", "region_code_not_digits"),
        ("１１００００", "province", "region_code_not_digits"),
        ("160000", "province", "region_code_province"),
        ("900000", "province", "region_code_province"),
        ("720000", "province", "region_code_province"),
        ("330100", "province", "region_code_level"),
        ("330000", "city", "region_code_level"),
        ("330122", "city", "region_code_level"),
        ("330100", "county", "region_code_level"),
        ("330122", "township", "region_code_length"),
        ("330122000", "township", "region_code_tail"),
        ("330100101", "township", "region_code_county_part"),
        ("330122101000", "village", "region_code_tail"),
        ("330122", "hamlet", "region_level_unknown"),
    ],
)
def test_invalid_region_codes(code, level, err):
    exc = error(validate_region_code, code, level)
    assert exc.error_code == err
    assert exc.field == ("level" if err == "region_level_unknown" else "code")
    assert exc.zh and exc.en


def test_region_must_extend_its_parent():
    validate_region(code="330122", level="county", parent_code="330100", parent_level="city")
    exc = error(
        validate_region, code="330222", level="county", parent_code="330100", parent_level="city"
    )
    assert exc.error_code == "region_code_parent_prefix"
    assert "3301" in exc.zh and "3301" in exc.en
    exc = error(
        validate_region, code="320100", level="city", parent_code="330000", parent_level="province"
    )
    assert exc.error_code == "region_code_parent_prefix"
    exc = error(
        validate_region,
        code="330123101",
        level="township",
        parent_code="330122",
        parent_level="county",
    )
    assert exc.error_code == "region_code_parent_prefix"


def test_region_parent_level():
    # 省直辖县: a county directly under its province
    validate_region(code="429004", level="county", parent_code="420000", parent_level="province")
    exc = error(
        validate_region,
        code="330122101",
        level="township",
        parent_code="330100",
        parent_level="city",
    )
    assert (exc.error_code, exc.field) == ("region_parent_level", "parent")
    exc = error(validate_region, code="330100", level="city", parent_code=None, parent_level=None)
    assert (exc.error_code, exc.field) == ("region_parent_required", "parent")
    exc = error(
        validate_region,
        code="330000",
        level="province",
        parent_code="110000",
        parent_level="province",
    )
    assert exc.error_code == "region_parent_not_allowed"


# --- credit codes --------------------------------------------------------------------------


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_valid_credit_codes(code):
    validate_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]
    assert org_code_check_char(code[8:16]) == code[16]


def test_check_char_mappings():
    # GB 11714: 11 - (sum mod 11); 10 -> X, 11 -> 0
    assert org_code_check_char("00000000") == "0"  # sum 0 -> 11 -> "0"
    assert org_code_check_char("60003734") == "1"
    bodies = {org_code_check_char(f"{n:08d}") for n in range(200)}
    assert "X" in bodies and "0" in bodies
    # GB 32100: 31 - (sum mod 31); 31 -> "0"
    assert credit_code_check_char("0" * 17) == "0"


@pytest.mark.parametrize(
    ("code", "err", "position"),
    [
        ("91350100M000100Y4", "credit_code_length", None),
        ("91350100M000100Y43X", "credit_code_length", None),
        ("91350100M000100Y4I", "credit_code_charset", "18"),
        ("9135010OM000100Y43", "credit_code_charset", "8"),
        ("91350100m000100Y43", "credit_code_charset", "9"),
        ("B1350100M000100Y43", "credit_code_authority", "1"),
        ("94350100M000100Y43", "credit_code_org_type", "2"),
        ("91A50100M000100Y43", "credit_code_division", "3–8"),
        ("91990100M000100Y43", "credit_code_division", "3–8"),
        ("91350100M000100Y53", "credit_code_org_check", "17"),
        ("91350100M000100Y44", "credit_code_check", "18"),
    ],
)
def test_invalid_credit_codes(code, err, position):
    exc = error(validate_credit_code, code)
    assert exc.error_code == err
    assert exc.field == "credit_code"
    if position:
        assert f"第 {position} 位" in exc.zh
        assert f"position {position}" in exc.en or f"positions {position}" in exc.en


def test_wrong_check_character_says_what_was_expected():
    exc = error(validate_credit_code, "91350100M000100Y44")
    assert "应为 3" in exc.zh and "expected 3, got 4" in exc.en
    assert str(exc).startswith("credit_code: ")


# --- property tests ----------------------------------------------------------------------

body_chars = st.sampled_from(CREDIT_CHARSET)
authority_and_kind = st.sampled_from(
    [(a, k) for a, kinds in CREDIT_AUTHORITIES.items() for k in kinds]
)
division = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(sorted(PROVINCE_PREFIXES)),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)


@st.composite
def valid_codes(draw) -> str:
    authority, kind = draw(authority_and_kind)
    body = "".join(draw(st.lists(body_chars, min_size=8, max_size=8)))
    return make_credit_code(authority=authority, kind=kind, division=draw(division), org_body=body)


@given(valid_codes())
def test_generated_codes_are_valid(code):
    validate_credit_code(code)


@given(valid_codes(), st.integers(min_value=0, max_value=17), st.characters())
def test_any_single_change_is_refused(code, position, replacement):
    if replacement == code[position]:
        replacement = CREDIT_CHARSET[(CREDIT_CHARSET.index(code[position]) + 1) % 31]
    altered = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(DomainError):
        validate_credit_code(altered)


@given(valid_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(CREDIT_CHARSET))
def test_any_single_change_within_the_charset_is_refused(code, position, replacement):
    if replacement == code[position]:
        return
    altered = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(DomainError):
        validate_credit_code(altered)
