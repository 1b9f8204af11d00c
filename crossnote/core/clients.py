"""Who is on the other end of a request: the client's address, proxies considered.

`X-Forwarded-For` is believed only when the connection comes from a proxy listed in
CROSSNOTE_TRUSTED_PROXIES; then the address is the last one in the header that is not itself
a trusted proxy. Anyone else could write anything in that header.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest


@cache
def _trusted(
    networks: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n.strip(), strict=False) for n in networks if n.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted(tuple(settings.CROSSNOTE_TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    for address in reversed(forwarded):
        if not _is_trusted(address):
            return address
    return remote


def site_url(request: HttpRequest) -> str:
    """Where links in emails point: CROSSNOTE_SITE_URL, else the scheme and host this
    request came in on (a host ALLOWED_HOSTS has accepted). No trailing slash."""
    return settings.CROSSNOTE_SITE_URL or request.build_absolute_uri("/").rstrip("/")
