"""Compliance checks of collective decisions (三重一大), run by the commission.

Each rule has a stable code and gives findings in Chinese and English. The meetings
checked are those *held* between two dates (inclusive, local time) by an organisation
and its whole subtree; payments and appointments are checked by the day they were made.
Everything is loaded set-wise (a fixed number of queries, whatever the size of the
period) and judged in memory.

The rules of the vote (documented here and in the findings):

* members are the meeting's voting members (the commission's observers do not vote);
* quorum: more than half of the members present; for a personnel topic (重要干部任免)
  of an organisation whose rules say so, at least two thirds;
* a topic is *passed* when more than half of the members entitled to vote agree, the
  members entitled to vote being all the members less those who recused themselves from
  the topic (absent members count as entitled: 超过应到会成员半数同意); votes of recused
  members are not counted. A topic recorded as passed without such a majority, or as
  rejected with it, is ``outcome_inconsistent`` (deferred topics are never inconsistent).

The record against the calendar (``held_before_notice``, ``future_record``,
``decided_before_opened``, ``published_not_happened``) is checked in ``calendar_checks``
with the rules of ``timing``, the ones the services refuse by.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yangguang.meetings import calendar_checks
from yangguang.meetings import models as m
from yangguang.meetings.findings import Finding, Rule
from yangguang.meetings.findings import bounds as _bounds
from yangguang.meetings.selectors import subtree
from yangguang.orgs.models import Organisation

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("notice_late", "议题未按时告知", "topic notified too late"),
        Rule("ad_hoc_motion", "三重一大事项临时动议", "ad-hoc motion on a 三重一大 matter"),
        Rule("principal_not_last", "主要负责人未末位表态", "the principal did not speak last"),
        Rule("quorum_not_met", "到会人数不足", "quorum not met"),
        Rule("recused_member_voted", "应回避人员参与表决", "a recused member voted"),
        Rule("outcome_inconsistent", "决定结果与表决不符", "outcome inconsistent with the votes"),
        Rule("minutes_missing", "未形成会议纪要", "minutes missing"),
        Rule("minutes_out_of_sequence", "会议纪要编号不连续", "minutes numbered out of sequence"),
        Rule(
            "undecided_payment_or_appointment",
            "资金支付或干部任用无集体决策",
            "payment or appointment without a collective decision",
        ),
        Rule(
            "promotion_against_veto",
            "违反纪委意见或未征求纪委意见提拔干部",
            "promotion against the commission's veto or without its opinion",
        ),
        # the record against the calendar (meetings.calendar_checks, rules in timing)
        Rule("held_before_notice", "议题告知前即召开会议", "meeting held before its notices"),
        Rule("future_record", "记录时间晚于当前时间", "a record dated in the future"),
        Rule(
            "decided_before_opened",
            "决定早于会议召开或议题开始讨论",
            "decided before the meeting was held or the topic opened",
        ),
        Rule(
            "published_not_happened",
            "公开了尚未发生的决定",
            "a decision published before it happened",
        ),
    )
}


def _yuan(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


@dataclass
class _Data:
    """Everything one run needs, loaded set-wise."""

    orgs: list[Organisation]
    rules: dict[int, m.DecisionRules]
    meetings: list[m.Meeting]
    members: dict[int, list[m.MeetingMember]]  # meeting id -> voting members
    topics: dict[int, list[m.Topic]]  # meeting id -> topics
    speeches: dict[int, list[m.Speech]]
    votes: dict[int, list[m.Vote]]
    recusals: dict[int, set[int]]  # topic id -> member ids
    notices: dict[int, dict[int, datetime.datetime]]  # topic id -> member id -> sent

    def rules_for(self, org_id: int) -> m.DecisionRules:
        return self.rules.get(org_id) or m.DecisionRules(organisation_id=org_id)


def _load(org: Organisation, start: datetime.date, end: datetime.date) -> _Data:
    orgs = list(subtree(org))
    ids = [o.pk for o in orgs]
    lo, hi = _bounds(start, end)
    meetings = list(
        m.Meeting.objects.filter(
            organisation_id__in=ids, status=m.MeetingStatus.HELD, held_at__gte=lo, held_at__lt=hi
        )
        .select_related("organisation", "principal")
        .order_by("held_at", "pk")
    )
    mids = [x.pk for x in meetings]
    members: dict[int, list[m.MeetingMember]] = defaultdict(list)
    for row in m.MeetingMember.objects.filter(meeting_id__in=mids, role=m.MemberRole.MEMBER):
        members[row.meeting_id].append(row)
    topics: dict[int, list[m.Topic]] = defaultdict(list)
    for t in m.Topic.objects.filter(meeting_id__in=mids).select_related("candidate"):
        topics[t.meeting_id].append(t)
    tids = [t.pk for ts in topics.values() for t in ts]
    speeches: dict[int, list[m.Speech]] = defaultdict(list)
    for s in m.Speech.objects.filter(topic_id__in=tids).order_by("topic_id", "order"):
        speeches[s.topic_id].append(s)
    votes: dict[int, list[m.Vote]] = defaultdict(list)
    for v in m.Vote.objects.filter(topic_id__in=tids):
        votes[v.topic_id].append(v)
    recusals: dict[int, set[int]] = defaultdict(set)
    for topic_id, member_id in m.Recusal.objects.filter(topic_id__in=tids).values_list(
        "topic_id", "member_id"
    ):
        recusals[topic_id].add(member_id)
    notices: dict[int, dict[int, datetime.datetime]] = defaultdict(dict)
    for n in m.Notice.objects.filter(topic_id__in=tids):
        notices[n.topic_id][n.member_id] = n.sent_at
    rules = {r.organisation_id: r for r in m.DecisionRules.objects.filter(organisation_id__in=ids)}
    return _Data(orgs, rules, meetings, members, topics, speeches, votes, recusals, notices)


def _meeting_topics(data: _Data):
    for meeting in data.meetings:
        for topic in data.topics.get(meeting.pk, []):
            yield meeting, topic


def notice_late(data: _Data) -> list[Finding]:
    """A topic on the agenda (not an ad-hoc motion) not notified to every voting member
    at least ``notice_days`` (default 2) days before the meeting was due to start."""
    out = []
    for meeting, topic in _meeting_topics(data):
        if topic.ad_hoc:
            continue
        days = data.rules_for(meeting.organisation_id).notice_days
        deadline = meeting.starts_at - datetime.timedelta(days=days)
        sent = data.notices.get(topic.pk, {})
        late = [
            r for r in data.members.get(meeting.pk, []) if r.pk not in sent or sent[r.pk] > deadline
        ]
        if not late:
            continue
        latest = max((sent[r.pk] for r in late if r.pk in sent), default=None)
        when = f"{timezone.localtime(latest):%Y-%m-%d %H:%M}" if latest else "未告知"
        when_en = f"{timezone.localtime(latest):%Y-%m-%d %H:%M}" if latest else "never"
        out.append(
            Finding(
                "notice_late",
                meeting.organisation,
                f"{len(late)} 名成员未在会前 {days} 天告知，最晚告知 {when}",
                f"{len(late)} member(s) not notified {days} days before the meeting; "
                f"latest notice {when_en}",
                meeting,
                topic,
                persons=(meeting.convener_id,),
            )
        )
    return out


def ad_hoc_motion(data: _Data) -> list[Finding]:
    """A 三重一大 topic (one of the four categories) added at the meeting."""
    out = []
    for meeting, topic in _meeting_topics(data):
        if topic.ad_hoc and topic.category:
            label = m.Category(topic.category).label
            amount = f"，金额 {_yuan(topic.amount)} 元" if topic.amount else ""
            amount_en = f", amount {_yuan(topic.amount)} yuan" if topic.amount else ""
            out.append(
                Finding(
                    "ad_hoc_motion",
                    meeting.organisation,
                    f"临时动议{label.split(' ')[0]}事项{amount}",
                    f"ad-hoc motion on a matter of {label.split('(')[-1].rstrip(')')}{amount_en}",
                    meeting,
                    topic,
                    persons=(meeting.convener_id, topic.proposer_id),
                )
            )
    return out


def principal_not_last(data: _Data) -> list[Finding]:
    """The principal, present, was not the last to speak on a topic (末位表态)."""
    out = []
    for meeting, topic in _meeting_topics(data):
        speeches = data.speeches.get(topic.pk, [])
        if meeting.principal_id is None or not speeches:
            continue
        row = next((r for r in data.members[meeting.pk] if r.user_id == meeting.principal_id), None)
        if row is None or not row.present or speeches[-1].member_id == row.pk:
            continue
        spoke = next((s.order for s in speeches if s.member_id == row.pk), None)
        out.append(
            Finding(
                "principal_not_last",
                meeting.organisation,
                f"主要负责人{meeting.principal}"
                + (f"第 {spoke} 个发言，共 {len(speeches)} 人发言" if spoke else "未表态"),
                f"the principal {meeting.principal.username} "
                + (f"spoke {spoke} of {len(speeches)}" if spoke else "did not state a view"),
                meeting,
                topic,
                persons=(meeting.principal_id,),
            )
        )
    return out


def _quorum_ok(data: _Data, meeting: m.Meeting, topic: m.Topic) -> tuple[bool, int, int, str]:
    rows = data.members.get(meeting.pk, [])
    total, present = len(rows), sum(1 for r in rows if r.present)
    two_thirds = (
        topic.category == m.Category.PERSONNEL
        and data.rules_for(meeting.organisation_id).personnel_quorum == m.Quorum.TWO_THIRDS
    )
    ok = present * 3 >= total * 2 if two_thirds else present * 2 > total
    return ok, present, total, "two_thirds" if two_thirds else "half"


def quorum_not_met(data: _Data) -> list[Finding]:
    """A topic passed or rejected with too few members present for its kind."""
    out = []
    for meeting, topic in _meeting_topics(data):
        if topic.outcome not in (m.Outcome.PASSED, m.Outcome.REJECTED):
            continue
        ok, present, total, rule = _quorum_ok(data, meeting, topic)
        if ok:
            continue
        need_zh, need_en = (
            ("三分之二", "two thirds") if rule == "two_thirds" else ("过半数", "more than half")
        )
        out.append(
            Finding(
                "quorum_not_met",
                meeting.organisation,
                f"应到 {total} 人，实到 {present} 人，未达{need_zh}",
                f"{present} of {total} members present; {need_en} needed",
                meeting,
                topic,
                persons=(meeting.convener_id,),
            )
        )
    return out


def recused_member_voted(data: _Data) -> list[Finding]:
    """A member who recused from a topic voted on it (anything but 回避). One query."""
    tids = [t.pk for _meeting, t in _meeting_topics(data)]
    recused = m.Recusal.objects.filter(
        topic_id=OuterRef("topic_id"), member_id=OuterRef("member_id")
    )
    rows = (
        m.Vote.objects.filter(topic_id__in=tids)
        .exclude(choice=m.Choice.RECUSED)
        .filter(Exists(recused))
        .select_related("member__user")
    )
    topics = {t.pk: (meeting, t) for meeting, t in _meeting_topics(data)}
    out = []
    for vote in rows.order_by("topic_id", "pk"):
        meeting, topic = topics[vote.topic_id]
        out.append(
            Finding(
                "recused_member_voted",
                meeting.organisation,
                f"{vote.member.user} 已登记回避，仍投票“{vote.get_choice_display().split(' ')[0]}”",
                f"{vote.member.user.username} recused but voted {vote.choice}",
                meeting,
                topic,
                persons=(vote.member.user_id,),
            )
        )
    return out


def tally(data: _Data, meeting: m.Meeting, topic: m.Topic) -> tuple[int, int]:
    """(agreeing votes that count, members entitled to vote) under the documented rule."""
    recused = data.recusals.get(topic.pk, set())
    entitled = [r for r in data.members.get(meeting.pk, []) if r.pk not in recused]
    agree = sum(
        1
        for v in data.votes.get(topic.pk, [])
        if v.choice == m.Choice.AGREE and v.member_id not in recused
    )
    return agree, len(entitled)


def outcome_inconsistent(data: _Data) -> list[Finding]:
    out = []
    for meeting, topic in _meeting_topics(data):
        if topic.outcome not in (m.Outcome.PASSED, m.Outcome.REJECTED):
            continue
        agree, entitled = tally(data, meeting, topic)
        majority = agree * 2 > entitled
        if majority == (topic.outcome == m.Outcome.PASSED):
            continue
        out.append(
            Finding(
                "outcome_inconsistent",
                meeting.organisation,
                f"记录为“{topic.get_outcome_display().split(' ')[0]}”，但 {entitled} 名有表决权成员中"
                f" {agree} 人同意（通过须超过半数）",
                f"recorded as {topic.outcome} but {agree} of {entitled} members entitled to "
                "vote agreed (passing needs more than half)",
                meeting,
                topic,
                persons=(meeting.convener_id,),
            )
        )
    return out


def minutes_missing(data: _Data, today: datetime.date) -> list[Finding]:
    """A held meeting with no minutes once ``minutes_days`` (default 7) have passed."""
    mids = [x.pk for x in data.meetings]
    with_minutes = set(
        m.Minutes.objects.filter(meeting_id__in=mids, amends__isnull=True).values_list(
            "meeting_id", flat=True
        )
    )
    out = []
    for meeting in data.meetings:
        days = data.rules_for(meeting.organisation_id).minutes_days
        if meeting.pk in with_minutes:
            continue
        if timezone.localdate(meeting.held_at) + datetime.timedelta(days=days) >= today:
            continue
        out.append(
            Finding(
                "minutes_missing",
                meeting.organisation,
                f"会议召开已超过 {days} 天，未形成会议纪要",
                f"no minutes more than {days} days after the meeting",
                meeting,
                persons=(meeting.convener_id,),
            )
        )
    return out


def minutes_out_of_sequence(data: _Data) -> list[Finding]:
    """Gaps and duplicates in an organisation's numbering of the year (amendments keep
    their original's number and are left out). A gap is reported with the meeting whose
    minutes come after it, when that meeting is in the period."""
    in_period = {x.pk for x in data.meetings}
    years = {timezone.localtime(x.held_at).year for x in data.meetings}
    orgs = {x.organisation_id for x in data.meetings}
    rows = list(
        m.Minutes.objects.filter(organisation_id__in=orgs, year__in=years, amends__isnull=True)
        .select_related("meeting__organisation")
        .order_by("organisation_id", "year", "number", "pk")
    )
    by_seq: dict[tuple[int, int], list[m.Minutes]] = defaultdict(list)
    for row in rows:
        by_seq[(row.organisation_id, row.year)].append(row)
    out = []
    for (_org, year), seq in by_seq.items():
        expected = 1
        previous = None
        for row in seq:
            meeting = row.meeting
            if previous is not None and row.number == previous:
                if meeting.pk in in_period:
                    out.append(
                        Finding(
                            "minutes_out_of_sequence",
                            meeting.organisation,
                            f"纪要编号〔{year}〕{row.number}号重复",
                            f"minutes number {row.number} of {year} used twice",
                            meeting,
                            ref=f"minutes-{row.pk}",
                        )
                    )
                continue
            if row.number > expected and meeting.pk in in_period:
                gap = (
                    f"〔{year}〕{expected}号"
                    if row.number == expected + 1
                    else f"〔{year}〕{expected}–{row.number - 1}号"
                )
                out.append(
                    Finding(
                        "minutes_out_of_sequence",
                        meeting.organisation,
                        f"纪要编号跳号：缺{gap}（本次为{row.label}）",
                        "gap in the minutes numbering: "
                        + (
                            f"number {expected}"
                            if row.number == expected + 1
                            else f"numbers {expected}–{row.number - 1}"
                        )
                        + f" of {year} missing (these are number {row.number})",
                        meeting,
                        ref=f"minutes-{row.pk}",
                    )
                )
            previous = row.number
            expected = row.number + 1
    return out


def undecided_payment_or_appointment(
    data: _Data, start: datetime.date, end: datetime.date
) -> list[Finding]:
    """A payment at or above the organisation's lowest 大额资金 threshold, or an
    appointment, with no passed topic of the same organisation behind it: linked
    explicitly, or decided within ``decision_window_days`` (default 180) before it (a
    funds or project topic of at least the amount, or a personnel topic naming the
    person)."""
    ids = [o.pk for o in data.orgs]
    thresholds: dict[int, Decimal] = {}
    for org_id, threshold in m.CatalogueMatter.objects.filter(
        organisation_id__in=ids,
        active=True,
        category=m.Category.FUNDS,
        threshold__isnull=False,
    ).values_list("organisation_id", "threshold"):
        thresholds[org_id] = min(threshold, thresholds.get(org_id, threshold))
    actions = list(
        m.RecordedAction.objects.filter(organisation_id__in=ids, on__gte=start, on__lte=end)
        .filter(Q(decision__isnull=True) | ~Q(decision__outcome=m.Outcome.PASSED))
        .select_related("organisation", "person")
    )
    window = max((r.decision_window_days for r in data.rules.values()), default=180)
    lo, _hi = _bounds(start - datetime.timedelta(days=max(window, 180)), end)
    decided = list(
        m.Topic.objects.filter(
            meeting__organisation_id__in=ids,
            outcome=m.Outcome.PASSED,
            decided_at__gte=lo,
        ).select_related("meeting")
    )
    out = []
    for act in actions:
        days = data.rules_for(act.organisation_id).decision_window_days
        earliest = act.on - datetime.timedelta(days=days)

        def in_window(t: m.Topic, act=act, earliest=earliest) -> bool:
            day = timezone.localdate(t.decided_at)
            return t.meeting.organisation_id == act.organisation_id and earliest <= day <= act.on

        if act.kind == m.ActionKind.PAYMENT:
            threshold = thresholds.get(act.organisation_id)
            if threshold is None or act.amount < threshold:
                continue
            covered = any(
                in_window(t)
                and t.category in (m.Category.FUNDS, m.Category.PROJECT)
                and (t.amount is None or t.amount >= act.amount)
                for t in decided
            )
            zh = f"支付 {_yuan(act.amount)} 元（{act.reference}）达到大额资金标准 {_yuan(threshold)} 元，无集体决策"
            en = (
                f"payment of {_yuan(act.amount)} yuan ({act.reference}) at or above the "
                f"threshold of {_yuan(threshold)} yuan, with no collective decision"
            )
        else:
            covered = any(
                in_window(t)
                and t.category == m.Category.PERSONNEL
                and t.candidate_id == act.person_id
                for t in decided
            )
            zh = f"任用 {act.person}（{act.reference}）无集体决策"
            en = f"appointment of {act.person.username} ({act.reference}) with no collective decision"
        if not covered:
            out.append(
                Finding(
                    "undecided_payment_or_appointment",
                    act.organisation,
                    f"{act.on} {zh}",
                    f"{act.on} {en}",
                    ref=f"action-{act.pk}",
                )
            )
    return out


def promotion_against_veto(data: _Data) -> list[Finding]:
    """A passed appointment topic naming a candidate, decided without the commission's
    opinion given before the decision, or against its veto or delay."""
    topics = [
        (meeting, t)
        for meeting, t in _meeting_topics(data)
        if t.category == m.Category.PERSONNEL and t.candidate_id and t.outcome == m.Outcome.PASSED
    ]
    opinions: dict[tuple[int, int], m.Vetting] = {
        (v.topic_id, v.candidate_id): v
        for v in m.Vetting.objects.filter(topic_id__in=[t.pk for _m, t in topics])
    }
    out = []
    for meeting, topic in topics:
        v = opinions.get((topic.pk, topic.candidate_id))
        given = v is not None and v.opinion != m.Opinion.PENDING and v.opined_at <= topic.decided_at
        if given and v.opinion == m.Opinion.CLEAR:
            continue
        if given:
            label = v.get_opinion_display().split(" ")[0]
            zh = f"纪委意见为“{label}”，仍决定任用 {topic.candidate}"
            en = f"the commission's opinion was {v.opinion}, yet {topic.candidate.username} was appointed"
        else:
            zh = f"任用 {topic.candidate} 前未取得纪委意见"
            en = f"{topic.candidate.username} appointed without the commission's opinion"
        out.append(
            Finding(
                "promotion_against_veto",
                meeting.organisation,
                zh,
                en,
                meeting,
                topic,
                persons=(meeting.convener_id,),
            )
        )
    return out


def run(
    org: Organisation,
    start: datetime.date,
    end: datetime.date,
    *,
    today: datetime.date | None = None,
    rules: list[str] | None = None,
) -> list[Finding]:
    """Every finding for ``org`` and its subtree, for meetings held (and payments and
    appointments made) from ``start`` to ``end``, in rule order; the calendar rules
    also report, whatever the period, records dated in the future and decisions
    published while not taken (``calendar_checks``)."""
    if end < start:
        raise ValueError("end before start")
    today = today or timezone.localdate()
    data = _load(org, start, end)
    runners = {
        "notice_late": lambda: notice_late(data),
        "ad_hoc_motion": lambda: ad_hoc_motion(data),
        "principal_not_last": lambda: principal_not_last(data),
        "quorum_not_met": lambda: quorum_not_met(data),
        "recused_member_voted": lambda: recused_member_voted(data),
        "outcome_inconsistent": lambda: outcome_inconsistent(data),
        "minutes_missing": lambda: minutes_missing(data, today),
        "minutes_out_of_sequence": lambda: minutes_out_of_sequence(data),
        "undecided_payment_or_appointment": lambda: undecided_payment_or_appointment(
            data, start, end
        ),
        "promotion_against_veto": lambda: promotion_against_veto(data),
    }
    calendar = [code for code in calendar_checks.CODES if rules is None or code in rules]
    if calendar:
        by_code: dict[str, list[Finding]] = {code: [] for code in calendar_checks.CODES}
        for finding in calendar_checks.run([o.pk for o in data.orgs], start, end):
            by_code[finding.rule].append(finding)
        for code in calendar:
            runners[code] = lambda code=code: by_code[code]
    out: list[Finding] = []
    for code in RULES:
        if rules is None or code in rules:
            out.extend(runners[code]())
    return out
