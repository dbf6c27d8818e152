"""``yangguang powers status|submit|review|publish``: a list's review round from the
command line (registered in ``management/commands/powers.py``).

Each step is done by the person named with ``--by USERNAME`` and goes through the same
service as the pages and the API, with the same rules for that person (the command acts
as the system recording a step done by that person, as an import of past reviews does).
``review`` does the step the list is at: first review while it is in first review,
second review while in second review."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers import rounds, selectors
from yangguang.powers import services as s
from yangguang.powers.models import ListStatus, PowerList

ACTOR = Actor.system("powers.review")


def _list(options: dict[str, Any]) -> PowerList:
    from yangguang.powers.management.commands.powers import organisation_by_code

    org = organisation_by_code(options["org"])
    power_list = PowerList.objects.select_related("organisation").filter(organisation=org).first()
    if power_list is None:
        raise CommandError(f"{org.code} 还没有权责清单 ({org.code} has no power list yet)")
    return power_list


def _person(username: str) -> User:
    person = User.objects.select_related("organisation").filter(username=username).first()
    if person is None:
        raise CommandError(f"未找到账号 {username!r} (no account {username!r})")
    return person


def _org_and_by(parser: CommandParser, by_required: bool = True) -> None:
    parser.add_argument("--org", metavar="CODE", required=True, help="单位代码 (organisation)")
    if by_required:
        parser.add_argument(
            "--by", metavar="USERNAME", required=True, help="办理人账号 (the person doing it)"
        )


def _show(command: BaseCommand, power_list: PowerList) -> None:
    power_list.refresh_from_db()
    version = selectors.max_version_number(power_list)
    command.stdout.write(
        f"{power_list.organisation.code}\t{rounds.API_STATUS[power_list.status]}\t"
        f"version {version}\titems {power_list.items.count()}"
    )


def _run(step) -> Any:
    try:
        return step()
    except DomainError as exc:
        raise CommandError(str(exc)) from None


def add_status(parser: CommandParser) -> None:
    _org_and_by(parser, by_required=False)


def run_status(command: BaseCommand, options: dict[str, Any]) -> None:
    """The list's status, its round's people and its history, one step a line."""
    power_list = _list(options)
    _show(command, power_list)
    for name in ("drafter", "first_reviewer", "second_reviewer"):
        person = getattr(power_list, name)
        if person is not None:
            command.stdout.write(f"{name}\t{person.username}\t{person}")
    if power_list.return_reason:
        command.stdout.write(f"return_reason\t{power_list.return_reason}")
    for step in rounds.round_history(power_list):
        command.stdout.write(
            f"round {step.round}\t{step.time.isoformat()}\t{step.action}\t{step.person}"
            + (f"\t{step.reason}" if step.reason else "")
            + (f"\tversion {step.version}" if step.version else "")
        )


def add_submit(parser: CommandParser) -> None:
    _org_and_by(parser)


def run_submit(command: BaseCommand, options: dict[str, Any]) -> None:
    power_list, person = _list(options), _person(options["by"])
    _run(lambda: s.power_list_submit(actor=ACTOR, power_list=power_list, by=person))
    _show(command, power_list)


def add_review(parser: CommandParser) -> None:
    _org_and_by(parser)
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true", help="通过 (approve)")
    choice.add_argument("--return", dest="send_back", metavar="REASON", help="退回及理由 (return)")


def run_review(command: BaseCommand, options: dict[str, Any]) -> None:
    power_list, person = _list(options), _person(options["by"])
    if power_list.status == ListStatus.FIRST_REVIEW:
        approve, send_back = s.power_list_first_approve, s.power_list_first_return
    elif power_list.status == ListStatus.SECOND_REVIEW:
        approve, send_back = s.power_list_second_approve, s.power_list_second_return
    else:
        raise CommandError(
            f"清单当前为“{rounds.status_text(power_list.status)}”, 没有待审核的步骤 "
            f"(the list is {rounds.API_STATUS[power_list.status]}; nothing to review)"
        )
    if options.get("approve"):
        _run(lambda: approve(actor=ACTOR, power_list=power_list, by=person))
    else:
        reason = options.get("send_back") or ""
        _run(lambda: send_back(actor=ACTOR, power_list=power_list, reason=reason, by=person))
    _show(command, power_list)


def add_publish(parser: CommandParser) -> None:
    _org_and_by(parser)


def run_publish(command: BaseCommand, options: dict[str, Any]) -> None:
    power_list, person = _list(options), _person(options["by"])
    version = _run(lambda: s.power_list_publish(actor=ACTOR, power_list=power_list, by=person))
    command.stdout.write(f"published version {version.number}\tsha256 {version.sha256}")
    _show(command, power_list)
