"""The checks every request passes before a page is made: the Host header names this server (no DNS rebinding),
the password when the server listens beyond this computer, and for every write (POST) a same-origin Origin or
Referer and the session's token. A refused request is a page that says why; nothing is read or written."""

from __future__ import annotations

import hmac
import ipaddress
import secrets

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
TOKEN_FIELD = "csrf"


def is_local(host: str) -> bool:
    """Whether binding to `host` keeps the server on this computer (a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers this server answers: itself by loopback name or address, or the host it was bound to."""
    names = set(LOCAL_HOSTS)
    if host not in ("0.0.0.0", "::", ""):
        names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    return {f"{n}:{port}" for n in names} | ({*names} if port == 80 else set())


def host_ok(header: str | None, allowed: set[str]) -> bool:
    return bool(header) and header.lower() in allowed


def same_origin(origin: str | None, referer: str | None, host: str) -> bool:
    """A write must come from a page of this server: its Origin (or, without one, its Referer) is this host."""
    for scheme in ("http://", "https://"):
        mine = f"{scheme}{host}"
        if origin:
            if origin == mine:
                return True
        elif referer and (referer == mine or referer.startswith(mine + "/")):
            return True
    return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_ok(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)


def password_ok(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
