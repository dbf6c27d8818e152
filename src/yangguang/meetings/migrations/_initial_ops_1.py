"""Part 1 of 2 of the operations of ``meetings`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="VetoRule",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("code", models.SlugField(max_length=32, unique=True)),
            ("name", models.CharField(max_length=100)),
            (
                "effect",
                models.CharField(choices=[("veto", "否决"), ("delay", "暂缓")], max_length=8),
            ),
            ("active", models.BooleanField(default=True)),
        ],
        options={
            "verbose_name": "否决/暂缓规则",
            "ordering": ["code"],
        },
    ),
    migrations.CreateModel(
        name="AccountabilityCase",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "finding",
                models.CharField(max_length=120, verbose_name="问题线索"),
            ),
            ("rule", models.CharField(max_length=40)),
            ("summary", models.TextField(verbose_name="事由")),
            (
                "status",
                models.CharField(
                    choices=[("open", "办理中"), ("closed", "已办结")],
                    default="open",
                    max_length=8,
                ),
            ),
            ("opened_on", models.DateField()),
            ("closed_on", models.DateField(blank=True, null=True)),
            ("conclusion", models.TextField(blank=True)),
            (
                "opened_by",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
            (
                "persons",
                models.ManyToManyField(
                    blank=True, related_name="accountability_cases", to=settings.AUTH_USER_MODEL
                ),
            ),
        ],
        options={
            "verbose_name": "问责案件",
            "ordering": ["-opened_on", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="CatalogueMatter",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "category",
                models.CharField(
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
            ("name", models.CharField(max_length=200, verbose_name="事项")),
            ("description", models.TextField(blank=True, verbose_name="说明")),
            (
                "threshold",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=16,
                    null=True,
                    verbose_name="金额标准(元)",
                ),
            ),
            (
                "body",
                models.CharField(
                    choices=[
                        ("party_committee", "党委(党组)会议"),
                        ("leadership", "领导班子会议"),
                        ("joint", "党政联席会议"),
                    ],
                    max_length=16,
                    verbose_name="决策机构",
                ),
            ),
            ("active", models.BooleanField(default=True, verbose_name="有效")),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="decision_matters",
                    to="orgs.organisation",
                ),
            ),
        ],
        options={
            "verbose_name": "三重一大事项",
            "ordering": ["organisation", "category", "name"],
        },
    ),
    migrations.CreateModel(
        name="DecisionRules",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "personnel_quorum",
                models.CharField(
                    choices=[
                        ("half", "过半数"),
                        ("two_thirds", "三分之二"),
                    ],
                    default="half",
                    max_length=12,
                    verbose_name="人事事项到会人数",
                ),
            ),
            (
                "notice_days",
                models.PositiveSmallIntegerField(default=2, verbose_name="议题提前告知天数"),
            ),
            (
                "minutes_days",
                models.PositiveSmallIntegerField(default=7, verbose_name="纪要形成期限(天)"),
            ),
            (
                "decision_window_days",
                models.PositiveSmallIntegerField(default=180, verbose_name="决策在先期限(天)"),
            ),
            (
                "organisation",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="decision_rules",
                    to="orgs.organisation",
                ),
            ),
        ],
        options={
            "verbose_name": "议事规则",
        },
    ),
    migrations.CreateModel(
        name="DecisionTask",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("description", models.CharField(max_length=200, verbose_name="办理事项")),
            ("due", models.DateField(verbose_name="办结期限")),
            (
                "status",
                models.CharField(
                    choices=[("open", "办理中"), ("done", "已办结")],
                    default="open",
                    max_length=8,
                ),
            ),
            ("done_on", models.DateField(blank=True, null=True)),
            (
                "owner",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="责任人",
                ),
            ),
        ],
        options={
            "verbose_name": "决定事项办理",
            "ordering": ["due", "pk"],
        },
    ),
    migrations.CreateModel(
        name="IntegrityRecord",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("kind", models.CharField(max_length=32, verbose_name="类别")),
            ("start", models.DateField(verbose_name="开始")),
            ("end", models.DateField(blank=True, null=True, verbose_name="结束")),
            ("source", models.CharField(max_length=200, verbose_name="来源")),
            ("note", models.TextField(blank=True)),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
            (
                "person",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="integrity_records",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "廉政档案记录",
            "ordering": ["person", "start"],
        },
    ),
    migrations.CreateModel(
        name="Meeting",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "body",
                models.CharField(
                    choices=[
                        ("party_committee", "党委(党组)会议"),
                        ("leadership", "领导班子会议"),
                        ("joint", "党政联席会议"),
                    ],
                    max_length=16,
                    verbose_name="会议类型",
                ),
            ),
            ("title", models.CharField(max_length=200, verbose_name="会议名称")),
            ("starts_at", models.DateTimeField(verbose_name="会议时间")),
            (
                "location",
                models.CharField(blank=True, max_length=100, verbose_name="地点"),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("planned", "拟召开"),
                        ("held", "已召开"),
                        ("cancelled", "已取消"),
                    ],
                    default="planned",
                    max_length=10,
                    verbose_name="状态",
                ),
            ),
            (
                "held_at",
                models.DateTimeField(blank=True, null=True, verbose_name="实际召开"),
            ),
            (
                "convener",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="召集人",
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="meetings",
                    to="orgs.organisation",
                ),
            ),
            (
                "principal",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="主要负责人",
                ),
            ),
        ],
        options={
            "verbose_name": "会议",
            "ordering": ["-starts_at"],
        },
    ),
    migrations.CreateModel(
        name="Announcement",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("announced_at", models.DateTimeField(verbose_name="通报时间")),
            ("scope", models.CharField(max_length=200, verbose_name="通报范围")),
            ("text", models.TextField(verbose_name="通报内容")),
            (
                "meeting",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="announcements",
                    to="meetings.meeting",
                ),
            ),
        ],
        options={
            "verbose_name": "会后通报",
        },
    ),
    migrations.CreateModel(
        name="MeetingMember",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "role",
                models.CharField(
                    choices=[
                        ("member", "成员"),
                        ("observer", "列席监督"),
                    ],
                    default="member",
                    max_length=10,
                ),
            ),
            (
                "present",
                models.BooleanField(blank=True, null=True, verbose_name="出席"),
            ),
            (
                "absence_reason",
                models.CharField(blank=True, max_length=200, verbose_name="缺席原因"),
            ),
            (
                "meeting",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="members",
                    to="meetings.meeting",
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="人员",
                ),
            ),
        ],
        options={
            "verbose_name": "参会人员",
            "ordering": ["meeting", "role", "pk"],
        },
    ),
    migrations.CreateModel(
        name="MeetingRecord",
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
                        ("verbatim", "会议记录"),
                        (
                            "commission",
                            "纪委书记(派驻纪检组)记录",
                        ),
                    ],
                    max_length=12,
                ),
            ),
            ("text", models.TextField(verbose_name="内容")),
            ("recorded_at", models.DateTimeField()),
            (
                "meeting",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="records",
                    to="meetings.meeting",
                ),
            ),
            (
                "recorder",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "会议记录",
        },
    ),
    migrations.CreateModel(
        name="Minutes",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
            ("number", models.PositiveIntegerField(verbose_name="编号")),
            ("text", models.TextField(verbose_name="纪要内容")),
            (
                "status",
                models.CharField(
                    choices=[("draft", "草稿"), ("approved", "已签发")],
                    default="draft",
                    max_length=10,
                ),
            ),
            ("approved_at", models.DateTimeField(blank=True, null=True)),
            (
                "reason",
                models.CharField(blank=True, max_length=200, verbose_name="修订理由"),
            ),
            ("created_at", models.DateTimeField()),
            (
                "amends",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="amendments",
                    to="meetings.minutes",
                ),
            ),
            (
                "approved_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "meeting",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="minutes",
                    to="meetings.meeting",
                ),
            ),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
        ],
        options={
            "verbose_name": "会议纪要",
            "verbose_name_plural": "会议纪要",
            "ordering": ["organisation", "year", "number", "pk"],
        },
    ),
    migrations.CreateModel(
        name="OverdueAlert",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("raised_on", models.DateField()),
            (
                "task",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="alert",
                    to="meetings.decisiontask",
                ),
            ),
        ],
        options={
            "verbose_name": "逾期预警",
        },
    ),
    migrations.CreateModel(
        name="ProgressUpdate",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("on", models.DateField(verbose_name="日期")),
            ("note", models.TextField(verbose_name="进展")),
            (
                "by",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "task",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="updates",
                    to="meetings.decisiontask",
                ),
            ),
        ],
        options={
            "verbose_name": "办理进展",
            "ordering": ["task", "on", "pk"],
        },
    ),
]
