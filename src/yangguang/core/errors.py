"""Domain errors that speak Chinese first and English second.

Services raise :class:`DomainError` (a Django ``ValidationError``) naming the field at
fault. The API returns both languages (``message_zh``, ``message_en``) and the command
line prints both; a page shows one: the form's error is the message in the active
language (Chinese unless the visitor chose English), as is :meth:`DomainError.text`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import lazy


def bilingual(zh: str, en: str) -> str:
    """One message in both languages: ``中文 (English)`` (API bodies, the command line)."""
    return f"{zh} ({en})"


def in_language(zh: str, en: str) -> str:
    """The text in the active language: English if the visitor chose it, else Chinese."""
    from django.utils import translation  # not at import: the command line's fast paths

    return en if (translation.get_language() or "").startswith("en") else zh


#: ``in_language`` resolved when shown (a form error renders in the page's language)
in_language_lazy = lazy(in_language, str)


class DomainError(ValidationError):
    """A refused input or action, with a stable ``code`` and the ``field`` at fault."""

    def __init__(self, *, code: str, zh: str, en: str, field: str | None = None) -> None:
        self.zh = zh
        self.en = en
        self.field = field
        message = in_language_lazy(zh, en)
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

    def text(self) -> str:
        """The message for a page: one language (the active one), no field code."""
        return in_language(self.zh, self.en)


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
