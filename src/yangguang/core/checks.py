"""System checks of the platform's surroundings (``yangguang check``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def pdf_font(app_configs=None, **kwargs):
    """Production PDFs must embed their Chinese font (``core.fonts``)."""
    if settings.DEMO:
        return []
    from yangguang.core import fonts

    if fonts.embedded():
        return []
    return [
        CheckWarning(
            "没有可嵌入的中文 TrueType 字体, PDF 将不内嵌字体 (no embeddable TrueType CJK "
            "font: PDFs will name a font they do not contain)",
            hint=f"apt-get install fonts-wqy-microhei, or set {fonts.ENV}",
            id="yangguang.W001",
        )
    ]


@register()
def sealed_keys(app_configs=None, **kwargs):
    """The keys that seal personal data (``core.sealed``), when given, must be keys."""
    from django.core.checks import Error

    from yangguang.core import sealed

    return [
        Error(str(exc), hint=f"{exc.purpose.env}: Fernet.generate_key()", id="yangguang.E010")
        for exc in sealed.check_keys()
    ]
