"""A compliance finding and the rule it breaks (shared by the checks of
``meetings.checks`` and ``meetings.calendar_checks``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation

from yangguang.meetings import models as m
from yangguang.orgs.models import Organisation


def _english() -> bool:
    return (translation.get_language() or "zh-hans").startswith("en")


@dataclass(frozen=True)
class Rule:
    code: str
    zh: str
    en: str

    @property
    def label(self) -> str:
        """The rule's name in the page's language."""
        return self.en if _english() else self.zh


@dataclass(frozen=True)
class Finding:
    rule: str
    organisation: Organisation
    zh: str
    en: str
    meeting: m.Meeting | None = None
    topic: m.Topic | None = None
    ref: str = ""  # what the finding is about, when not a meeting or topic
    persons: tuple[int, ...] = field(default=())  # user ids answerable for it

    @property
    def key(self) -> str:
        """A stable reference (the accountability case's ``finding``)."""
        parts = [self.rule]
        if self.meeting is not None:
            parts.append(f"meeting-{self.meeting.pk}")
        if self.topic is not None:
            parts.append(f"topic-{self.topic.pk}")
        if self.ref:
            parts.append(self.ref)
        return ":".join(parts)

    @property
    def message(self) -> str:
        """What was found, in the page's language (``detail`` carries both)."""
        return self.en if _english() else self.zh

    @property
    def detail(self) -> str:
        return f"{self.zh} ({self.en})"

    @property
    def meeting_label(self) -> str:
        if self.meeting is None:
            return f"{self.organisation.code} -"
        day = timezone.localdate(self.meeting.when)
        return f"{self.organisation.code} {day:%Y-%m-%d} {self.meeting.title}"

    @property
    def topic_label(self) -> str:
        return f"{self.topic.number}. {self.topic.title}" if self.topic is not None else "-"

    def line(self) -> str:
        """rule code, meeting, topic, detail (tab-separated, tabs in values replaced)."""
        values = (self.rule, self.meeting_label, self.topic_label, self.detail)
        return "\t".join(v.replace("\t", " ").replace("\n", " ") for v in values)


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi
