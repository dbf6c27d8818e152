"""The commission's quarterly inspection report on collective decisions, as a PDF
(reportlab, with the embedded Chinese font of ``core.fonts``)."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

from django.utils import timezone

from yangguang.core.params import MAX_YEAR, MIN_YEAR
from yangguang.core.sheets import pdf_text
from yangguang.meetings import checks
from yangguang.meetings import models as m
from yangguang.meetings.selectors import subtree
from yangguang.orgs.models import Organisation

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_bounds(value: str) -> tuple[datetime.date, datetime.date]:
    """``2026Q3`` -> (2026-07-01, 2026-09-30); ValueError for anything else."""
    match = _QUARTER.match(value.strip().upper())
    if not match:
        raise ValueError(value)
    year, q = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:  # 0001Q1: dates a day off overflow
        raise ValueError(value)
    start = datetime.date(year, 3 * q - 2, 1)
    end = (
        datetime.date(year + 1, 1, 1) if q == 4 else datetime.date(year, 3 * q + 1, 1)
    ) - datetime.timedelta(days=1)
    return start, end


def build_pdf(org: Organisation, quarter: str, *, today: datetime.date | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from yangguang.core import fonts

    font = fonts.cjk()  # a TrueType CJK font, embedded
    start, end = quarter_bounds(quarter)
    findings = checks.run(org, start, end, today=today)
    orgs = subtree(org)
    lo, hi = checks._bounds(start, end)
    meetings = m.Meeting.objects.filter(
        organisation__in=orgs, status=m.MeetingStatus.HELD, held_at__gte=lo, held_at__lt=hi
    )
    topics = m.Topic.objects.filter(meeting__in=meetings)
    cases = m.AccountabilityCase.objects.filter(
        organisation__in=orgs, opened_on__gte=start, opened_on__lte=end
    )

    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    h2 = ParagraphStyle("h2", parent=body, fontSize=12, leading=20, spaceBefore=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=11)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(pdf_text(text), style)

    story = [
        p(f"“三重一大”集体决策季度监督检查报告（{quarter}）", title),
        p(f"被检查单位: {org.name}（{org.code}）及下属单位", body),
        p(f"检查期间: {start} 至 {end}    生成日期: {today or timezone.localdate()}", body),
        p(
            f"Quarterly inspection of collective decisions, {quarter}: {org.code} and its "
            f"subtree, {start} to {end}.",
            body,
        ),
        Spacer(1, 4 * mm),
        p("一、基本情况 (overview)", h2),
        p(
            f"召开会议 {meetings.count()} 次，议题 {topics.count()} 个，其中通过 "
            f"{topics.filter(outcome=m.Outcome.PASSED).count()} 个；发现问题 {len(findings)} 个；"
            f"本季度启动问责 {cases.count()} 件。"
        ),
        p("二、问题汇总 (findings by rule)", h2),
    ]
    counts = Counter(f.rule for f in findings)
    rows = [[p("规则 (rule)", cell), p("说明", cell), p("数量 (count)", cell)]]
    for code, rule in checks.RULES.items():
        rows.append([p(code, cell), p(f"{rule.zh} ({rule.en})", cell), p(str(counts[code]), cell)])
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    table = Table(rows, colWidths=[55 * mm, 95 * mm, 20 * mm])
    table.setStyle(grid)
    story += [table, p("三、问题清单 (findings)", h2)]
    if findings:
        rows = [[p(h, cell) for h in ("规则", "会议", "议题", "情况")]]
        rows += [
            [p(f.rule, cell), p(f.meeting_label, cell), p(f.topic_label, cell), p(f.detail, cell)]
            for f in findings
        ]
        table = Table(rows, colWidths=[34 * mm, 45 * mm, 35 * mm, 56 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(p("本季度未发现问题。(No findings this quarter.)"))
    story.append(p("四、问责情况 (accountability cases)", h2))
    for case in cases:
        story.append(p(f"#{case.pk} {case.finding} —— {case.get_status_display()}：{case.summary}"))
    if not cases:
        story.append(p("本季度未启动问责。(No case opened this quarter.)"))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, title=f"三重一大监督检查报告 {quarter}", author="yangguang"
    )
    doc.build(story)
    return buf.getvalue()
