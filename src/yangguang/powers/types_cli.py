"""``yangguang powers types|type-add|type-update``: the power types (行政许可, 行政处罚 ...)
kept by the operator from the command line (registered in
``management/commands/powers.py``), through ``power_type_create`` / ``power_type_update``
(the command acts as the system, as the operator's other configuration commands do)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers import services as s
from yangguang.powers.models import PowerType

ACTOR = Actor.system("powers.types")


def _yes_no(value: str) -> bool:
    if value not in {"yes", "no"}:
        raise CommandError(f"--active 应为 yes 或 no (--active must be yes or no): {value!r}")
    return value == "yes"


def _show(command: BaseCommand, power_type: PowerType) -> None:
    state = "active" if power_type.active else "inactive"
    command.stdout.write(f"{power_type.code}\t{power_type.name}\t{power_type.sort_order}\t{state}")


def add_types(parser: CommandParser) -> None:
    del parser  # no options


def run_types(command: BaseCommand, options: dict[str, Any]) -> None:
    for power_type in PowerType.objects.order_by("sort_order", "code"):
        _show(command, power_type)


def add_type_add(parser: CommandParser) -> None:
    parser.add_argument("--code", required=True, help="两个大写字母 (two capital letters)")
    parser.add_argument("--name", required=True, help="名称 (name)")
    parser.add_argument("--order", type=int, default=0, help="排序 (sort order)")


def run_type_add(command: BaseCommand, options: dict[str, Any]) -> None:
    try:
        power_type = s.power_type_create(
            actor=ACTOR, code=options["code"], name=options["name"], sort_order=options["order"]
        )
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    _show(command, power_type)


def add_type_update(parser: CommandParser) -> None:
    parser.add_argument("--code", required=True, help="职权类型代码 (power type code)")
    parser.add_argument("--name", default=None, help="新名称 (new name)")
    parser.add_argument("--order", type=int, default=None, help="排序 (sort order)")
    parser.add_argument("--active", default=None, metavar="yes|no", help="启用 (in use)")


def run_type_update(command: BaseCommand, options: dict[str, Any]) -> None:
    power_type = PowerType.objects.filter(code=options["code"]).first()
    if power_type is None:
        raise CommandError(
            f"未找到职权类型 {options['code']!r} (no power type {options['code']!r})"
        )
    active = None if options["active"] is None else _yes_no(options["active"])
    try:
        power_type = s.power_type_update(
            actor=ACTOR,
            power_type=power_type,
            name=options["name"],
            sort_order=options["order"],
            active=active,
        )
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    _show(command, power_type)
