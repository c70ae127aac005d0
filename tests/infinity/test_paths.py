"""What the node sees on the wire: paths, headers and bodies the client builds.

A mock transport captures the request exactly as it would be sent; this checks URL and header
building, not behaviour (the behaviour is tested against the emulated node).
"""

from __future__ import annotations

import json
from urllib.parse import unquote

import httpx
import pytest
from pydantic import SecretStr

from pexjoin_tui.infinity import AddressError, InfinityClient, ParticipantRole

TOKEN = "tok_SeCrEt-abc123="


def _token_reply(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "status": "success",
            "result": {
                "token": TOKEN,
                "expires": "120",
                "participant_uuid": "self-uuid",
                "display_name": "Alice",
                "role": "HOST",
                "current_service_type": "conference",
                "version": {"version_id": "36"},
            },
        },
    )


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.raw_path.endswith(b"/request_token"):
            return _token_reply(request)
        return httpx.Response(200, json={"status": "success", "result": True})


def client_with(recorder: Recorder, alias: str = "meet") -> InfinityClient:
    return InfinityClient("http://127.0.0.1:9", alias, transport=httpx.MockTransport(recorder))


@pytest.mark.parametrize(
    ("alias", "segment"),
    [
        ("meet.alice", b"meet.alice"),
        ("meet@example.com", b"meet%40example.com"),
        ("a/b", b"a%2Fb"),
        ("..", b"%2E%2E"),
        (".", b"%2E"),
        ("../../admin", b"..%2F..%2Fadmin"),
        ("x?y#z", b"x%3Fy%23z"),
        ("a b", b"a%20b"),
        ("café 会议", b"caf%C3%A9%20%E4%BC%9A%E8%AE%AE"),
        ("100%", b"100%25"),
        ("%2F", b"%252F"),
        ("a\\b;c", b"a%5Cb%3Bc"),
    ],
)
async def test_alias_is_one_encoded_segment(alias: str, segment: bytes) -> None:
    recorder = Recorder()
    async with client_with(recorder, alias) as client:
        await client.request_token("Alice")
    path = recorder.requests[0].url.raw_path
    assert path == b"/api/client/v2/conferences/" + segment + b"/request_token"
    # Decoding the one segment gives the alias back, whatever it contained.
    parts = path.split(b"/")
    assert len(parts) == 7
    assert unquote(parts[5].decode("ascii")) == alias


async def test_uuid_is_one_encoded_segment_too() -> None:
    recorder = Recorder()
    async with client_with(recorder) as client:
        await client.request_token("Alice")
        await client.mute("../x?y")
    assert recorder.requests[1].url.raw_path == (
        b"/api/client/v2/conferences/meet/participants/..%2Fx%3Fy/mute"
    )


async def test_pin_goes_only_in_the_pin_header() -> None:
    recorder = Recorder()
    async with client_with(recorder) as client:
        await client.request_token("Alice", SecretStr("4321#"))
    request = recorder.requests[0]
    assert request.headers["pin"] == "4321#"
    assert "token" not in request.headers
    assert b"4321" not in request.url.raw_path
    assert b"4321" not in request.content
    assert json.loads(request.content) == {
        "display_name": "Alice",
        "chosen_idp": "none",
        "sso_token": "none",
        "direct_media": False,
        "supports_direct_chat": True,
    }


async def test_guest_sends_pin_none_and_no_pin_sends_no_header() -> None:
    recorder = Recorder()
    async with client_with(recorder) as client:
        await client.request_token("Bob", SecretStr("none"))
        await client.request_token("Bob")
    assert recorder.requests[0].headers["pin"] == "none"
    assert "pin" not in recorder.requests[1].headers


async def test_conference_extension_goes_in_the_body() -> None:
    recorder = Recorder()
    async with client_with(recorder, "reception") as client:
        await client.request_token("Alice", conference_extension="meet.alice")
    body = json.loads(recorder.requests[0].content)
    assert body["conference_extension"] == "meet.alice"
    assert recorder.requests[0].url.raw_path.endswith(b"/reception/request_token")


async def test_token_goes_only_in_the_token_header() -> None:
    recorder = Recorder()
    async with client_with(recorder) as client:
        await client.request_token("Alice")
        await client.lock()
        await client.send_message("hi")
        await client.release_token()
    for request in recorder.requests[1:]:
        assert request.headers["token"] == TOKEN
        assert TOKEN.encode() not in request.url.raw_path
        assert not request.url.query
    assert client.token is None


async def test_requests_of_each_control() -> None:
    recorder = Recorder()
    async with client_with(recorder) as client:
        await client.request_token("Alice")
        calls = [
            (client.lock(), "lock", None),
            (client.unlock(), "unlock", None),
            (client.mute_guests(), "muteguests", None),
            (client.unmute_guests(), "unmuteguests", None),
            (client.start_conference(), "start_conference", None),
            (client.end_conference(), "disconnect", None),
            (client.mute("u1"), "participants/u1/mute", None),
            (client.unmute("u1"), "participants/u1/unmute", None),
            (client.disconnect_participant("u1"), "participants/u1/disconnect", None),
            (client.admit("u1"), "participants/u1/unlock", None),
            (client.spotlight("u1", True), "participants/u1/spotlighton", None),
            (client.spotlight("u1", False), "participants/u1/spotlightoff", None),
            (
                client.set_role("u1", ParticipantRole.CHAIR),
                "participants/u1/role",
                {"role": "chair"},
            ),
            (client.raise_hand("u1"), "participants/u1/buzz", None),
            (client.lower_hand("u1"), "participants/u1/clearbuzz", None),
            (
                client.send_message("hi", participant_uuid="u1"),
                "participants/u1/message",
                {"type": "text/plain", "payload": "hi"},
            ),
        ]
        for call, _, _ in calls:
            assert await call is True
    for request, (_, path, body) in zip(recorder.requests[1:], calls, strict=True):
        assert request.method == "POST"
        assert request.url.raw_path == b"/api/client/v2/conferences/meet/" + path.encode()
        if body is not None:
            assert json.loads(request.content) == body


async def test_an_absurdly_long_alias_is_an_address_error() -> None:
    recorder = Recorder()
    async with client_with(recorder, "会" * 30_000) as client:
        with pytest.raises(AddressError, match="too long"):
            await client.request_token("Alice")
    assert not recorder.requests
