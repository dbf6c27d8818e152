"""Services of cases and their supervision (every write goes through one of these).

Each takes ``actor`` first, keyword-only arguments, runs in one transaction and writes
one audit entry (``cases.actions``); bad input raises ``DomainError`` with nothing
applied. Times are aware datetimes, never in the future (default: now).

* ``case_register(actor, power, applicant, channel="window"|"online"|"api", subject,
  applicant_contact, at, received_by, choices, external_id)`` -> ``Case`` (with
  ``case.query_code`` set once); numbers by ``settings.CASES_NUMBER_FORMAT``.
* ``step_complete(actor, step, by, at, choices=[flow ids], note)`` -> ``Step``: ``by``
  (default the actor's user) must hold the step's post at ``at``; separation of duties;
  the case row is locked (one completion of concurrent attempts).
* ``case_finish(actor, case, outcome="approved"|"refused"|"withdrawn", reasons, at,
  strict=True)``; ``strict=False`` records a refusal without reasons and alerts.
* ``responsibility_handover(actor, to, reason, case=|enquiry=, at)``,
  ``enquiry_receive(actor, organisation, person, subject, power, at)``,
  ``document_attach(actor, step, file, at)``, ``fee_record(actor, case, item, amount,
  at)``.
* ``supervision_rule_set(actor, organisation, rule, power, enabled, automatic,
  threshold)``, ``supervision_sweep(actor, now)`` (set-wise, every 5 minutes as a
  recurring job), and the correction workflow ``alert_confirm``, ``alert_explain``,
  ``alert_close``, ``alert_escalate``; an inspector's ``alert_withdraw`` (any open
  alert, with the reason; it no longer counts in the scores) and ``alert_assign`` (to
  a colleague of the commission).
* ``events_ingest(actor, source, events)`` -> one result per event (accepted / duplicate
  / rejected): events of other approval systems, idempotent per (source, event id),
  applied set-wise with the checks of the services above (the same code:
  ``cases.batch``), event by event after a clash with a concurrent writer, judged the
  same way (``services/ingest.py``).
* ``score_sheet_set(actor, organisation, name, items, base, excellent, good, passing)``,
  ``score_appeal_file(actor, alert, reason)``, ``score_appeal_decide(actor, appeal,
  upheld, decision)``: performance scores (``services/scores.py``, ``scores/``).

Events are checked on arrival: ``case_register``, ``step_complete`` and ``case_finish``
run as batches of one through ``cases.batch`` (its ``sim.py`` holds their checks) and
raise the alerts due for their case at once (by the clock, or the time replayed under
``cases.common.replaying``).
"""

from yangguang.cases.services.ingest import events_ingest
from yangguang.cases.services.lifecycle import case_finish, case_register, step_complete
from yangguang.cases.services.records import (
    document_attach,
    enquiry_receive,
    fee_record,
    responsibility_handover,
)
from yangguang.cases.services.scores import (
    score_appeal_decide,
    score_appeal_file,
    score_sheet_set,
)
from yangguang.cases.services.supervision import (
    alert_assign,
    alert_close,
    alert_confirm,
    alert_escalate,
    alert_explain,
    alert_withdraw,
    supervision_rule_set,
    supervision_sweep,
)

__all__ = [
    "alert_assign",
    "alert_close",
    "alert_confirm",
    "alert_escalate",
    "alert_explain",
    "alert_withdraw",
    "case_finish",
    "case_register",
    "document_attach",
    "enquiry_receive",
    "events_ingest",
    "fee_record",
    "responsibility_handover",
    "score_appeal_decide",
    "score_appeal_file",
    "score_sheet_set",
    "step_complete",
    "supervision_rule_set",
    "supervision_sweep",
]
