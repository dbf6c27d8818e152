"""``yangguang powers types|type-add|type-update`` and ``yangguang orgs region-add``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yangguang.audit.models import AuditEntry
from yangguang.orgs.models import Region
from yangguang.powers.models import PowerType

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_power_types_added_listed_and_updated():
    before = AuditEntry.objects.count()
    assert "ZZ\t其他职权\t990\tactive" in run("powers", "type-add", "--code", "ZZ", "--name", "其他职权", "--order", "990")  # fmt: skip
    assert PowerType.objects.get(code="ZZ").name == "其他职权"
    out = run("powers", "type-update", "--code", "ZZ", "--name", "其他", "--active", "no")
    assert out.strip() == "ZZ\t其他\t990\tinactive"
    assert AuditEntry.objects.count() == before + 2
    assert "ZZ\t其他\t990\tinactive" in run("powers", "types")


def test_power_type_refusals_are_bilingual_and_write_nothing():
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match=r"两个大写字母.*two capital letters"):
        run("powers", "type-add", "--code", "z1", "--name", "坏")
    with pytest.raises(CommandError, match="no power type 'NO'"):
        run("powers", "type-update", "--code", "NO", "--name", "x")
    with pytest.raises(CommandError, match="yes or no"):
        run("powers", "type-update", "--code", "XK", "--active", "maybe")
    assert AuditEntry.objects.count() == before


def test_region_added_under_its_parent():
    assert run("orgs", "region-add", "--code", "330000", "--name", "浙江省", "--level", "province").strip() == "330000\t浙江省\tprovince"  # fmt: skip
    run("orgs", "region-add", "--code", "330100", "--name", "杭州市", "--level", "city", "--parent", "330000")  # fmt: skip
    assert Region.objects.get(code="330100").parent.code == "330000"
    with pytest.raises(CommandError, match="no region '990000'"):
        run("orgs", "region-add", "--code", "990100", "--name", "x", "--level", "city", "--parent", "990000")  # fmt: skip
    with pytest.raises(CommandError):  # a city code that does not extend its parent's
        run("orgs", "region-add", "--code", "440100", "--name", "广州市", "--level", "city", "--parent", "330000")  # fmt: skip
    assert Region.objects.count() == 2
