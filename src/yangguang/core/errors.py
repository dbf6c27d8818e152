"""Domain errors that speak Chinese first and English second.

Services raise :class:`DomainError` (a Django ``ValidationError``) naming the field at
fault, so forms show it next to the field, the API returns it as JSON and the command
line prints it, always in both languages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def bilingual(zh: str, en: str) -> str:
    """One message in both languages: ``中文 (English)``."""
    return f"{zh} ({en})"


class DomainError(ValidationError):
    """A refused input or action, with a stable ``code`` and the ``field`` at fault."""

    def __init__(self, *, code: str, zh: str, en: str, field: str | None = None) -> None:
        self.zh = zh
        self.en = en
        self.field = field
        message = bilingual(zh, en)
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)
        self.error_code = code

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.error_code,
            "field": self.field,
            "message_zh": self.zh,
            "message_en": self.en,
            "message": bilingual(self.zh, self.en),
        }

    def __str__(self) -> str:
        prefix = f"{self.field}: " if self.field else ""
        return prefix + bilingual(self.zh, self.en)


class PermissionDeniedError(DomainError):
    """The actor may not do this to this object."""

    def __init__(self, *, zh: str = "无权执行此操作", en: str = "not allowed") -> None:
        super().__init__(code="permission_denied", zh=zh, en=en)


def validation_error_messages(exc: ValidationError) -> dict[str, list[str]]:
    """Flatten any ValidationError into ``{field: [messages]}`` (``__all__`` for none)."""
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}
