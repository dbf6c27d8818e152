"""The power code scheme: format → parse round trip; everything else refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.powers import codes

TYPES = st.from_regex(r"\A[A-Z]{2}\Z", fullmatch=True)
MAINS = st.integers(min_value=1, max_value=99999)
SUBS = st.integers(min_value=0, max_value=999)
VALID = re.compile(r"^[A-Z]{2}(?!00000)[0-9]{5}[0-9]{3}$")


@given(TYPES, MAINS, SUBS)
def test_format_then_parse_round_trips(type_, main, sub):
    code = codes.format_code(type=type_, main=main, sub=sub)
    assert len(code) == 10
    parsed = codes.parse(code)
    assert (parsed.type, parsed.main, parsed.sub) == (type_, main, sub)
    assert str(parsed) == code
    assert parsed.is_main == (sub == 0)


@given(st.text(max_size=14))
def test_any_string_off_the_scheme_is_refused(text):
    if VALID.match(text):
        assert codes.is_valid(text)
        return
    with pytest.raises(DomainError) as exc:
        codes.parse(text)
    assert exc.value.field == "code"
    assert "职权编码" in str(exc.value) and "code scheme" in str(exc.value)


def test_examples():
    assert codes.parse("XK00012000") == codes.PowerCode("XK", 12, 0)
    assert codes.parse("XK00012001") == codes.PowerCode("XK", 12, 1)
    assert codes.format_code(type="XK", main=12) == "XK00012000"


@pytest.mark.parametrize(
    "bad",
    ["xk00012000", "XK0001200", "XK000120001", "X100012000", "XK00000000", " XK00012000", None, 12],
)
def test_bad_codes(bad):
    assert not codes.is_valid(bad)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"type": "xk", "main": 1, "sub": 0}, "type"),
        ({"type": "XK", "main": 0, "sub": 0}, "main"),
        ({"type": "XK", "main": 1, "sub": -1}, "sub"),
        ({"type": "XK", "main": 100000, "sub": 0}, "code"),
        ({"type": "XK", "main": 1, "sub": 1000}, "code"),
        ({"type": "XK", "main": True, "sub": 0}, "main"),
    ],
)
def test_format_refuses_parts_outside_the_scheme(kwargs, field):
    with pytest.raises(DomainError) as exc:
        codes.format_code(**kwargs)
    assert exc.value.field == field


def test_scheme_is_configurable(settings):
    settings.POWER_CODE_SCHEME = r"^(?P<type>[A-Z]{2})-(?P<main>[0-9]{3})-(?P<sub>[0-9]{2})$"
    settings.POWER_CODE_FORMAT = "{type}-{main:03d}-{sub:02d}"
    assert codes.format_code(type="CF", main=7, sub=1) == "CF-007-01"
    assert codes.parse("CF-007-00").is_main
    assert not codes.is_valid("CF00007000")
