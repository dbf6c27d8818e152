"""Uploaded import files and the state of each import (mapping, preview, progress,
result), kept as files under ``POWER_IMPORT_DIR`` (default ``var/imports``), so that the
web process and the task worker (``yangguang db_worker``) share them without a table.

A job is a directory named by a random id holding ``source.xlsx``, ``state.json`` and,
once the worker has read the file, ``preview.json`` (the preview the page shows, made
once per mapping by ``tasks.preview_power_list``, never in a web request); the JSON files
are replaced atomically on every change. ``source.xlsx`` is deleted when the job ends
(imported, failed or refused), and a job left alone for ``STALE_DAYS`` loses its file to
the daily ``purge`` (its directory goes after ``FORGET_DAYS``). The id is unguessable and
every page also checks that the job belongs to the organisation and was started by the
user.

States: ``previewing`` (the worker reads and checks the file under the current
mapping, ``revision``), ``preview`` (the preview is ready), ``queued`` and ``running``
(the import), ``done``, ``failed``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

_ID = re.compile(r"^[0-9a-f]{32}$")
STALE_DAYS = 2
FORGET_DAYS = 30
ACTIVE = frozenset({"previewing", "queued", "running"})


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
        "status": "previewing",  # previewing, preview, queued, running, done, failed
        "revision": 0,  # of the mapping; the preview says which one it shows
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


def _write(path: Path, name: str, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    os.replace(tmp, path / name)


def save(state: dict[str, Any]) -> None:
    _write(root() / state["id"], "state.json", state)


def save_preview(job_id: str, preview: dict[str, Any]) -> None:
    path = _dir(job_id)
    if path is not None:
        _write(path, "preview.json", preview)


def load_preview(job_id: str) -> dict[str, Any] | None:
    path = _dir(job_id)
    if path is None:
        return None
    try:
        return json.loads((path / "preview.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def discard_source(job_id: str) -> None:
    """The job has ended: its uploaded file is deleted (the state stays for its page)."""
    path = _dir(job_id)
    if path is not None:
        (path / "source.xlsx").unlink(missing_ok=True)


def purge(*, now: float | None = None) -> int:
    """Delete the files of jobs left alone for ``STALE_DAYS`` (unless the worker is at
    them) and every job untouched for ``FORGET_DAYS``; how many files or jobs went."""
    now = time.time() if now is None else now
    gone = 0
    for path in root().iterdir():
        if not (_ID.match(path.name) and path.is_dir()):
            continue
        try:
            age_days = (now - (path / "state.json").stat().st_mtime) / 86400
        except OSError:
            age_days = (now - path.stat().st_mtime) / 86400
        if age_days > FORGET_DAYS:
            shutil.rmtree(path, ignore_errors=True)
            gone += 1
            continue
        stale = age_days > STALE_DAYS and (path / "source.xlsx").exists()
        if stale and (load(path.name) or {}).get("status") not in ACTIVE:
            discard_source(path.name)
            gone += 1
    return gone


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
