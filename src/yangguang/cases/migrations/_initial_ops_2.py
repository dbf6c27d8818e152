"""Part 2 of 2 of the operations of ``cases`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="Pause",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("kind", models.CharField(max_length=100, verbose_name="暂停事由")),
            ("begin", models.DateTimeField()),
            ("end", models.DateTimeField(blank=True, null=True)),
            (
                "case",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="pauses",
                    to="cases.case",
                ),
            ),
            (
                "step",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="cases.step",
                ),
            ),
        ],
        options={
            "verbose_name": "暂停计时",
            "verbose_name_plural": "暂停计时",
            "ordering": ["case", "begin", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Document",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("file", models.FileField(upload_to="cases/%Y/%m/")),
            ("name", models.CharField(max_length=200)),
            ("size", models.PositiveIntegerField()),
            ("content_type", models.CharField(max_length=100)),
            ("uploaded_at", models.DateTimeField()),
            (
                "case",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="documents",
                    to="cases.case",
                ),
            ),
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
                "step",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="documents",
                    to="cases.step",
                ),
            ),
        ],
        options={
            "verbose_name": "办件材料",
            "verbose_name_plural": "办件材料",
            "ordering": ["case", "uploaded_at", "pk"],
        },
    ),
    migrations.CreateModel(
        name="Alert",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("scope", models.CharField(max_length=32)),
            (
                "rule",
                models.CharField(
                    choices=[
                        ("step_warning", "环节临期预警"),
                        ("case_warning", "办件临期预警"),
                        (
                            "yellow_card",
                            "黄牌: 超承诺时限",
                        ),
                        ("red_card", "红牌: 超法定时限"),
                        ("step_late", "环节超时"),
                        ("no_reasons", "不予许可未说明理由"),
                        ("acceptance_late", "受理超时"),
                        ("fee_no_standard", "无收费依据收费"),
                        ("fee_above_standard", "超标准收费"),
                        ("deadline_unknown", "期限无法计算"),
                    ],
                    max_length=24,
                    verbose_name="规则",
                ),
            ),
            (
                "grade",
                models.CharField(
                    choices=[
                        ("warning", "预警"),
                        ("yellow", "黄牌"),
                        ("red", "红牌"),
                    ],
                    max_length=8,
                    verbose_name="等级",
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("pending", "待确认"),
                        ("open", "待纠错"),
                        ("explained", "已说明待审核"),
                        ("closed", "已办结"),
                        ("escalated", "已转问责"),
                        ("dismissed", "已撤销"),
                    ],
                    max_length=10,
                ),
            ),
            (
                "deadline",
                models.DateTimeField(blank=True, null=True, verbose_name="期限"),
            ),
            ("limit_days", models.PositiveIntegerField(blank=True, null=True)),
            ("threshold", models.PositiveIntegerField(blank=True, null=True)),
            (
                "amount",
                models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True),
            ),
            (
                "standard",
                models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True),
            ),
            ("detected_at", models.DateTimeField(verbose_name="发现时间")),
            (
                "explanation",
                models.TextField(blank=True, verbose_name="情况说明"),
            ),
            ("correction", models.TextField(blank=True, verbose_name="纠正措施")),
            ("explained_at", models.DateTimeField(blank=True, null=True)),
            ("review", models.TextField(blank=True, verbose_name="审核意见")),
            ("reviewed_at", models.DateTimeField(blank=True, null=True)),
            (
                "accountability",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="meetings.accountabilitycase",
                ),
            ),
            (
                "explained_by",
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
                "responsible",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="责任人",
                ),
            ),
            (
                "reviewed_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "case",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="alerts",
                    to="cases.case",
                ),
            ),
            (
                "step",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    to="cases.step",
                ),
            ),
        ],
        options={
            "verbose_name": "监察预警",
            "ordering": ["-detected_at", "-pk"],
        },
    ),
    migrations.CreateModel(
        name="SupervisionRule",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "rule",
                models.CharField(
                    choices=[
                        ("step_warning", "环节临期预警"),
                        ("case_warning", "办件临期预警"),
                        (
                            "yellow_card",
                            "黄牌: 超承诺时限",
                        ),
                        ("red_card", "红牌: 超法定时限"),
                        ("step_late", "环节超时"),
                        ("no_reasons", "不予许可未说明理由"),
                        ("acceptance_late", "受理超时"),
                        ("fee_no_standard", "无收费依据收费"),
                        ("fee_above_standard", "超标准收费"),
                        ("deadline_unknown", "期限无法计算"),
                    ],
                    max_length=24,
                    verbose_name="规则",
                ),
            ),
            ("enabled", models.BooleanField(default=True, verbose_name="启用")),
            (
                "automatic",
                models.BooleanField(default=True, verbose_name="自动生效"),
            ),
            (
                "threshold",
                models.PositiveIntegerField(blank=True, null=True, verbose_name="阈值"),
            ),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
            (
                "power",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="+",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "监督规则",
            "verbose_name_plural": "监督规则",
            "ordering": ["organisation", "rule", "power"],
        },
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(fields=["status", "promised_deadline"], name="case_open_promised"),
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(fields=["status", "statutory_deadline"], name="case_open_statutory"),
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(fields=["status", "warn_at"], name="case_open_warn"),
    ),
    migrations.AddIndex(
        model_name="case",
        index=models.Index(fields=["organisation", "status"], name="case_org_status"),
    ),
    migrations.AddConstraint(
        model_name="case",
        constraint=models.UniqueConstraint(
            condition=models.Q(("external_id", ""), _negated=True),
            fields=("organisation", "external_id"),
            name="case_external_id_unique",
        ),
    ),
    migrations.AddConstraint(
        model_name="casenumbersequence",
        constraint=models.UniqueConstraint(fields=("organisation", "year"), name="case_seq_unique"),
    ),
    migrations.AddConstraint(
        model_name="handover",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("case__isnull", False), ("enquiry__isnull", False), _connector="OR"
            ),
            name="handover_has_subject",
        ),
    ),
    migrations.AddIndex(
        model_name="step",
        index=models.Index(fields=["status", "deadline"], name="step_open_deadline"),
    ),
    migrations.AddIndex(
        model_name="step",
        index=models.Index(fields=["status", "warn_at"], name="step_open_warn"),
    ),
    migrations.AddConstraint(
        model_name="step",
        constraint=models.UniqueConstraint(
            fields=("case", "node_key", "occurrence"), name="step_occurrence_unique"
        ),
    ),
    migrations.AddIndex(
        model_name="alert",
        index=models.Index(fields=["organisation", "status"], name="alert_org_status"),
    ),
    migrations.AddConstraint(
        model_name="alert",
        constraint=models.UniqueConstraint(fields=("case", "scope", "rule"), name="alert_once"),
    ),
    migrations.AddConstraint(
        model_name="supervisionrule",
        constraint=models.UniqueConstraint(
            condition=models.Q(("power__isnull", True)),
            fields=("rule", "organisation"),
            name="rule_org_unique",
        ),
    ),
    migrations.AddConstraint(
        model_name="supervisionrule",
        constraint=models.UniqueConstraint(
            condition=models.Q(("power__isnull", False)),
            fields=("rule", "organisation", "power"),
            name="rule_power_unique",
        ),
    ),
]
