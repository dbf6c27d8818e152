"""Demo data of 阳光县: disclosure items, information requests and complaints in every
status (loaded by ``yangguang.disclosure.demo`` through the services). Days are relative
to the day the demo is loaded (negative: in the past)."""

# (org, category, title, schedule, period or due offset, final step, published offset)
# final step: preparing, in_review, reviewed, published, feedback; published offset from due
ITEMS = [
    ("YGX-CZJ", "budget", "阳光县财政局2026年部门预算", "custom", -200, "feedback", -10),
    ("YGX-CZJ", "budget", "阳光县财政局2025年部门决算", "custom", -120, "published", 5),
    (
        "YGX-CZJ",
        "special_funds",
        "2026年第二季度专项资金分配结果",
        "quarterly",
        "2026Q2",
        "published",
        -3,
    ),
    (
        "YGX-CZJ",
        "subsidies",
        "2026年第三季度惠民惠农补贴发放情况",
        "quarterly",
        "2026Q3",
        "in_review",
        None,
    ),
    ("YGX-CZJ", "projects", "县城污水管网改造工程招标结果", "custom", -5, "preparing", None),
    ("YGX-CZJ", "duties", "财政局职责和内设机构", "custom", 20, "reviewed", None),
    ("YGX-ZRZYJ", "land", "城东片区集体土地征收补偿方案", "custom", -30, "preparing", None),
    ("YGX-ZRZYJ", "procedures", "不动产登记办理流程", "custom", -60, "published", -1),
    ("YGX-ZRZYJ", "results", "2026年第三季度行政处罚结果", "quarterly", "2026Q3", "feedback", 0),
    ("YGX-ZRZYJ", "basis", "自然资源执法依据目录", "custom", 30, "preparing", None),
]

# (org, subject, received offset, outcome, extra)
# outcome: received, clarification, answered_full, answered_part, refused, not_held, withdrawn
REQUESTS = [
    ("YGX-CZJ", "2025年县级一般公共预算“三公”经费明细", -40, "answered_full", {}),
    ("YGX-CZJ", "2026年乡村振兴专项资金分配到村明细", -35, "answered_part", {"ground": "process"}),
    ("YGX-CZJ", "某公司财政补贴申报材料", -30, "refused", {"ground": "privacy"}),
    ("YGX-CZJ", "2019年已撤并乡镇的资产清查报告", -25, "not_held", {}),
    ("YGX-CZJ", "县城污水管网改造工程资金来源", -20, "received", {"extended": True}),
    ("YGX-CZJ", "某项目的有关情况", -10, "clarification", {}),
    ("YGX-CZJ", "2026年政府采购意向", -5, "received", {}),
    ("YGX-ZRZYJ", "城东片区征地批复文件", -45, "answered_full", {"consent": False}),
    ("YGX-ZRZYJ", "某地块土地出让合同", -28, "withdrawn", {}),
    ("YGX-ZRZYJ", "2026年耕地占补平衡指标使用情况", -15, "answered_full", {}),
]

# (org, kind, subject kind, title, received offset, final status, extra)
COMPLAINTS = [
    (
        "YGX-CZJ",
        "complaint",
        "department",
        "补贴款迟迟未到账",
        -40,
        "closed",
        {"rating": "satisfied", "finding": "founded"},
    ),
    (
        "YGX-CZJ",
        "complaint",
        "department",
        "窗口人员态度生硬",
        -30,
        "closed",
        {"rating": "unsatisfied", "finding": "unfounded"},
    ),
    (
        "YGX-CZJ",
        "report",
        "person",
        "反映某工作人员收受礼品",
        -20,
        "assigned",
        {"named": ("赵先生", "13700000001"), "person": "某科员"},
    ),
    (
        "YGX-CZJ",
        "complaint",
        "case",
        "办件超期未办结",
        -12,
        "replied",
        {"case": "YGX-CZJ-2026-000123", "finding": "partly"},
    ),
    ("YGX-CZJ", "complaint", "decision", "对采购决策有疑问", -8, "rejected", {}),
    ("YGX-ZRZYJ", "report", "department", "反映违规审批用地", -6, "received", {}),
    # a report against the leader of 市场监管局, routed to 县纪委监委 and handled there:
    # the commission's secretary assigns it to its inspector, who replies with the finding
    # (杨帆, his deputy and the county leaders above him must stand aside)
    (
        "YGX-SCJGJ",
        "report",
        "person",
        "反映市场监管局局长在行政处罚案件审核中违规减免罚款",
        -18,
        "replied",
        {
            "named": ("钱女士", "13700000002"),
            "person": "杨帆",
            "finding": "partly",
            "commission": ("jw.shuji", "inspector"),
        },
    ),
    ("YGX-ZRZYJ", "complaint", "department", "不动产登记排队时间长", -3, "received", {}),
]
