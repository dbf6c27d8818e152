"""Names for the trail: what its rows' internal ids stand for, both ways.

The trail keeps ids (organisation, actor, object) so that it never changes when a name
does; readers search and read by name. This turns an organisation's name or code, a
person's full name or username and an object's name (a case number, a power's name or
code, an organisation's name …) into the ids the entries carry, and the ids of a page
of entries back into names and labels. The trail knows no app: it reads the installed
models through Django's registry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions
from yangguang.core import labels
from yangguang.core.errors import DomainError

#: how objects of a type are found by name (first field: the name shown); other types
#: are searched by the first of GENERIC they have
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "cases.case": ("number", "applicant"),
    "cases.alert": ("case__number",),
    "accounts.user": ("full_name", "username"),
    "orgs.organisation": ("name", "code"),
    "powers.poweritem": ("name", "code"),
    "powers.powerlist": ("organisation__name", "organisation__code"),
    "meetings.accountabilitycase": ("summary", "finding"),
}
GENERIC = ("number", "name", "title", "full_name", "code", "subject")
LIMIT = 500  # objects per type matched by one name (the filter says so when cut)


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _has(model: type[Model], path: str) -> bool:
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.is_relation:
            current = field.related_model
    return True


def name_fields(label: str) -> tuple[str, ...]:
    model = _model(label)
    if model is None:
        return ()
    if label in NAME_FIELDS:
        return NAME_FIELDS[label]
    return tuple(f for f in GENERIC if _has(model, f))[:1]


def object_types() -> list[tuple[str, str]]:
    """``(label, verbose name)`` of the platform's models, by name, for the filter."""
    rows = [
        (m._meta.label_lower, str(m._meta.verbose_name))
        for m in apps.get_models()
        if m.__module__.startswith("yangguang.")
    ]
    return sorted(rows, key=lambda r: (r[1], r[0]))


#: objects of the trail that are not rows of a model: their types and ids by name
NOT_ROW_TYPES = {"cases.ingest": _("办件事件接入")}
NOT_ROW_IDS = {("cases.alert", "sweep"): _("时限巡检")}


def type_label(label: str) -> str:
    model = _model(label)
    if model is None:
        return str(NOT_ROW_TYPES.get(label, label))
    return str(model._meta.verbose_name)


def action_choices() -> list[tuple[str, str]]:
    """Every declared action code with its label in the active language."""
    english = (translation.get_language() or "").startswith("en")
    rows = [(c.code, c.en if english else c.zh) for c in actions.REGISTRY.values()]
    return sorted(rows, key=lambda r: r[0])


def action_label(code: str) -> str:
    found = actions.REGISTRY.get(code)
    if found is None:
        return code
    return found.en if (translation.get_language() or "").startswith("en") else found.zh


def _refuse(field: str, zh: str, en: str) -> DomainError:
    return DomainError(code="trail_filter", field=field, zh=zh, en=en)


def organisation_ids(text: str) -> list[int]:
    """The organisations named ``text``: the code or the full name exactly, else every one
    whose name contains it."""
    from yangguang.orgs.models import Organisation

    text = text.strip()
    qs = Organisation.objects.all()
    exact = list(qs.filter(Q(code=text) | Q(name=text)).values_list("pk", flat=True))
    found = exact or list(qs.filter(name__icontains=text).values_list("pk", flat=True)[:LIMIT])
    if not found:
        raise _refuse(
            "organisation", f"没有名称或代码为「{text}」的单位", f"no organisation named {text!r}"
        )
    return found


def actor_q(text: str) -> Q:
    """Entries by the people named ``text`` (username exactly, else full name contains
    it), themselves or through their API tokens."""
    from yangguang.accounts.models import ApiToken, User

    text = text.strip()
    users = list(User.objects.filter(username=text).values_list("pk", flat=True))
    if not users:
        users = list(User.objects.filter(full_name__icontains=text).values_list("pk", flat=True))
    if not users:
        raise _refuse("person", f"没有姓名或账号为「{text}」的人员", f"no person named {text!r}")
    tokens = ApiToken.objects.filter(user__in=users).values_list("pk", flat=True)
    return Q(actor_kind="person", actor_id__in=[str(u) for u in users]) | Q(
        actor_kind="api", actor_id__in=[str(t) for t in tokens]
    )


def object_q(text: str, object_type: str | None) -> Q:
    """Entries about the objects named ``text`` (of ``object_type``, or of any type)."""
    text = text.strip()
    labels = [object_type] if object_type else [label for label, _ in object_types()]
    q = Q(pk__in=[])
    found = False
    for label in labels:
        model, fields = _model(label), name_fields(label)
        if model is None or not fields:
            continue
        match = Q()
        for f in fields:
            match |= Q(**{f"{f}__icontains": text})
        pks = list(model._default_manager.filter(match).values_list("pk", flat=True)[:LIMIT])
        if pks:
            found = True
            q |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    if not found:
        where = f"「{type_label(object_type)}」中" if object_type else ""
        raise _refuse(
            "object",
            f"{where}没有名为「{text}」的对象",
            f"no object named {text!r}" + (f" of type {object_type}" if object_type else ""),
        )
    return q


def check_type(object_type: str) -> None:
    if _model(object_type) is None and object_type not in NAME_FIELDS:
        raise _refuse(
            "object_type", f"对象类型「{object_type}」无效", f"unknown object type {object_type!r}"
        )


def check_action(code: str) -> None:
    if code not in actions.REGISTRY:
        raise _refuse("action", f"动作「{code}」无效", f"unknown action {code!r}")


def describe(entries: Iterable) -> None:
    """Give each entry of a page ``actor_label``, ``org_label``, ``action_label``,
    ``type_label`` and ``object_label``: names in place of ids (a few queries)."""
    from yangguang.accounts.models import ApiToken, User
    from yangguang.orgs.models import Organisation

    entries = list(entries)
    people = {int(e.actor_id) for e in entries if e.actor_kind == "person" and e.actor_id}
    tokens = {int(e.actor_id) for e in entries if e.actor_kind == "api" and e.actor_id}
    person_names = {
        pk: full or username
        for pk, full, username in User.objects.filter(pk__in=people).values_list(
            "pk", "full_name", "username"
        )
    }
    token_names = {
        pk: f"{name} · {full or username}"
        for pk, name, full, username in ApiToken.objects.filter(pk__in=tokens).values_list(
            "pk", "name", "user__full_name", "user__username"
        )
    }
    orgs = dict(
        Organisation.objects.filter(
            pk__in={e.org_id for e in entries if e.org_id is not None}
        ).values_list("pk", "name")
    )
    ids: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_type and e.object_id:
            ids[e.object_type].add(e.object_id)
    names: dict[tuple[str, str], str] = {}
    for label, keys in ids.items():
        model, fields = _model(label), name_fields(label)
        if model is None or not fields:
            continue
        pk_field = model._meta.pk
        try:
            wanted = [pk_field.to_python(k) for k in keys]
        except Exception:  # an id that is not a key (e.g. "sweep"): shown as it is
            wanted = [k for k in keys if k.isdigit()]
        for pk, name in model._default_manager.filter(pk__in=wanted).values_list("pk", fields[0]):
            names[(label, str(pk))] = str(name)
    for e in entries:
        if e.actor_kind == "person" and e.actor_id:
            e.actor_label = person_names.get(int(e.actor_id), e.actor_name)
        elif e.actor_kind == "api" and e.actor_id:
            e.actor_label = token_names.get(int(e.actor_id), e.actor_name)
        elif e.actor_kind == "system":
            e.actor_label = labels.system_actor(e.actor_name)
        else:
            e.actor_label = e.actor_name
        e.org_label = orgs.get(e.org_id, "") if e.org_id is not None else ""
        e.action_label = action_label(e.action)
        e.type_label = type_label(e.object_type) if e.object_type else ""
        e.object_label = names.get((e.object_type, e.object_id)) or str(
            NOT_ROW_IDS.get((e.object_type, e.object_id), e.object_id)
        )
