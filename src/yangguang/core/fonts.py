"""The Chinese font of every PDF the platform writes: a TrueType CJK font installed from
a package, embedded (subset) into each file, so that any printer prints the wall charts,
catalogues and reports as they look on screen.

Where from: ``YANGGUANG_PDF_FONT`` (``/path/font.ttf``, or ``/path/fonts.ttc:N`` for the
N-th face of a collection), else the first of :data:`CANDIDATES` that exists: Debian's
``fonts-wqy-microhei`` (what ``.ci/run`` installs and the README asks for), then other
TrueType CJK packages. ReportLab embeds TrueType (``glyf``) outlines only, so OpenType/CFF
fonts such as Noto Sans CJK do not qualify.

Without one, PDFs fall back to ReportLab's built-in STSong-Light, a CID font the file names
but does not contain (the reader's machine must have it): the platform says so in a log
warning, and ``yangguang check`` warns in production (``core.checks``).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

ENV = "YANGGUANG_PDF_FONT"
NAME = "YangguangCJK"
FALLBACK = "STSong-Light"
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora, openEuler
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
)


def _configured() -> list[tuple[str, int]]:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return list(CANDIDATES)
    path, sep, index = value.rpartition(":")
    if sep and index.isdigit():  # a face of a collection
        return [(path, int(index))]
    return [(value, 0)]


@functools.cache
def cjk() -> str:
    """The registered name of the PDF font (see the module's docstring)."""
    for path, index in _configured():
        if not Path(path).is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(NAME, path, subfontIndex=index))
        except (TTFError, OSError) as exc:
            logger.warning("PDF font %s (face %s) not usable: %s", path, index, exc)
            continue
        return NAME
    logger.warning(
        "no TrueType CJK font found (set %s or install fonts-wqy-microhei): PDFs use %s, "
        "which is not embedded",
        ENV,
        FALLBACK,
    )
    if FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def embedded() -> bool:
    """Whether PDFs embed their Chinese font."""
    return cjk() == NAME
