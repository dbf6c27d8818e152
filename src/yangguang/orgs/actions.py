"""Audit action codes of the orgs app."""

from yangguang.audit.actions import action

REGION_CREATE = action("region.create", "创建行政区划", "Create region")
ORG_CREATE = action("org.create", "创建单位", "Create organisation")
ORG_UPDATE = action("org.update", "修改单位", "Update organisation")
POST_CREATE = action("post.create", "创建岗位", "Create post")
POST_UPDATE = action("post.update", "修改岗位", "Update post")
POST_ASSIGN = action("post.assign", "岗位任职", "Assign post")
POST_RELEASE = action("post.release", "岗位离任", "Release post")
LEADERSHIP_APPOINT = action("leadership.appoint", "任命领导", "Appoint leader")
LEADERSHIP_END = action("leadership.end", "领导任期结束", "End leadership term")
CHARGE_ASSIGN = action("leadership.charge_assign", "确定分管领域", "Assign area in charge")
CHARGE_REMOVE = action("leadership.charge_remove", "取消分管领域", "Remove area in charge")
EXEMPTION_RECORD = action("leadership.exemption_record", "登记豁免", "Record exemption")
RELATIVE_DECLARE = action("relative.declare", "申报亲属关系", "Declare a relative")
RELATIVE_END = action("relative.end", "结束亲属关系申报", "End a relative declaration")
