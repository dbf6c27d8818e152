"""Writes to power types and power lists: items, their details, review decisions, the
review lifecycle and publication. Every function is keyword-only, checks permission
(unless the actor is the system), validates, runs in one transaction and writes exactly
one audit entry.

Lifecycle (``ListStatus``): draft → first_review → second_review → approved → published
as a new numbered ``PowerListVersion``, after which the working list is a draft again.

* Edit and submit: a clerk or organisation administrator of the organisation (the one
  who submits is recorded as the drafter of the round).
* Record review decisions: editors while the list is a draft; the first reviewer's
  eligible persons while it is in first review.
* First review: a leader or organisation administrator of the organisation itself, not
  the drafter.
* Second review: a leader of the organisation or of any body above it, or an
  organisation administrator of a body above it (such as the government's legal office),
  neither the drafter nor the first reviewer.
* Publish an approved list: a leader or organisation administrator of the organisation
  or a body above it, or a system administrator.

The system actor (the demo loader, imports of past reviews) records steps done by a
named person with ``by=``; the same rules apply to that person.

The functions live in ``items`` (the list and its items), ``details`` (an item's details),
``review`` (decisions and the review round) and ``types`` (power types); they are
re-exported here.
"""

from yangguang.powers.services.details import accountability_add as accountability_add
from yangguang.powers.services.details import benchmark_add as benchmark_add
from yangguang.powers.services.details import fee_add as fee_add
from yangguang.powers.services.details import legal_basis_add as legal_basis_add
from yangguang.powers.services.details import material_add as material_add
from yangguang.powers.services.details import power_detail_delete as power_detail_delete
from yangguang.powers.services.details import responsibility_add as responsibility_add
from yangguang.powers.services.items import power_item_create as power_item_create
from yangguang.powers.services.items import power_item_delete as power_item_delete
from yangguang.powers.services.items import power_item_update as power_item_update
from yangguang.powers.services.items import power_items_import as power_items_import
from yangguang.powers.services.items import (
    power_list_code_format_set as power_list_code_format_set,
)
from yangguang.powers.services.items import power_list_create as power_list_create
from yangguang.powers.services.review import decision_record as decision_record
from yangguang.powers.services.review import power_list_first_approve as power_list_first_approve
from yangguang.powers.services.review import power_list_first_return as power_list_first_return
from yangguang.powers.services.review import power_list_publish as power_list_publish
from yangguang.powers.services.review import (
    power_list_second_approve as power_list_second_approve,
)
from yangguang.powers.services.review import power_list_second_return as power_list_second_return
from yangguang.powers.services.review import power_list_submit as power_list_submit
from yangguang.powers.services.types import power_type_create as power_type_create
from yangguang.powers.services.types import power_type_update as power_type_update
