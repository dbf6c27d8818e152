"""Uploaded import files and the state of each import (mapping, preview, progress,
result), kept as files under ``POWER_IMPORT_DIR`` (default ``var/imports``), so that the
web process and the task worker (``yangguang db_worker``) share them without a table.

A job is a directory named by a random id holding ``source.xlsx`` and ``state.json``;
``state.json`` is replaced atomically on every change. The id is unguessable and every
page also checks that the job belongs to the organisation and was started by the user.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

_ID = re.compile(r"^[0-9a-f]{32}$")


def root() -> Path:
    path = Path(getattr(settings, "POWER_IMPORT_DIR", settings.VAR_DIR / "imports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dir(job_id: str) -> Path | None:
    if not _ID.match(job_id or ""):
        return None
    path = root() / job_id
    return path if path.is_dir() else None


def create(*, data: bytes, filename: str, org_id: int, user_id: int | None) -> dict[str, Any]:
    job_id = secrets.token_hex(16)
    path = root() / job_id
    path.mkdir()
    (path / "source.xlsx").write_bytes(data)
    state = {
        "id": job_id,
        "org_id": org_id,
        "user_id": user_id,
        "filename": filename[:200],
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "created": timezone.now().isoformat(),
        "status": "uploaded",  # uploaded, queued, running, done, failed
        "override": {},
        "phase": "",
        "done": 0,
        "total": 0,
        "summary": {},
        "error": "",
    }
    save(state)
    return state


def load(job_id: str) -> dict[str, Any] | None:
    path = _dir(job_id)
    if path is None:
        return None
    try:
        return json.loads((path / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def source(job_id: str) -> bytes:
    path = _dir(job_id)
    if path is None:
        raise FileNotFoundError(job_id)
    return (path / "source.xlsx").read_bytes()


def save(state: dict[str, Any]) -> None:
    path = root() / state["id"]
    fd, tmp = tempfile.mkstemp(dir=path, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False)
    os.replace(tmp, path / "state.json")


def update(job_id: str, **changes: Any) -> dict[str, Any]:
    state = load(job_id) or {}
    state.update(changes)
    save(state)
    return state


def progress_writer(job_id: str, phase: str):
    """A ``progress(done, total)`` callback that records at most every 2% (and the end)."""
    last = {"done": -1}

    def write(done: int, total: int) -> None:
        step = max(total // 50, 1)
        if done == total or done - last["done"] >= step:
            last["done"] = done
            update(job_id, phase=phase, done=done, total=total)

    return write
