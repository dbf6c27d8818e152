"""PDF output with reportlab (pure Python; the Chinese font is a TrueType CJK font from a
package, subset and embedded into each file: ``core.fonts``): the A3 wall poster of a
power's chart, and the risk catalogue."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from yangguang.core import fonts
from yangguang.core.sheets import pdf_text
from yangguang.flows.compiled import CompiledProcess
from yangguang.flows.scene import Circle, Poly, Rect, Text, build, wrap

FONT = fonts.cjk()  # a TrueType CJK font, embedded (core.fonts)


def _draw_scene(c: canvas.Canvas, sc, x0: float, y0: float, scale: float) -> None:
    """Draw ``sc`` with its top-left corner at (x0, y0) (PDF points, y up)."""

    def px(x: float) -> float:
        return x0 + x * scale

    def py(y: float) -> float:
        return y0 - y * scale

    for it in sc.items:
        if isinstance(it, Rect):
            c.setDash(4, 3) if it.dash else c.setDash()
            c.setLineWidth(it.width * scale)
            c.setStrokeColor(colors.HexColor(it.stroke))
            fill = it.fill != "none"
            if fill:
                c.setFillColor(colors.HexColor(it.fill))
            c.roundRect(
                px(it.x),
                py(it.y + it.h),
                it.w * scale,
                it.h * scale,
                it.rx * scale,
                stroke=1,
                fill=int(fill),
            )
            c.setDash()
        elif isinstance(it, Circle):
            c.setLineWidth(it.width * scale)
            c.setStrokeColor(colors.HexColor(it.stroke))
            c.setFillColor(colors.HexColor(it.fill))
            c.circle(px(it.cx), py(it.cy), it.r * scale, stroke=1, fill=1)
        elif isinstance(it, Poly):
            c.setLineWidth(it.width * scale)
            c.setStrokeColor(colors.HexColor(it.stroke))
            path = c.beginPath()
            (fx, fy), *rest = it.points
            path.moveTo(px(fx), py(fy))
            for x, y in rest:
                path.lineTo(px(x), py(y))
            if it.closed:
                path.close()
                c.setFillColor(colors.HexColor(it.fill))
            c.drawPath(path, stroke=1, fill=int(it.closed and it.fill != "none"))
            if it.arrow and len(it.points) >= 2:
                _arrow(c, [(px(x), py(y)) for x, y in it.points[-2:]], scale)
        elif isinstance(it, Text) and it.text:
            c.setFillColor(colors.HexColor(it.color))
            c.setFont(FONT, it.size * scale)
            draw = {"start": c.drawString, "middle": c.drawCentredString, "end": c.drawRightString}
            draw[it.anchor](px(it.x), py(it.y), it.text)


def _arrow(c: canvas.Canvas, pts, scale: float) -> None:
    import math

    (x1, y1), (x2, y2) = pts
    angle = math.atan2(y2 - y1, x2 - x1)
    size = 7 * scale
    left = (x2 - size * math.cos(angle - 0.4), y2 - size * math.sin(angle - 0.4))
    right = (x2 - size * math.cos(angle + 0.4), y2 - size * math.sin(angle + 0.4))
    path = c.beginPath()
    path.moveTo(x2, y2)
    path.lineTo(*left)
    path.lineTo(*right)
    path.close()
    c.setFillColor(colors.HexColor("#222222"))
    c.drawPath(path, stroke=0, fill=1)


def render_poster(
    proc: CompiledProcess,
    *,
    title: str,
    subtitle: str = "",
    footer: str = "",
    internal: bool = False,
) -> bytes:
    """An A3 landscape poster: title, the chart scaled to fit, the risk points with their
    measures, and the legend."""
    buf = io.BytesIO()
    width, height = landscape(A3)
    c = canvas.Canvas(buf, pagesize=(width, height))
    c.setTitle(title)
    c.setFont(FONT, 26)
    c.drawCentredString(width / 2, height - 22 * mm, title)
    if subtitle:
        c.setFont(FONT, 12)
        c.drawCentredString(width / 2, height - 30 * mm, subtitle)
    sc = build(proc, internal=internal)
    top = height - 38 * mm
    area_w, area_h = width - 30 * mm, height - 55 * mm
    blocks = _risk_blocks(proc)
    # Two arrangements: the risks in a column beside the chart, or in columns below it.
    # A wide chart gets more room with the risks below; take whichever draws it larger.
    side = 105 * mm if blocks else 0
    side_scale = min((area_w - side) / sc.width, area_h / sc.height, 1.6)
    columns = 3
    col_w = area_w / columns
    below = [_block_lines(b, wrap_at=_chars(col_w - 6 * mm)) for b in blocks]
    panel_h = (_packed_height(below, columns) + 12 * mm) if blocks else 0
    below_scale = min(area_w / sc.width, (area_h - panel_h) / sc.height, 1.6)
    if blocks and below_scale > side_scale:
        _draw_scene(c, sc, 15 * mm, top, below_scale)
        y = top - sc.height * below_scale - 10 * mm
        _risk_heading(c, 15 * mm, y)
        _draw_columns(c, below, 15 * mm, y - 8 * mm, col_w, columns)
    else:
        _draw_scene(c, sc, 15 * mm, top, side_scale)
        if blocks:
            x = width - side - 5 * mm
            _risk_heading(c, x, height - 40 * mm)
            _draw_columns(
                c,
                [_block_lines(b, wrap_at=_chars(side - 6 * mm)) for b in blocks],
                x,
                height - 48 * mm,
                side,
                1,
            )
    if footer:
        c.setFillColor(colors.HexColor("#444444"))
        c.setFont(FONT, 10)
        c.drawString(15 * mm, 10 * mm, footer)
    c.showPage()
    c.save()
    return buf.getvalue()


_LINE = {"risk": 5 * mm, "measure": 4.5 * mm}
_GRADE_COLOUR = {"A": "#d32f2f", "B": "#ef6c00", "C": "#c9a400"}


def _chars(width: float, size: float = 10.5) -> int:
    """How many CJK characters (one em wide) fit in ``width`` points at ``size``."""
    return max(8, int(width / size))


def _risk_blocks(proc: CompiledProcess) -> list[tuple[str, str, list[str]]]:
    """(grade, "step: description", [measures]) per risk point."""
    out = []
    for r in proc.risks:
        step = proc.nodes[r.task].name if r.task in proc.nodes else r.task
        measures = [f"{m.description}({m.owner})" if m.owner else m.description for m in r.measures]
        out.append((r.grade, f"{step}: {r.description}", measures))
    return out


def _block_lines(block, *, wrap_at: int) -> list[tuple[str, str, str]]:
    """The lines of one risk block: (kind, colour, text)."""
    grade, text, measures = block
    lines = [("risk", _GRADE_COLOUR[grade], t) for t in wrap(f"【{grade}级】{text}", wrap_at, 4)]
    for m in measures:
        lines += [("measure", "#1e63c6", t) for t in wrap(f"- {m}", wrap_at + 2, 3)]
    return lines


def _block_height(lines) -> float:
    return sum(_LINE[kind] for kind, _, _ in lines) + 2 * mm


def _packed_height(blocks, columns: int) -> float:
    heights = [0.0] * columns
    for lines in blocks:  # each block goes to the shortest column, in order
        i = heights.index(min(heights))
        heights[i] += _block_height(lines)
    return max(heights)


def _risk_heading(c: canvas.Canvas, x: float, y: float) -> None:
    c.setFillColor(colors.HexColor("#222222"))
    c.setFont(FONT, 14)
    c.drawString(x, y, "廉政风险点及防范措施")


def _draw_columns(c, blocks, x0: float, y0: float, col_w: float, columns: int) -> None:
    heights = [0.0] * columns
    for lines in blocks:
        i = heights.index(min(heights))
        x, y = x0 + i * col_w, y0 - heights[i]
        if y - _block_height(lines) < 18 * mm:
            c.setFillColor(colors.HexColor("#222222"))
            c.setFont(FONT, 10)
            c.drawString(x, y, "……(详见风险目录)")
            heights[i] = float("inf")
            if all(h == float("inf") for h in heights):
                return
            continue
        for kind, colour, text in lines:
            c.setFillColor(colors.HexColor(colour))
            c.setFont(FONT, 10.5 if kind == "risk" else 9.5)
            c.drawString(x + (3 * mm if kind == "measure" else 0), y, text)
            y -= _LINE[kind]
        heights[i] += _block_height(lines)


def render_catalogue(rows, *, title: str | None = None) -> bytes:
    title = title or _("行政权力廉政风险等级及防范措施目录")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=title,
    )  # fmt: skip
    head = ParagraphStyle("h", fontName=FONT, fontSize=16, leading=22, alignment=1)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8.5, leading=11)

    def para(text) -> Paragraph:  # user text, escaped (core.sheets.pdf_text)
        return Paragraph(pdf_text(text), cell)

    story = [Paragraph(pdf_text(f"《{title}》"), head), Spacer(1, 4 * mm)]
    headers = (_("单位"), _("职权编码"), _("职权名称"), _("等级"), _("环节"), _("风险点"),
               _("风险等级"), _("防范措施"), _("责任人"))  # fmt: skip
    data = [[para(h) for h in headers]]
    for row in rows:
        risks = row.risks or [None]
        for r in risks:
            measures = "<br/>".join(
                pdf_text(f"{m['description']}({m['owner']}, {m['status']})")
                for m in (r or {}).get("measures", [])
            )
            grade = row.grade + (_("(人工认定)") if row.override_reason else "")
            data.append(
                [
                    para(row.organisation),
                    para(row.code),
                    para(row.power),
                    para(grade),
                    para(r["step"] if r else "—"),
                    para(r["description"] if r else "—"),
                    para(r["grade"] if r else ""),
                    Paragraph(measures or "—", cell),
                    para(r["responsible"] if r else ""),
                ]
            )
    table = Table(
        data,
        repeatRows=1,
        colWidths=[28 * mm, 24 * mm, 40 * mm, 14 * mm, 24 * mm, 52 * mm, 14 * mm, midw(), 22 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buf.getvalue()


def midw() -> float:
    return landscape(A4)[0] - 24 * mm - (28 + 24 + 40 + 14 + 24 + 52 + 14 + 22) * mm
