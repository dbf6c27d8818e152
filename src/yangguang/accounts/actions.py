"""Audit action codes of the accounts app."""

from yangguang.audit.actions import action

USER_CREATE = action("account.create", "创建账号", "Create account")
USER_UPDATE = action("account.update", "修改账号", "Update account")
USER_SET_PASSWORD = action("account.set_password", "设置密码", "Set password")
USER_DEACTIVATE = action("account.deactivate", "停用账号", "Deactivate account")
TOKEN_CREATE = action("account.token_create", "创建接口令牌", "Create API token")
TOKEN_REVOKE = action("account.token_revoke", "吊销接口令牌", "Revoke API token")
LOGIN = action("account.login", "登录", "Sign in")
LOGIN_FAILED = action("account.login_failed", "登录失败", "Failed sign-in")  # earlier trails
LOGIN_FAILURES = action("account.login_failures", "登录失败汇总", "Failed sign-ins, summed up")
LOGOUT = action("account.logout", "退出登录", "Sign out")
