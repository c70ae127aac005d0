"""Parse the node address a person types into the base URL of its Client REST API."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse

import httpx
import idna

from .errors import AddressError, printable

__all__ = ["alias_in_link", "parse_node_address"]

_EXAMPLE = "like node.example.com or https://node.example.com:8443"
# One DNS label after IDNA encoding: letters, digits and inner hyphens. Underscores are
# tolerated because some internal DNS names carry them and resolvers accept them.
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")


def parse_node_address(text: str) -> httpx.URL:
    """Return `scheme://host[:port]` for `host`, `host:port`, `https://…`, `http://…` or IPv6.

    HTTPS is the default; plain HTTP only when typed explicitly. A path, query or fragment after
    the host (a pasted link) is dropped. Anything else raises `AddressError`.
    """
    typed = text.strip()
    if not typed:
        raise AddressError(f"Type the address of a Pexip Conferencing Node, {_EXAMPLE}.")
    if any(character.isspace() for character in typed):
        raise AddressError(f"A node address has no spaces: type it {_EXAMPLE}.")
    scheme, separator, rest = typed.partition("://")
    if not separator:
        scheme, rest = "https", typed
    scheme = scheme.lower()
    if scheme not in ("https", "http"):
        raise AddressError(
            f"'{printable(scheme, 20)}://' is not a node address: type it {_EXAMPLE}."
        )
    authority = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    if "@" in authority:
        raise AddressError(
            "Leave out the 'name@' part: type just the node address, like node.example.com."
        )
    host, port = _split_port(authority)
    return httpx.URL(scheme=scheme, host=_check_host(host), port=port, path="")


def alias_in_link(text: str) -> str | None:
    """The conference alias in a pasted meeting link, or None.

    Pexip's web apps use `https://node/<app path>/m/<alias>[/…][?…]`; the older ones put it in
    `?conference=<alias>`.
    """
    typed = text.strip()
    if "://" not in typed or any(character.isspace() for character in typed):
        return None
    try:
        url = httpx.URL(typed)
    except httpx.InvalidURL:
        return None
    segments = url.raw_path.split(b"?")[0].split(b"/")
    for index, segment in enumerate(segments[:-1]):
        if segment == b"m" and segments[index + 1]:
            return printable(urllib.parse.unquote(segments[index + 1].decode("ascii")), 200)
    conference = url.params.get("conference")
    return printable(conference, 200) if conference else None


def _split_port(authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        host, bracket, after = authority[1:].partition("]")
        if not bracket:
            raise AddressError("An IPv6 address needs its closing ']', like [2001:db8::1]:8443.")
        if after and not after.startswith(":"):
            raise AddressError("After an IPv6 address in [ ] only ':port' may follow.")
        _check_ipv6(host)
        return host, _port(after[1:]) if after else None
    if authority.count(":") > 1:
        # A bare IPv6 literal (no brackets, so no port).
        _check_ipv6(authority)
        return authority, None
    host, colon, port_text = authority.partition(":")
    return host, _port(port_text) if colon else None


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise AddressError(
            f"The port '{printable(text, 20)}' is not a number from 1 to 65535: "
            "type it like node.example.com:8443."
        )
    return int(text)


def _check_ipv6(text: str) -> None:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        raise AddressError(
            f"'{printable(text, 60)}' is not a valid IPv6 address: type it like [2001:db8::1]."
        ) from None


def _check_host(host: str) -> str:
    if ":" in host:
        return host  # IPv6, already checked
    invalid = AddressError(
        f"'{printable(host, 60) or '(empty)'}' is not a valid host name: use letters, digits, "
        f"dots and hyphens, {_EXAMPLE}."
    )
    name = host[:-1] if host.endswith(".") else host  # a fully qualified name may end in a dot
    if not name or len(name) > 253:
        raise invalid
    try:
        # IDNA 2008 (the `idna` package, as httpx uses) turns an international name into the
        # ASCII form the resolver needs; the standard library's older codec accepts names httpx
        # later refuses.
        ascii_name = name if name.isascii() else idna.encode(name, uts46=True).decode("ascii")
    except UnicodeError:
        raise invalid from None
    if not all(_LABEL.fullmatch(label) for label in ascii_name.split(".")):
        raise invalid
    if _DIGITS_AND_DOTS.fullmatch(ascii_name):
        try:
            ipaddress.IPv4Address(ascii_name)
        except ValueError:
            raise AddressError(
                f"'{printable(host, 60)}' is not a valid IPv4 address: type it like 192.0.2.10."
            ) from None
    return ascii_name.lower()
