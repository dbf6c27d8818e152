"""The organisation's own power-code scheme (职权编码规则), set on the import page
(``services.power_list_code_format_set``): a list coded ``XK-HW-001`` imports once its
organisation's scheme reads ``{type}-HW-{main:03d}[-{sub:02d}]``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers import services
from yangguang.powers.views.office import _editable_org


@login_required
@require_POST
def code_format(request, code: str):
    org = _editable_org(request.user, code)
    template = request.POST.get("code_format", "")
    if request.POST.get("action") == "reset":
        template = ""
    try:
        services.power_list_code_format_set(
            actor=Actor.person(request.user), organisation=org, code_format=template
        )
    except DomainError as exc:
        english = (translation.get_language() or "").startswith("en")
        messages.error(request, exc.en if english else exc.zh)  # the page's one language
    else:
        messages.success(request, _("职权编码规则已保存"))
    return redirect("powers_office:import", code=org.code)
