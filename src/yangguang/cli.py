"""The ``yangguang`` command: a thin wrapper around Django management.

``yangguang demo``, ``yangguang serve``, ``yangguang migrate``, ``yangguang orgs list``...
Every subcommand is a Django management command of one of our apps, so the same
code runs from ``manage.py`` and from the console script. One exception for speed:
``supervise check --flow … --log … --out …`` (no ``--power``) runs the Django-free
checker (``yangguang.conformance.run.main_check``: same report, messages and exit codes),
falling back to the management command whenever it cannot.

Before a command runs, the command line makes sure it can: a configuration the settings
refuse (production without ``SECRET_KEY``, say), a database that does not exist or is
not migrated, or one that cannot be reached, each give one line in both languages saying
what is missing and what to run, and exit status 2; never a traceback, and a command
that only reads never creates the state directory or an empty database. Only
``yangguang demo`` and ``yangguang migrate`` make them.
"""

from __future__ import annotations

import os
import sys

from yangguang.paths import private_umask

ALIASES = {
    # friendly name -> Django management command
    "serve": "serve",
    "calendar": "workcalendar",
    # django-tasks-db's worker, with the heartbeat the pages read (yangguang worker)
    "db_worker": "worker",
}

# commands that make the state directory and the database
CREATES_DATABASE = frozenset({"demo", "migrate"})
# commands that never open the database
NO_DATABASE = frozenset(
    {
        "help",
        "version",
        "check",
        "compilemessages",
        "makemessages",
        "makemigrations",
        "diffsettings",
        "startapp",
        "startproject",
        "test",
        "collectstatic",
        "findstatic",
    }
)
# commands that may look at a database whose migrations are not all applied
ANY_MIGRATION_STATE = frozenset({"showmigrations", "sqlmigrate", "dbshell", "squashmigrations"})

RUN_DEMO = "yangguang demo"
RUN_MIGRATE = "yangguang migrate"


class NotReady(Exception):
    """The command cannot run; the one bilingual line that says why."""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    private_umask()  # the state directory's files: 0600 (yangguang.paths)
    try:
        if argv[:2] == ["supervise", "check"] and _check_without_django(argv):
            return
    except BrokenPipeError:  # the reader left (| head): as below
        _quiet_exit()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    if argv[:1] == ["demo"] and not os.environ.get("DATABASE_URL"):
        # `yangguang demo` on the embedded SQLite database is the demo, as README's table
        # shows it; a configured DATABASE_URL keeps the mode it is given (production by
        # default), so the demo county is never loaded into a real database by accident
        os.environ.setdefault("YANGGUANG_MODE", "demo")
    from django.core.management import execute_from_command_line

    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    command = argv[0] if argv and not argv[0].startswith("-") else ""
    if command and "--help" not in argv and "-h" not in argv:
        try:
            prepare(command)
        except NotReady as exc:
            sys.stderr.write(f"{exc}\n")
            sys.exit(2)
    try:
        execute_from_command_line(["yangguang", *argv])
    except BrokenPipeError:  # `yangguang orgs list | head`: the reader left, not an error
        _quiet_exit()


def _quiet_exit() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def prepare(command: str) -> None:
    """Settings loaded, state directory made (for the commands that make it) and the
    database checked (for the commands that need it); :class:`NotReady` otherwise."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
        django.setup()
    except ImproperlyConfigured as exc:
        raise NotReady(
            f"配置有误, 未能启动 (configuration refused, nothing started): {exc}"
        ) from None
    if command in CREATES_DATABASE:
        from yangguang.paths import ensure_var_dir

        ensure_var_dir()
        return
    if command in NO_DATABASE:
        return
    database_ready(migrated=command not in ANY_MIGRATION_STATE)


def database_ready(*, migrated: bool = True, alias: str = "default") -> None:
    """:class:`NotReady` when the database does not exist, cannot be reached, or (with
    ``migrated``) has migrations not applied."""
    from pathlib import Path

    from django.conf import settings
    from django.db import DatabaseError, connections

    db = settings.DATABASES[alias]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name != ":memory:" and not name.startswith("file:") and not Path(name).is_file():
            where = Path(name).parent
            state = (
                ""
                if where.is_dir()
                else f"; 状态目录 {where} 也不存在 (nor does the state directory)"
            )
            raise NotReady(
                f"数据库不存在: {name}{state}。请先运行 {RUN_DEMO}(加载演示县)"
                f"或 {RUN_MIGRATE}(建空库);或用 YANGGUANG_VAR / DATABASE_URL 指向已有的数据库 "
                f"(the database {name} does not exist: run {RUN_DEMO} for the demo county "
                f"or {RUN_MIGRATE} for an empty one, or point YANGGUANG_VAR or DATABASE_URL "
                "at an existing one)"
            )
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        applied = bool(executor.loader.applied_migrations)
    except DatabaseError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise NotReady(
            f"无法打开数据库 {_shown(db)}: {first} (cannot open the database): "
            "请检查 DATABASE_URL 和数据库服务 (check DATABASE_URL and the database server)"
        ) from None
    finally:
        connection.close()
    if migrated and plan:
        first = f"{plan[0][0].app_label}.{plan[0][0].name}"
        if not applied:
            raise NotReady(
                f"数据库 {_shown(db)} 是空的, 尚未迁移: 请运行 {RUN_DEMO}(加载演示县)"
                f"或 {RUN_MIGRATE} (the database is empty, not migrated: run {RUN_DEMO} "
                f"for the demo county or {RUN_MIGRATE})"
            )
        raise NotReady(
            f"数据库 {_shown(db)} 尚未迁移完: {len(plan)} 个迁移未应用(首个 {first}), "
            f"请运行 {RUN_MIGRATE} (the database is not fully migrated: {len(plan)} "
            f"migrations not applied, the first {first}; run {RUN_MIGRATE})"
        )


def _shown(db: dict) -> str:
    """The database named without its password."""
    host = db.get("HOST") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"{host}{port}/{db['NAME']}" if host else str(db["NAME"])


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
