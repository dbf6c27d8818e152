"""``yangguang demo`` marks the state directory as holding a demo of its database, so the
commands after it run in demo mode without ``YANGGUANG_MODE`` (``yangguang.paths``)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from yangguang.demo import loader
from yangguang.paths import DEMO_MARKER, demo_marked


def test_demo_leaves_the_marker_for_its_database(db, settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    settings.DATABASE_URL = "sqlite:////srv/yg/yangguang.sqlite3"
    monkeypatch.setattr(loader, "demo_exists", lambda: True)  # loaded before: nothing to do
    out = StringIO()
    call_command("demo", stdout=out)
    assert "已存在" in out.getvalue()
    assert (tmp_path / DEMO_MARKER).is_file()
    assert demo_marked(tmp_path, "sqlite:////srv/yg/yangguang.sqlite3")
    assert not demo_marked(tmp_path, "postgres://u@h:5432/other")
    assert "srv" not in (tmp_path / DEMO_MARKER).read_text()  # a fingerprint only
