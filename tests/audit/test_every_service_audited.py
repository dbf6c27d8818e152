"""Every public service writes exactly the audit entries it should.

Discovers every public function defined in a ``yangguang.*.services`` module; each must
have an entry in ``service_calls.SERVICE_CALLS`` (a missing one fails here), which calls
it and names the exact action codes it must append to the trail."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import yangguang
from tests.audit.audit_helpers import SYSTEM
from tests.audit.service_calls import SERVICE_CALLS
from yangguang.audit.models import AuditEntry
from yangguang.audit.verification import verify_database


def discover() -> list[str]:
    found = []
    for info in pkgutil.iter_modules(yangguang.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"yangguang.{info.name}.services")
        except ModuleNotFoundError as exc:
            if exc.name == f"yangguang.{info.name}.services":
                continue
            raise
        found.extend(_public_functions(module))
    return sorted(found)


def _public_functions(module) -> list[str]:
    """Public functions of a services module, or of a services package (defined in any of
    its submodules). A package must export every public function of its submodules, so
    none escapes this walk."""
    prefix = module.__name__
    names = [
        f"{prefix}.{name}"
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and (fn.__module__ == prefix or fn.__module__.startswith(prefix + "."))
    ]
    if hasattr(module, "__path__"):  # a package: check its submodules' functions are exported
        for info in pkgutil.iter_modules(module.__path__):
            sub = importlib.import_module(f"{prefix}.{info.name}")
            for name, fn in inspect.getmembers(sub, inspect.isfunction):
                if name.startswith("_") or fn.__module__ != sub.__name__:
                    continue
                assert getattr(module, name, None) is fn, (
                    f"{sub.__name__}.{name} is public but not exported by {prefix}"
                )
    return names


SERVICES = discover()


def test_discovery_finds_the_known_services():
    assert "yangguang.audit.services.audit_record" in SERVICES
    assert "yangguang.audit.services.checkpoint_create" in SERVICES
    # services packages are walked too (defined in a submodule, exported by the package)
    assert "yangguang.orgs.services.organisation_create" in SERVICES
    assert "yangguang.orgs.services.charge_assign" in SERVICES


def test_every_service_is_in_the_table():
    missing = [s for s in SERVICES if s not in SERVICE_CALLS]
    assert not missing, f"add these to tests/audit/service_calls.py: {missing}"
    stale = [s for s in SERVICE_CALLS if s not in SERVICES]
    assert not stale, f"no longer services, remove from the table: {stale}"


@pytest.mark.parametrize("service", SERVICES)
def test_service_writes_exactly_its_entries(service, tree, users, signing_key):
    if service not in SERVICE_CALLS:
        pytest.fail(f"{service} is not in tests/audit/service_calls.py")
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    expected = SERVICE_CALLS[service]({"tree": tree, "users": users, "system": SYSTEM})
    written = list(
        AuditEntry.objects.filter(seq__gt=before).order_by("seq").values_list("action", flat=True)
    )
    assert written == expected
    assert verify_database().ok
