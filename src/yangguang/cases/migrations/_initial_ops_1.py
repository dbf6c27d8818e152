"""Part 1 of 2 of the operations of ``cases`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="Case",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "number",
                models.CharField(max_length=64, unique=True, verbose_name="办件编号"),
            ),
            (
                "query_hash",
                models.CharField(max_length=64, verbose_name="查询码摘要"),
            ),
            (
                "external_id",
                models.CharField(blank=True, max_length=100, verbose_name="外部编号"),
            ),
            ("applicant", models.CharField(max_length=200, verbose_name="申请人")),
            (
                "applicant_contact",
                models.CharField(blank=True, max_length=100, verbose_name="联系方式"),
            ),
            (
                "subject",
                models.CharField(blank=True, max_length=300, verbose_name="申请事项"),
            ),
            (
                "channel",
                models.CharField(
                    choices=[
                        ("window", "窗口"),
                        ("online", "网上"),
                        ("api", "接口"),
                    ],
                    max_length=8,
                    verbose_name="渠道",
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("open", "办理中"),
                        ("approved", "准予"),
                        ("refused", "不予"),
                        ("withdrawn", "撤回"),
                    ],
                    default="open",
                    max_length=10,
                    verbose_name="状态",
                ),
            ),
            ("registered_at", models.DateTimeField(verbose_name="登记时间")),
            ("marking", models.JSONField(default=dict, verbose_name="令牌")),
            (
                "paused_since",
                models.DateTimeField(blank=True, null=True, verbose_name="暂停自"),
            ),
            (
                "accepted_at",
                models.DateTimeField(blank=True, null=True, verbose_name="受理时间"),
            ),
            ("acceptance_deadline", models.DateTimeField(blank=True, null=True)),
            ("promised_limit", models.PositiveIntegerField(blank=True, null=True)),
            ("statutory_limit", models.PositiveIntegerField(blank=True, null=True)),
            (
                "promised_deadline",
                models.DateTimeField(blank=True, null=True, verbose_name="承诺期限"),
            ),
            (
                "statutory_deadline",
                models.DateTimeField(blank=True, null=True, verbose_name="法定期限"),
            ),
            (
                "warn_at",
                models.DateTimeField(blank=True, null=True, verbose_name="预警时间"),
            ),
            (
                "deadline_unknown",
                models.BooleanField(default=False, verbose_name="期限未知"),
            ),
            ("deadline_note", models.CharField(blank=True, max_length=300)),
            (
                "finished_at",
                models.DateTimeField(blank=True, null=True, verbose_name="办结时间"),
            ),
            ("reasons", models.TextField(blank=True, verbose_name="理由")),
            (
                "finished_by",
                models.ForeignKey(
                    blank=True,
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
                    verbose_name="单位",
                ),
            ),
            (
                "power",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="powers.poweritem",
                    verbose_name="事项",
                ),
            ),
            (
                "process",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="flows.processmodel",
                    verbose_name="流程",
                ),
            ),
            (
                "registered_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "responsible",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="首问责任人",
                ),
            ),
        ],
        options={
            "verbose_name": "办件",
            "ordering": ["-registered_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="CaseNumberSequence",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("year", models.PositiveIntegerField()),
            ("last", models.PositiveIntegerField(default=0)),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
        ],
        options={"verbose_name": "办件编号序列", "verbose_name_plural": "办件编号序列"},
    ),
    migrations.CreateModel(
        name="Enquiry",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("person", models.CharField(max_length=200, verbose_name="咨询人")),
            ("subject", models.TextField(verbose_name="咨询内容")),
            ("received_at", models.DateTimeField()),
            (
                "case",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    to="cases.case",
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
                "power",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="powers.poweritem",
                ),
            ),
            (
                "received_by",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "responsible",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "咨询",
            "verbose_name_plural": "咨询",
            "ordering": ["-received_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="Fee",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("item", models.CharField(max_length=200, verbose_name="收费项目")),
            (
                "amount",
                models.DecimalField(decimal_places=2, max_digits=12, verbose_name="金额(元)"),
            ),
            (
                "standard",
                models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True),
            ),
            ("charged_at", models.DateTimeField()),
            (
                "case",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="fees",
                    to="cases.case",
                ),
            ),
            (
                "recorded_by",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "收费",
            "verbose_name_plural": "收费",
            "ordering": ["case", "charged_at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Handover",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("at", models.DateTimeField()),
            ("reason", models.TextField()),
            (
                "case",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="handovers",
                    to="cases.case",
                ),
            ),
            (
                "enquiry",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="handovers",
                    to="cases.enquiry",
                ),
            ),
            (
                "from_user",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "to_user",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "移交",
            "verbose_name_plural": "移交",
            "ordering": ["at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Step",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("node_key", models.CharField(max_length=64, verbose_name="环节标识")),
            ("name", models.CharField(max_length=100, verbose_name="环节")),
            (
                "occurrence",
                models.PositiveIntegerField(default=1, verbose_name="第几次"),
            ),
            ("pauses_clock", models.BooleanField(default=False)),
            (
                "status",
                models.CharField(
                    choices=[
                        ("open", "待办"),
                        ("done", "已办"),
                        ("cancelled", "终止"),
                    ],
                    default="open",
                    max_length=10,
                ),
            ),
            ("activated_at", models.DateTimeField(verbose_name="开始时间")),
            ("limit_days", models.PositiveIntegerField(blank=True, null=True)),
            ("limit_unit", models.CharField(default="working", max_length=8)),
            (
                "deadline",
                models.DateTimeField(blank=True, null=True, verbose_name="环节期限"),
            ),
            (
                "warn_at",
                models.DateTimeField(blank=True, null=True, verbose_name="预警时间"),
            ),
            (
                "deadline_note",
                models.CharField(blank=True, max_length=300, verbose_name="期限未知原因"),
            ),
            (
                "completed_at",
                models.DateTimeField(blank=True, null=True, verbose_name="办理时间"),
            ),
            (
                "choice",
                models.CharField(blank=True, max_length=300, verbose_name="选择"),
            ),
            ("note", models.TextField(blank=True, verbose_name="意见")),
            (
                "case",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="steps",
                    to="cases.case",
                ),
            ),
            (
                "completed_by",
                models.ForeignKey(
                    blank=True,
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
                "post",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.post",
                    verbose_name="岗位",
                ),
            ),
        ],
        options={
            "verbose_name": "办理环节",
            "ordering": ["case", "activated_at", "pk"],
        },
    ),
]
