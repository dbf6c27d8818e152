"""Load benchmark of the commission's dashboard through the real server (issue 25 point 8).

``BENCH_CASES`` open cases (default 100,000) with their open steps are bulk-loaded into a
PostgreSQL database of their own (``bench/ingest.py``'s loader), one deadline sweep raises
the alerts they deserve, then ``yangguang serve`` (Waitress, ``--threads 8``, no worker)
answers ``BENCH_CONNECTIONS`` clients (default 50, each its own keep-alive connection
signed in as the system administrator) asking for ``/office/cases/dashboard/`` for
``BENCH_SECONDS`` seconds (default 30), while one more client asks for the portal's home
page (an unrelated page, to see whether it waits behind the dashboard).

Two rounds in the same run, against the same data: the baseline with
``YANGGUANG_DASHBOARD_SECONDS=0`` (every request computes every figure: the behaviour
before the figures were shared per scope), then the platform's default (30 s). Printed:
requests/s, latency min / p50 / p95 / p99 / max, errors and timeouts, the unrelated
page's p50 / p95, and whether the goal (dashboard p95 under 1 s) is met.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("BENCH_CASES", "100000")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest  # the database, the world and the COPY loader

ingest.DB = "yangguang_bench_dashboard"

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
TIMEOUT = 30.0
GOAL_P95 = 1.0
ROOT = ingest.ROOT
DASHBOARD = "/office/cases/dashboard/"
OTHER = "/"
PASSWORD = secrets.token_urlsafe(18)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv/bin/yangguang"), "serve", "--no-worker", "--threads", "8",
             "--addr", f"127.0.0.1:{self.port}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", OTHER)
                conn.getresponse().read()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"server did not start: {self.proc.stderr.read()}") from None
                time.sleep(0.5)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _cookies(response) -> dict[str, str]:
    out = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            out[key.strip()] = rest.split(";", 1)[0]
    return out


def sign_in(port: int, username: str) -> str:
    """A session cookie header for ``username`` (the login form, with its CSRF token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.request("GET", "/accounts/login/")
    page = conn.getresponse()
    html = page.read().decode()
    jar = _cookies(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={jar['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/",
    })  # fmt: skip
    done = conn.getresponse()
    done.read()
    session = _cookies(done).get("sessionid")
    if done.status != 302 or not session:
        raise RuntimeError(f"sign-in failed: HTTP {done.status}")
    return f"sessionid={session}"


def _client(port: int, path: str, cookie: str, until: float, out: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")
                continue
        except TimeoutError:
            errors.append("timeout")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            continue
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            continue
        out.append(time.perf_counter() - started)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def round_(label: str, env: dict[str, str]) -> float:
    server = Server(env)
    try:
        cookie = sign_in(server.port, "bench.admin")
        main: list[float] = []
        other: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + SECONDS
        threads = [
            threading.Thread(
                target=_client, args=(server.port, DASHBOARD, cookie, until, main, errors)
            )
            for _ in range(CONNECTIONS)
        ] + [threading.Thread(target=_client, args=(server.port, OTHER, "", until, other, errors))]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    p95 = _pct(main, 95)
    print(
        f"{label}: {len(main) / elapsed:7.1f} req/s over {elapsed:.0f}s, {CONNECTIONS} connections; "
        f"latency min {min(main, default=float('nan')):.3f}s p50 {statistics.median(main) if main else float('nan'):.3f}s "
        f"p95 {p95:.3f}s p99 {_pct(main, 99):.3f}s max {max(main, default=float('nan')):.3f}s; "
        f"errors {len(errors)} ({', '.join(sorted(set(errors))) or 'none'}); "
        f"unrelated page {OTHER}: {len(other)} requests, p50 {_pct(other, 50):.3f}s p95 {_pct(other, 95):.3f}s"
    )  # fmt: skip
    return p95


def main() -> None:
    ingest.admin(f"DROP DATABASE IF EXISTS {ingest.DB}")
    ingest.admin(f"CREATE DATABASE {ingest.DB}")
    var = tempfile.mkdtemp(prefix="yg-bench-dashboard-")
    try:
        ingest.setup_django()
        from django.utils import timezone

        from yangguang.accounts.models import User
        from yangguang.cases.models import Alert, Case
        from yangguang.cases.services import supervision_sweep
        from yangguang.core.context import Actor

        dept, power, process, _secret = ingest.world()
        ingest.load_cases(dept, power, process)
        started = time.perf_counter()
        raised = supervision_sweep(actor=Actor.system("bench"), now=timezone.now())
        print(f"sweep: {sum(raised.values()):,} alerts in {time.perf_counter() - started:.1f}s")
        from django.contrib.auth.hashers import make_password

        admin = User.objects.create_user("bench.admin", password=None, full_name="压测管理员",
                                         role="sysadmin")  # fmt: skip
        admin.password = make_password(PASSWORD, hasher="argon2")  # what the server checks
        admin.save(update_fields=["password"])
        print(f"data: {Case.objects.count():,} cases, {Alert.objects.count():,} alerts")
        from django.db import connections

        connections.close_all()
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(YANGGUANG_MODE="demo", YANGGUANG_VAR=var, ALLOWED_HOSTS="127.0.0.1")
        baseline = round_("baseline (figures computed per request)", {
            **env, "YANGGUANG_DASHBOARD_SECONDS": "0",
        })  # fmt: skip
        shared = round_("shared per scope (default, 30 s)", env)
        verdict = "met" if shared < GOAL_P95 else "NOT met"
        print(f"goal: dashboard p95 under {GOAL_P95:.0f}s with {CONNECTIONS} connections: "
              f"{verdict} ({shared:.3f}s; baseline {baseline:.3f}s)")  # fmt: skip
    finally:
        from django.db import connections

        connections.close_all()
        ingest.admin(f"DROP DATABASE IF EXISTS {ingest.DB}")


if __name__ == "__main__":
    main()
