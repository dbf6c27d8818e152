"""Abuse resistance for the public forms: a rate limiter, an offline CAPTCHA and
attachment checks.

* **Rate limits** count in Django's cache (fixed windows per client address and action).
  With the default local-memory cache the counts are per process: right for the single
  Waitress process ``yangguang serve`` runs; several processes need a shared cache
  (``CACHES`` with the database or Redis backend) for a shared count.
* **CAPTCHA**: an arithmetic question written out in Chinese and English words (readable
  by screen readers, no image, no audio, no network); the answer travels signed and
  time-stamped in the form and each question can be used once.
* **Attachments**: at most ``MAX_ATTACHMENT_BYTES``; the type is sniffed from the first
  bytes (PDF, PNG, JPEG) and must agree with the file name's extension.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
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
_SALT = "yangguang.disclosure.captcha"
_ZH_DIGITS = "零一二三四五六七八九十"
_EN_DIGITS = (
    "zero one two three four five six seven eight nine ten".split()  # noqa: SIM905
)


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
    """A question (Chinese and English words) and its signed token."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.dumps({"s": a + b, "n": nonce}, salt=_SALT, compress=True)
    return {
        "question_zh": f"{_ZH_DIGITS[a]}加{_ZH_DIGITS[b]}等于几？",
        "question_en": f"What is {_EN_DIGITS[a]} plus {_EN_DIGITS[b]}?",
        "token": token,
    }


def captcha_check(token: str, answer: str) -> None:
    error = DomainError(
        code="captcha",
        field="captcha",
        zh="验证题答案不正确",
        en="wrong answer to the check question",
    )
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=CAPTCHA_MAX_AGE)
    except signing.BadSignature:
        raise error from None
    if str(answer or "").strip() != str(data["s"]):
        raise error
    if not cache.add(f"yg-captcha:{data['n']}", 1, timeout=CAPTCHA_MAX_AGE):
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
