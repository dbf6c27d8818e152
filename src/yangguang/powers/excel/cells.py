"""Cell text: reading it into item fields and writing item fields back, so that an
exported list imports again without a change.

* time limits: ``20个工作日``, ``30个自然日``, ``3个月``, a bare number (working days, as
  the Administrative Licensing Law counts); ``即办``, ``-``, ``/``, ``无``: none;
* legal bases, one citation a line: ``《法》第十二条：条文`` (law, article, text);
* responsibility items, one a line: ``1.立案责任：依法立案…`` (stage, duty); a line
  without a known stage is "other" and kept as written (``2.调查责任：调查取证``), lines
  without a number continue the previous item;
* accountability circumstances, one a line, numbered ``1.`` … on export;
* codes: written as they are, or full-width, spaced, hyphenated or in small letters
  (``ＸＫ00009001``, ``XK-00009-001``, ``xk00009001``, ``xk—hw—001``), read as the
  list's code scheme spells them;
* formulas: a formula cell is never evaluated (the reader gives its stored value); on export
  text starting with ``= + - @``, tab or carriage return (or a quote before one of them)
  gets a leading ``'`` (OWASP "CSV injection"), which the import removes again.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from yangguang.core.sheets import neutralise, restore
from yangguang.powers.models import Stage, TimeUnit

__all__ = ["neutralise", "restore"]  # the one implementation is in core.sheets

NONE_WORDS = frozenset({"", "-", "—", "——", "/", "／", "无", "即办", "当场办结", "不适用"})


def is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def text_of(value: Any) -> str:
    """A cell's value as text (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return restore(str(value).replace("\r\n", "\n").strip())


_CODE_SEPARATORS = re.compile(r"[\s\-_—–.·]+")
_CODE_DASHES = re.compile(r"\s*[—–_·]\s*|\s+")


def code_text(value: Any, *, scheme=None, valid: Callable[[str], bool] | None = None) -> str:
    """A code cell as the code scheme (``scheme``, the deployment's by default) spells
    it, when a folded spelling of it (full-width letters and digits made plain, spaces
    taken out or dashes made hyphens, separators taken out, capitals) is a valid code
    (or one ``valid`` accepts); otherwise the cell's text as it is (reported as invalid
    by the caller)."""
    from yangguang.powers import codes

    if valid is None:

        def valid(text: str) -> bool:
            return codes.is_valid(text, scheme=scheme)

    text = text_of(value)
    if not text or valid(text):
        return text
    plain = unicodedata.normalize("NFKC", text)
    hyphened = _CODE_DASHES.sub(lambda m: "" if m[0].isspace() else "-", plain)
    folded = _CODE_SEPARATORS.sub("", plain)
    for candidate in (plain, hyphened, folded):
        for spelling in (candidate, candidate.upper()):
            if valid(spelling):
                return spelling
    return text


# --- time limits ------------------------------------------------------------------------

_UNIT_WORDS = (
    ("个工作日", TimeUnit.WORKING_DAYS),
    ("工作日", TimeUnit.WORKING_DAYS),
    ("个自然日", TimeUnit.CALENDAR_DAYS),
    ("自然日", TimeUnit.CALENDAR_DAYS),
    ("个月", TimeUnit.MONTHS),
    ("月", TimeUnit.MONTHS),
    ("日", TimeUnit.WORKING_DAYS),
    ("天", TimeUnit.WORKING_DAYS),
    ("", TimeUnit.WORKING_DAYS),
)
_LIMIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(\S*)$")
UNIT_TEXT = {
    TimeUnit.WORKING_DAYS: "个工作日",
    TimeUnit.CALENDAR_DAYS: "个自然日",
    TimeUnit.MONTHS: "个月",
}


class CellError(ValueError):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def parse_limit(value: Any) -> tuple[int | None, str]:
    """(value, unit) of a time-limit cell; ``CellError`` when it is not one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number, unit = Decimal(str(value)), TimeUnit.WORKING_DAYS
    else:
        text = text_of(value).replace(" ", "")
        if text in NONE_WORDS:
            return None, ""
        found = _LIMIT.match(text)
        if not found:
            raise CellError(
                "time_limit_invalid",
                f"无法识别的期限 {text!r}(应如 20个工作日、30个自然日、3个月)",
                f"unreadable time limit {text!r} (e.g. 20个工作日, 30个自然日, 3个月)",
            )
        number = Decimal(found[1])
        units = [u for word, u in _UNIT_WORDS if found[2] == word]
        if not units:
            raise CellError(
                "time_limit_unit_invalid",
                f"期限单位 {found[2]!r} 无法识别(工作日、自然日或月)",
                f"unknown time unit {found[2]!r} (working days, calendar days or months)",
            )
        unit = units[0]
    if number <= 0 or number != number.to_integral_value():
        raise CellError(
            "time_limit_not_positive",
            f"期限 {value} 须为正整数",
            f"the time limit {value} must be a positive whole number",
        )
    return int(number), str(unit)


def format_limit(value: int | None, unit: str) -> str:
    if value is None:
        return ""
    return f"{value}{UNIT_TEXT.get(unit, '')}"


# --- legal bases ------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(.*?)(第[一二三四五六七八九十百千零〇两0-9]+条.*)$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）]\s*")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def parse_bases(value: Any) -> list[tuple[str, str, str]]:
    out = []
    for line in _lines(text_of(value)):
        line = _NUMBERED.sub("", line)
        head, sep, text = line.partition("：")
        if not sep:
            head, text = line, ""
        head = head.strip()
        found = _ARTICLE.match(head)
        law, article = (found[1].strip(), found[2].strip()) if found else (head, "")
        if not law:
            law, article = head, ""
        out.append((law, article, text.strip()))
    return out


def format_bases(bases: list[tuple[str, str, str]]) -> str:
    return "\n".join(
        f"{law}{article}" + (f"：{text}" if text else "") for law, article, text in bases
    )


# --- responsibility items ---------------------------------------------------------------

STAGE_WORDS: list[tuple[str, str]] = [
    ("调查取证", Stage.INVESTIGATION),
    ("事后监管", Stage.SUPERVISION),
    ("受理", Stage.ACCEPTANCE),
    ("立案", Stage.FILING),
    ("审查", Stage.EXAMINATION),
    ("审理", Stage.EXAMINATION),
    ("告知", Stage.NOTIFICATION),
    ("决定", Stage.DECISION),
    ("送达", Stage.SERVICE),
    ("执行", Stage.ENFORCEMENT),
    ("其他", Stage.OTHER),
]
STAGE_TEXT = {
    Stage.ACCEPTANCE: "受理",
    Stage.FILING: "立案",
    Stage.INVESTIGATION: "调查取证",
    Stage.EXAMINATION: "审查",
    Stage.NOTIFICATION: "告知",
    Stage.DECISION: "决定",
    Stage.SERVICE: "送达",
    Stage.ENFORCEMENT: "执行",
    Stage.SUPERVISION: "事后监管",
    Stage.OTHER: "其他",
}
_STAGE_LINE = re.compile(
    r"^(" + "|".join(w for w, _ in STAGE_WORDS) + r")(?:环节)?(?:责任)?[:：]\s*(.*)$", re.S
)
#: the label that marks a duty of no particular stage whose own text would read as one
OTHER_LABEL = "其他责任："


def _stage_of(line: str) -> tuple[str, str] | None:
    """(stage, duty) of a line labelled with a known stage (``立案责任：…``), or None."""
    found = _STAGE_LINE.match(line)
    if not found or found[1] == "其他":
        return None
    return str(next(s for w, s in STAGE_WORDS if w == found[1])), found[2].strip()


def needs_mark(duty: str) -> bool:
    """Whether a duty of no particular stage would not read back as itself when written
    alone on its line: it reads as a stage's line, a numbered line, or one marked so."""
    return (
        _stage_of(duty) is not None
        or bool(_NUMBERED.match(duty))
        or (duty.startswith(OTHER_LABEL) and needs_mark(duty[len(OTHER_LABEL) :]))
    )


def parse_responsibilities(value: Any) -> list[tuple[str, str]]:
    """Responsibility items, one a line. A line labelled with a known stage (``立案责任：``,
    ``受理环节：``, ``调查取证：``) is a duty of that stage; any other line is kept as
    written, as a duty of no particular stage ("other"): ``调查责任：调查取证`` stays
    ``调查责任：调查取证``. ``其他责任：`` in front of a text that would read otherwise
    (``needs_mark``) is the export's mark of such a duty and is taken off."""
    out: list[list[str]] = []
    for raw in _lines(text_of(value)):
        numbered = bool(_NUMBERED.match(raw))
        line = _NUMBERED.sub("", raw) if numbered else raw
        staged = _stage_of(line)
        if staged is not None:
            out.append(list(staged))
        elif numbered or not out:
            rest = line[len(OTHER_LABEL) :]
            marked = line.startswith(OTHER_LABEL) and needs_mark(rest)
            out.append([str(Stage.OTHER), rest if marked else line])
        else:
            out[-1][1] = f"{out[-1][1]}\n{line}"
    return [(stage, duty) for stage, duty in out if duty]


def _other_text(duty: str) -> str:
    return OTHER_LABEL + duty if needs_mark(duty) else duty


def format_responsibilities(items: list[tuple[str, str]]) -> str:
    return "\n".join(
        f"{n}.{_other_text(duty)}"
        if stage not in STAGE_TEXT or stage == Stage.OTHER
        else f"{n}.{STAGE_TEXT[stage]}责任：{duty}"
        for n, (stage, duty) in enumerate(items, start=1)
    )


# --- accountability circumstances -------------------------------------------------------


def parse_accountabilities(value: Any) -> list[str]:
    out: list[str] = []
    for raw in _lines(text_of(value)):
        if _NUMBERED.match(raw) or not out:
            out.append(_NUMBERED.sub("", raw))
        else:
            out[-1] = f"{out[-1]}\n{raw}"
    return [d for d in out if d]


def format_accountabilities(items: list[str]) -> str:
    return "\n".join(f"{n}.{d}" for n, d in enumerate(items, start=1))
