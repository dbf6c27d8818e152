"""The TLS proxy in front of the platform (every government intranet has one), set by one
setting, ``YANGGUANG_TRUSTED_PROXY``:

* unset or empty: no proxy; the client is the connection's address (``REMOTE_ADDR``);
* a number ``N`` (1, 2, …): ``N`` proxies in a row in front of the server; the client is
  the address the outermost of them saw, read from ``X-Forwarded-For`` no further than
  those ``N`` hops (entries a client wrote itself further left are ignored);
* addresses or networks, comma-separated (``10.0.0.5, 10.1.0.0/16``): the proxies; the
  client is the first address, from the right, that is not one of them.

With a proxy set, the settings also trust its ``X-Forwarded-Proto: https``
(``SECURE_PROXY_SSL_HEADER``) and take the trusted origins for CSRF from ``ALLOWED_HOSTS``
(``yangguang.settings``). The middleware below puts the client's address in
``REMOTE_ADDR`` (the proxy's own in ``YANGGUANG_PROXY_ADDR``), so that the audit trail,
the rate limits and the login throttle all key on the citizen, not on the proxy.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Proxy:
    hops: int = 0
    networks: tuple[Network, ...] = ()

    @property
    def configured(self) -> bool:
        return bool(self.hops or self.networks)

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.networks)


def parse(value: str | None) -> Proxy:
    """``YANGGUANG_TRUSTED_PROXY``'s value (see the module's docstring)."""
    text = (value or "").strip()
    if not text:
        return Proxy()
    if text.isdigit():
        hops = int(text)
        if not 1 <= hops <= 10:
            raise _bad(text)
        return Proxy(hops=hops)
    networks = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise _bad(part) from None
    return Proxy(networks=tuple(networks))


def _bad(part: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"YANGGUANG_TRUSTED_PROXY 无效: {part!r} (应为代理层数 1–10, 或以逗号分隔的地址/网段) "
        f"(YANGGUANG_TRUSTED_PROXY is invalid: {part!r}; give the number of proxies, 1 to "
        "10, or their addresses or networks, comma-separated)"
    )


def _forwarded(header: str) -> list[str]:
    out = []
    for part in header.split(","):
        part = part.strip().strip('"')
        if part.startswith("[") and "]" in part:  # [v6]:port
            part = part[1 : part.index("]")]
        elif part.count(":") == 1:  # v4:port
            part = part.split(":", 1)[0]
        out.append(part)
    return [p for p in out if p]


def client_address(proxy: Proxy, remote: str, forwarded_for: str) -> str:
    """The client's address, as far as the proxies are trusted."""
    if not proxy.configured:
        return remote
    chain = [*_forwarded(forwarded_for), remote]  # the nearest hop is last
    if proxy.hops:
        if not forwarded_for:
            return remote
        return chain[max(0, len(chain) - 1 - proxy.hops)]
    if not proxy.trusts(remote):
        return remote  # not through the proxy: its headers mean nothing
    for address in reversed(chain):
        if not proxy.trusts(address):
            return address
    return chain[0]


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


class TrustedProxyMiddleware:
    """``REMOTE_ADDR`` is the client's address behind the trusted proxy (first in the
    chain: everything after it sees the client)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.proxy = parse(getattr(settings, "YANGGUANG_TRUSTED_PROXY", ""))

    def __call__(self, request):
        if self.proxy.configured:
            meta = request.META
            remote = meta.get("REMOTE_ADDR", "")
            client = client_address(self.proxy, remote, meta.get("HTTP_X_FORWARDED_FOR", ""))
            if client != remote and _valid(client):
                meta["YANGGUANG_PROXY_ADDR"] = remote
                meta["REMOTE_ADDR"] = client
        return self.get_response(request)
