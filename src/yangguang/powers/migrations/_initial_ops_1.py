"""Part 1 of 2 of the operations of ``powers`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="PowerType",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "code",
                models.CharField(
                    max_length=2,
                    unique=True,
                    validators=[
                        django.core.validators.RegexValidator(
                            "^[A-Z]{2}$", "应为两个大写字母 (two capital letters)"
                        )
                    ],
                    verbose_name="类型代码 (code)",
                ),
            ),
            (
                "name",
                models.CharField(max_length=32, unique=True, verbose_name="类型名称 (name)"),
            ),
            (
                "sort_order",
                models.PositiveSmallIntegerField(default=0, verbose_name="排序 (order)"),
            ),
            ("active", models.BooleanField(default=True, verbose_name="启用 (active)")),
        ],
        options={
            "verbose_name": "职权类型 (power type)",
            "verbose_name_plural": "职权类型 (power types)",
            "ordering": ["sort_order", "code"],
        },
    ),
    migrations.CreateModel(
        name="PowerList",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "status",
                models.CharField(
                    choices=[
                        ("draft", "草稿 (draft)"),
                        ("first_review", "初审中 (in first review)"),
                        ("second_review", "复审中 (in second review)"),
                        ("approved", "复审通过待发布 (approved, to be published)"),
                    ],
                    default="draft",
                    max_length=16,
                    verbose_name="状态 (status)",
                ),
            ),
            (
                "submitted_at",
                models.DateTimeField(blank=True, null=True, verbose_name="提交时间 (submitted at)"),
            ),
            (
                "first_reviewed_at",
                models.DateTimeField(
                    blank=True, null=True, verbose_name="初审时间 (first review at)"
                ),
            ),
            (
                "second_reviewed_at",
                models.DateTimeField(
                    blank=True, null=True, verbose_name="复审时间 (second review at)"
                ),
            ),
            (
                "return_reason",
                models.TextField(blank=True, verbose_name="退回理由 (reason for return)"),
            ),
            ("created", models.DateTimeField(auto_now_add=True)),
            (
                "drafter",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="起草人 (drafter)",
                ),
            ),
            (
                "first_reviewer",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="初审人 (first reviewer)",
                ),
            ),
            (
                "organisation",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="power_list",
                    to="orgs.organisation",
                    verbose_name="单位 (organisation)",
                ),
            ),
            (
                "second_reviewer",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="复审人 (second reviewer)",
                ),
            ),
        ],
        options={
            "verbose_name": "权责清单 (power list)",
            "verbose_name_plural": "权责清单 (power lists)",
        },
    ),
    migrations.CreateModel(
        name="PowerListVersion",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("number", models.PositiveIntegerField(verbose_name="版本号 (version)")),
            ("published_at", models.DateTimeField(verbose_name="发布时间 (published at)")),
            (
                "published_by_name",
                models.CharField(max_length=150, verbose_name="发布人 (published by)"),
            ),
            ("item_count", models.PositiveIntegerField(verbose_name="事项数 (items)")),
            ("snapshot", models.TextField(verbose_name="快照 (canonical JSON snapshot)")),
            ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
            (
                "drafter",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "first_reviewer",
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
                    related_name="power_list_versions",
                    to="orgs.organisation",
                ),
            ),
            (
                "power_list",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="versions",
                    to="powers.powerlist",
                ),
            ),
            (
                "published_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "second_reviewer",
                models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ],
        options={
            "verbose_name": "清单版本 (list version)",
            "ordering": ["organisation", "number"],
        },
    ),
    migrations.CreateModel(
        name="PowerItem",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("code", models.CharField(max_length=32, verbose_name="职权编码 (basic code)")),
            (
                "implementation_code",
                models.CharField(
                    blank=True, max_length=36, verbose_name="实施编码 (implementation code)"
                ),
            ),
            ("main", models.PositiveIntegerField(verbose_name="主项号 (main-item number)")),
            (
                "sub",
                models.PositiveIntegerField(default=0, verbose_name="子项号 (sub-item number)"),
            ),
            ("name", models.CharField(max_length=200, verbose_name="职权名称 (name)")),
            (
                "level",
                models.CharField(
                    choices=[
                        ("province", "省级 (province)"),
                        ("city", "市级 (city)"),
                        ("county", "县级 (county)"),
                        ("township", "乡镇 (township)"),
                        ("village", "村 (village)"),
                    ],
                    default="county",
                    max_length=10,
                    verbose_name="行使层级 (level)",
                ),
            ),
            (
                "entrusted_body",
                models.CharField(
                    blank=True, max_length=200, verbose_name="受委托组织 (entrusted body)"
                ),
            ),
            (
                "statutory_limit",
                models.PositiveIntegerField(
                    blank=True, null=True, verbose_name="法定期限 (statutory limit)"
                ),
            ),
            (
                "statutory_unit",
                models.CharField(
                    blank=True,
                    choices=[
                        ("working_days", "工作日 (working days)"),
                        ("calendar_days", "自然日 (calendar days)"),
                        ("months", "月 (months)"),
                    ],
                    max_length=16,
                    verbose_name="法定期限单位 (unit)",
                ),
            ),
            (
                "promised_limit",
                models.PositiveIntegerField(
                    blank=True, null=True, verbose_name="承诺期限 (promised limit)"
                ),
            ),
            (
                "promised_unit",
                models.CharField(
                    blank=True,
                    choices=[
                        ("working_days", "工作日 (working days)"),
                        ("calendar_days", "自然日 (calendar days)"),
                        ("months", "月 (months)"),
                    ],
                    max_length=16,
                    verbose_name="承诺期限单位 (unit)",
                ),
            ),
            (
                "time_limit_note",
                models.CharField(blank=True, max_length=200, verbose_name="期限说明 (note)"),
            ),
            (
                "acceptance_conditions",
                models.TextField(blank=True, verbose_name="受理条件 (acceptance conditions)"),
            ),
            (
                "counterpart",
                models.CharField(
                    blank=True, max_length=100, verbose_name="服务对象 (service object)"
                ),
            ),
            (
                "complaint_channel",
                models.CharField(
                    blank=True, max_length=200, verbose_name="监督投诉渠道 (complaints)"
                ),
            ),
            (
                "disclosure",
                models.CharField(
                    choices=[
                        ("public", "主动公开 (public)"),
                        ("on_request", "依申请公开 (on request)"),
                        ("not_public", "不予公开 (not public)"),
                    ],
                    default="public",
                    max_length=12,
                    verbose_name="公开方式 (disclosure)",
                ),
            ),
            ("remarks", models.TextField(blank=True, verbose_name="备注 (remarks)")),
            ("sort_order", models.PositiveIntegerField(default=0, verbose_name="排序 (order)")),
            (
                "implementing_body",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                    verbose_name="实施主体 (implementing body)",
                ),
            ),
            (
                "parent",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="sub_items",
                    to="powers.poweritem",
                    verbose_name="主项 (main item)",
                ),
            ),
            (
                "responsible_post",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.post",
                    verbose_name="责任岗位 (responsible post)",
                ),
            ),
            (
                "power_list",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="items",
                    to="powers.powerlist",
                    verbose_name="清单 (list)",
                ),
            ),
            (
                "type",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="powers.powertype",
                    verbose_name="职权类型 (type)",
                ),
            ),
        ],
        options={
            "verbose_name": "职权事项 (power item)",
            "verbose_name_plural": "职权事项 (power items)",
            "ordering": ["power_list", "code"],
        },
    ),
    migrations.CreateModel(
        name="PublishedItem",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("code", models.CharField(max_length=32, verbose_name="职权编码 (code)")),
            ("name", models.CharField(max_length=200, verbose_name="职权名称 (name)")),
            (
                "parent_code",
                models.CharField(
                    blank=True, max_length=32, verbose_name="主项编码 (main-item code)"
                ),
            ),
            ("data", models.JSONField(verbose_name="事项数据 (data)")),
            ("search_text", models.TextField(verbose_name="检索文本 (search text)")),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "organisation",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                ),
            ),
            (
                "type",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="powers.powertype",
                ),
            ),
            (
                "version",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="published_items",
                    to="powers.powerlistversion",
                ),
            ),
        ],
        options={
            "verbose_name": "已发布事项 (published item)",
            "ordering": ["version", "sort_order", "code"],
        },
    ),
    migrations.CreateModel(
        name="ResponsibilityItem",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "stage",
                models.CharField(
                    choices=[
                        ("acceptance", "受理 (acceptance)"),
                        ("filing", "立案 (filing)"),
                        ("investigation", "调查取证 (investigation)"),
                        ("examination", "审查/审理 (examination)"),
                        ("notification", "告知 (notification)"),
                        ("decision", "决定 (decision)"),
                        ("service", "送达 (service)"),
                        ("enforcement", "执行 (enforcement)"),
                        ("supervision", "事后监管 (supervision)"),
                        ("other", "其他 (other)"),
                    ],
                    max_length=16,
                    verbose_name="环节 (stage)",
                ),
            ),
            ("duty", models.TextField(verbose_name="责任内容 (duty)")),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "item",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="responsibilities",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "责任事项 (responsibility item)",
            "ordering": ["item", "sort_order", "pk"],
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
            ("name", models.CharField(max_length=200, verbose_name="材料名称 (name)")),
            ("required", models.BooleanField(default=True, verbose_name="必要 (required)")),
            (
                "form",
                models.CharField(
                    choices=[
                        ("paper", "纸质 (paper)"),
                        ("electronic", "电子 (electronic)"),
                        ("both", "纸质或电子 (paper or electronic)"),
                    ],
                    default="both",
                    max_length=12,
                    verbose_name="材料形式 (form)",
                ),
            ),
            (
                "source",
                models.CharField(blank=True, max_length=100, verbose_name="来源渠道 (source)"),
            ),
            (
                "copies",
                models.PositiveSmallIntegerField(default=1, verbose_name="份数 (copies)"),
            ),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "item",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="materials",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "申请材料 (material)",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("name", ""), _negated=True),
                    name="material_name_required",
                    violation_error_message="材料名称必填 (name required)",
                ),
                models.CheckConstraint(
                    condition=models.Q(("copies__gte", 1)),
                    name="material_copies_positive",
                    violation_error_message="份数须为正数 (copies must be positive)",
                ),
            ],
        },
    ),
]
