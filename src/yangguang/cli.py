"""The ``yangguang`` command: a thin wrapper around Django management.

``yangguang demo``, ``yangguang serve``, ``yangguang migrate``, ``yangguang orgs list``...
Every subcommand is a Django management command of one of our apps, so the same
code runs from ``manage.py`` and from the console script.
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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    execute_from_command_line(["yangguang", *argv])


if __name__ == "__main__":
    main()
