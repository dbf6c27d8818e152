"""Where the platform keeps its local state (database, keys, uploads), found the same
way from any working directory:

1. ``$YANGGUANG_VAR`` when it is set;
2. otherwise, when the package runs from a source checkout (``make install`` installs it
   editable, so the installed package points at the checkout), ``var/`` at the root of
   that checkout;
3. otherwise ``<sys.prefix>/var/yangguang`` (the virtual environment or prefix the
   package is installed in).

Nothing here creates the directory: commands that write state (``yangguang demo``,
``yangguang migrate``, the test settings) call :func:`ensure_var_dir`; a read command
against a missing directory is told so (``yangguang.cli``), it never makes an empty one.

``yangguang demo`` leaves a marker (``demo.json``) in the state directory naming the
database it loaded the demo county into. A command run without ``YANGGUANG_MODE`` on that
same database runs in demo mode; any other database, or an explicit
``YANGGUANG_MODE=production``, is production (which needs its settings).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEMO_MARKER = "demo.json"


def project_root() -> Path | None:
    """The source checkout the package runs from (``<root>/src/yangguang``), if any."""
    src = PACKAGE_DIR.parent
    root = src.parent
    if src.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def var_dir() -> Path:
    """The state directory (see the module's docstring); not created here."""
    explicit = os.environ.get("YANGGUANG_VAR", "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    root = project_root()
    if root is not None:
        return root / "var"
    return Path(sys.prefix).resolve() / "var" / "yangguang"


def ensure_var_dir() -> Path:
    """The state directory, made if missing (for the commands that write state), and kept
    the platform's alone: the directory ``0700``, what lies in it ``0600`` (folders
    ``0700``); the commands make new files that way too (``private_umask``)."""
    path = var_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    protect(path)
    return path


def protect(path: Path) -> None:
    """``path`` and its entries (one level down) readable by their owner only."""
    try:
        path.chmod(0o700)
        for entry in path.iterdir():
            if entry.is_symlink():
                continue
            entry.chmod(0o700 if entry.is_dir() else 0o600)
    except PermissionError:  # not ours (a shared, read-only state directory): leave it
        pass


def private_umask() -> None:
    """Files and folders the process makes are its own (``0600`` / ``0700``)."""
    os.umask(0o077)


def database_url(var: Path | None = None) -> str:
    """``$DATABASE_URL``, or the SQLite file in the state directory."""
    return os.environ.get("DATABASE_URL") or (
        f"sqlite:///{(var or var_dir()) / 'yangguang.sqlite3'}"
    )


def _fingerprint(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def demo_marked(var: Path, url: str) -> bool:
    """Whether ``yangguang demo`` loaded the demo county into the database ``url`` with
    this state directory."""
    try:
        data = json.loads((var / DEMO_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("database") == _fingerprint(url)


def write_demo_marker(var: Path, url: str) -> Path:
    """Record that the database ``url`` holds the demo county (only its fingerprint is
    kept, never a password)."""
    var.mkdir(parents=True, exist_ok=True)
    path = var / DEMO_MARKER
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(
        json.dumps({"mode": "demo", "database": _fingerprint(url)}) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
    return path
