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
            ("law", models.CharField(max_length=200, verbose_name="法律法规 (law)")),
            (
                "article",
                models.CharField(blank=True, max_length=64, verbose_name="条款 (article)"),
            ),
            ("text", models.TextField(blank=True, verbose_name="条文 (text)")),
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
            "verbose_name": "设定依据 (legal basis)",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("law", ""), _negated=True),
                    name="legalbasis_law_required",
                    violation_error_message="法律法规名称必填 (law required)",
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
                        ("keep", "保留 (keep)"),
                        ("cancel", "取消 (cancel)"),
                        ("delegate", "下放 (delegate to a lower level)"),
                        ("merge", "合并 (merge into another item)"),
                        ("transfer", "转移 (transfer to another body)"),
                        ("adjust", "调整 (adjust)"),
                    ],
                    max_length=10,
                    verbose_name="审核意见 (decision)",
                ),
            ),
            ("reason", models.TextField(verbose_name="理由 (reason)")),
            ("basis", models.TextField(verbose_name="依据 (basis)")),
            (
                "delegate_level",
                models.CharField(
                    blank=True,
                    choices=[
                        ("province", "省级 (province)"),
                        ("city", "市级 (city)"),
                        ("county", "县级 (county)"),
                        ("township", "乡镇 (township)"),
                        ("village", "村 (village)"),
                    ],
                    max_length=10,
                    verbose_name="下放至层级 (delegated to level)",
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
                    verbose_name="承接单位 (receiving body)",
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
                    verbose_name="转移至 (transferred to)",
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
                    verbose_name="并入事项 (merged into)",
                ),
            ),
        ],
        options={
            "verbose_name": "审核意见 (review decision)",
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("reason", ""), _negated=True),
                    name="decision_reason_required",
                    violation_error_message="理由必填 (reason required)",
                ),
                models.CheckConstraint(
                    condition=models.Q(("basis", ""), _negated=True),
                    name="decision_basis_required",
                    violation_error_message="依据必填 (basis required)",
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
                    violation_error_message="下放须写明层级 (delegation names the level)",
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
                    violation_error_message="合并须写明并入事项 (a merge names the item)",
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
                    violation_error_message="转移须写明承接单位 (a transfer names the body)",
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
            ("name", models.CharField(max_length=200, verbose_name="收费项目 (name)")),
            ("standard", models.CharField(max_length=200, verbose_name="收费标准 (standard)")),
            ("basis", models.TextField(verbose_name="收费依据 (basis)")),
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
            "verbose_name": "收费 (fee)",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("name", ""), _negated=True),
                    name="fee_name_required",
                    violation_error_message="收费项目必填 (name required)",
                ),
                models.CheckConstraint(
                    condition=models.Q(("basis", ""), _negated=True),
                    name="fee_basis_required",
                    violation_error_message="收费依据必填 (basis required)",
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
                        ("slight", "轻微 (slight)"),
                        ("ordinary", "一般 (ordinary)"),
                        ("serious", "较重 (serious)"),
                        ("grave", "严重 (grave)"),
                    ],
                    max_length=10,
                    verbose_name="违法情节 (circumstance grade)",
                ),
            ),
            ("description", models.TextField(verbose_name="情形描述 (description)")),
            (
                "fine_min",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=14,
                    null=True,
                    verbose_name="罚款下限(元) (minimum fine, yuan)",
                ),
            ),
            (
                "fine_max",
                models.DecimalField(
                    blank=True,
                    decimal_places=2,
                    max_digits=14,
                    null=True,
                    verbose_name="罚款上限(元) (maximum fine, yuan)",
                ),
            ),
            (
                "other_penalties",
                models.CharField(
                    blank=True, max_length=200, verbose_name="其他处罚种类 (other penalties)"
                ),
            ),
            (
                "quantified",
                models.BooleanField(default=True, verbose_name="已量化 (quantified)"),
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
            "verbose_name": "裁量基准 (discretion benchmark)",
            "ordering": ["power", "pk"],
            "constraints": [
                models.UniqueConstraint(
                    fields=("power", "grade"),
                    name="benchmark_one_per_grade",
                    violation_error_message="同一情节等级只能有一条基准 (one benchmark per grade)",
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
                    violation_error_message="罚款幅度须 0 ≤ 下限 ≤ 上限 (0 ≤ min ≤ max)",
                ),
                models.CheckConstraint(
                    condition=models.Q(
                        ("fine_min__isnull", False),
                        models.Q(("other_penalties", ""), _negated=True),
                        _connector="OR",
                    ),
                    name="benchmark_has_penalty",
                    violation_error_message="须有罚款幅度或其他处罚种类 (a fine range or another penalty kind is required)",
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
            ("description", models.TextField(verbose_name="追责情形 (circumstance)")),
            ("basis", models.TextField(blank=True, verbose_name="追责依据 (basis)")),
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
            "verbose_name": "追责情形 (accountability circumstance)",
            "ordering": ["item", "sort_order", "pk"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(("description", ""), _negated=True),
                    name="accountability_description_required",
                    violation_error_message="追责情形必填 (required)",
                )
            ],
        },
    ),
    migrations.AddConstraint(
        model_name="powerlist",
        constraint=models.CheckConstraint(
            condition=models.Q(("status", "draft"), ("drafter__isnull", False), _connector="OR"),
            name="powerlist_submitted_has_drafter",
            violation_error_message="提交后的清单必须有起草人 (a submitted list has a drafter)",
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
            violation_error_message="起草人不能初审自己的清单 (the drafter may not review his or her own list)",
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
            violation_error_message="复审人不能是起草人或初审人 (the second reviewer is neither the drafter nor the first reviewer)",
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
            violation_error_message="职权编码在清单内重复 (duplicate code in the list)",
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
            violation_error_message="子项必须有主项, 主项不能有上级 (a sub-item needs a main item; a main item has none)",
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
            violation_error_message="职权名称必填 (name required)",
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
            violation_error_message="法定期限须为正数并注明单位 (a statutory time limit is positive and has a unit)",
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
            violation_error_message="承诺期限须为正数并注明单位 (a promised time limit is positive and has a unit)",
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
            violation_error_message="责任内容必填 (duty required)",
        ),
    ),
]
