"""TLS set-up and the mapping of httpx failures to `TransportError`."""

from __future__ import annotations

import socket
import ssl

import httpx
import truststore

from .errors import TransportError, printable

__all__ = ["tls_context", "transport_failure"]

# Headers that carry credentials; removed from a failed request before it can travel further
# as the `request` of a chained httpx exception.
SECRET_HEADERS = ("token", "pin")


def tls_context(verify: ssl.SSLContext | str | bool) -> ssl.SSLContext | bool:
    """True: the operating system's trust store; a path: that CA bundle; False: no checks."""
    if isinstance(verify, ssl.SSLContext) or verify is False:
        return verify
    if verify is True:
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        return ssl.create_default_context(cafile=verify)
    except (OSError, ssl.SSLError):
        raise TransportError(
            f"The CA bundle '{printable(verify, 100)}' could not be read: check the file path "
            "(a PEM file of trusted certificates).",
            "tls",
        ) from None


def transport_failure(
    error: httpx.HTTPError,
    node: str,
    timeout: float,
    *,
    secrets: tuple[str, ...] = (),
    cls: type[TransportError] = TransportError,
) -> TransportError:
    """The `TransportError` for `error`, with `error` as its cause only when that is safe.

    The credential headers are removed from the failed request first; an httpx error whose own
    text quotes a secret is not chained at all. Raise the result outside the `except` block so
    that Python does not attach the httpx error as implicit context either.
    """
    _scrub(error)
    failure = _describe(error, node, timeout, secrets=secrets, cls=cls)
    if not any(secret and secret in str(error) for secret in secrets):
        failure.__cause__ = error
    return failure


def _scrub(error: httpx.HTTPError) -> None:
    """Remove credential headers from the request an httpx error holds."""
    try:
        request = error.request
    except RuntimeError:  # raised by httpx when the error has no request attached
        return
    for name in SECRET_HEADERS:
        request.headers.pop(name, None)


def _describe(
    error: httpx.HTTPError,
    node: str,
    timeout: float,
    *,
    secrets: tuple[str, ...] = (),
    cls: type[TransportError] = TransportError,
) -> TransportError:
    """Name the failure of `error` in words a person can act on (never quoting `secrets`)."""
    kind = _kind(error)
    if kind == "dns":
        message = (
            f"Could not find {node}: the name does not resolve. Check the spelling of the node "
            "address and your network."
        )
    elif kind == "refused":
        message = (
            f"Could not reach {node}: the connection was refused. Check the address and port, "
            "or whether the node is up."
        )
    elif kind == "tls":
        message = (
            f"Could not set up a secure connection to {node}: {_tls_reason(error)}. Check the "
            "address, or give the CA bundle that signed the node's certificate."
        )
    elif kind == "timeout":
        message = (
            f"{node} did not answer within {timeout:g} seconds. Check your network and the "
            "address, then try again."
        )
    else:
        message = (
            f"The connection to {node} failed ({_short(error, secrets)}). Check your network "
            "and try again."
        )
    return cls(message, kind)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _kind(error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    chain = _chain(error)
    if any(isinstance(item, ssl.SSLError | ssl.CertificateError) for item in chain):
        return "tls"
    if any(isinstance(item, socket.gaierror) for item in chain):
        return "dns"
    if any(isinstance(item, ConnectionRefusedError) for item in chain):
        return "refused"
    text = " ".join(str(item) for item in chain).lower()
    if "ssl" in text or "certificate" in text:
        return "tls"
    if any(
        words in text
        for words in (
            "name or service not known",
            "nodename nor servname",
            "temporary failure in name resolution",
            "no address associated",
            "getaddrinfo failed",
            "name resolution",
        )
    ):
        return "dns"
    if "connection refused" in text or "errno 111" in text or "errno 61" in text:
        return "refused"
    return "network"


def _tls_reason(error: BaseException) -> str:
    for item in _chain(error):
        if isinstance(item, ssl.SSLCertVerificationError):
            return f"its certificate is not trusted ({printable(item.verify_message or '', 60)})"
    return "the TLS handshake failed"


def _short(error: BaseException, secrets: tuple[str, ...]) -> str:
    # httpx messages carry no credentials (tokens travel in headers, never in URLs); the
    # replacement is a second line of defence.
    text = str(error)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return printable(text, 80) or type(error).__name__
