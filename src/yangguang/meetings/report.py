"""The commission's quarterly inspection report on collective decisions, as a PDF
(reportlab, with the embedded Chinese font of ``core.fonts``), in the
reader's language (Chinese unless English was chosen)."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

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
        p(_("“三重一大”集体决策季度监督检查报告（%(quarter)s）") % {"quarter": quarter}, title),
        p(_("被检查单位: %(org)s及下属单位") % {"org": org.name}, body),
        p(
            _("检查期间: %(start)s 至 %(end)s    生成日期: %(today)s")
            % {"start": start, "end": end, "today": today or timezone.localdate()},
            body,
        ),
        Spacer(1, 4 * mm),
        p(_("一、基本情况"), h2),
        p(
            _(
                "召开会议 %(meetings)s 次，议题 %(topics)s 个，其中通过 %(passed)s 个；"
                "发现问题 %(findings)s 个；本季度启动问责 %(cases)s 件。"
            )
            % {
                "meetings": meetings.count(),
                "topics": topics.count(),
                "passed": topics.filter(outcome=m.Outcome.PASSED).count(),
                "findings": len(findings),
                "cases": cases.count(),
            }
        ),
        p(_("二、问题汇总"), h2),
    ]
    counts = Counter(f.rule for f in findings)
    rows = [[p(_("规则"), cell), p(_("数量"), cell)]]
    for code, rule in checks.RULES.items():
        rows.append([p(rule.label, cell), p(str(counts[code]), cell)])
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    table = Table(rows, colWidths=[150 * mm, 20 * mm])
    table.setStyle(grid)
    story += [table, p(_("三、问题清单"), h2)]
    if findings:
        rows = [[p(h, cell) for h in (_("规则"), _("会议"), _("议题"), _("情况"))]]
        rows += [
            [
                p(checks.RULES[f.rule].label if f.rule in checks.RULES else f.rule, cell),
                p(f.meeting_label, cell),
                p(f.topic_label, cell),
                p(f.message, cell),
            ]
            for f in findings
        ]
        table = Table(rows, colWidths=[34 * mm, 45 * mm, 35 * mm, 56 * mm], repeatRows=1)
        table.setStyle(grid)
        story.append(table)
    else:
        story.append(p(_("本季度未发现问题。")))
    story.append(p(_("四、问责情况"), h2))
    for case in cases:
        story.append(p(f"#{case.pk} {case.get_status_display()}：{case.summary}"))
    if not cases:
        story.append(p(_("本季度未启动问责。")))

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=_("三重一大监督检查报告 %(quarter)s") % {"quarter": quarter},
        author="yangguang",
    )
    doc.build(story)
    return buf.getvalue()
