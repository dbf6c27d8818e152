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
                        django.core.validators.RegexValidator("^[A-Z]{2}$", "应为两个大写字母")
                    ],
                    verbose_name="类型代码",
                ),
            ),
            (
                "name",
                models.CharField(max_length=32, unique=True, verbose_name="类型名称"),
            ),
            (
                "sort_order",
                models.PositiveSmallIntegerField(default=0, verbose_name="排序"),
            ),
            ("active", models.BooleanField(default=True, verbose_name="启用")),
        ],
        options={
            "verbose_name": "职权类型",
            "verbose_name_plural": "职权类型",
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
                        ("draft", "草稿"),
                        ("first_review", "初审中"),
                        ("second_review", "复审中"),
                        ("approved", "复审通过待发布"),
                    ],
                    default="draft",
                    max_length=16,
                    verbose_name="状态",
                ),
            ),
            (
                "submitted_at",
                models.DateTimeField(blank=True, null=True, verbose_name="提交时间"),
            ),
            (
                "first_reviewed_at",
                models.DateTimeField(blank=True, null=True, verbose_name="初审时间"),
            ),
            (
                "second_reviewed_at",
                models.DateTimeField(blank=True, null=True, verbose_name="复审时间"),
            ),
            (
                "return_reason",
                models.TextField(blank=True, verbose_name="退回理由"),
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
                    verbose_name="起草人",
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
                    verbose_name="初审人",
                ),
            ),
            (
                "organisation",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="power_list",
                    to="orgs.organisation",
                    verbose_name="单位",
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
                    verbose_name="复审人",
                ),
            ),
        ],
        options={
            "verbose_name": "权责清单",
            "verbose_name_plural": "权责清单",
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
            ("number", models.PositiveIntegerField(verbose_name="版本号")),
            ("published_at", models.DateTimeField(verbose_name="发布时间")),
            (
                "published_by_name",
                models.CharField(max_length=150, verbose_name="发布人"),
            ),
            ("item_count", models.PositiveIntegerField(verbose_name="事项数")),
            ("snapshot", models.TextField(verbose_name="快照")),
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
            "verbose_name": "清单版本",
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
            ("code", models.CharField(max_length=32, verbose_name="职权编码")),
            (
                "implementation_code",
                models.CharField(blank=True, max_length=36, verbose_name="实施编码"),
            ),
            ("main", models.PositiveIntegerField(verbose_name="主项号")),
            (
                "sub",
                models.PositiveIntegerField(default=0, verbose_name="子项号"),
            ),
            ("name", models.CharField(max_length=200, verbose_name="职权名称")),
            (
                "level",
                models.CharField(
                    choices=[
                        ("province", "省级"),
                        ("city", "市级"),
                        ("county", "县级"),
                        ("township", "乡镇"),
                        ("village", "村"),
                    ],
                    default="county",
                    max_length=10,
                    verbose_name="行使层级",
                ),
            ),
            (
                "entrusted_body",
                models.CharField(blank=True, max_length=200, verbose_name="受委托组织"),
            ),
            (
                "statutory_limit",
                models.PositiveIntegerField(blank=True, null=True, verbose_name="法定期限"),
            ),
            (
                "statutory_unit",
                models.CharField(
                    blank=True,
                    choices=[
                        ("working_days", "工作日"),
                        ("calendar_days", "自然日"),
                        ("months", "月"),
                    ],
                    max_length=16,
                    verbose_name="法定期限单位",
                ),
            ),
            (
                "promised_limit",
                models.PositiveIntegerField(blank=True, null=True, verbose_name="承诺期限"),
            ),
            (
                "promised_unit",
                models.CharField(
                    blank=True,
                    choices=[
                        ("working_days", "工作日"),
                        ("calendar_days", "自然日"),
                        ("months", "月"),
                    ],
                    max_length=16,
                    verbose_name="承诺期限单位",
                ),
            ),
            (
                "time_limit_note",
                models.CharField(blank=True, max_length=200, verbose_name="期限说明"),
            ),
            (
                "acceptance_conditions",
                models.TextField(blank=True, verbose_name="受理条件"),
            ),
            (
                "counterpart",
                models.CharField(blank=True, max_length=100, verbose_name="服务对象"),
            ),
            (
                "complaint_channel",
                models.CharField(blank=True, max_length=200, verbose_name="监督投诉渠道"),
            ),
            (
                "disclosure",
                models.CharField(
                    choices=[
                        ("public", "主动公开"),
                        ("on_request", "依申请公开"),
                        ("not_public", "不予公开"),
                    ],
                    default="public",
                    max_length=12,
                    verbose_name="公开方式",
                ),
            ),
            ("remarks", models.TextField(blank=True, verbose_name="备注")),
            ("sort_order", models.PositiveIntegerField(default=0, verbose_name="排序")),
            (
                "implementing_body",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                    verbose_name="实施主体",
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
                    verbose_name="主项",
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
                    verbose_name="责任岗位",
                ),
            ),
            (
                "power_list",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="items",
                    to="powers.powerlist",
                    verbose_name="清单",
                ),
            ),
            (
                "type",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="powers.powertype",
                    verbose_name="职权类型",
                ),
            ),
        ],
        options={
            "verbose_name": "职权事项",
            "verbose_name_plural": "职权事项",
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
            ("code", models.CharField(max_length=32, verbose_name="职权编码")),
            ("name", models.CharField(max_length=200, verbose_name="职权名称")),
            (
                "parent_code",
                models.CharField(blank=True, max_length=32, verbose_name="主项编码"),
            ),
            ("data", models.JSONField(verbose_name="事项数据")),
            ("search_text", models.TextField(verbose_name="检索文本")),
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
            "verbose_name": "已发布事项",
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
                        ("acceptance", "受理"),
                        ("filing", "立案"),
                        ("investigation", "调查取证"),
                        ("examination", "审查/审理"),
                        ("notification", "告知"),
                        ("decision", "决定"),
                        ("service", "送达"),
                        ("enforcement", "执行"),
                        ("supervision", "事后监管"),
                        ("other", "其他"),
                    ],
                    max_length=16,
                    verbose_name="环节",
                ),
            ),
            ("duty", models.TextField(verbose_name="责任内容")),
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
            "verbose_name": "责任事项",
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
            ("name", models.CharField(max_length=200, verbose_name="材料名称")),
            ("required", models.BooleanField(default=True, verbose_name="必要")),
            (
                "form",
                models.CharField(
                    choices=[
                        ("paper", "纸质"),
                        ("electronic", "电子"),
                        ("both", "纸质或电子"),
                    ],
                    default="both",
                    max_length=12,
                    verbose_name="材料形式",
                ),
            ),
            (
                "source",
                models.CharField(blank=True, max_length=100, verbose_name="来源渠道"),
            ),
            (
                "copies",
                models.PositiveSmallIntegerField(default=1, verbose_name="份数"),
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
            "verbose_name": "申请材料",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("name", ""), _negated=True),
                    name="material_name_required",
                    violation_error_message="材料名称必填",
                ),
                models.CheckConstraint(
                    condition=models.Q(("copies__gte", 1)),
                    name="material_copies_positive",
                    violation_error_message="份数须为正数",
                ),
            ],
        },
    ),
]
