"""The password hasher: Argon2id at OWASP's minimum profile (m = 19 MiB, t = 2, p = 1).

Django's own Argon2 parameters (100 MiB, 8 lanes) made each sign-in, and each failed one,
cost a tenth of a second and 100 MiB: twenty connections guessing brought the whole site
to a crawl. This profile keeps a sign-in at a few tens of milliseconds on one core while
staying memory-hard; the throttle (``accounts.throttle``) refuses guesses before any
hashing. Hashes made with other parameters verify as before and are rewritten with these
at the next successful sign-in (Django's ``must_update``)."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # the same prefix: existing argon2 hashes keep verifying
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
