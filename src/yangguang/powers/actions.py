"""Audit action codes of the powers app."""

from yangguang.audit.actions import action

TYPE_CREATE = action("power.type_create", "新增职权类型", "Create power type")
TYPE_UPDATE = action("power.type_update", "修改职权类型", "Update power type")
LIST_CREATE = action("power.list_create", "建立权责清单", "Create power list")
ITEM_CREATE = action("power.item_create", "新增职权事项", "Create power item")
ITEM_UPDATE = action("power.item_update", "修改职权事项", "Update power item")
ITEM_DELETE = action("power.item_delete", "删除职权事项", "Delete power item")
CHILD_ADD = action("power.child_add", "新增事项明细", "Add item detail")
CHILD_DELETE = action("power.child_delete", "删除事项明细", "Delete item detail")
DECISION_RECORD = action("power.decision_record", "登记审核意见", "Record review decision")
LIST_SUBMIT = action("power.list_submit", "提交清单审核", "Submit list for review")
FIRST_APPROVE = action("power.first_approve", "清单初审通过", "First review: approve")
FIRST_RETURN = action("power.first_return", "清单初审退回", "First review: return")
SECOND_APPROVE = action("power.second_approve", "清单复审通过", "Second review: approve")
SECOND_RETURN = action("power.second_return", "清单复审退回", "Second review: return")
LIST_PUBLISH = action("power.list_publish", "发布清单版本", "Publish list version")
ITEM_RECEIVE = action("power.item_receive", "承接职权事项", "Receive power item")
CODE_FORMAT_SET = action("power.code_format_set", "设定职权编码规则", "Set power code scheme")
