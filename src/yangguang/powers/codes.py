"""Power codes (职权编码): one scheme per deployment, and one per organisation if it
needs its own.

A scheme is written as a template (``POWER_CODE_FORMAT``, from the environment
variable of the same name): ``{type}`` the power type's two capital letters, ``{main}``
the main-item number and ``{sub}`` the sub-item number (0 for a main item), each number
either zero-padded to a width (``{main:05d}``) or as it is (``{main}``), between
literal text; a part in square brackets is written for sub-items only. The seeded
default, "two-letter type + five-digit main item + three-digit sub-item", is
``{type}{main:05d}{sub:03d}``: ``XK00012000`` is main item 12 of type XK,
``XK00012001`` its first sub-item. A county whose lists read ``XK-HW-001`` (main item)
and ``XK-HW-001-01`` (its first sub-item) writes ``{type}-HW-{main:03d}[-{sub:02d}]``.

The regular expression that reads codes is derived from the template; a deployment may
give its own (``POWER_CODE_SCHEME``, with the named groups ``type``, ``main`` and
``sub``; ``sub`` may be optional) to be stricter. Either way a code is valid only when
writing its parts with the template gives it back (one spelling per item).

An organisation's working list may carry a template of its own
(``PowerList.code_format``, set by ``services.power_list_code_format_set``); its items,
its imports and the items it receives follow it (``scheme_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yangguang.core.errors import DomainError

DEFAULT_FORMAT = "{type}{main:05d}{sub:03d}"
TYPE_CODE = re.compile(r"^[A-Z]{2}$")
MAX_FORMAT = 64

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

_FIELD = re.compile(r"\{(type|main|sub)(?::(0[1-9][0-9]?)d)?\}")
_LITERAL = re.compile(r"[^{}\[\]]+")


class TemplateError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class _Field:
    name: str
    width: int  # 0: as it is


@dataclass(frozen=True)
class Scheme:
    """A code scheme: the template (as given) and the expression that reads it."""

    template: str
    pattern: re.Pattern[str] = field(repr=False, compare=False)
    #: the template's parts: literal text, fields, and the sub-items' part (a tuple)
    parts: tuple = field(repr=False, compare=False)

    def format(self, *, type: str, main: int, sub: int = 0) -> str:
        return _render(self.parts, {"type": type, "main": main, "sub": sub})

    def example(self) -> str:
        return self.format(type="XK", main=12)

    def sub_example(self) -> str:
        return self.format(type="XK", main=12, sub=1)


def _tokens(template: str) -> tuple:
    """The template as parts (str literal, ``_Field``, tuple for the bracket); raises
    ``TemplateError``."""
    out: list = []
    stack = [out]
    pos = 0
    while pos < len(template):
        char = template[pos]
        if char == "[":
            if len(stack) > 1:
                raise TemplateError("编码规则中的方括号不能嵌套", "brackets cannot nest")
            inner: list = []
            stack[-1].append(inner)
            stack.append(inner)
            pos += 1
        elif char == "]":
            if len(stack) == 1:
                raise TemplateError("编码规则中的方括号不成对", "unbalanced brackets")
            stack.pop()
            pos += 1
        elif char == "{":
            found = _FIELD.match(template, pos)
            if found is None:
                raise TemplateError(
                    f"无法识别 {template[pos : pos + 12]!r}(应为 {{type}}、{{main}}、{{main:05d}}、{{sub:03d}} 等)",
                    f"cannot read {template[pos : pos + 12]!r} (use {{type}}, {{main}}, "
                    "{main:05d}, {sub:03d} …)",
                )
            width = int(found[2]) if found[2] else 0
            if found[1] == "type" and width:
                raise TemplateError("{type} 不能指定位数", "{type} takes no width")
            stack[-1].append(_Field(found[1], width))
            pos = found.end()
        elif char == "}":
            raise TemplateError("编码规则中有多余的 }", "a stray } in the template")
        else:
            found = _LITERAL.match(template, pos)
            stack[-1].append(found[0])
            pos = found.end()
    if len(stack) > 1:
        raise TemplateError("编码规则中的方括号不成对", "unbalanced brackets")
    return tuple(tuple(p) if isinstance(p, list) else p for p in out)


def _flat(parts: tuple) -> list:
    return [q for p in parts for q in (p if isinstance(p, tuple) else (p,))]


def _check(parts: tuple) -> None:
    names = [p.name for p in _flat(parts) if isinstance(p, _Field)]
    for name in ("type", "main", "sub"):
        if names.count(name) != 1:
            raise TemplateError(
                f"编码规则须恰好含一个 {{{name}}}",
                f"the template needs exactly one {{{name}}}",
            )
    brackets = [p for p in parts if isinstance(p, tuple)]
    if len(brackets) > 1:
        raise TemplateError("编码规则至多有一个方括号部分", "at most one bracketed part")
    if brackets:
        inner = [p.name for p in brackets[0] if isinstance(p, _Field)]
        if inner != ["sub"]:
            raise TemplateError(
                "方括号部分(只写在子项编码中)须含 {sub}, 且只含 {sub}",
                "the bracketed part (written for sub-items only) holds {sub} and nothing else",
            )
    flat = _flat(parts)
    for here, after in zip(flat, [*flat[1:], None], strict=True):
        unbounded = isinstance(here, _Field) and here.name != "type" and not here.width
        if unbounded and (isinstance(after, _Field) or (after or "x")[:1].isdigit()):
            raise TemplateError(
                f"{{{here.name}}} 未定位数, 其后须有分隔符(如 -)",
                f"{{{here.name}}} has no width: a separator (such as -) must follow it",
            )


def _regex(parts: tuple) -> str:
    out = []
    for p in parts:
        if isinstance(p, tuple):
            out.append(f"(?:{_regex(p)})?")
        elif isinstance(p, str):
            out.append(re.escape(p))
        elif p.name == "type":
            out.append("(?P<type>[A-Z]{2})")
        elif p.width:
            out.append(f"(?P<{p.name}>[0-9]{{{p.width}}})")
        else:
            out.append(f"(?P<{p.name}>[0-9]+)")
    return "".join(out)


def _render(parts: tuple, values: dict) -> str:
    out = []
    for p in parts:
        if isinstance(p, tuple):
            if values["sub"]:
                out.append(_render(p, values))
        elif isinstance(p, str):
            out.append(p)
        elif p.name == "type":
            out.append(values["type"])
        else:
            out.append(f"{values[p.name]:0{p.width}d}" if p.width else str(values[p.name]))
    return "".join(out)


def compile_scheme(template: str, pattern: str | None = None) -> Scheme:
    """The scheme of ``template`` (read by ``pattern`` when given, else by the
    expression derived from it); ``TemplateError`` when it cannot be one."""
    if not template or len(template) > MAX_FORMAT:
        raise TemplateError(
            f"编码规则须为 1 至 {MAX_FORMAT} 个字符",
            f"the template is 1 to {MAX_FORMAT} characters",
        )
    parts = _tokens(template)
    _check(parts)
    try:
        compiled = re.compile(pattern or f"^{_regex(parts)}$")
    except re.error as exc:
        raise TemplateError(
            f"POWER_CODE_SCHEME 不是有效的正则表达式: {exc}", f"POWER_CODE_SCHEME: {exc}"
        ) from None
    missing = {"type", "main", "sub"} - set(compiled.groupindex)
    if missing:
        raise TemplateError(
            f"POWER_CODE_SCHEME 缺少命名分组 {sorted(missing)}",
            f"POWER_CODE_SCHEME lacks the named groups {sorted(missing)}",
        )
    scheme = Scheme(template=template, pattern=compiled, parts=parts)
    for sub in (0, 1):  # what it writes it must read back
        code = scheme.format(type="XK", main=1, sub=sub)
        found = compiled.fullmatch(code)
        if found is None or (found["type"], int(found["main"]), int(found["sub"] or 0)) != (
            "XK",
            1,
            sub,
        ):
            raise TemplateError(
                f"编码规则写出的 {code} 不能按规则读回",
                f"the scheme writes {code} but does not read it back",
            )
    return scheme


@lru_cache(maxsize=64)
def _cached(template: str, pattern: str | None) -> Scheme:
    return compile_scheme(template, pattern)


def default() -> Scheme:
    """The deployment's scheme (``POWER_CODE_FORMAT``, ``POWER_CODE_SCHEME``)."""
    template = getattr(settings, "POWER_CODE_FORMAT", "") or DEFAULT_FORMAT
    pattern = getattr(settings, "POWER_CODE_SCHEME", "") or None
    try:
        return _cached(template, pattern)
    except TemplateError as exc:
        raise ImproperlyConfigured(
            f"职权编码规则 POWER_CODE_FORMAT={template!r}: {exc.zh} (the power code scheme: "
            f"{exc.en})"
        ) from None


def scheme_for(template: str) -> Scheme:
    """The scheme of an organisation's template, or the deployment's when it is blank."""
    return _cached(template, None) if template else default()


def scheme_of(power_list) -> Scheme:
    """The scheme of a working list (its own template or the deployment's); ``None``
    (an organisation without a list yet) has the deployment's."""
    return scheme_for(getattr(power_list, "code_format", "") or "")


def scheme_of_org(organisation) -> Scheme:
    """The scheme of an organisation's working list (the deployment's without one)."""
    from yangguang.powers.models import PowerList

    if organisation is None:
        return default()
    template = (
        PowerList.objects.filter(organisation=organisation)
        .values_list("code_format", flat=True)
        .first()
    )
    return scheme_for(template or "")


@dataclass(frozen=True)
class PowerCode:
    type: str
    main: int
    sub: int
    scheme: Scheme | None = field(default=None, compare=False, repr=False)

    @property
    def is_main(self) -> bool:
        return self.sub == 0

    def __str__(self) -> str:
        return format_code(type=self.type, main=self.main, sub=self.sub, scheme=self.scheme)


def _bad(value: object, field: str, scheme: Scheme) -> DomainError:
    example, sub = scheme.example(), scheme.sub_example()
    return DomainError(
        code="power_code_invalid",
        field=field,
        zh=f"职权编码 {value!r} 不符合编码规则 {scheme.template}(如主项 {example}、子项 {sub}:"
        "类型字母+主项号+子项号)",
        en=f"power code {value!r} does not follow the code scheme {scheme.template} (e.g. "
        f"main item {example}, sub-item {sub}: type letters + main-item number + sub-item "
        "number)",
    )


def parse(value: object, *, field: str = "code", scheme: Scheme | None = None) -> PowerCode:
    """The parts of a code; ``DomainError`` (naming ``field``) for anything else."""
    scheme = scheme or default()
    if not isinstance(value, str):
        raise _bad(value, field, scheme)
    match = scheme.pattern.fullmatch(value)
    if match is None:
        raise _bad(value, field, scheme)
    main, sub = int(match["main"]), int(match["sub"] or 0)
    if main < 1:
        raise _bad(value, field, scheme)
    code = PowerCode(type=match["type"], main=main, sub=sub, scheme=scheme)
    if scheme.format(type=code.type, main=main, sub=sub) != value:
        raise _bad(value, field, scheme)  # e.g. a non-canonical spelling the regex lets through
    return code


def format_code(*, type: str, main: int, sub: int = 0, scheme: Scheme | None = None) -> str:
    """The code for these parts; ``DomainError`` when they cannot form a valid code."""
    scheme = scheme or default()
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
    value = scheme.format(type=type, main=main, sub=sub)
    match = scheme.pattern.fullmatch(value)
    if match is None or (match["type"], int(match["main"]), int(match["sub"] or 0)) != (
        type,
        main,
        sub,
    ):
        raise DomainError(
            code="power_code_out_of_range",
            field="code",
            zh=f"类型 {type}、主项 {main}、子项 {sub} 超出编码规则 {scheme.template} 的位数",
            en=f"type {type}, main item {main}, sub-item {sub} do not fit the code scheme "
            f"{scheme.template}",
        )
    return value


def is_valid(value: object, *, scheme: Scheme | None = None) -> bool:
    try:
        parse(value, scheme=scheme)
    except DomainError:
        return False
    return True


def template_error(template: str) -> DomainError | None:
    """Why ``template`` cannot be an organisation's scheme (a bilingual refusal naming
    ``code_format``), or None."""
    try:
        compile_scheme(template)
    except TemplateError as exc:
        return DomainError(code="code_format_invalid", field="code_format", zh=exc.zh, en=exc.en)
    return None


def check_configuration(app_configs=None, **kwargs) -> list:
    """System check (``yangguang check``): the deployment's scheme can be used."""
    from django.core import checks

    try:
        default()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="powers.E001")]
    return []
