"""The override table of the working-day calendar: days administrators declare on top
of the ``chinesecalendar`` package, and the years they declared complete."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日 (holiday)"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班 (make-up workday)"
    WORKDAY = "workday", "工作日 (workday)"
    LOCAL_HOLIDAY = "local_holiday", "地方假日 (local holiday)"


NATIONAL = Q(organisation__isnull=True, region__isnull=True)


class CalendarDay(models.Model):
    """One day declared by an administrator. National days (no scope) override the
    package; a local holiday belongs to an organisation (and its subtree) or a region
    (and the regions under it). One row per date and scope."""

    date = models.DateField("日期 (date)")
    kind = models.CharField("类别 (kind)", max_length=20, choices=DayKind.choices)
    name = models.CharField("名称 (name)", max_length=100)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="适用单位 (organisation)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name="适用区划 (region)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField("依据 (source)", max_length=300, blank=True)
    created_at = models.DateTimeField("录入时间 (entered)")

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=NATIONAL, name="workdays_national_date_unique",
                violation_error_message="该日期已有全国性安排 (this date already has a national entry)",
            ),
            models.UniqueConstraint(
                fields=["date", "organisation"], condition=Q(organisation__isnull=False),
                name="workdays_org_date_unique",
                violation_error_message="该单位在该日期已有地方假日 (this organisation already has this date)",
            ),
            models.UniqueConstraint(
                fields=["date", "region"], condition=Q(region__isnull=False),
                name="workdays_region_date_unique",
                violation_error_message="该区划在该日期已有地方假日 (this region already has this date)",
            ),
            models.CheckConstraint(
                condition=(Q(kind="local_holiday") & ~NATIONAL
                           & ~Q(organisation__isnull=False, region__isnull=False))
                | (~Q(kind="local_holiday") & NATIONAL),
                name="workdays_scope_matches_kind",
                violation_error_message=(
                    "地方假日须指定一个单位或区划，全国性安排不得指定 "
                    "(a local holiday needs one organisation or region; national days have none)"
                ),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({self.kind})"

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None and self.region_id is None


class CalendarYear(models.Model):
    """A year administrators declared complete: its override rows (with the package, if
    it covers the year) are the whole arrangement, so deadlines may be computed in it."""

    year = models.PositiveSmallIntegerField("年份 (year)", unique=True)
    complete = models.BooleanField("已完整录入 (complete)", default=False)
    note = models.CharField("说明 (note)", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间 (updated)")

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}{' ✓' if self.complete else ''}"


class DeadlineRecompute(models.Model):
    """One run of the job that recomputes every open deadline after the calendar changed
    (a year's arrangement entered or taken back): what it was run for, and what it found;
    the deadlines it moved are its :class:`DeadlineShift` rows."""

    reason = models.CharField("原因 (reason)", max_length=300)
    requested_by = models.CharField("发起人 (requested by)", max_length=150)
    started_at = models.DateTimeField("开始时间 (started)")
    finished_at = models.DateTimeField("完成时间 (finished)", null=True, blank=True)
    checked = models.PositiveIntegerField("核对期限数 (deadlines checked)", default=0)
    moved = models.PositiveIntegerField("变动期限数 (deadlines moved)", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.reason}"


class DeadlineShift(models.Model):
    """One open deadline the recompute moved (or whose provisional mark changed)."""

    run = models.ForeignKey(DeadlineRecompute, on_delete=models.PROTECT, related_name="shifts")
    kind = models.CharField("类别 (kind)", max_length=40)  # case, step, info_request, ...
    object_id = models.BigIntegerField()
    label = models.CharField("事项 (item)", max_length=300)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old_deadline = models.DateTimeField("原期限 (before)", null=True, blank=True)
    new_deadline = models.DateTimeField("新期限 (after)", null=True, blank=True)
    old_provisional = models.BooleanField(default=False)
    new_provisional = models.BooleanField(default=False)

    class Meta:
        ordering = ["run", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.old_deadline} → {self.new_deadline}"
