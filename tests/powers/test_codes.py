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


# --- schemes of other shapes (issue 16 point 9) --------------------------------------------

SEPARATORS = st.sampled_from(["", "-", "_", ".", "/", "-HW-", "HW", "（", " "])
WIDTHS = st.sampled_from([0, 2, 3, 5])


@st.composite
def templates(draw):
    """A template: {type}, a literal, {main} of some width, the sub-item part either
    always written (a fixed width) or in brackets for sub-items only."""
    main_width, sub_width = draw(WIDTHS), draw(WIDTHS)
    first, second = draw(SEPARATORS), draw(SEPARATORS)
    if not main_width and not second:
        second = "-"
    main = f"{{main:0{main_width}d}}" if main_width else "{main}"
    sub = f"{{sub:0{sub_width}d}}" if sub_width else "{sub}"
    bracket = draw(st.booleans()) or not sub_width
    if bracket:
        return f"{{type}}{first}{main}[{second or '-'}{sub}]"
    return f"{{type}}{first}{main}{second}{sub}"


@given(templates(), TYPES, st.integers(1, 99), st.integers(0, 99))
def test_any_template_round_trips(template, type_, main, sub):
    scheme = codes.compile_scheme(template)
    code = codes.format_code(type=type_, main=main, sub=sub, scheme=scheme)
    parsed = codes.parse(code, scheme=scheme)
    assert (parsed.type, parsed.main, parsed.sub) == (type_, main, sub)
    assert str(parsed) == code


@given(templates(), st.text(alphabet="XKCF-_.HW0123456789（ /", max_size=16))
def test_a_code_is_read_only_in_its_one_spelling(template, text):
    scheme = codes.compile_scheme(template)
    if codes.is_valid(text, scheme=scheme):
        p = codes.parse(text, scheme=scheme)
        assert codes.format_code(type=p.type, main=p.main, sub=p.sub, scheme=scheme) == text


def test_the_hw_scheme():
    scheme = codes.compile_scheme("{type}-HW-{main:03d}[-{sub:02d}]")
    assert codes.parse("XK-HW-001", scheme=scheme) == codes.PowerCode("XK", 1, 0)
    assert codes.parse("XK-HW-001-02", scheme=scheme) == codes.PowerCode("XK", 1, 2)
    assert codes.format_code(type="CF", main=12, sub=3, scheme=scheme) == "CF-HW-012-03"
    for bad in ("XK-HW-001-00", "XK-HW-1", "XK00001000", "XK-HW-0001", "XK-HW-001-2"):
        assert not codes.is_valid(bad, scheme=scheme), bad
    assert scheme.example() == "XK-HW-012" and scheme.sub_example() == "XK-HW-012-01"


@pytest.mark.parametrize(
    "template",
    [
        "",
        "{type}{main}{sub}",  # where would main end?
        "{type}{main}1{sub:02d}",
        "{type}{main:03d}",  # no sub-items
        "{main:03d}{sub:02d}",
        "{type}{type}{main:03d}{sub:02d}",
        "{type}-{main:03d}[-{sub:02d}",
        "{type}[-{main:03d}]{sub:02d}",
        "{type}-{main:03d}-{sub:x}",
        "{type:02d}{main:03d}{sub:02d}",
        "{type}{main:03d}{sub:02d}" + "x" * 64,
    ],
)
def test_templates_that_cannot_be_schemes_are_refused(template):
    refusal = codes.template_error(template)
    assert refusal is not None and refusal.field == "code_format"
    assert refusal.zh and refusal.en


def test_the_deployment_scheme_comes_from_the_environment(tmp_path):
    """settings.py reads POWER_CODE_FORMAT (and POWER_CODE_SCHEME) from the environment
    (in a fresh interpreter, as a deployment starts)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "YANGGUANG_MODE": "demo",
        "YANGGUANG_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "yangguang.settings",
        "POWER_CODE_FORMAT": "{type}-HW-{main:03d}[-{sub:02d}]",
    }
    script = (
        "import django; django.setup(); from yangguang.powers import codes; "
        "print(codes.format_code(type='XK', main=1, sub=2), codes.default().template)"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["XK-HW-001-02", "{type}-HW-{main:03d}[-{sub:02d}]"]


def test_a_bad_deployment_scheme_fails_the_system_check(settings):
    settings.POWER_CODE_FORMAT = "{type}{main}{sub}"
    errors = codes.check_configuration()
    assert errors and errors[0].id == "powers.E001" and "POWER_CODE_FORMAT" in errors[0].msg
    settings.POWER_CODE_FORMAT = "{type}-{main:03d}[-{sub:02d}]"
    assert codes.check_configuration() == []
    assert codes.format_code(type="XK", main=3) == "XK-003"
