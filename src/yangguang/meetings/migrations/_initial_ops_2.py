"""Part 2 of 2 of the operations of ``meetings`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="Topic",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("number", models.PositiveSmallIntegerField(verbose_name="序号")),
            ("title", models.CharField(max_length=200, verbose_name="议题")),
            (
                "category",
                models.CharField(
                    blank=True,
                    choices=[
                        ("major_decision", "重大决策"),
                        ("personnel", "重要干部任免"),
                        ("project", "重大项目安排"),
                        ("funds", "大额资金使用"),
                    ],
                    max_length=16,
                    verbose_name="类别",
                ),
            ),
            (
                "amount",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=16,
                    null=True,
                    verbose_name="金额(元)",
                ),
            ),
            (
                "ad_hoc",
                models.BooleanField(default=False, verbose_name="临时动议"),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("pending", "待议"),
                        ("open", "讨论中"),
                        ("decided", "已决定"),
                    ],
                    default="pending",
                    max_length=10,
                ),
            ),
            (
                "outcome",
                models.CharField(
                    blank=True,
                    choices=[
                        ("passed", "通过"),
                        ("rejected", "未通过"),
                        ("deferred", "缓议"),
                    ],
                    max_length=10,
                    verbose_name="结果",
                ),
            ),
            (
                "decided_at",
                models.DateTimeField(blank=True, null=True, verbose_name="决定时间"),
            ),
            ("public", models.BooleanField(default=False, verbose_name="公开")),
            (
                "public_summary",
                models.TextField(blank=True, verbose_name="公开内容"),
            ),
            (
                "candidate",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="拟任人选",
                ),
            ),
            (
                "matter",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="topics",
                    to="meetings.cataloguematter",
                ),
            ),
            (
                "meeting",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="topics",
                    to="meetings.meeting",
                ),
            ),
            (
                "proposer",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="提出人",
                ),
            ),
        ],
        options={
            "verbose_name": "议题",
            "ordering": ["meeting", "number"],
        },
    ),
    migrations.CreateModel(
        name="Speech",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("order", models.PositiveSmallIntegerField(verbose_name="发言顺序")),
            ("summary", models.TextField(verbose_name="意见摘要")),
            ("recorded_at", models.DateTimeField()),
            (
                "member",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="speeches",
                    to="meetings.meetingmember",
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="speeches",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "发言",
            "ordering": ["topic", "order"],
        },
    ),
    migrations.CreateModel(
        name="Recusal",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("reason", models.CharField(max_length=200, verbose_name="回避事由")),
            (
                "member",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="recusals",
                    to="meetings.meetingmember",
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="recusals",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "回避",
        },
    ),
    migrations.CreateModel(
        name="RecordedAction",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "kind",
                models.CharField(
                    choices=[
                        ("payment", "资金支付"),
                        ("appointment", "干部任用"),
                    ],
                    max_length=12,
                ),
            ),
            (
                "amount",
                models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True),
            ),
            ("on", models.DateField(verbose_name="日期")),
            (
                "reference",
                models.CharField(max_length=100, verbose_name="凭证/文号"),
            ),
            (
                "description",
                models.CharField(blank=True, max_length=200, verbose_name="摘要"),
            ),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="recorded_actions",
                    to="orgs.organisation",
                ),
            ),
            (
                "person",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "decision",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="recorded_actions",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "资金支付/干部任用记录",
            "ordering": ["on", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Notice",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("sent_at", models.DateTimeField(verbose_name="告知时间")),
            (
                "member",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="notices",
                    to="meetings.meetingmember",
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="notices",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "议题告知",
        },
    ),
    migrations.CreateModel(
        name="Material",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("name", models.CharField(max_length=200, verbose_name="文件名")),
            ("content_type", models.CharField(max_length=100)),
            ("size", models.PositiveIntegerField()),
            ("sha256", models.CharField(max_length=64)),
            ("content", models.BinaryField()),
            ("uploaded_at", models.DateTimeField()),
            (
                "uploaded_by",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="materials",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "议题材料",
        },
    ),
    migrations.AddField(
        model_name="decisiontask",
        name="topic",
        field=models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT,
            related_name="tasks",
            to="meetings.topic",
        ),
    ),
    migrations.CreateModel(
        name="Vetting",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("requested_at", models.DateTimeField()),
            (
                "opinion",
                models.CharField(
                    choices=[
                        ("pending", "待回复"),
                        ("clear", "无不同意见"),
                        ("delay", "暂缓"),
                        ("veto", "否决"),
                    ],
                    default="pending",
                    max_length=8,
                ),
            ),
            (
                "grounds",
                models.JSONField(blank=True, default=list, verbose_name="依据"),
            ),
            ("note", models.TextField(blank=True)),
            ("opined_at", models.DateTimeField(blank=True, null=True)),
            (
                "candidate",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "inspector",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="vettings",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "纪委意见",
            "ordering": ["-requested_at"],
        },
    ),
    migrations.CreateModel(
        name="Vote",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "choice",
                models.CharField(
                    choices=[
                        ("agree", "同意"),
                        ("disagree", "不同意"),
                        ("abstain", "弃权"),
                        ("recused", "回避"),
                    ],
                    max_length=10,
                    verbose_name="表决",
                ),
            ),
            ("recorded_at", models.DateTimeField()),
            (
                "member",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="votes",
                    to="meetings.meetingmember",
                ),
            ),
            (
                "topic",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="votes",
                    to="meetings.topic",
                ),
            ),
        ],
        options={
            "verbose_name": "表决",
        },
    ),
    migrations.AddConstraint(
        model_name="cataloguematter",
        constraint=models.CheckConstraint(
            condition=models.Q(("threshold__isnull", True), ("threshold__gt", 0), _connector="OR"),
            name="matter_threshold_positive",
            violation_error_message="金额标准必须大于零",
        ),
    ),
    migrations.AddConstraint(
        model_name="integrityrecord",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"
            ),
            name="integrity_end_after_start",
            violation_error_message="结束日期不能早于开始日期",
        ),
    ),
    migrations.AddConstraint(
        model_name="meeting",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("status", "held"), _negated=True),
                ("held_at__isnull", False),
                _connector="OR",
            ),
            name="meeting_held_has_time",
        ),
    ),
    migrations.AddConstraint(
        model_name="meetingmember",
        constraint=models.UniqueConstraint(
            fields=("meeting", "user"), name="member_once_per_meeting"
        ),
    ),
    migrations.AddConstraint(
        model_name="meetingrecord",
        constraint=models.UniqueConstraint(fields=("meeting", "kind"), name="record_once_per_kind"),
    ),
    migrations.AddConstraint(
        model_name="minutes",
        constraint=models.UniqueConstraint(
            condition=models.Q(("amends__isnull", True)),
            fields=("organisation", "year", "number"),
            name="minutes_number_unique_per_year",
            violation_error_message="该年度纪要编号已被使用",
        ),
    ),
    migrations.AddConstraint(
        model_name="minutes",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("status", "approved"), _negated=True),
                ("approved_at__isnull", False),
                _connector="OR",
            ),
            name="minutes_approved_has_time",
        ),
    ),
    migrations.AddConstraint(
        model_name="topic",
        constraint=models.UniqueConstraint(
            fields=("meeting", "number"), name="topic_number_unique"
        ),
    ),
    migrations.AddConstraint(
        model_name="topic",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(
                    ("outcome__in", ["passed", "rejected", "deferred"]), ("status", "decided")
                ),
                models.Q(models.Q(("status", "decided"), _negated=True), ("outcome", "")),
                _connector="OR",
            ),
            name="topic_outcome_when_decided",
        ),
    ),
    migrations.AddConstraint(
        model_name="speech",
        constraint=models.UniqueConstraint(fields=("topic", "order"), name="speech_order_unique"),
    ),
    migrations.AddConstraint(
        model_name="speech",
        constraint=models.UniqueConstraint(
            fields=("topic", "member"), name="speech_once_per_member"
        ),
    ),
    migrations.AddConstraint(
        model_name="recusal",
        constraint=models.UniqueConstraint(
            fields=("topic", "member"), name="recusal_once_per_member"
        ),
    ),
    migrations.AddConstraint(
        model_name="recordedaction",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("kind", "payment"), ("amount__gt", 0)),
                models.Q(("kind", "appointment"), ("person__isnull", False)),
                _connector="OR",
            ),
            name="recorded_action_amount_or_person",
            violation_error_message="支付须有金额, 任用须有人员",
        ),
    ),
    migrations.AddConstraint(
        model_name="notice",
        constraint=models.UniqueConstraint(
            fields=("topic", "member"), name="notice_once_per_member"
        ),
    ),
    migrations.AddConstraint(
        model_name="vetting",
        constraint=models.UniqueConstraint(
            fields=("topic", "candidate"), name="vetting_once_per_candidate"
        ),
    ),
    migrations.AddConstraint(
        model_name="vote",
        constraint=models.UniqueConstraint(fields=("topic", "member"), name="vote_once_per_member"),
    ),
]
