"""The demo county's data: 阳光县, a fictional county of a fictional city (青山市) in
浙江省. The province code is real; the city, county, township and village codes are made
up but valid (GB/T 2260 form, extended by the statistical division code). Every
organisation's unified social credit code is generated with its check characters.

Dates are ISO strings, or integers meaning "that many days from today" (so the valid
exemption stays valid whenever the demo is loaded). Later issues extend these lists.
"""

from __future__ import annotations

PASSWORD = "demo-pass-2026"  # noqa: S105 (the documented demo password)
COUNTY = "339921"
ROOT_ORG = "YGX-XW"

# (code, name, level, parent code)
REGIONS: list[tuple[str, str, str, str | None]] = [
    ("330000", "浙江省", "province", None),
    ("339900", "青山市", "city", "330000"),
    ("339921", "阳光县", "county", "339900"),
    ("339921101", "清水镇", "township", "339921"),
    ("339921102", "东岭镇", "township", "339921"),
    ("339921201", "石桥乡", "township", "339921"),
    ("339921101201", "清水村", "village", "339921101"),
    ("339921101202", "柳塘村", "village", "339921101"),
    ("339921102201", "东岭村", "village", "339921102"),
    ("339921102202", "竹溪村", "village", "339921102"),
    ("339921201201", "石桥村", "village", "339921201"),
    ("339921201202", "桃源村", "village", "339921201"),
]

# Credit codes: (registration authority, organisation type, organisation code body);
# the division is the region's county code. "11": 机构编制 / 机关.
ORGANISATIONS: list[dict] = [
    {
        "code": "YGX-XW",
        "name": "中共阳光县委员会",
        "short_name": "县委",
        "kind": "party_committee",
        "region": COUNTY,
        "parent": None,
        "credit": ("1", "1", "00249001"),
    },
    {
        "code": "YGX-ZF",
        "name": "阳光县人民政府",
        "short_name": "县政府",
        "kind": "government",
        "region": COUNTY,
        "parent": "YGX-XW",
        "credit": ("1", "1", "00249002"),
        "sort_order": 1,
    },
    {
        "code": "YGX-JW",
        "name": "中共阳光县纪律检查委员会 阳光县监察委员会",
        "short_name": "县纪委监委",
        "kind": "commission",
        "region": COUNTY,
        "parent": "YGX-XW",
        "jurisdiction": "YGX-XW",
        "credit": ("1", "1", "00249003"),
        "sort_order": 2,
    },
]

# Departments of the county government: (code, name, short name, org-code body,
# principal, deputy, clerk, the deputy's areas in charge, posts).
# A person is (username, full name); a post is (code, name, risk, rotation months, duties).
DEPARTMENTS: list[dict] = [
    {
        "code": "YGX-FGJ",
        "name": "阳光县发展和改革局",
        "short_name": "发改局",
        "body": "00249011",
        "principal": ("fgj.lead", "周建国"),
        "deputy": ("fgj.deputy", "吴海燕"),
        "clerk": ("fgj.clerk", "郑晓明"),
        "deputy_areas": ["personnel", "finance", "construction"],
        "posts": [
            ("XMSP", "固定资产投资项目审批岗", "high", 60, "审核政府投资项目建议书、可研报告"),
            ("JGJC", "价格监督检查岗", "medium", None, "价格收费监督检查"),
        ],
    },
    {
        "code": "YGX-CZJ",
        "name": "阳光县财政局",
        "short_name": "财政局",
        "body": "00249012",
        "principal": ("czj.lead", "王立新"),
        "deputy": ("czj.deputy", "陈雪梅"),
        "clerk": ("czj.clerk", "李静"),
        "deputy_areas": ["personnel", "finance", "procurement", "property_rights"],
        "posts": [
            ("YSGL", "预算管理岗", "high", 60, "编制、调整部门预算"),
            ("GKZF", "国库集中支付岗", "high", 36, "审核国库集中支付申请"),
            ("ZHBG", "综合办公室岗", "low", None, "文秘、档案"),
        ],
    },
    {
        "code": "YGX-ZRZYJ",
        "name": "阳光县自然资源和规划局",
        "short_name": "自然资源局",
        "body": "00249013",
        "principal": ("zrzyj.lead", "赵志刚"),
        "deputy": ("zrzyj.deputy", "孙丽华"),
        "clerk": ("zrzyj.clerk", "钱伟"),
        "deputy_areas": ["personnel", "finance", "procurement"],
        "posts": [
            ("TDCR", "土地出让管理岗", "high", 36, "国有建设用地使用权出让"),
            ("GHXK", "规划许可岗", "high", 60, "建设工程规划许可审查"),
        ],
    },
    {
        "code": "YGX-ZJJ",
        "name": "阳光县住房和城乡建设局",
        "short_name": "住建局",
        "body": "00249014",
        "principal": ("zjj.lead", "刘国庆"),
        "deputy": ("zjj.deputy", "何敏"),
        "clerk": ("zjj.clerk", "冯建华"),
        "deputy_areas": ["personnel", "finance", "procurement", "property_rights"],
        "posts": [
            ("ZBTB", "招标投标监管岗", "high", 36, "房屋建筑和市政工程招投标监管"),
            ("ZLAQ", "工程质量安全监督岗", "medium", None, "工程质量安全监督"),
        ],
    },
    {
        "code": "YGX-SCJGJ",
        "name": "阳光县市场监督管理局",
        "short_name": "市场监管局",
        "body": "00249015",
        "principal": ("scjgj.lead", "杨帆"),
        "deputy": ("scjgj.deputy", "朱红"),
        "clerk": ("scjgj.clerk", "秦磊"),
        "deputy_areas": ["personnel", "finance", "procurement"],
        "posts": [
            ("XZCF", "行政处罚案件审核岗", "high", 60, "行政处罚案件法制审核"),
            ("DJZC", "市场主体登记岗", "medium", None, "经营主体登记注册"),
        ],
    },
    {
        "code": "YGX-RSJ",
        "name": "阳光县人力资源和社会保障局",
        "short_name": "人社局",
        "body": "00249016",
        "principal": ("rsj.lead", "许文斌"),
        "deputy": ("rsj.deputy", "尤佳"),
        "clerk": ("rsj.clerk", "施洋"),
        "deputy_areas": ["personnel", "finance", "procurement"],
        "posts": [
            ("SBJJ", "社保基金审核岗", "high", 36, "社会保险待遇审核"),
            ("ZYKS", "事业单位招聘考试岗", "high", 60, "事业单位公开招聘组织"),
        ],
    },
    {
        "code": "YGX-JTYSJ",
        "name": "阳光县交通运输局",
        "short_name": "交通运输局",
        "body": "00249017",
        "principal": ("jtysj.lead", "张伟东"),
        "deputy": ("jtysj.deputy", "吕芳"),
        "clerk": ("jtysj.clerk", "曹阳"),
        "deputy_areas": ["personnel", "finance", "construction", "procurement"],
        "posts": [
            ("GLJS", "公路建设管理岗", "high", 36, "农村公路建设项目管理"),
            ("YSZF", "运输执法岗", "medium", None, "道路运输执法"),
        ],
    },
    {
        "code": "YGX-NYNCJ",
        "name": "阳光县农业农村局",
        "short_name": "农业农村局",
        "body": "00249018",
        "principal": ("nyncj.lead", "严春生"),
        "deputy": ("nyncj.deputy", "华秀兰"),
        "clerk": ("nyncj.clerk", "金鑫"),
        "deputy_areas": ["personnel", "finance", "construction", "property_rights"],
        "posts": [
            ("BTZJ", "惠农补贴资金发放岗", "high", 36, "耕地地力保护补贴等资金发放"),
            ("NCJS", "农村产权交易监管岗", "high", 60, "农村集体资产产权交易监管"),
        ],
    },
    {
        "code": "YGX-STHJJ",
        "name": "阳光县生态环境局",
        "short_name": "生态环境局",
        "body": "00249019",
        "principal": ("sthjj.lead", "魏明"),
        "deputy": ("sthjj.deputy", "陶静"),
        "clerk": ("sthjj.clerk", "姜涛"),
        "deputy_areas": ["personnel", "finance", "procurement"],
        "posts": [
            ("HPSP", "环评审批岗", "high", 60, "建设项目环境影响评价文件审批"),
            ("HJJC", "环境监测岗", "low", None, "环境质量监测"),
        ],
    },
    {
        "code": "YGX-XZSPJ",
        "name": "阳光县行政审批局",
        "short_name": "行政审批局",
        "body": "00249020",
        "principal": ("xzspj.lead", "戚国栋"),
        "deputy": ("xzspj.deputy", "谢晓燕"),
        "clerk": ("xzspj.clerk", "邹凯"),
        "deputy_areas": ["personnel", "finance", "procurement"],
        "posts": [
            ("TZSP", "投资项目审批岗", "high", 60, "投资项目并联审批"),
            ("CKFW", "政务服务窗口岗", "low", None, "综合受理窗口"),
        ],
    },
]

# Townships (under the county party committee) and their villages.
TOWNSHIPS: list[dict] = [
    {
        "code": "YGX-QSZ",
        "name": "阳光县清水镇",
        "region": "339921101",
        "body": "00249031",
        "principal": ("qsz.shuji", "柏青山", "镇党委书记"),
        "deputy": ("qsz.zhenzhang", "水丽", "镇长"),
        "villages": [
            ("YGX-QSZ-QS", "清水村", "339921101201"),
            ("YGX-QSZ-LT", "柳塘村", "339921101202"),
        ],
    },
    {
        "code": "YGX-DLZ",
        "name": "阳光县东岭镇",
        "region": "339921102",
        "body": "00249032",
        "principal": ("dlz.shuji", "窦志远", "镇党委书记"),
        "deputy": ("dlz.zhenzhang", "章慧", "镇长"),
        "villages": [
            ("YGX-DLZ-DL", "东岭村", "339921102201"),
            ("YGX-DLZ-ZX", "竹溪村", "339921102202"),
        ],
    },
    {
        "code": "YGX-SQX",
        "name": "阳光县石桥乡",
        "region": "339921201",
        "body": "00249033",
        "principal": ("sqx.shuji", "云海", "乡党委书记"),
        "deputy": ("sqx.xiangzhang", "苏芸", "乡长"),
        "villages": [
            ("YGX-SQX-SQ", "石桥村", "339921201201"),
            ("YGX-SQX-TY", "桃源村", "339921201202"),
        ],
    },
]

# Further accounts: (username, full name, organisation code or None, role)
USERS: list[tuple[str, str, str | None, str]] = [
    ("admin", "系统管理员", None, "sysadmin"),
    ("orgadmin", "潘志华", "YGX-ZF", "org_admin"),
    ("xw.shuji", "葛振华", "YGX-XW", "leader"),
    ("xw.fushuji", "范德明", "YGX-XW", "leader"),
    ("zf.xianzhang", "彭海涛", "YGX-ZF", "leader"),
    ("zf.changwu", "鲁建军", "YGX-ZF", "leader"),
    ("zf.fuxianzhang", "韦红梅", "YGX-ZF", "leader"),
    ("jw.shuji", "马正清", "YGX-JW", "leader"),
    ("inspector", "方正", "YGX-JW", "inspector"),
]

# Leadership of the county bodies: (org, username, role, title, start, [(area, label)])
LEADERSHIP: list[tuple[str, str, str, str, str, list[tuple[str, str]]]] = [
    ("YGX-XW", "xw.shuji", "principal", "县委书记", "2021-09-01", [("other", "全面工作")]),
    ("YGX-XW", "xw.fushuji", "deputy", "县委副书记", "2021-09-01", [("personnel", "")]),
    ("YGX-ZF", "zf.xianzhang", "principal", "县长", "2021-10-15", [("other", "全面工作")]),
    (
        "YGX-ZF",
        "zf.changwu",
        "deputy",
        "常务副县长",
        "2021-10-15",
        [("finance", ""), ("procurement", "")],
    ),
    (
        "YGX-ZF",
        "zf.fuxianzhang",
        "deputy",
        "副县长",
        "2022-01-20",
        [("construction", ""), ("property_rights", "")],
    ),
    (
        "YGX-JW",
        "jw.shuji",
        "principal",
        "县纪委书记、县监委主任",
        "2022-03-01",
        [("other", "全面工作")],
    ),
]

DEPARTMENT_TERMS_START = "2022-03-01"

# Exemptions and the restricted areas principals hold under them. The first has expired:
# the report flags it as a breach. The second is valid: the report lists the exemption.
EXEMPTIONS: list[dict] = [
    {
        "org": "YGX-ZRZYJ",
        "area": "property_rights",
        "reason": "分管产权交易的副局长长期病休，经县政府批准由局长临时分管至2025年6月底",
        "approver": "zf.xianzhang",
        "approved_on": "2023-03-01",
        "valid_until": "2025-06-30",
        "since": "2023-03-15",
    },
    {
        "org": "YGX-ZJJ",
        "area": "construction",
        "reason": "分管工程项目的副局长职位空缺，经县委常委会研究，由局长临时分管，"
        "纪委监委派员全程监督",
        "approver": "xw.shuji",
        "approved_on": -120,
        "valid_until": 365,
        "since": -100,
    },
]

#: accounts shown at the end of ``yangguang demo`` and before ``yangguang serve``
DEMO_LOGINS: list[tuple[str, str]] = [
    ("admin", "系统管理员 (system administrator)"),
    ("orgadmin", "县政府单位管理员 (organisation administrator, county government)"),
    ("czj.clerk", "财政局经办人员 (clerk, finance bureau)"),
    ("czj.lead", "财政局局长 (leader, finance bureau)"),
    ("zf.xianzhang", "县长 (county head)"),
    ("inspector", "县纪委监委纪检监察人员 (discipline inspector)"),
]
