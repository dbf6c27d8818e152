"""PDFs embed their Chinese font (issue 16 point 12): a TrueType CJK font from a package,
subset into the file, so that any printer prints them; without one, the fallback is said."""

from __future__ import annotations

import os

import pytest

from yangguang.core import fonts
from yangguang.flows.pdf import render_catalogue
from yangguang.flows.selectors import CatalogueRow

needs_font = pytest.mark.skipif(
    not fonts.embedded() and not os.environ.get("YG_REQUIRE_FONT"),
    reason="no TrueType CJK font here (apt-get install fonts-wqy-microhei); CI requires one",
)


@needs_font
def test_the_catalogue_pdf_embeds_a_truetype_subset_of_its_chinese_font():
    rows = [CatalogueRow("财政局", "XK1", "政府采购监督", "行政许可", 1, "A", "", [])]
    pdf = render_catalogue(rows)
    assert b"/FontFile2" in pdf  # a TrueType font program inside the file
    assert b"STSong-Light" not in pdf


def test_a_configured_font_that_is_not_there_falls_back_and_says_so(monkeypatch, caplog):
    monkeypatch.setenv(fonts.ENV, "/nonexistent/font.ttc:1")
    assert fonts._configured() == [("/nonexistent/font.ttc", 1)]
    fonts.cjk.cache_clear()
    try:
        assert fonts.cjk() == fonts.FALLBACK
        assert "no TrueType CJK font found" in caplog.text
    finally:
        monkeypatch.delenv(fonts.ENV)
        fonts.cjk.cache_clear()


def test_production_check_warns_without_an_embeddable_font(monkeypatch, settings):
    from yangguang.core.checks import pdf_font

    settings.DEMO = False
    monkeypatch.setattr(fonts, "embedded", lambda: False)
    assert [w.id for w in pdf_font()] == ["yangguang.W001"]
    monkeypatch.setattr(fonts, "embedded", lambda: True)
    assert pdf_font() == []
