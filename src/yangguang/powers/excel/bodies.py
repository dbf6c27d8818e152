"""Which organisation a 实施主体 cell names.

Lists write the implementing body in many ways: the full name (``某县市场监督管理局``),
the short name (``县市场监管局``), the name without the county (``市场监督管理局``), or with
the province and city before it (``广东省某市某县市场监督管理局``). A cell names the
importing organisation when, after taking off at most one such prefix (the names of its
regions, of the governments above it, or a bare 县/区/市), it reads as the
organisation's name or short name taken off the same way. Another organisation on the
platform is named by its exact name, short name or code (an exact name wins over a
shortened match). Any other text is *unmapped*:
the preview asks once which organisation it means, and the answer is kept in the
mapping file under ``"bodies": {"text": "organisation code"}``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation, Region

_SPACE = re.compile(r"\s+")
_GOVERNMENT = ("人民政府", "政府", "人民政府办公室")
_LEVEL_WORDS = ("本县", "本区", "本市", "全县", "县", "区", "市", "旗")


def normalise(text: Any) -> str:
    """Full-width letters and brackets folded, spaces taken out."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text or "")))


def _region_chain(region: Region | None) -> list[str]:
    names: list[str] = []
    while region is not None:
        names.insert(0, region.name)
        region = region.parent
    return names


def prefixes_of(org: Organisation) -> list[str]:
    """The prefixes a list may put before the organisation's own name, longest first."""
    found: set[str] = set()
    chain = _region_chain(org.region)
    for start in range(len(chain)):
        for end in range(start + 1, len(chain) + 1):
            found.add("".join(chain[start:end]))
    parent = org.parent
    while parent is not None:
        for name in (parent.name, parent.short_name):
            name = normalise(name)
            for suffix in _GOVERNMENT:
                if name.endswith(suffix) and len(name) > len(suffix):
                    found.add(name[: -len(suffix)])
        parent = parent.parent
    found.update(_LEVEL_WORDS)
    return sorted((normalise(p) for p in found if p), key=len, reverse=True)


def forms(text: str, prefixes: list[str]) -> set[str]:
    """``text`` and ``text`` with one of the prefixes taken off (what remains must still
    be a name, at least two characters)."""
    text = normalise(text)
    out = {text} if text else set()
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) - len(prefix) >= 2:
            out.add(text[len(prefix) :])
    return out


class BodyNames:
    """Resolves 实施主体 cells to organisation ids for one import."""

    def __init__(self, org: Organisation | None, mapped: dict[str, str] | None = None) -> None:
        self.org = org
        self.exact: dict[str, int] = {}
        for pk, code, name, short in Organisation.objects.values_list(
            "pk", "code", "name", "short_name"
        ):
            self.exact.setdefault(normalise(name), pk)
            if short:
                self.exact.setdefault(normalise(short), pk)
            self.exact[normalise(code)] = pk
        self.prefixes: list[str] = []
        self.own: set[str] = set()
        if org is not None:
            self.prefixes = prefixes_of(org)
            for name in (org.name, org.short_name):
                if name:
                    self.own |= forms(name, self.prefixes)
        self.mapped: dict[str, int] = {}
        wanted = {normalise(k): str(v) for k, v in (mapped or {}).items() if v}
        pks = dict(
            Organisation.objects.filter(code__in=set(wanted.values())).values_list("code", "pk")
        )
        for text, code in wanted.items():
            if code not in pks:
                raise DomainError(
                    code="mapping_invalid",
                    field="mapping",
                    zh=f"映射文件中实施主体“{text}”对应的单位代码 {code!r} 不存在",
                    en=f"the mapping file maps the implementing body {text!r} to an unknown "
                    f"organisation code {code!r}",
                )
            self.mapped[text] = pks[code]

    def resolve(self, text: str) -> int | None:
        """The organisation the cell names, or None when it must be mapped first."""
        key = normalise(text)
        if key in self.mapped:
            return self.mapped[key]
        if self.org is not None and key in (
            normalise(self.org.name),
            normalise(self.org.short_name),
        ):
            return self.org.pk
        if key in self.exact:
            return self.exact[key]
        if self.org is not None and forms(key, self.prefixes) & self.own:
            return self.org.pk
        return None
