"""The refusals of case events, raised by the one implementation of their checks
(``sim.py``, which the integration API and the case services both run), and the
bilingual words of each."""

from __future__ import annotations

from yangguang.cases.common import error
from yangguang.core.errors import DomainError


def unknown_case(external: str) -> DomainError:
    # the same answer whether the case does not exist or is out of the caller's scope
    return error(
        "unknown_case",
        "case",
        f"办件「{external}」不存在 (须先推送 create 事件)",
        f"no case \u201c{external}\u201d (send its create event first)",
    )


def ambiguous_case(external: str) -> DomainError:
    return error(
        "ambiguous_case",
        "org",
        f"多个单位有办件「{external}」, 请指明单位代码 org",
        f"several organisations have a case \u201c{external}\u201d: give org",
    )


def unknown_person(field: str, login: str) -> DomainError:
    return error(
        "unknown_person", field, f"办理人「{login}」不存在", f"no person \u201c{login}\u201d"
    )


def case_closed(number: str) -> DomainError:
    return error("case_closed", "case", f"办件 {number} 已办结", f"case {number} is finished")


def not_paused(number: str) -> DomainError:
    return error(
        "not_paused",
        "task",
        f"办件 {number} 当前不在流程图的暂停环节 (补正、听证、检验等), 不能暂停或恢复",
        f"case {number} is not at one of the flowchart's pause tasks",
    )


def step_missing(task: str, *, in_model: bool, known: bool) -> DomainError:
    """Why ``task`` cannot be done now: not in the flowchart, done already, or not reached."""
    if not in_model:
        return error(
            "unknown_step",
            "task",
            f"流程图中没有环节「{task}」",
            f"the flowchart has no task \u201c{task}\u201d",
        )
    if known:
        return error(
            "step_not_open",
            "task",
            f"环节「{task}」当前不可办理 (已办理, 或事件重复、顺序有误)",
            f"the task \u201c{task}\u201d is not open now (done already, or a duplicate or "
            "out-of-order event)",
        )
    return error(
        "out_of_order",
        "task",
        f"环节「{task}」尚未到达 (事件顺序有误, 前序环节未办理)",
        f"the task \u201c{task}\u201d has not been reached (out-of-order event)",
    )


def in_model(compiled, task: str) -> bool:
    return task in compiled.nodes or any(n.label == task for n in compiled.tasks)


def unknown_power(code: str) -> DomainError:
    return error("unknown_power", "power", f"事项「{code}」不存在", f"no power \u201c{code}\u201d")


def ambiguous_power() -> DomainError:
    return error(
        "ambiguous_power", "org", "多个事项同编码, 请指明单位代码 org", "give org: several powers"
    )


def case_exists(external: str) -> DomainError:
    return error(
        "case_exists",
        "case",
        f"办件「{external}」已登记 (create 事件重复)",
        f"the case \u201c{external}\u201d exists already (a second create event)",
    )


def wrong_post(step_name: str, post, given: str) -> DomainError:
    """``post``: the step's post (or None); ``given``: the post code the event named."""
    return error(
        "wrong_post",
        "post",
        f"「{step_name}」须由「{post.name if post else '—'}」岗位办理",
        f"\u201c{step_name}\u201d is done by the post "
        f"\u201c{post.code if post else '—'}\u201d, not \u201c{given}\u201d",
    )


def reasons_required() -> DomainError:
    return error(
        "reasons_required",
        "reasons",
        "不予许可/不予办理必须说明理由",
        "a refusal must state its reasons",
    )
