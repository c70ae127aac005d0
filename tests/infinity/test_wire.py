"""The reply decoder: each status and body of the reference becomes the right outcome."""

from __future__ import annotations

import json

import pytest

from pexjoin_tui.infinity import (
    ConferenceNotFoundError,
    ExtensionRequiredError,
    InfinityError,
    InvalidPinError,
    InvalidRoleError,
    InvalidTokenError,
    NodeError,
    PinChallenge,
    PinRetriesExceededError,
    ProtocolError,
    SignInRequiredError,
    StreamDroppedError,
    TransportError,
    pex_code,
)
from pexjoin_tui.infinity.wire import decode_reply, read_challenge

JSON = "application/json"


def decode(status: int, body: object, content_type: str = JSON, *, raw: bytes | None = None):
    data = raw if raw is not None else json.dumps(body).encode()
    return decode_reply(status, content_type, data, node="node.example.com", alias="meet.alice")


def test_success_returns_the_result() -> None:
    reply = decode(200, {"status": "success", "result": {"token": "x"}})
    assert reply.status == 200
    assert reply.result == {"token": "x"}


def test_charset_in_content_type_is_fine() -> None:
    reply = decode(200, {"status": "success", "result": True}, "application/json; charset=utf-8")
    assert reply.result is True


def test_403_object_is_a_question_not_an_error() -> None:
    reply = decode(403, {"status": "success", "result": {"pin": "required", "guest_pin": "none"}})
    assert reply.status == 403
    assert isinstance(reply.result, dict)


@pytest.mark.parametrize(
    ("status", "result", "error", "code"),
    [
        (403, "Invalid PIN", InvalidPinError, "#pex101"),
        (403, "Participant exceeded PIN entry retries", PinRetriesExceededError, "#pex192"),
        (403, "Invalid token", InvalidTokenError, "#pex113"),
        (403, "Timer expired awaiting token refresh", InvalidTokenError, "#pex113"),
        (403, "Invalid role", InvalidRoleError, "#pex100"),
        (403, "Something new", NodeError, None),
        (404, "Neither conference nor gateway found", ConferenceNotFoundError, "#pex154"),
        (404, "Not found", NodeError, None),
        (415, "Unsupported media type", NodeError, None),
        (502, "502 Bad Gateway", NodeError, "#pex111"),
        (503, "503 Service Unavailable", NodeError, "#pex112"),
        (503, "System in maintenance mode", NodeError, "#pex110"),
        (504, "Out of resource", NodeError, "#pex114"),
        (529, "Participant limit reached", NodeError, "#pex194"),
        (500, "Insufficient licenses", NodeError, "#pex195"),
        (429, "Too many", NodeError, None),
    ],
)
def test_failures_are_typed(status: int, result: str, error: type, code: str | None) -> None:
    for envelope_status in ("success", "failed"):
        with pytest.raises(error) as caught:
            decode(status, {"status": envelope_status, "result": result})
        assert caught.value.code == code
        assert caught.value.message.endswith(".")
        if isinstance(caught.value, NodeError):
            assert caught.value.status == status
            assert caught.value.result == result


def test_not_found_names_the_alias_and_node() -> None:
    with pytest.raises(ConferenceNotFoundError) as caught:
        decode(404, {"status": "failed", "result": "Neither conference nor gateway found"})
    assert "meet.alice" in caught.value.message
    assert "node.example.com" in caught.value.message


@pytest.mark.parametrize("status", [200, 403, 404])
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", b"<html><body>Welcome to nginx</body></html>"),
        (JSON, b'{"status":"success","result":{"token":"abc'),
        (JSON, b"[1, 2, 3]"),
        (JSON, b'{"status":"success"}'),
        (JSON, b""),
        (None, b'{"status":"success","result":true}'),
        ("text/plain", b'{"status":"success","result":true}'),
    ],
)
def test_not_a_pexip_reply_is_a_protocol_error(
    status: int, content_type: str | None, body: bytes
) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode(status, None, content_type, raw=body)
    assert len(caught.value.excerpt) <= 80
    assert "node.example.com" in caught.value.message


def test_html_from_a_proxy_on_5xx_is_a_node_error() -> None:
    with pytest.raises(NodeError) as caught:
        decode(502, None, "text/html", raw=b"<html>Bad Gateway</html>")
    assert caught.value.status == 502
    assert caught.value.code == "#pex111"


def test_a_redirect_says_to_type_the_node_itself() -> None:
    with pytest.raises(ProtocolError, match="redirected"):
        decode(302, None, "text/html", raw=b"")


def test_excerpt_is_short_and_hides_tokens() -> None:
    body = b'{"status":"success","result":{"token":"SECRETSECRET","expires":120}'
    with pytest.raises(ProtocolError) as caught:
        decode(200, None, raw=body)
    assert "SECRETSECRET" not in caught.value.excerpt
    assert '"token":"***"' in caught.value.excerpt


def test_pin_challenge_flags() -> None:
    required = read_challenge({"pin": "required", "guest_pin": "required", "version": {}})
    optional = read_challenge({"pin": "required", "guest_pin": "none"})
    assert isinstance(required, PinChallenge)
    assert (required.host_pin, required.guest_pin, required.required) == (True, True, True)
    assert (optional.host_pin, optional.guest_pin, optional.optional) == (True, False, True)
    with_extension = read_challenge(
        {"pin": "required", "guest_pin": "none", "conference_extension": "standard"}
    )
    assert with_extension.conference_extension == "standard"


@pytest.mark.parametrize(
    ("result", "kind"),
    [
        ({"conference_extension": "required", "conference_extension_type": "mssip"}, "mssip"),
        ({"conference_extension": "standard"}, "standard"),
    ],
)
def test_extension_required(result: dict[str, object], kind: str) -> None:
    with pytest.raises(ExtensionRequiredError) as caught:
        read_challenge(result)
    assert caught.value.extension_type == kind


def test_sign_in_required_names_the_providers() -> None:
    with pytest.raises(SignInRequiredError) as caught:
        read_challenge({"idp": [{"name": "Entra ID", "uuid": "0f6e"}], "version": {}})
    assert caught.value.identity_providers == ["Entra ID"]
    assert "Entra ID" in caught.value.message
    with pytest.raises(SignInRequiredError) as caught:
        read_challenge(
            {"redirect_url": "https://idp/sso", "redirect_idp": {"name": "Okta", "uuid": "1"}}
        )
    assert caught.value.identity_providers == ["Okta"]


def test_unknown_question_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        read_challenge({"what": "now"})


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("Invalid PIN", "#pex101"),
        ("Invalid role", "#pex100"),
        ("System in maintenance mode", "#pex110"),
        ("502 Bad Gateway", "#pex111"),
        ("503 Service Unavailable", "#pex112"),
        ("Invalid token", "#pex113"),
        ("Timer expired awaiting token refresh", "#pex113"),
        ("Out of resource", "#pex114"),
        ("Neither conference nor gateway found", "#pex154"),
        ("API initiated conference termination", "#pex121"),
        ("API initiated participant disconnect", "#pex122"),
        ("Disconnected by an administrator", "#pex123"),
        ("Disconnected by another participant", "#pex124"),
        ("Conference terminated by another participant", "#pex125"),
        (
            "Timeout waiting for conference host to join or permit access to locked conference",
            "#pex126",
        ),
        ("All conference hosts departed hosted conference", "#pex141"),
        ("Participant exceeded PIN entry retries", "#pex192"),
        ("Participant limit reached", "#pex194"),
        ("Insufficient licenses", "#pex195"),
        ("Something nobody has seen", None),
        ("", None),
    ],
)
def test_pex_code_map(reason: str, code: str | None) -> None:
    assert pex_code(reason) == code


def test_every_error_is_an_infinity_error() -> None:
    for error in (
        InvalidPinError(),
        PinRetriesExceededError(),
        InvalidRoleError(),
        ConferenceNotFoundError(),
        InvalidTokenError(),
        ExtensionRequiredError("standard"),
        SignInRequiredError(["Okta"]),
        NodeError(503, "503 Service Unavailable"),
        TransportError("Could not reach the node.", "refused"),
        StreamDroppedError("The event stream ended."),
        ProtocolError("Not a node.", "<html>"),
    ):
        assert isinstance(error, InfinityError)
        assert str(error) == error.message
        assert error.message.endswith(".")
    dropped = StreamDroppedError("The event stream ended.")
    assert isinstance(dropped, TransportError) and dropped.kind == "network"


def test_a_rate_limit_page_says_so_rather_than_blaming_the_address() -> None:
    with pytest.raises(NodeError) as caught:
        decode_reply(
            429, "text/html", b"<html>Too many requests</html>", node="n.example.com", alias="a"
        )
    assert caught.value.status == 429
    assert "429 Too Many Requests" in caught.value.message
