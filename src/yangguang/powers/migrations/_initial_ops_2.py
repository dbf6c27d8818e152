"""Part 2 of 2 of the operations of ``powers`` migration 0001_initial (kept in
its own module to stay under the project's 800-line guideline; the migration loader
skips modules whose names begin with an underscore)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OPERATIONS = [
    migrations.CreateModel(
        name="LegalBasis",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("law", models.CharField(max_length=200, verbose_name="法律法规")),
            (
                "article",
                models.CharField(blank=True, max_length=64, verbose_name="条款"),
            ),
            ("text", models.TextField(blank=True, verbose_name="条文")),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "item",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="legal_bases",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "设定依据",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("law", ""), _negated=True),
                    name="legalbasis_law_required",
                    violation_error_message="法律法规名称必填",
                )
            ],
        },
    ),
    migrations.CreateModel(
        name="ItemDecision",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "decision",
                models.CharField(
                    choices=[
                        ("keep", "保留"),
                        ("cancel", "取消"),
                        ("delegate", "下放"),
                        ("merge", "合并"),
                        ("transfer", "转移"),
                        ("adjust", "调整"),
                    ],
                    max_length=10,
                    verbose_name="审核意见",
                ),
            ),
            ("reason", models.TextField(verbose_name="理由")),
            ("basis", models.TextField(verbose_name="依据")),
            (
                "delegate_level",
                models.CharField(
                    blank=True,
                    choices=[
                        ("province", "省级"),
                        ("city", "市级"),
                        ("county", "县级"),
                        ("township", "乡镇"),
                        ("village", "村"),
                    ],
                    max_length=10,
                    verbose_name="下放至层级",
                ),
            ),
            ("decided_at", models.DateTimeField()),
            (
                "decided_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            (
                "delegate_body",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                    verbose_name="承接单位",
                ),
            ),
            (
                "transfer_to",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to="orgs.organisation",
                    verbose_name="转移至",
                ),
            ),
            (
                "item",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="decision",
                    to="powers.poweritem",
                ),
            ),
            (
                "merge_into",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="merged_from",
                    to="powers.poweritem",
                    verbose_name="并入事项",
                ),
            ),
        ],
        options={
            "verbose_name": "审核意见",
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("reason", ""), _negated=True),
                    name="decision_reason_required",
                    violation_error_message="理由必填",
                ),
                models.CheckConstraint(
                    condition=models.Q(("basis", ""), _negated=True),
                    name="decision_basis_required",
                    violation_error_message="依据必填",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("decision", "delegate"), ("delegate_level__gt", "")),
                        models.Q(
                            models.Q(("decision", "delegate"), _negated=True),
                            ("delegate_level", ""),
                            ("delegate_body__isnull", True),
                        ),
                        _connector="OR",
                    ),
                    name="decision_delegate_target",
                    violation_error_message="下放须写明层级",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("decision", "merge"), ("merge_into__isnull", False)),
                        models.Q(
                            models.Q(("decision", "merge"), _negated=True),
                            ("merge_into__isnull", True),
                        ),
                        _connector="OR",
                    ),
                    name="decision_merge_target",
                    violation_error_message="合并须写明并入事项",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("decision", "transfer"), ("transfer_to__isnull", False)),
                        models.Q(
                            models.Q(("decision", "transfer"), _negated=True),
                            ("transfer_to__isnull", True),
                        ),
                        _connector="OR",
                    ),
                    name="decision_transfer_target",
                    violation_error_message="转移须写明承接单位",
                ),
            ],
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
            ("name", models.CharField(max_length=200, verbose_name="收费项目")),
            ("standard", models.CharField(max_length=200, verbose_name="收费标准")),
            ("basis", models.TextField(verbose_name="收费依据")),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "item",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="fees",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "收费",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("name", ""), _negated=True),
                    name="fee_name_required",
                    violation_error_message="收费项目必填",
                ),
                models.CheckConstraint(
                    condition=models.Q(("basis", ""), _negated=True),
                    name="fee_basis_required",
                    violation_error_message="收费依据必填",
                ),
            ],
        },
    ),
    migrations.CreateModel(
        name="DiscretionBenchmark",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "grade",
                models.CharField(
                    choices=[
                        ("slight", "轻微"),
                        ("ordinary", "一般"),
                        ("serious", "较重"),
                        ("grave", "严重"),
                    ],
                    max_length=10,
                    verbose_name="违法情节",
                ),
            ),
            ("description", models.TextField(verbose_name="情形描述")),
            (
                "fine_min",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=14,
                    null=True,
                    verbose_name="罚款下限(元)",
                ),
            ),
            (
                "fine_max",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=14,
                    null=True,
                    verbose_name="罚款上限(元)",
                ),
            ),
            (
                "other_penalties",
                models.CharField(blank=True, max_length=200, verbose_name="其他处罚种类"),
            ),
            (
                "quantified",
                models.BooleanField(default=True, verbose_name="已量化"),
            ),
            (
                "power",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="benchmarks",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "裁量基准",
            "ordering": ["power", "pk"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("power", "grade"),
                    name="benchmark_one_per_grade",
                    violation_error_message="同一情节等级只能有一条基准",
                ),
                models.CheckConstraint(
                    condition=models.Q(("description", ""), _negated=True),
                    name="benchmark_description_required",
                    violation_error_message="情形描述必填",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("fine_min__isnull", True), ("fine_max__isnull", True)),
                        models.Q(("fine_min__gte", 0), ("fine_max__gte", models.F("fine_min"))),
                        _connector="OR",
                    ),
                    name="benchmark_fine_range_valid",
                    violation_error_message="罚款幅度须 0 ≤ 下限 ≤ 上限",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        ("fine_min__isnull", False),
                        models.Q(("other_penalties", ""), _negated=True),
                        _connector="OR",
                    ),
                    name="benchmark_has_penalty",
                    violation_error_message="须有罚款幅度或其他处罚种类",
                ),
            ],
        },
    ),
    migrations.CreateModel(
        name="AccountabilityCircumstance",
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            ("description", models.TextField(verbose_name="追责情形")),
            ("basis", models.TextField(blank=True, verbose_name="追责依据")),
            ("sort_order", models.PositiveIntegerField(default=0)),
            (
                "item",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="accountabilities",
                    to="powers.poweritem",
                ),
            ),
        ],
        options={
            "verbose_name": "追责情形",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("description", ""), _negated=True),
                    name="accountability_description_required",
                    violation_error_message="追责情形必填",
                )
            ],
        },
    ),
    migrations.AddConstraint(
        model_name="powerlist",
        constraint=models.CheckConstraint(
            condition=models.Q(("status", "draft"), ("drafter__isnull", False), _connector="OR"),
            name="powerlist_submitted_has_drafter",
            violation_error_message="提交后的清单必须有起草人",
        ),
    ),
    migrations.AddConstraint(
        model_name="powerlist",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("first_reviewer__isnull", True),
                models.Q(("first_reviewer", models.F("drafter")), _negated=True),
                _connector="OR",
            ),
            name="powerlist_first_reviewer_not_drafter",
            violation_error_message="起草人不能初审自己的清单",
        ),
    ),
    migrations.AddConstraint(
        model_name="powerlist",
        constraint=models.CheckConstraint(
            condition=models.Q(
                ("second_reviewer__isnull", True),
                models.Q(
                    models.Q(("second_reviewer", models.F("drafter")), _negated=True),
                    models.Q(("second_reviewer", models.F("first_reviewer")), _negated=True),
                ),
                _connector="OR",
            ),
            name="powerlist_second_reviewer_distinct",
            violation_error_message="复审人不能是起草人或初审人",
        ),
    ),
    migrations.AddConstraint(
        model_name="powerlistversion",
        constraint=models.UniqueConstraint(
            fields=("power_list", "number"), name="powerlistversion_number_unique"
        ),
    ),
    migrations.AddConstraint(
        model_name="powerlistversion",
        constraint=models.CheckConstraint(
            condition=models.Q(("number__gte", 1)), name="powerlistversion_number_pos"
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.UniqueConstraint(
            fields=("power_list", "code"),
            name="poweritem_code_unique_in_list",
            violation_error_message="职权编码在清单内重复",
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("sub", 0), ("parent__isnull", True)),
                models.Q(("sub__gt", 0), ("parent__isnull", False)),
                _connector="OR",
            ),
            name="poweritem_sub_item_has_main",
            violation_error_message="子项必须有主项, 主项不能有上级",
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(("main__gte", 1)), name="poweritem_main_positive"
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(("parent", models.F("id")), _negated=True),
            name="poweritem_not_own_parent",
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(("name", ""), _negated=True),
            name="poweritem_name_required",
            violation_error_message="职权名称必填",
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("statutory_limit__isnull", True), ("statutory_unit", "")),
                models.Q(
                    ("statutory_limit__gt", 0), models.Q(("statutory_unit", ""), _negated=True)
                ),
                _connector="OR",
            ),
            name="poweritem_statutory_limit_positive",
            violation_error_message="法定期限须为正数并注明单位",
        ),
    ),
    migrations.AddConstraint(
        model_name="poweritem",
        constraint=models.CheckConstraint(
            condition=models.Q(
                models.Q(("promised_limit__isnull", True), ("promised_unit", "")),
                models.Q(("promised_limit__gt", 0), models.Q(("promised_unit", ""), _negated=True)),
                _connector="OR",
            ),
            name="poweritem_promised_limit_positive",
            violation_error_message="承诺期限须为正数并注明单位",
        ),
    ),
    migrations.AddIndex(
        model_name="publisheditem",
        index=models.Index(fields=["organisation", "type"], name="publisheditem_org_type"),
    ),
    migrations.AddConstraint(
        model_name="publisheditem",
        constraint=models.UniqueConstraint(
            fields=("version", "code"), name="publisheditem_code_unique"
        ),
    ),
    migrations.AddConstraint(
        model_name="responsibilityitem",
        constraint=models.CheckConstraint(
            condition=models.Q(("duty", ""), _negated=True),
            name="responsibility_duty_required",
            violation_error_message="责任内容必填",
        ),
    ),
]
