"""A label's Chinese and English texts, whatever language is active.

Model labels are ``gettext_lazy("中文")`` with the English in the ``en`` catalogue, so a
page shows one language. Where both are needed (an API error body, a bilingual
``DomainError``), these give each text explicitly."""

from __future__ import annotations

from django.utils import translation


def zh(label: object) -> str:
    """The Chinese text of a (lazy) label."""
    with translation.override("zh-hans"):
        return str(label)


def en(label: object) -> str:
    """The English text of a (lazy) label (the Chinese where the catalogue has none)."""
    with translation.override("en"):
        return str(label)


def both(label: object) -> tuple[str, str]:
    """``(zh, en)`` of a label."""
    return zh(label), en(label)
