"""Work that parses a user's file runs in a child process of the task worker, with a
memory limit and a time limit of its own (issue 25): a hostile or merely enormous file
can exhaust the child, never the worker, and the job is marked failed with the reason.

:func:`run_limited` forks the worker (the child starts at once, with Django and the
code already loaded), sets the child's address space to ``YANGGUANG_JOB_MEMORY_MB``
(``resource.setrlimit(RLIMIT_AS)``) and runs the function there; the worker waits for at
most ``YANGGUANG_JOB_SECONDS``. The function's return value (picklable) comes back
through a pipe, and so does a :class:`~yangguang.core.errors.DomainError` it raised
(raised again here); anything else ends as :class:`JobLimitError` with the reason in
both languages: out of memory (the child's ``MemoryError``, or the kernel killing it),
out of time (the worker kills it), or died otherwise (exit status or signal).

The child opens its own database connections (the worker's are closed before the
fork, so none is shared) and writes the job's results itself. With
``YANGGUANG_JOB_MEMORY_MB = 0`` the function runs in this process (the test settings:
the immediate task backend runs jobs inside the test's transaction, which a child
cannot see); a ``MemoryError`` is still reported as :class:`JobLimitError`. POSIX only.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections

from yangguang.core.errors import DomainError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
#: exit status of a child that could not report (its pipe failed)
_NO_REPORT = 70


class JobLimitError(Exception):
    """The job's process ran out of memory or time, or died: ``code`` is ``memory``,
    ``time`` or ``died``; ``zh`` and ``en`` say so."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        self.code, self.zh, self.en = code, zh, en
        super().__init__(f"{zh} ({en})")


def memory_limit() -> int:
    """The address space of a job's process in bytes (0: no child process)."""
    return int(getattr(settings, "YANGGUANG_JOB_MEMORY_MB", 2048)) * MB


def time_limit() -> int:
    return int(getattr(settings, "YANGGUANG_JOB_SECONDS", 3600))


def out_of_memory(limit: int) -> JobLimitError:
    mb = limit // MB
    return JobLimitError(
        "memory",
        f"处理该文件所需的内存超过了上限({mb} MB), 任务已中止, 未保存任何内容; "
        "请拆分文件或精简内容后重新提交。",
        f"processing the file needed more memory than the limit ({mb} MB); the job was "
        "stopped and nothing was saved. Split or trim the file and submit it again.",
    )


def out_of_time(seconds: int) -> JobLimitError:
    return JobLimitError(
        "time",
        f"处理该文件超过了时限({seconds} 秒), 任务已中止, 未保存任何内容。",
        f"processing the file took longer than the limit ({seconds} s); the job was "
        "stopped and nothing was saved.",
    )


def died(how_zh: str, how_en: str) -> JobLimitError:
    return JobLimitError(
        "died",
        f"处理该文件的进程意外退出({how_zh}), 任务未完成, 未保存任何内容。",
        f"the process handling the file ended unexpectedly ({how_en}); the job did not "
        "finish and nothing was saved.",
    )


def run_limited(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a child process under the job limits (see the
    module); its result, or its ``DomainError`` raised again, or :class:`JobLimitError`."""
    limit = memory_limit()
    if limit <= 0:
        try:
            return fn(*args, **kwargs)
        except MemoryError:
            raise out_of_memory(0) from None
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            raise RuntimeError("run_limited inside a transaction: the child could not see it")
    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, limit, fn, args, kwargs)
    os.close(write_end)
    return _parent(pid, read_end, limit, time_limit())


def _child(write_end: int, limit: int, fn, args, kwargs) -> None:
    status = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        outcome: tuple[str, Any]
        try:
            outcome = ("ok", fn(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except DomainError as exc:
            outcome = ("refused", (exc.error_code, exc.field, exc.zh, exc.en))
        except BaseException as exc:  # reported to the worker, which logs it
            outcome = ("error", "".join(traceback.format_exception(exc))[-4000:])
        try:
            data = pickle.dumps(outcome)
        except Exception as exc:
            data = pickle.dumps(("error", f"unpicklable result: {exc!r}"))
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
    except BaseException:  # even the report failed: the status says so
        status = _NO_REPORT
    finally:
        try:
            connections.close_all()
        finally:
            os._exit(status)


def _parent(pid: int, read_end: int, limit: int, seconds: int) -> Any:
    deadline = time.monotonic() + seconds if seconds > 0 else None
    chunks: list[bytes] = []
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            wait = None if deadline is None else max(deadline - time.monotonic(), 0)
            ready, _, _ = select.select([pipe], [], [], wait)
            if not ready:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        raise out_of_time(seconds)
    outcome = None
    if chunks:
        try:
            outcome = pickle.loads(b"".join(chunks))  # noqa: S301 (our own child's)
        except Exception:  # a torn report: the exit status says the rest
            outcome = None
    if outcome is None:
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGKILL:  # the kernel's out-of-memory killer, as a rule
                raise out_of_memory(limit)
            name = signal.Signals(sig).name
            raise died(f"信号 {name}", f"signal {name}")
        code = os.WEXITSTATUS(status)
        raise died(f"退出码 {code}", f"exit status {code}")
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "memory":
        raise out_of_memory(limit)
    if kind == "refused":
        code, field, zh, en = value
        raise DomainError(code=code, field=field, zh=zh, en=en)
    logger.error("a limited job failed in its child process:\n%s", value)
    raise died("内部错误", "internal error")
