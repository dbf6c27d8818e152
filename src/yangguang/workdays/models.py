"""The override table of the working-day calendar: days administrators declare on top
of the ``chinesecalendar`` package, and the years they declared complete."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班")
    WORKDAY = "workday", _("工作日")
    LOCAL_HOLIDAY = "local_holiday", _("地方假日")


NATIONAL = Q(organisation__isnull=True, region__isnull=True)


class CalendarDay(models.Model):
    """One day declared by an administrator. National days (no scope) override the
    package; a local holiday belongs to an organisation (and its subtree) or a region
    (and the regions under it). One row per date and scope."""

    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("适用单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name=_("适用区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("依据"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("日历日")
        verbose_name_plural = _("日历日")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=NATIONAL, name="workdays_national_date_unique",
                violation_error_message=_("该日期已有全国性安排"),
            ),
            models.UniqueConstraint(
                fields=["date", "organisation"], condition=Q(organisation__isnull=False),
                name="workdays_org_date_unique",
                violation_error_message=_("该单位在该日期已有地方假日"),
            ),
            models.UniqueConstraint(
                fields=["date", "region"], condition=Q(region__isnull=False),
                name="workdays_region_date_unique",
                violation_error_message=_("该区划在该日期已有地方假日"),
            ),
            models.CheckConstraint(
                condition=(Q(kind="local_holiday") & ~NATIONAL
                           & ~Q(organisation__isnull=False, region__isnull=False))
                | (~Q(kind="local_holiday") & NATIONAL),
                name="workdays_scope_matches_kind",
                violation_error_message=(
                    _("地方假日须指定一个单位或区划，全国性安排不得指定")
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

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    complete = models.BooleanField(_("已完整录入"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}{' ✓' if self.complete else ''}"


class DeadlineRecompute(models.Model):
    """One run of the job that recomputes every open deadline after the calendar changed
    (a year's arrangement entered or taken back): what it was run for, and what it found;
    the deadlines it moved are its :class:`DeadlineShift` rows."""

    reason = models.CharField(_("原因"), max_length=300)
    requested_by = models.CharField(_("发起人"), max_length=150)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    checked = models.PositiveIntegerField(_("核对期限数"), default=0)
    moved = models.PositiveIntegerField(_("变动期限数"), default=0)

    class Meta:
        verbose_name = _("期限重算")
        verbose_name_plural = _("期限重算")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.reason}"


class DeadlineShift(models.Model):
    """One open deadline the recompute moved (or whose provisional mark changed)."""

    run = models.ForeignKey(DeadlineRecompute, on_delete=models.PROTECT, related_name="shifts")
    kind = models.CharField(_("类别"), max_length=40)  # case, step, info_request, ...
    object_id = models.BigIntegerField()
    label = models.CharField(_("事项"), max_length=300)
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old_deadline = models.DateTimeField(_("原期限"), null=True, blank=True)
    new_deadline = models.DateTimeField(_("新期限"), null=True, blank=True)
    old_provisional = models.BooleanField(default=False)
    new_provisional = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("期限调整")
        verbose_name_plural = _("期限调整")
        ordering = ["run", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.old_deadline} → {self.new_deadline}"
