"""Abuse resistance for the public forms: a rate limiter, an offline CAPTCHA and
attachment checks.

* **Rate limits** count in Django's cache (fixed windows per client address and action).
  With the default local-memory cache the counts are per process: right for the single
  Waitress process ``yangguang serve`` runs; several processes need a shared cache
  (``CACHES`` with the database or Redis backend) for a shared count.
* **CAPTCHA**: four digits in a distorted picture drawn and served by this site
  (``disclosure.challenge``; no outside service, no network); the answer travels
  encrypted and time-stamped in the form, so a script cannot read it off the page, and
  each challenge can be used once.
* **Attachments**: at most ``MAX_ATTACHMENT_BYTES``; the type is sniffed from the first
  bytes (PDF, PNG, JPEG) and must agree with the file name's extension.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import cache

from yangguang.core.errors import DomainError

LIMITS = {  # action: (requests, per seconds)
    "submit": (5, 3600),
    "lookup": (20, 600),
}
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3
SNIFF = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
)
CAPTCHA_MAX_AGE = 1800
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # a Chinese keyboard's


class RateLimited(DomainError):
    def __init__(self) -> None:
        super().__init__(
            code="rate_limited",
            zh="提交过于频繁, 请稍后再试",
            en="too many attempts, please try again later",
        )


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(action: str, who: str) -> None:
    """Count one ``action`` by ``who``; refused (RateLimited) past the limit."""
    limit, window = LIMITS[action]
    key = f"yg-rl:{action}:{hashlib.sha256(who.encode()).hexdigest()[:32]}"
    if cache.add(key, 1, timeout=window):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return
    if count > limit:
        raise RateLimited()


def captcha_new() -> dict[str, str]:
    """A challenge: its ``token`` (hidden in the form) and its picture's ``image_url``."""
    from yangguang.disclosure import challenge

    return challenge.new()


def captcha_check(token: str, answer: str) -> None:
    """The digits typed for the challenge ``token``: right, in time, and only once."""
    from yangguang.disclosure import challenge

    error = DomainError(
        code="captcha",
        field="captcha",
        zh="验证码不正确或已过期，请按新图片重新输入",
        en="wrong or expired check code: type the digits of the new picture",
    )
    expected = challenge.answer_of(token)
    typed = str(answer or "").strip().translate(_FULL_WIDTH_DIGITS)
    if expected is None or not secrets.compare_digest(typed, expected):
        raise error
    if not cache.add(f"yg-captcha:{challenge.nonce_of(token)}", 1, timeout=CAPTCHA_MAX_AGE):
        raise error  # already used


def check_attachment(name: str, head: bytes, size: int) -> str:
    """The sniffed content type, or a DomainError for a file too big or not what it says."""
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            code="attachment_too_large",
            field="attachments",
            zh="附件不能超过 5 MB",
            en="an attachment may not exceed 5 MB",
        )
    lower = (name or "").lower()
    for magic, content_type, extensions in SNIFF:
        if head.startswith(magic) and lower.endswith(extensions):
            return content_type
    raise DomainError(
        code="attachment_type",
        field="attachments",
        zh="附件只能是 PDF、PNG 或 JPEG 文件, 且内容须与扩展名一致",
        en="attachments must be PDF, PNG or JPEG files whose content matches the extension",
    )
