"""Shared pieces of the back-office forms. Forms only parse the shape of the input and
offer the choices in the user's scope; the rules are the services', whose
``DomainError`` is shown at the field it names (``ServiceForm.add_domain_error``)."""

from __future__ import annotations

from django import forms

from yangguang.core.errors import DomainError, bilingual

# Django's own field messages are in one language; the platform's are in both
FIELD_ERRORS = {
    "required": bilingual("请填写此项", "this field is required"),
    "invalid": bilingual("格式不正确", "invalid value"),
    "invalid_choice": bilingual("选择无效", "not a valid choice"),
    "invalid_pk_value": bilingual("选择无效", "not a valid choice"),
    "max_length": bilingual("内容过长", "too long"),
    "min_value": bilingual("数值过小", "value too small"),
    "max_value": bilingual("数值过大", "value too large"),
}


class DateField(forms.DateField):
    """A calendar day (``YYYY-MM-DD``, the browser's date picker)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.username} ({obj.username})"


class ServiceForm(forms.Form):
    """Bilingual field messages, and a service's refusal shown at its field."""

    #: service field name -> form field name, where they differ
    aliases: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {**field.error_messages, **FIELD_ERRORS}

    def add_domain_error(self, exc: DomainError) -> None:
        name = self.aliases.get(exc.field, exc.field) if exc.field else None
        field = name if name in self.fields else None
        self.add_error(field, bilingual(exc.zh, exc.en))
