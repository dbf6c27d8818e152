"""Cell text of the power lists read and written back: responsibility items kept as
written (issue 16 point 10)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from yangguang.powers.excel import cells
from yangguang.powers.models import Stage

STAGES = st.sampled_from([str(s) for s in Stage])
#: words that make labels: the known stages' and others (调查 is not a stage, 调查取证 is)
WORDS = st.sampled_from(
    ["受理", "立案", "调查", "调查取证", "审查", "审理", "决定", "其他", "其他责任", "监督", "责任",
     "环节", "：", ":", "1.", "一、", "2)", "取证", "依法", "公示", " ", "x", "其他责任："]
)  # fmt: skip
LINE = st.lists(WORDS, min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)


@given(st.lists(st.tuples(STAGES, LINE), max_size=6))
def test_items_round_trip(items):
    """Any one-line duty, of any stage, reads back as it was written out."""
    items = [(stage, duty) for stage, duty in items if duty.strip()]
    text = cells.format_responsibilities(items)
    assert cells.parse_responsibilities(text) == items


@given(st.lists(LINE, min_size=1, max_size=6))
def test_written_lines_are_kept(lines):
    """A numbered list reads in and writes out unchanged, whatever its labels, except
    that a known stage's label is spelled the way the export spells it."""
    text = "\n".join(f"{n}.{line}" for n, line in enumerate(lines, start=1))
    items = cells.parse_responsibilities(text)
    again = cells.format_responsibilities(items)
    assert cells.parse_responsibilities(again) == items
    if len(items) != len(lines):  # a stage's label with nothing after it is no item
        return
    for (stage, duty), line in zip(items, lines, strict=True):
        if stage == Stage.OTHER:
            assert duty == line or cells.OTHER_LABEL + duty == line


def test_unknown_label_is_not_renamed():
    text = "1.立案责任：依法立案。\n2.调查责任：调查取证\n3.其他法律法规规章规定应履行的责任。"
    items = cells.parse_responsibilities(text)
    assert items == [
        ("filing", "依法立案。"),
        ("other", "调查责任：调查取证"),
        ("other", "其他法律法规规章规定应履行的责任。"),
    ]
    assert cells.format_responsibilities(items) == text


def test_a_duty_that_reads_as_a_stage_is_marked():
    items = [("other", "立案：依法立案"), ("other", "其他责任：写明的"), ("other", "1.编号")]
    text = cells.format_responsibilities(items)
    assert text == "1.其他责任：立案：依法立案\n2.其他责任：写明的\n3.其他责任：1.编号"
    assert cells.parse_responsibilities(text) == items


def test_continuation_lines_join_the_item_above():
    text = "1.受理责任：公示材料；\n一次性告知。\n2.决定责任：作出决定"
    assert cells.parse_responsibilities(text) == [
        ("acceptance", "公示材料；\n一次性告知。"),
        ("decision", "作出决定"),
    ]
