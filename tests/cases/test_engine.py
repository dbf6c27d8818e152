"""The live token game on the fixture flowcharts: exclusive choices, loops, parallel
branches and joins; refusals leave the marking untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from yangguang.cases.engine import Engine
from yangguang.core.errors import DomainError
from yangguang.flows.bpmn import parse_bpmn

FIXTURES = Path(__file__).resolve().parents[2] / "src/yangguang/flows/fixtures"


def engine(name: str) -> Engine:
    return Engine(parse_bpmn((FIXTURES / name).read_bytes()))


def test_exclusive_gateways_and_the_correction_loop():
    e = engine("food-licence.bpmn")
    f = e.initial()
    assert f.enabled == ("Task_3",) and e.enabled(f.marking) == ["Task_3"]
    assert [d.gateway for d in e.decisions("Task_3")] == ["Gateway_4"]
    with pytest.raises(DomainError) as exc:
        e.fire(f.marking, "Task_3")
    assert exc.value.error_code == "choice_required" and "Flow_3" in str(exc.value)
    f = e.fire(f.marking, "Task_3", ["Flow_4"])  # 需补正
    assert f.enabled == ("Task_5",) and f.chosen == ("Flow_4",)
    f = e.fire(f.marking, "Task_5")  # back to 受理 (the loop)
    assert f.enabled == ("Task_3",)
    f = e.fire(f.marking, "Task_3", ["Flow_3"])
    assert f.enabled == ("Task_6",)
    f = e.fire(f.marking, "Task_6", ["Flow_9"])  # 无需核查: straight through the join
    assert f.enabled == ("Task_10",)
    f = e.fire(f.marking, "Task_10")
    f = e.fire(f.marking, "Task_11")
    assert f.ended and f.marking == {}


def test_out_of_order_and_ambiguous_choices_are_refused():
    e = engine("food-licence.bpmn")
    m = e.initial().marking
    with pytest.raises(DomainError) as exc:
        e.fire(m, "Task_10")
    assert exc.value.error_code == "step_not_enabled"
    with pytest.raises(DomainError) as exc:
        e.fire(m, "Task_3", ["Flow_3", "Flow_4"])
    assert exc.value.error_code == "choice_ambiguous"
    with pytest.raises(DomainError) as exc:
        e.fire(m, "Nope")
    assert exc.value.error_code == "unknown_step"
    assert e.enabled(m) == ["Task_3"]  # unchanged


def test_parallel_split_waits_for_every_branch_at_the_join():
    e = engine("permit-expert-parallel.bpmn")
    f = e.initial()
    f = e.fire(f.marking, "Task_3")
    f = e.fire(f.marking, "Task_4")  # 专家评审 → three branches at once
    assert sorted(f.enabled) == ["Task_7", "Task_8", "Task_9"]
    m = e.fire(f.marking, "Task_8").marking
    m2 = e.fire(m, "Task_7")
    assert m2.enabled == () and "Task_10" not in e.enabled(m2.marking)
    last = e.fire(m2.marking, "Task_9")
    assert last.enabled == ("Task_10",)
    with pytest.raises(DomainError):
        e.fire(m2.marking, "Task_7")  # a branch done twice


@pytest.mark.parametrize(
    "name",
    ["food-licence.bpmn", "penalty-hearing.bpmn", "permit-expert-parallel.bpmn",
     "registration.bpmn"],
)  # fmt: skip
def test_random_runs_stay_safe_and_can_always_end(name):
    """Any order the engine allows, with any choices, keeps at most one token a flow and
    never gets stuck before the end (hypothesis drives the choices)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    e = engine(name)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.integers(min_value=0, max_value=99), min_size=80, max_size=80))
    def run(picks):
        fired = e.initial()
        for pick in picks:
            if fired.ended:
                return
            enabled = e.enabled(fired.marking)
            assert enabled, "stuck before the end"
            task = enabled[pick % len(enabled)]
            # any branch at each exclusive gateway (a run going round a loop is cut
            # after 80 moves)
            choices = [d.options[(pick // 7) % len(d.options)].id for d in e.decisions(task)]
            fired = e.fire(fired.marking, task, choices)
            assert all(v == 1 for v in fired.marking.values())

    run()
