"""Where the platform keeps its local state (database, keys, uploads)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def var_dir() -> Path:
    """The writable state directory: ``$YANGGUANG_VAR`` or ``./var``."""
    path = Path(os.environ.get("YANGGUANG_VAR") or (Path.cwd() / "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
