"""Deployable behind the TLS proxy (issue 25 point 4): one setting for the proxy, the
client's address as far as the proxy is trusted, CSRF that passes over HTTPS through it,
HSTS and secure cookies in production, ``check --deploy`` clean, and a state directory that
is the platform's alone."""

from __future__ import annotations

import base64
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from yangguang.core import proxy

ROOT = Path(__file__).resolve().parents[2]
HOST = "yg.example.gov.cn"


@pytest.mark.parametrize(
    ("setting", "remote", "xff", "client"),
    [
        ("", "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # no proxy: the header means nothing
        ("1", "10.0.0.5", "1.2.3.4", "1.2.3.4"),
        ("1", "10.0.0.5", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a client's own entry: ignored
        ("2", "10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        ("1", "10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.0/24", "10.0.0.5", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        ("10.0.0.0/24", "10.0.0.5", "1.2.3.4, 10.0.0.7", "1.2.3.4"),
        ("10.0.0.0/24", "8.8.8.8", "1.2.3.4", "8.8.8.8"),  # not through the proxy
        ("10.0.0.5, 2001:db8::/32", "2001:db8::1", "[2001:db8:1::5]:4431", "2001:db8:1::5"),
        ("1", "10.0.0.5", "1.2.3.4:5555", "1.2.3.4"),
    ],
)
def test_the_client_is_found_as_far_as_the_proxy_is_trusted(setting, remote, xff, client):
    assert proxy.client_address(proxy.parse(setting), remote, xff) == client


@pytest.mark.parametrize("bad", ["0", "11", "proxy.example", "10.0.0.0/99"])
def test_a_bad_proxy_setting_is_refused_in_both_languages(bad):
    with pytest.raises(ImproperlyConfigured) as info:
        proxy.parse(bad)
    assert "YANGGUANG_TRUSTED_PROXY" in str(info.value) and "应为" in str(info.value)


def test_the_middleware_puts_the_client_in_remote_addr():
    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    with override_settings(YANGGUANG_TRUSTED_PROXY="1"):
        middleware = proxy.TrustedProxyMiddleware(view)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    middleware(request)
    assert seen["REMOTE_ADDR"] == "1.2.3.4" and seen["YANGGUANG_PROXY_ADDR"] == "10.0.0.5"
    garbage = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<x>")
    middleware(garbage)
    assert seen["REMOTE_ADDR"] == "10.0.0.5"  # not an address: the connection's stays


def _login_post(client: Client):
    page = client.get("/accounts/login/", HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    token = page.cookies["csrftoken"].value
    return client.post(
        "/accounts/login/",
        {"username": "nobody", "password": "wrong-password", "csrfmiddlewaretoken": token},
        HTTP_HOST=HOST,
        HTTP_ORIGIN=f"https://{HOST}",
        HTTP_REFERER=f"https://{HOST}/accounts/login/",
        HTTP_X_FORWARDED_PROTO="https",
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )


@pytest.mark.django_db
def test_a_post_through_the_tls_proxy_passes_the_csrf_origin_check():
    with override_settings(ALLOWED_HOSTS=[HOST]):  # no proxy set: the origin check fails
        assert _login_post(Client(enforce_csrf_checks=True)).status_code == 403
    with override_settings(
        ALLOWED_HOSTS=[HOST],
        YANGGUANG_TRUSTED_PROXY="1",
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        CSRF_TRUSTED_ORIGINS=[f"https://{HOST}"],
    ):
        response = _login_post(Client(enforce_csrf_checks=True))
    assert response.status_code == 200  # the login form again: a wrong password, not CSRF


PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'proxy': s.SECURE_PROXY_SSL_HEADER, 'origins': s.CSRF_TRUSTED_ORIGINS,"
    " 'hsts': s.SECURE_HSTS_SECONDS, 'redirect': s.SECURE_SSL_REDIRECT,"
    " 'cookie': s.SESSION_COOKIE_SECURE, 'csrf_cookie': s.CSRF_COOKIE_SECURE}))"
)


def _production(tmp_path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="yangguang.settings",
        YANGGUANG_MODE="production",
        YANGGUANG_VAR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(60),
        DEBUG="false",
        ALLOWED_HOSTS=f"{HOST},.intranet.example",
        YANGGUANG_TRUSTED_PROXY="1",
        YANGGUANG_AUDIT_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    env.update(extra)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120,
        cwd=ROOT, check=False,
    )  # fmt: skip


def test_production_behind_the_proxy_is_https_only_and_check_deploy_is_clean(tmp_path):
    import json

    shown = _production(tmp_path, "-c", PRINT)
    assert shown.returncode == 0, shown.stderr
    values = json.loads(shown.stdout)
    assert values == {
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "origins": [f"https://{HOST}", "https://*.intranet.example"],
        "hsts": 31536000,
        "redirect": True,
        "cookie": True,
        "csrf_cookie": True,
    }
    check = _production(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def test_the_state_directory_and_its_files_are_the_platforms_alone(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "old.sqlite3").write_text("x")
    (var / "old.sqlite3").chmod(0o644)
    made = _production(
        tmp_path, "-c",
        "from yangguang.paths import ensure_var_dir, private_umask; private_umask(); "
        "d = ensure_var_dir(); (d / 'new.txt').write_text('y'); (d / 'sub').mkdir()",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(var) == 0o700
    assert mode(var / "old.sqlite3") == 0o600
    assert mode(var / "new.txt") == 0o600
    assert mode(var / "sub") == 0o700
