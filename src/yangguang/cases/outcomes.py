"""How a case ends (``case_finish`` and the ``finish`` event of the integration API),
in a module of its own so that the batch path and the services both import it without
importing each other."""

from __future__ import annotations

from yangguang.cases.models import CaseStatus

OUTCOMES = (CaseStatus.APPROVED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN)
