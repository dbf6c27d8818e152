"""Settings for the test suite: demo mode, DATABASE_URL as given (SQLite by default)."""

import os

os.environ.setdefault("YANGGUANG_MODE", "demo")

from yangguang.settings import *  # noqa: F403

PASSWORD_HASHERS = [  # fast hashing in tests; Argon2 itself is tested explicitly
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
