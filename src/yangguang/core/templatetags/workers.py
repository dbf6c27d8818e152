"""``{% queued_job_note since %}``: what a job queued at ``since`` waits for, in the
page's language (``yangguang.core.workers``); an alert when it has waited over a minute
with no task worker alive."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from yangguang.core.workers import describe, queued_state

register = template.Library()


@register.inclusion_tag("core/_queued_note.html")
def queued_job_note(since) -> dict:
    state = queued_state(since)
    zh, en = describe(state)
    english = (get_language() or "").startswith("en")
    return {"text": en if english else zh, "stuck": state.state == "no_worker"}
