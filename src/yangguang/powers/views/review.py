"""Back-office pages of a list's review round: the steps (submit, first and second review
with approve or return, publish) by the person the rules allow, the decision on each
item (保留/取消/下放/合并/转移/调整 with reason and basis), adding, changing and removing
single items and sub-items of a draft, the history of rounds and the difference from the
published version. Every write is one service call; the services' refusals are shown
in the page's language. A page the person may not use is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation, Post, RegionLevel
from yangguang.powers import rounds
from yangguang.powers import services as s
from yangguang.powers.models import (
    Decision,
    Disclosure,
    PowerItem,
    PowerList,
    PowerType,
    TimeUnit,
)
from yangguang.powers.views.office import _list_of, _org


def say(exc: DomainError) -> str:
    """A refusal in the page's language."""
    return exc.en if (get_language() or "").startswith("en") else exc.zh


def _short(label: Any) -> str:
    """A model choice label in the page's language."""
    return str(label)


def _working(request, code: str) -> tuple[Organisation, PowerList]:
    org = _org(request.user, code)
    power_list = _list_of(request.user, org)
    if power_list is None:
        raise Http404
    return org, power_list


def _may(request, power_list: PowerList, step: str) -> None:
    if step not in rounds.allowed_steps(request.user, power_list):
        raise Http404


def _back(org: Organisation):
    return redirect("powers_office:list", code=org.code)


# --- the steps of the round -------------------------------------------------------------

_DONE = {
    rounds.SUBMIT: "清单已提交初审",
    "first_approve": "初审通过, 清单已送复审",
    "first_return": "清单已退回起草人",
    "second_approve": "复审通过, 清单待发布",
    "second_return": "清单已退回起草人",
    rounds.PUBLISH: "清单已发布",
}


@login_required
@require_POST
def step(request, code: str, step: str):
    org, power_list = _working(request, code)
    if step not in (rounds.SUBMIT, rounds.FIRST, rounds.SECOND, rounds.PUBLISH):
        raise Http404
    _may(request, power_list, step)
    actor = Actor.person(request.user)
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    done = step
    try:
        if step == rounds.SUBMIT:
            s.power_list_submit(actor=actor, power_list=power_list)
        elif step == rounds.PUBLISH:
            version = s.power_list_publish(actor=actor, power_list=power_list)
        else:
            stage = "first" if step == rounds.FIRST else "second"
            if decision not in ("approve", "return"):
                raise DomainError(
                    code="review_decision_unknown",
                    field="decision",
                    zh="请选择通过或退回",
                    en="choose approve or return",
                )
            done = f"{stage}_{decision}"
            if decision == "approve":
                approve = getattr(s, f"power_list_{stage}_approve")
                approve(actor=actor, power_list=power_list)
            else:
                send_back = getattr(s, f"power_list_{stage}_return")
                send_back(actor=actor, power_list=power_list, reason=reason)
    except DomainError as exc:
        messages.error(request, say(exc))
        return _back(org)
    text = _(_DONE[done])
    if step == rounds.PUBLISH:
        text = f"{text}: {_('第%(n)s版') % {'n': version.number}}"
    messages.success(request, text)
    return _back(org)


@login_required
def history(request, code: str):
    org, power_list = _working(request, code)
    steps = rounds.round_history(power_list)
    return render(
        request,
        "powers/office/history.html",
        {"org": org, "list": power_list, "steps": list(reversed(steps))},
    )


@login_required
def changes(request, code: str):
    org, power_list = _working(request, code)
    result = rounds.working_compare(power_list)
    rows = [{"code": c.code, "name": c.name, "fields": sorted(c.fields)} for c in result.changed]
    return render(
        request,
        "powers/office/changes.html",
        {"org": org, "list": power_list, "diff": result, "changed": rows},
    )


# --- decisions --------------------------------------------------------------------------


def _organisation(code: str, field: str) -> Organisation | None:
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise DomainError(
            code="organisation_unknown",
            field=field,
            zh=f"未找到单位 {code}",
            en=f"no organisation {code}",
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, code: str, pk: int):
    org, power_list = _working(request, code)
    _may(request, power_list, rounds.DECIDE)
    item = get_object_or_404(PowerItem, power_list=power_list, pk=pk)
    current = getattr(item, "decision", None)
    values = {
        "decision": current.decision if current else "keep",
        "reason": current.reason if current else "",
        "basis": current.basis if current else "",
        "delegate_level": current.delegate_level if current else "",
        "delegate_body": current.delegate_body.code if current and current.delegate_body else "",
        "merge_into": str(current.merge_into_id or "") if current else "",
        "transfer_to": current.transfer_to.code if current and current.transfer_to else "",
        "entrust_to": current.entrust_to.code if current and current.entrust_to else "",
    }
    error = ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        kind = values["decision"]
        try:
            merge_into = None
            if kind == "merge" and _whole(values["merge_into"]):
                merge_into = PowerItem.objects.filter(
                    power_list=power_list, pk=int(values["merge_into"])
                ).first()
            s.decision_record(
                actor=Actor.person(request.user),
                item=item,
                decision=kind,
                reason=values["reason"],
                basis=values["basis"],
                delegate_level=values["delegate_level"] if kind == "delegate" else "",
                delegate_body=(
                    _organisation(values["delegate_body"], "delegate_body")
                    if kind == "delegate"
                    else None
                ),
                merge_into=merge_into,
                transfer_to=(
                    _organisation(values["transfer_to"], "transfer_to")
                    if kind == "transfer"
                    else None
                ),
                entrust_to=(
                    _organisation(values["entrust_to"], "entrust_to") if kind == "entrust" else None
                ),
            )
        except DomainError as exc:
            error = say(exc)
        else:
            messages.success(request, _("审核意见已登记") + f": {item.code}")
            return _back(org)
    others = PowerItem.objects.filter(power_list=power_list).exclude(pk=item.pk).order_by("code")
    return render(
        request,
        "powers/office/decide.html",
        {
            "org": org,
            "item": item,
            "values": values,
            "error": error,
            "decisions": [(v, _short(label)) for v, label in Decision.choices],
            "levels": [(v, _short(label)) for v, label in RegionLevel.choices],
            "bodies": Organisation.objects.exclude(pk=org.pk).order_by("path"),
            "others": others,
        },
    )


# --- single items and sub-items ---------------------------------------------------------

TEXT_FIELDS = (
    "implementation_code",
    "time_limit_note",
    "acceptance_conditions",
    "counterpart",
    "complaint_channel",
    "remarks",
)


def _limit(text: str) -> int | str | None:
    """A time limit as typed: a whole number, or the text itself (the services refuse it
    with their message), or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if _whole(text) else text


def _item_fields(request, org: Organisation) -> dict[str, Any]:
    post = request.POST
    fields: dict[str, Any] = {
        "code": post.get("code", ""),
        "name": post.get("name", ""),
        "type": post.get("type", ""),
        "level": post.get("level", "county"),
        "disclosure": post.get("disclosure", "public"),
        "statutory_limit": _limit(post.get("statutory_limit", "")),
        "statutory_unit": post.get("statutory_unit", ""),
        "promised_limit": _limit(post.get("promised_limit", "")),
        "promised_unit": post.get("promised_unit", ""),
        **{k: post.get(k, "") for k in TEXT_FIELDS},
    }
    post_code = post.get("responsible_post", "")
    fields["responsible_post"] = None
    if post_code:
        fields["responsible_post"] = Post.objects.filter(organisation=org, pk=post_code).first()
        if fields["responsible_post"] is None:
            raise DomainError(
                code="responsible_post_foreign",
                field="responsible_post",
                zh="责任岗位不属于本单位",
                en="the responsible post belongs to another organisation",
            )
    return fields


def _form_context(org: Organisation, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "org": org,
        "values": values,
        "types": PowerType.objects.filter(active=True),
        "levels": [(v, _short(label)) for v, label in RegionLevel.choices],
        "units": [(v, _short(label)) for v, label in TimeUnit.choices],
        "disclosures": [(v, _short(label)) for v, label in Disclosure.choices],
        "posts": Post.objects.filter(organisation=org).order_by("code"),
        **extra,
    }


def _values_of(item: PowerItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "type": item.type.code,
        "level": item.level,
        "disclosure": item.disclosure,
        "statutory_limit": item.statutory_limit or "",
        "statutory_unit": item.statutory_unit,
        "promised_limit": item.promised_limit or "",
        "promised_unit": item.promised_unit,
        "responsible_post": str(item.responsible_post_id or ""),
        **{k: getattr(item, k) for k in TEXT_FIELDS},
    }


def _field_label(field: str | None) -> str:
    if not field:
        return ""
    try:
        return _short(PowerItem._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, code: str):
    org, power_list = _working(request, code)
    _may(request, power_list, rounds.EDIT)
    parent = None
    parent_pk = request.GET.get("parent") or request.POST.get("parent")
    if parent_pk:
        if not _whole(str(parent_pk)):
            raise Http404
        parent = get_object_or_404(PowerItem, power_list=power_list, pk=int(parent_pk), sub=0)
    values: dict[str, Any] = {"type": parent.type.code if parent else "", "level": "county"}
    error = error_field = ""
    if request.method == "POST":
        values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            fields = _item_fields(request, org)
            created = s.power_item_create(
                actor=Actor.person(request.user), power_list=power_list, parent=parent, **fields
            )
        except DomainError as exc:
            error, error_field = say(exc), _field_label(exc.field)
        else:
            messages.success(request, _("事项已新增") + f": {created.code}")
            return redirect("powers_office:item", code=org.code, pk=created.pk)
    return render(
        request,
        "powers/office/item_form.html",
        _form_context(org, values, parent=parent, error=error, error_field=error_field, item=None),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, code: str, pk: int):
    org, power_list = _working(request, code)
    _may(request, power_list, rounds.EDIT)
    item = get_object_or_404(PowerItem, power_list=power_list, pk=pk)
    values = _values_of(item)
    error = error_field = ""
    if request.method == "POST":
        values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            fields = _item_fields(request, org)
            s.power_item_update(actor=Actor.person(request.user), item=item, **fields)
        except DomainError as exc:
            error, error_field = say(exc), _field_label(exc.field)
        else:
            messages.success(request, _("事项已保存") + f": {item.code}")
            return redirect("powers_office:item", code=org.code, pk=item.pk)
    return render(
        request,
        "powers/office/item_form.html",
        _form_context(
            org, values, parent=item.parent, error=error, error_field=error_field, item=item
        ),
    )


@login_required
@require_POST
def item_delete(request, code: str, pk: int):
    org, power_list = _working(request, code)
    _may(request, power_list, rounds.EDIT)
    item = get_object_or_404(PowerItem, power_list=power_list, pk=pk)
    label = f"{item.code} {item.name}"
    try:
        s.power_item_delete(actor=Actor.person(request.user), item=item)
    except DomainError as exc:
        messages.error(request, say(exc))
        return redirect("powers_office:item", code=org.code, pk=item.pk)
    messages.success(request, _("事项已删除") + f": {label}")
    return _back(org)


def _whole(text: str) -> bool:
    """ASCII digits only ("²".isdigit(), yet int("²") fails)."""
    return text.isascii() and text.isdigit()
