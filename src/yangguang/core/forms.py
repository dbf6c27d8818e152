"""Shared pieces of the back-office forms. Forms only parse the shape of the input and
offer the choices in the user's scope; the rules are the services', whose
``DomainError`` is shown at the field it names (``ServiceForm.add_domain_error``)."""

from __future__ import annotations

from django import forms

from yangguang.core import labels
from yangguang.core.errors import DomainError, in_language_lazy

# the field messages, in the page's language
FIELD_ERRORS = {
    "required": in_language_lazy("请填写此项", "this field is required"),
    "invalid": in_language_lazy("格式不正确", "invalid value"),
    "invalid_choice": in_language_lazy("选择无效", "not a valid choice"),
    "invalid_pk_value": in_language_lazy("选择无效", "not a valid choice"),
    "max_length": in_language_lazy("内容过长", "too long"),
    "min_value": in_language_lazy("数值过小", "value too small"),
    "max_value": in_language_lazy("数值过大", "value too large"),
}


class DateField(forms.DateField):
    """A calendar day (``YYYY-MM-DD``, the browser's date picker)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name and organisation (never the username)."""

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("organisation")
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return labels.person(obj)


class ServiceForm(forms.Form):
    """Field messages in the page's language, and a service's refusal shown at its field."""

    #: service field name -> form field name, where they differ
    aliases: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {**field.error_messages, **FIELD_ERRORS}

    def add_domain_error(self, exc: DomainError) -> None:
        name = self.aliases.get(exc.field, exc.field) if exc.field else None
        field = name if name in self.fields else None
        self.add_error(field, exc.text())
