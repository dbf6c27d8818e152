"""The ``yangguang`` command: a thin wrapper around Django management.

``yangguang demo``, ``yangguang serve``, ``yangguang migrate``, ``yangguang orgs list``...
Every subcommand is a Django management command of one of our apps, so the same
code runs from ``manage.py`` and from the console script. One exception for speed:
``supervise check --flow … --log … --out …`` (no ``--power``) runs the Django-free
checker (``yangguang.conformance.run.main_check``: same report, messages and exit codes),
falling back to the management command whenever it cannot.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    # friendly name -> Django management command
    "serve": "serve",
    "calendar": "workcalendar",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["supervise", "check"] and _check_without_django(argv):
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    execute_from_command_line(["yangguang", *argv])


def _check_without_django(argv: list[str]) -> bool:
    """``supervise check --flow … --log … --out …`` by the Django-free runner (same
    report, messages and exit codes); False when the Django command must do it."""
    from yangguang.conformance import run

    options = run.fast_check_args(argv)
    if options is None:
        return False
    import gc

    gc.disable()  # a bulk check makes many small containers and no cycles
    try:
        code = run.main_check(options)
    except run.NeedDjango:
        return False
    finally:
        gc.enable()
    sys.stdout.flush()
    if code:
        sys.exit(code)
    return True


if __name__ == "__main__":
    main()
