"""Model validation that speaks :class:`DomainError`: the one place services turn
Django's ``full_clean`` into a refusal naming the field, in Chinese and English."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from yangguang.core.errors import DomainError


def first_error(exc: ValidationError) -> tuple[str, str, str | None]:
    """``(field, message, code)`` of the first error (``__all__`` for a non-field one)."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        err = errors[0]
    else:
        field, err = "__all__", exc.error_list[0]
    message = err.message % err.params if err.params else err.message
    return field, str(message), err.code


def split_bilingual(zh: str, en: str) -> tuple[str, str]:
    """Our constraint messages are already ``中文 (English)``: split them."""
    if zh.endswith(")") and " (" in zh:
        head, _, tail = zh.rpartition(" (")
        return head, tail[:-1]
    return zh, en


def clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """``full_clean``, raising a DomainError for the first field at fault: Django's own
    messages are taken in Chinese and again in English; ours are already bilingual."""
    try:
        instance.full_clean(exclude=exclude)
    except DomainError:
        raise
    except ValidationError as exc_zh:
        field, zh_msg, code = first_error(exc_zh)
        en_msg = zh_msg
        with translation.override("en"):
            try:
                instance.full_clean(exclude=exclude)
            except ValidationError as exc_en:
                en_msg = first_error(exc_en)[1]
        zh_msg, en_msg = split_bilingual(zh_msg, en_msg)
        raise DomainError(
            code=code or "invalid",
            field=None if field == "__all__" else field,
            zh=zh_msg,
            en=en_msg,
        ) from exc_zh


def required_text(value: str | None, field: str, zh_name: str) -> str:
    """``value`` stripped, or a DomainError saying the field is required."""
    value = (value or "").strip()
    if not value:
        raise DomainError(
            code="required", field=field, zh=f"请填写{zh_name}", en=f"{field} is required"
        )
    return value
