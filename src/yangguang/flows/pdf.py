"""PDF output with reportlab (pure Python; the CJK font is reportlab's built-in CID font
STSong-Light, so no font files or system binaries are needed): the A3 wall poster of a
power's chart, and the risk catalogue."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from yangguang.flows.compiled import CompiledProcess
from yangguang.flows.scene import Circle, Poly, Rect, Text, build, wrap

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


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
    risks = proc.risks
    side = 105 * mm if risks else 0
    area_w = width - 30 * mm - side
    area_h = height - 55 * mm
    scale = min(area_w / sc.width, area_h / sc.height, 1.6)
    _draw_scene(c, sc, 15 * mm, height - 38 * mm, scale)
    if risks:
        x = width - side - 5 * mm
        y = height - 40 * mm
        c.setFillColor(colors.HexColor("#222222"))
        c.setFont(FONT, 14)
        c.drawString(x, y, "廉政风险点及防范措施")
        y -= 8 * mm
        for r in risks:
            if y < 25 * mm:
                c.setFont(FONT, 10)
                c.drawString(x, y, "……(详见风险目录)")
                break
            step = proc.nodes[r.task].name if r.task in proc.nodes else r.task
            c.setFillColor(
                colors.HexColor({"A": "#d32f2f", "B": "#ef6c00", "C": "#c9a400"}[r.grade])
            )
            c.setFont(FONT, 10.5)
            for line in wrap(f"【{r.grade}级】{step}: {r.description}", 30, 4):
                c.drawString(x, y, line)
                y -= 5 * mm
            c.setFillColor(colors.HexColor("#1e63c6"))
            c.setFont(FONT, 9.5)
            for m in r.measures:
                for line in wrap(f"- {m.description}({m.owner})", 32, 3):
                    c.drawString(x + 3 * mm, y, line)
                    y -= 4.5 * mm
            y -= 2 * mm
    if footer:
        c.setFillColor(colors.HexColor("#444444"))
        c.setFont(FONT, 10)
        c.drawString(15 * mm, 10 * mm, footer)
    c.showPage()
    c.save()
    return buf.getvalue()


def render_catalogue(rows, *, title: str = "行政权力廉政风险等级及防范措施目录") -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=title,
    )  # fmt: skip
    head = ParagraphStyle("h", fontName=FONT, fontSize=16, leading=22, alignment=1)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8.5, leading=11)
    story = [Paragraph(f"《{title}》", head), Spacer(1, 4 * mm)]
    data = [
        [
            Paragraph(h, cell)
            for h in (
                "单位",
                "职权编码",
                "职权名称",
                "等级",
                "环节",
                "风险点",
                "风险等级",
                "防范措施",
                "责任人",
            )
        ]
    ]
    for row in rows:
        risks = row.risks or [None]
        for r in risks:
            measures = "<br/>".join(
                f"{m['description']}({m['owner']}, {m['status']})"
                for m in (r or {}).get("measures", [])
            )
            grade = row.grade + ("(人工认定)" if row.override_reason else "")
            data.append(
                [
                    Paragraph(row.organisation, cell),
                    Paragraph(row.code, cell),
                    Paragraph(row.power, cell),
                    Paragraph(grade, cell),
                    Paragraph(r["step"] if r else "—", cell),
                    Paragraph(r["description"] if r else "—", cell),
                    Paragraph(r["grade"] if r else "", cell),
                    Paragraph(measures or "—", cell),
                    Paragraph(r["responsible"] if r else "", cell),
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
