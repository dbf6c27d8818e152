"""Settings for the test suite: demo mode, DATABASE_URL as given (SQLite by default)."""

import os

os.environ.setdefault("YANGGUANG_MODE", "demo")

from yangguang.paths import ensure_var_dir

ensure_var_dir()  # the test database lives there

from yangguang.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = [  # fast hashing in tests; Argon2 itself is tested explicitly
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# the immediate backend runs jobs inside the test's transaction: no child process
# (tests of the child process turn it on with a transactional database)
YANGGUANG_JOB_MEMORY_MB = 0
YANGGUANG_DASHBOARD_SECONDS = 0  # figures computed on every request (a test turns it on)
