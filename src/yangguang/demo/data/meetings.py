"""The demo county's collective decisions (三重一大): the deciding bodies, their extra
members, catalogues, the topics they take up over a year, and the deliberate breaches
that ``yangguang meetings check`` finds (each named in ``BREACHES``)."""

from __future__ import annotations

# extra accounts: (username, full name, organisation, role)
USERS: list[tuple[str, str, str, str]] = [
    ("xw.zuzhi", "岳明远", "YGX-XW", "leader"),  # 县委常委、组织部长
    ("xw.xuanchuan", "时秋云", "YGX-XW", "leader"),  # 县委常委、宣传部长
    ("zf.fuxianzhang2", "邵立群", "YGX-ZF", "leader"),  # 副县长
    ("czj.deputy2", "俞晓东", "YGX-CZJ", "leader"),
    ("zjj.deputy2", "钟少华", "YGX-ZJJ", "leader"),
    ("jtysj.deputy2", "石建新", "YGX-JTYSJ", "leader"),
    ("nyncj.deputy2", "卜文静", "YGX-NYNCJ", "leader"),
]

# deciding bodies: org, body, title stem, principal, other members (speak in this order),
# commission observer, months between meetings, funds threshold (yuan)
BODIES: list[dict] = [
    {
        "org": "YGX-XW",
        "body": "party_committee",
        "title": "县委常委会会议",
        "principal": "xw.shuji",
        "members": [
            "xw.fushuji",
            "zf.xianzhang",
            "zf.changwu",
            "xw.zuzhi",
            "xw.xuanchuan",
            "jw.shuji",
        ],
        "observer": None,  # the commission secretary (jw.shuji) sits as a member
        "every": 1,
        "threshold": 5_000_000,
        "personnel_quorum": "two_thirds",
    },
    {
        "org": "YGX-ZF",
        "body": "leadership",
        "title": "县政府常务会议",
        "principal": "zf.xianzhang",
        "members": ["zf.changwu", "zf.fuxianzhang", "zf.fuxianzhang2"],
        "observer": "inspector",
        "every": 1,
        "threshold": 1_000_000,
    },
] + [
    {
        "org": code,
        "body": "party_committee",
        "title": f"{short}党组会议",
        "principal": f"{prefix}.lead",
        "members": [f"{prefix}.deputy", f"{prefix}.deputy2"],
        "observer": "inspector",
        "every": 2,
        "threshold": 500_000,
    }
    for code, short, prefix in (
        ("YGX-CZJ", "财政局", "czj"),
        ("YGX-ZJJ", "住建局", "zjj"),
        ("YGX-JTYSJ", "交通运输局", "jtysj"),
        ("YGX-NYNCJ", "农业农村局", "nyncj"),
    )
]

# catalogue matters (category, name); funds carry the body's threshold
MATTERS: list[tuple[str, str]] = [
    ("major_decision", "年度工作计划、重要改革方案和规范性文件"),
    ("personnel", "中层以上干部任免、推荐和调整"),
    ("project", "政府投资项目和重大工程建设安排"),
    ("funds", "单笔达到标准以上的资金使用"),
]

# topics the bodies take up in turn: (category, title, amount as a share of the threshold)
TOPICS: list[tuple[str, str, float | None]] = [
    ("funds", "关于拨付专项资金的议题", 1.6),
    ("major_decision", "关于年度重点工作安排的议题", None),
    ("project", "关于实施道路提升改造工程的议题", 2.4),
    ("funds", "关于安排配套资金的议题", 1.2),
    ("major_decision", "关于出台管理办法的议题", None),
    ("project", "关于建设项目招标方案的议题", 3.0),
]

# the candidates of appointment topics (clerks of departments), one per personnel topic
CANDIDATES = ["fgj.clerk", "zrzyj.clerk", "scjgj.clerk", "rsj.clerk", "sthjj.clerk"]

#: the deliberate breaches and the rule that finds each
BREACHES: dict[str, str] = {
    "YGX-ZF late notice (notified the day before)": "notice_late",
    "YGX-CZJ ad-hoc motion on a large spending": "ad_hoc_motion",
    "YGX-XW the county secretary speaks before a deputy": "principal_not_last",
    "YGX-XW personnel topic with 4 of 7 present (two thirds needed)": "quorum_not_met",
    "YGX-NYNCJ minutes number skipped": "minutes_out_of_sequence",
    "YGX-ZJJ payment above the threshold without a decision": "undecided_payment_or_appointment",
    "YGX-ZF promotion against the commission's veto": "promotion_against_veto",
}
