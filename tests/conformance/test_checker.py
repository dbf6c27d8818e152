"""Exactly the deviations that are there: hand-made logs for every kind, gateways,
loops, and the calendar's holiday and make-up-day edges (real 2025/2026 dates)."""

from __future__ import annotations

import datetime

import pytest

from tests.conformance.helpers import LICENCE, PARALLEL, bpmn, calendar, run, task
from yangguang.conformance.checker import CheckError, IncrementalChecker, Machine
from yangguang.flows.bpmn import parse_bpmn

OK = [
    ("1", "受理", "2026-01-05 09:00", "张三"),
    ("1", "审查", "2026-01-06 10:00", "李四"),
    ("1", "决定", "2026-01-07 11:00", "王五"),
]

SKIP = ("1", "决定", "2026-01-06 11:00", "王五")  # in time when 审查 is skipped


def kinds(devs):
    return [(d[1], d[2], d[3]) for d in devs]


def test_conformant_log_has_no_deviation():
    devs, result = run(LICENCE, OK)
    assert devs == []
    assert result.conformant_cases == 1 and result.counts == {}


def test_activities_match_task_ids_too():
    rows = [(c, {"受理": "A", "审查": "B", "决定": "C"}[a], t, r) for c, a, t, r in OK]
    assert run(LICENCE, rows)[0] == []


def test_unknown_activity_is_reported_and_passed_over():
    rows = [*OK[:1], ("1", "盖章", "2026-01-05 12:00", "张三"), *OK[1:]]
    assert kinds(run(LICENCE, rows)[0]) == [("unknown_activity", "盖章", 1)]


def test_missing_step():
    devs, _ = run(LICENCE, [OK[0], SKIP])
    assert kinds(devs) == [("missing_step", "审查", 1)]


def test_wrong_order_when_a_skipped_step_comes_late():
    devs, _ = run(LICENCE, [OK[0], SKIP, ("1", "审查", "2026-01-07 12:00", "李四")])
    assert kinds(devs) == [("wrong_order", "审查", 2)]


def test_duplicate_step_without_loop():
    devs, _ = run(LICENCE, [OK[0], OK[1], ("1", "审查", "2026-01-06 11:00", "李四"), OK[2]])
    assert kinds(devs) == [("duplicate_step", "审查", 2)]


def test_loop_the_model_allows_is_fine():
    rows = [
        ("1", "受理", "2026-01-05 09:00", "张三"),
        ("1", "补正", "2026-01-05 15:00", "申请人"),
        ("1", "受理", "2026-01-06 09:00", "张三"),
        ("1", "审查", "2026-01-06 10:00", "李四"),
        ("1", "决定", "2026-01-07 11:00", "王五"),
    ]
    assert run(LICENCE, rows)[0] == []


def test_incomplete_case():
    devs, _ = run(LICENCE, OK[:2])
    assert kinds(devs) == [("incomplete_case", "审查", 1)]
    assert "决定" in run(LICENCE, OK[:2])[1].deviations[0][4]


def test_sod_violation_names_both_tasks_and_the_person():
    rows = [*OK[:2], ("1", "决定", "2026-01-07 11:00", "张三")]
    devs, result = run(LICENCE, rows)
    assert kinds(devs) == [("sod_violation", "决定", 2)]
    detail = result.deviations[0][4]
    assert "受理" in detail and "决定" in detail and "张三" in detail


def test_exclusive_gateway_other_branch_is_wrong():
    # 补正 after 审查: the gateway was passed already
    rows = [*OK[:2], ("1", "补正", "2026-01-06 12:00", "x"), OK[2]]
    assert kinds(run(LICENCE, rows)[0]) == [("wrong_order", "补正", 2)]


def test_parallel_branches_in_any_order():
    for b, c in (("现场核查", "专家评审"), ("专家评审", "现场核查")):
        rows = [
            ("p", "登记", "2026-01-05 09:00", "a"),
            ("p", b, "2026-01-06 09:00", "b"),
            ("p", c, "2026-01-06 10:00", "c"),
            ("p", "决定", "2026-01-07 09:00", "d"),
        ]
        assert run(PARALLEL, rows)[0] == []


def test_parallel_branch_missing_before_join():
    rows = [
        ("p", "登记", "2026-01-05 09:00", "a"),
        ("p", "现场核查", "2026-01-06 09:00", "b"),
        ("p", "决定", "2026-01-07 09:00", "d"),
    ]
    assert kinds(run(PARALLEL, rows)[0]) == [("missing_step", "专家评审", 2)]


def test_case_starting_late_misses_the_first_step():
    assert kinds(run(PARALLEL, [("p", "决定", "2026-01-07 09:00", "d")])[0]) == [
        ("missing_step", "登记", 0),
        ("missing_step", "现场核查", 0),
        ("missing_step", "专家评审", 0),
    ]


def test_step_overdue_counted_from_the_enabling_event():
    rows = [
        OK[0],
        ("1", "审查", "2026-01-08 10:00", "李四"),
        ("1", "决定", "2026-01-08 11:00", "王五"),
    ]
    devs, result = run(LICENCE, rows)
    # 审查: 2 working days after Mon 5 Jan -> due Wed 7 Jan; done Thu 8 Jan
    assert ("step_overdue", "审查", 1) in kinds(devs)
    assert "2026-01-07" in next(d[4] for d in result.deviations if d[1] == "step_overdue")


def test_step_due_before_the_national_day_holiday_done_after_it():
    # 受理 Thu 2025-09-25: counted Fri 26, Sun 28 (make-up workday) -> 审查 due 28 Sep;
    # done Thu 9 Oct, after the holiday (1-8 Oct)
    rows = [
        ("h", "受理", "2025-09-25 10:00", "张三"),
        ("h", "审查", "2025-10-09 10:00", "李四"),
    ]
    devs, result = run(LICENCE, rows)
    assert ("step_overdue", "审查", 1) in kinds(devs)
    assert "2025-09-28" in result.deviations[0][4] or "2025-09-28" in str(result.deviations)


def test_holiday_days_are_not_counted():
    # 受理 Mon 2025-09-29: counted Tue 30 Sep, then Thu 9 Oct -> 审查 due 9 Oct
    cal = calendar()
    start = datetime.date(2025, 9, 29)
    assert cal.add_working_days(start, 2) == datetime.date(2025, 10, 9)
    rows = [("h", "受理", "2025-09-29 10:00", "a"), ("h", "审查", "2025-10-09 18:00", "b")]
    assert "step_overdue" not in [d[1] for d in run(LICENCE, rows)[0]]
    rows[1] = ("h", "审查", "2025-10-10 09:00", "b")
    assert "step_overdue" in [d[1] for d in run(LICENCE, rows)[0]]


def test_makeup_saturday_counts_as_a_working_day():
    # 审查 Fri 2025-10-10; 决定 (1 working day) is due Sat 11 Oct, a make-up workday
    assert calendar().is_working_day(datetime.date(2025, 10, 11))
    rows = [
        ("m", "受理", "2025-10-09 09:00", "a"),
        ("m", "审查", "2025-10-10 09:00", "b"),
        ("m", "决定", "2025-10-13 09:00", "c"),
    ]
    devs, _ = run(LICENCE, rows)
    assert ("step_overdue", "决定", 2) in kinds(devs)
    rows[2] = ("m", "决定", "2025-10-11 17:00", "c")
    assert "step_overdue" not in [d[1] for d in run(LICENCE, rows)[0]]


def test_case_overdue_and_paused_time_excluded():
    # case limit 3 working days from Mon 5 Jan 2026
    late = [
        ("c", "受理", "2026-01-05 09:00", "a"),
        ("c", "审查", "2026-01-07 09:00", "b"),
        ("c", "决定", "2026-01-08 09:00", "c"),
        ("c2", "受理", "2026-01-05 09:00", "a"),
        ("c2", "审查", "2026-01-07 09:00", "b"),
        ("c2", "决定", "2026-01-08 09:00", "c"),
    ]
    assert run(LICENCE, late[:3])[0] == []  # due Thu 8 Jan
    on_time_with_pause = [
        ("p", "受理", "2026-01-05 09:00", "a"),
        ("p", "补正", "2026-01-09 09:00", "申请人"),  # pause 5 Jan .. 9 Jan
        ("p", "受理", "2026-01-09 10:00", "a"),
        ("p", "审查", "2026-01-12 09:00", "b"),
        ("p", "决定", "2026-01-13 09:00", "c"),
    ]
    assert run(LICENCE, on_time_with_pause)[0] == []
    too_late = [*on_time_with_pause[:4], ("p", "决定", "2026-01-14 09:00", "c")]
    assert kinds(run(LICENCE, too_late)[0]) == [
        ("step_overdue", "决定", 4),
        ("case_overdue", "决定", 4),
    ]


def test_unknown_calendar_year_is_refused_naming_the_case():
    rows = [("old", "受理", "1999-01-04 09:00", "a"), ("old", "审查", "1999-01-05 09:00", "b")]
    with pytest.raises(CheckError) as err:
        run(LICENCE, rows)
    assert "old" in err.value.zh and "1999" in err.value.en


def test_bpmn_without_any_task_is_refused_naming_the_process():
    model = bpmn(['<bpmn:startEvent id="S"/>', '<bpmn:endEvent id="E"/>'], [("S", "E")])
    with pytest.raises(CheckError) as err:
        Machine(parse_bpmn(model))
    assert err.value.error_code == "no_tasks" and "P" in err.value.zh


def test_same_name_on_two_tasks():
    model = bpmn(
        [
            '<bpmn:startEvent id="S"/>',
            task("A", "缴款"),
            task("B", "送达"),
            task("A2", "缴款"),
            '<bpmn:endEvent id="E"/>',
        ],
        [("S", "A"), ("A", "B"), ("B", "A2"), ("A2", "E")],
    )
    rows = [
        ("x", "缴款", "2026-01-05", "a"),
        ("x", "送达", "2026-01-06", "a"),
        ("x", "缴款", "2026-01-07", "a"),
    ]
    assert run(model, rows)[0] == []


def test_incremental_checker_matches_the_bulk_checker():
    rows = [
        *OK[:2],
        ("1", "决定", "2026-01-09 11:00", "张三"),
        *[(f"2{c}", a, t, r) for c, a, t, r in OK[:2]],
    ]
    bulk, _ = run(LICENCE, rows)
    from yangguang.conformance.logs import parse_timestamp

    inc = IncrementalChecker(Machine(parse_bpmn(LICENCE)), calendar())
    found = []
    for c, a, t, r in rows:
        found += inc.feed(c, a, parse_timestamp(t), r)
    found += inc.close_all()
    assert sorted((d.case_id, d.kind, d.activity, d.event_index) for d in found) == sorted(bulk)
