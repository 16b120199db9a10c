"""Address rules: parse RESOLVE pins and tell public addresses from private, loopback and link-local ones."""

from __future__ import annotations

import ipaddress

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class ResolveError(ValueError):
    """RESOLVE is malformed; the message says how to write it."""


def parse_resolve(value: str | dict | None) -> dict[str, str]:
    """`host=addr,host=addr` (like curl's --resolve) → {host: addr}; hosts lower-cased."""
    if not value:
        return {}
    if isinstance(value, dict):
        items = [(str(k), str(v)) for k, v in value.items()]
    else:
        items = []
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            host, sep, addr = part.partition("=")
            if not sep:
                raise ResolveError(f"RESOLVE entry '{part}' has no '=' — write host=address, e.g. site.test=127.0.0.1")
            items.append((host, addr))
    pins = {}
    for host, addr in items:
        host, addr = host.strip().lower().rstrip("."), addr.strip().strip("[]")
        try:
            ipaddress.ip_address(addr)
        except ValueError:
            raise ResolveError(f"RESOLVE entry '{host}={addr}': '{addr}' is not an IP address") from None
        if not host:
            raise ResolveError(f"RESOLVE entry '={addr}' has no host name")
        pins[host] = addr
    return pins


def parse_dns_servers(value: str | list | None) -> list[tuple[str, int]]:
    """`addr[:port],addr` (IPv6 as `[addr]:port`) → [(addr, port)]; empty: the system resolver is used."""
    if not value:
        return []
    parts = value if isinstance(value, list) else str(value).split(",")
    servers = []
    for part in (str(p).strip() for p in parts):
        if not part:
            continue
        addr, port = part, "53"
        if part.startswith("["):
            addr, _, rest = part[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else port
        elif part.count(":") == 1:
            addr, port = part.split(":")
        if ip_literal(addr) is None or not port.isdigit() or not 0 < int(port) < 65536:
            raise ResolveError(
                f"MENTIONFINDER_DNS_SERVERS entry '{part}' is not an IP address with an optional port, "
                "e.g. 9.9.9.9 or 9.9.9.9:53"
            )
        servers.append((addr, int(port)))
    return servers


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when `host` is an IP literal (brackets allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_public(addr: str) -> bool:
    """False for private, loopback, link-local (cloud metadata too), multicast, reserved and unspecified."""
    ip = ip_literal(addr)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address (mapped, 6to4, NAT64) are judged by that address.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


def is_reserved_name(host: str) -> bool:
    """Names under `.invalid` never resolve (RFC 6761): answer at once, without asking a DNS server."""
    host = host.lower().rstrip(".")
    return host == "invalid" or host.endswith(".invalid")
