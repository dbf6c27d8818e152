"""``{% load conformance_labels %}``: ``kind|kind_label`` and ``detail|one_language``
(``conformance.labels``)."""

from __future__ import annotations

from django import template

from yangguang.conformance import labels

register = template.Library()
register.filter("kind_label", labels.kind_label)
register.filter("one_language", labels.one_language)
