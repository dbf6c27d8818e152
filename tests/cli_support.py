"""A prepared state directory for the tests that run the ``yangguang`` command in a
subprocess, fast: a migrated SQLite database (made once by ``yangguang migrate`` and
cached under ``var/test-cache/``, keyed by the migrations it ran), copied, and filled
with a small world (the flows tests' department with its licence flowchart published,
an inspector with an API token) by running this module as a script.

    python tests/cli_support.py   # with DATABASE_URL naming the copy
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
SCRIPT = Path(sys.executable).with_name("yangguang")
CACHE = ROOT / "var" / "test-cache"


def base_env(var: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's shell: no Django or test variables, the state
    directory ``var`` (as an installation would find it)."""
    drop = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "YANGGUANG_MODE", "YANGGUANG_TEST_DB"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["YANGGUANG_VAR"] = str(var)
    env.update(extra)
    return env


def run(env: dict[str, str], *args: str, cwd: Path | str | None = None, timeout: int = 300):
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        list(args), env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def _migrations_key() -> str:
    import django
    import django_tasks_db

    digest = hashlib.sha256(f"{django.__version__} {django_tasks_db.__name__}".encode())
    for path in sorted(SRC.glob("yangguang/*/migrations/*.py")):
        digest.update(path.relative_to(SRC).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def migrated_template() -> Path:
    """A migrated SQLite database, made once per set of migrations."""
    CACHE.mkdir(parents=True, exist_ok=True)
    template = CACHE / f"migrated-{_migrations_key()}.sqlite3"
    if template.exists():
        return template
    work = CACHE / f"making-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = base_env(work, YANGGUANG_MODE="demo")
    done = run(env, sys.executable, "-m", "yangguang", "migrate", "-v0", timeout=900)
    assert done.returncode == 0, done.stderr
    _copy(work / "yangguang.sqlite3", work / "template.sqlite3")
    os.replace(work / "template.sqlite3", template)
    shutil.rmtree(work, ignore_errors=True)
    for stale in CACHE.glob("migrated-*.sqlite3"):  # made for migrations since changed
        if stale != template:
            stale.unlink(missing_ok=True)
    return template


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its WAL included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def prepared_state(var: Path) -> dict[str, str]:
    """``var`` with ``yangguang.sqlite3`` migrated and filled with the small world;
    returns what the world script printed (the inspector's API token)."""
    var.mkdir(parents=True, exist_ok=True)
    _copy(migrated_template(), var / "yangguang.sqlite3")
    env = base_env(var, YANGGUANG_MODE="demo", PYTHONPATH=os.pathsep.join([str(ROOT), str(SRC)]))
    done = run(env, sys.executable, str(Path(__file__)), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fill() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    django.setup()
    from tests.flows import conftest as flows
    from yangguang.accounts.services import api_token_create
    from yangguang.audit.services import checkpoint_create
    from yangguang.core.context import Actor

    world = flows.w.__wrapped__(None)
    flows.publish_list(world)
    flows.build_licence(world, publish=True)
    inspector = world.users["inspector"]
    _, secret = api_token_create(actor=Actor.system("tests"), user=inspector, name="cli tests")
    checkpoint_create(actor=Actor.system("tests"))
    print(json.dumps({"token": secret, "org": world.dept.code, "power": world.licence.code}))


if __name__ == "__main__":
    _fill()
