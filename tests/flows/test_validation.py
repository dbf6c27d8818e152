"""Validation of process graphs: each kind of failure, named by element."""

from __future__ import annotations

from yangguang.flows.compiled import CompiledProcess, Flow, Measure, Node, Risk, SodGroup
from yangguang.flows.validation import longest_path, validate


def proc(nodes, flows, **kw) -> CompiledProcess:
    fl = tuple(
        Flow(f"F{i}", f[0], f[1], condition=f[2] if len(f) > 2 else "") for i, f in enumerate(flows)
    )
    return CompiledProcess("P", "p", {n.id: n for n in nodes}, fl, **kw)


def T(i, limit=1, lane="岗", **kw):
    return Node(i, "task", i, lane=lane, limit=limit, **kw)


S, E = Node("S", "start"), Node("E", "end")


def codes(p, **kw):
    return {(x.code, x.element) for x in validate(p, **kw)}


def test_a_valid_chain():
    assert validate(proc([S, T("A"), T("B"), E], [("S", "A"), ("A", "B"), ("B", "E")])) == []


def test_unreachable_and_dead_end():
    p = proc([S, T("A"), T("B"), T("C"), E], [("S", "A"), ("A", "E"), ("B", "E"), ("A", "C")])
    got = codes(p)
    assert ("task_split", "A") in got  # a task must not branch by itself
    p = proc(
        [S, T("A"), Node("X", "xor"), T("B"), T("C"), E],
        [("S", "A"), ("A", "X"), ("X", "B", "x"), ("X", "E", "y"), ("C", "E")],
    )
    got = codes(p)
    assert ("unreachable", "C") in got and ("no_way_to_end", "B") in got
    assert any("无法到达" in str(x) for x in validate(p))


def test_task_needs_post_and_positive_limit():
    p = proc([S, T("A", lane=""), T("B", limit=0), T("C", limit=None), E],
             [("S", "A"), ("A", "B"), ("B", "C"), ("C", "E")])  # fmt: skip
    got = codes(p)
    assert {("task_no_post", "A"), ("task_limit_not_positive", "B"), ("task_no_limit", "C")} <= got


def test_cycle_without_exit_is_named():
    p = proc([S, T("A"), T("B"), E], [("S", "A"), ("A", "B"), ("B", "A")])
    problems = validate(p)
    assert problems[0].code == "cycle_without_exit"
    assert "A" in problems[0].zh and "没有出口" in problems[0].zh and "no exit" in problems[0].en


def test_cycle_with_exit_is_fine_and_counted_once():
    p = proc(
        [S, T("A", 2), Node("X", "xor"), T("Fix", 5, pauses_clock=True), E],
        [("S", "A"), ("A", "X"), ("X", "Fix", "需补正"), ("Fix", "A"), ("X", "E", "齐全")],
    )
    assert validate(p) == []
    assert longest_path(p)[0] == 2  # the pause task is left out; the loop counted once


def test_parallel_must_join_at_parallel_join():
    p = proc(
        [S, Node("P", "and"), T("A"), T("B"), Node("J", "xor"), E],
        [("S", "P"), ("P", "A"), ("P", "B"), ("A", "J"), ("B", "J"), ("J", "E")],
    )
    assert ("parallel_unbalanced", "P") in codes(p)
    ok = proc(
        [S, Node("P", "and"), T("A"), T("B"), Node("J", "and"), E],
        [("S", "P"), ("P", "A"), ("P", "B"), ("A", "J"), ("B", "J"), ("J", "E")],
    )
    assert validate(ok) == []


def test_exclusive_may_end_at_two_ends_but_not_at_a_parallel_join():
    E2 = Node("E2", "end")
    p = proc(
        [S, Node("X", "xor"), T("A"), T("B"), E, E2],
        [("S", "X"), ("X", "A", "是"), ("X", "B", "否"), ("A", "E"), ("B", "E2")],
    )
    assert validate(p) == []
    bad = proc(
        [S, Node("X", "xor"), T("A"), T("B"), Node("J", "and"), E],
        [("S", "X"), ("X", "A", "是"), ("X", "B", "否"), ("A", "J"), ("B", "J"), ("J", "E")],
    )
    got = codes(bad)
    assert ("exclusive_unbalanced", "X") in got or ("parallel_join_unbalanced", "J") in got


def test_exclusive_branches_need_conditions():
    p = proc(
        [S, Node("X", "xor"), T("A"), T("B"), Node("J", "xor"), E],
        [("S", "X"), ("X", "A"), ("X", "B"), ("A", "J"), ("B", "J"), ("J", "E")],
    )
    assert ("xor_no_condition", "X") in codes(p)


def test_longest_path_within_limits():
    p = proc([S, T("A", 3), T("B", 4), E], [("S", "A"), ("A", "B"), ("B", "E")],
             case_limits={"promised": 5})  # fmt: skip
    problems = validate(p, statutory=20)
    assert [x.code for x in problems] == ["over_promised_limit"]
    assert "7" in problems[0].zh and "5" in problems[0].zh
    assert [x.code for x in validate(p, statutory=6)] == [
        "over_statutory_limit",
        "over_promised_limit",
    ]


def test_risk_points_need_measures_and_sod_needs_tasks():
    p = proc(
        [S, T("A"), T("B"), E],
        [("S", "A"), ("A", "B"), ("B", "E")],
        risks=(
            Risk("1", "A", "收受好处", "A"),
            Risk("2", "B", "拖延", "C", measures=(Measure("限时"),)),
        ),
        sod_groups=(SodGroup(("A", "Z")),),
    )
    got = codes(p)
    assert ("risk_no_measure", "A") in got and ("sod_unknown_task", "Z") in got
    assert ("risk_no_measure", "B") not in got


def test_external_view_hides_internal_tasks_and_merges_time():
    p = proc([S, T("A", 1), T("B", 3, visibility="internal"), T("C", 1), E],
             [("S", "A"), ("A", "B"), ("B", "C"), ("C", "E")])  # fmt: skip
    ext = p.external_view()
    assert "B" not in ext.nodes and ext.nodes["A"].limit == 4
    assert ("A", "C") in {(f.source, f.target) for f in ext.flows}
    assert validate(ext) == []
