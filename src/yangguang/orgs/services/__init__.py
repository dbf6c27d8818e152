"""Writes to regions, organisations, posts, post holdings, leadership terms, areas in
charge (分管) and exemptions. Every function is keyword-only, checks permission (unless the
actor is the system), validates, runs in one transaction and writes one audit entry.

The rule "一把手五个不直接分管": a principal (一把手) does not directly take charge of
personnel, finance, construction projects, procurement or property-rights transactions
(``RESTRICTED_FOR_PRINCIPAL``), unless an exemption, with its reason and approver, has
been recorded for that term and area and is valid.

Who may approve an exemption (a "higher body"): a system administrator; a leader whose
organisation is a proper ancestor of the principal's organisation; or a discipline
inspector whose commission's jurisdiction (or, without one, whose commission's parent
subtree) covers the principal's organisation. The approver is never the principal.
"""

from yangguang.orgs.services.leadership import (
    charge_assign,
    charge_remove,
    exemption_record,
    leadership_appoint,
    leadership_end,
    valid_exemption,
)
from yangguang.orgs.services.relatives import (
    relative_declare,
    relative_end,
)
from yangguang.orgs.services.structure import (
    organisation_create,
    organisation_update,
    post_assign,
    post_create,
    post_release,
    post_update,
    region_create,
)

__all__ = [
    "charge_assign",
    "charge_remove",
    "exemption_record",
    "leadership_appoint",
    "leadership_end",
    "organisation_create",
    "organisation_update",
    "post_assign",
    "post_create",
    "post_release",
    "post_update",
    "region_create",
    "relative_declare",
    "relative_end",
    "valid_exemption",
]
