"""PINs and tokens never show: not in a repr, an error, a chained httpx error or a log line."""

from __future__ import annotations

import logging

import httpx
import pytest
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    InfinityClient,
    InfinityError,
    InvalidPinError,
    NodeError,
    ProtocolError,
    TransportError,
    parse_event,
)
from pexjoin_tui.infinity.wire import decode_reply

PIN = "918273"
TOKEN = "tOkEn-8fj3KD93kdLQ0a="


def every_text_of(error: BaseException) -> str:
    """str and repr of an error, its attributes and everything chained to it."""
    texts: list[str] = []
    current: BaseException | None = error
    while current is not None:
        texts += [str(current), repr(current), repr(vars(current))]
        request = getattr(current, "_request", None)
        if request is not None:
            texts += [repr(dict(request.headers)), str(request.url), repr(request.content)]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


def token_reply(token: str = TOKEN) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "status": "success",
            "result": {
                "token": token,
                "expires": "120",
                "participant_uuid": "me",
                "role": "HOST",
                "current_service_type": "conference",
                "version": {"version_id": "36"},
            },
        },
    )


async def joined(handler) -> InfinityClient:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.raw_path.endswith(b"/request_token"):
            return token_reply()
        return handler(request)

    client = InfinityClient("http://127.0.0.1:9", "meet", transport=httpx.MockTransport(route))
    await client.request_token("Alice", SecretStr(PIN))
    return client


async def test_token_and_client_reprs_hide_the_token() -> None:
    client = await joined(lambda request: httpx.Response(200))
    assert client.token is not None
    for text in (repr(client), str(client.token), repr(client.token)):
        assert TOKEN not in text
    await client.aclose()


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
        httpx.ReadError(f"odd failure quoting {TOKEN}"),
    ],
)
async def test_transport_errors_and_their_causes_carry_no_token(failure: Exception) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        failure.request = request  # type: ignore[attr-defined]
        raise failure

    client = await joined(fail)
    with pytest.raises(TransportError) as caught:
        await client.lock()
    if TOKEN in str(failure):
        # An httpx error quoting the token is not chained at all, not even as context.
        assert caught.value.__cause__ is None and caught.value.__context__ is None
    else:
        assert caught.value.__cause__ is failure
    assert TOKEN not in every_text_of(caught.value)
    await client.aclose()


async def test_pin_request_failure_carries_no_pin() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = InfinityClient("http://127.0.0.1:9", "meet", transport=httpx.MockTransport(fail))
    with pytest.raises(TransportError) as caught:
        await client.request_token("Alice", SecretStr(PIN))
    assert caught.value.kind == "refused"
    assert PIN not in every_text_of(caught.value)
    await client.aclose()


async def test_a_node_echoing_secrets_is_redacted() -> None:
    client = await joined(
        lambda request: httpx.Response(
            503, json={"status": "failed", "result": f"trouble with {TOKEN}"}
        )
    )
    with pytest.raises(NodeError) as caught:
        await client.lock()
    assert TOKEN not in every_text_of(caught.value)
    assert "***" in caught.value.result
    await client.aclose()


async def test_a_malformed_token_reply_hides_the_token() -> None:
    body = b'{"status":"success","result":{"token":"' + TOKEN.encode() + b'","role":"HOST"}}'

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    client = InfinityClient("http://127.0.0.1:9", "meet", transport=httpx.MockTransport(reply))
    with pytest.raises(ProtocolError) as caught:
        await client.request_token("Alice")
    assert TOKEN not in every_text_of(caught.value)
    assert client.token is None
    await client.aclose()


async def test_a_token_unfit_for_a_header_is_refused_without_quoting_it() -> None:
    bad = "abc\r\nX-Evil: 1"
    client = InfinityClient(
        "http://127.0.0.1:9",
        "meet",
        transport=httpx.MockTransport(lambda request: token_reply(bad)),
    )
    with pytest.raises(ProtocolError) as caught:
        await client.request_token("Alice")
    assert "X-Evil" not in every_text_of(caught.value)
    await client.aclose()


@pytest.mark.parametrize("pin", ["12 34", "12\r\n34", "\uff11\uff12\uff13\uff14", ""])
async def test_a_pin_that_cannot_travel_is_refused_locally(pin: str) -> None:
    sent: list[httpx.Request] = []
    client = InfinityClient(
        "http://127.0.0.1:9",
        "meet",
        transport=httpx.MockTransport(lambda request: sent.append(request) or token_reply()),
    )
    with pytest.raises(InvalidPinError) as caught:
        await client.request_token("Alice", SecretStr(pin))
    assert not sent
    if pin:
        assert pin not in every_text_of(caught.value)
    await client.aclose()


def test_decoder_redacts_given_secrets_in_excerpts() -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_reply(
            200,
            "text/html",
            f"<p>{PIN} {TOKEN}</p>".encode(),
            node="n",
            alias="a",
            secrets=(PIN, TOKEN),
        )
    assert PIN not in caught.value.excerpt and TOKEN not in caught.value.excerpt


def test_refer_event_repr_hides_its_one_time_token() -> None:
    event = parse_event("refer", '{"alias":"x","token":"' + TOKEN + '"}')
    assert TOKEN not in repr(event)
    assert TOKEN not in str(event)


async def test_no_log_line_carries_a_pin_or_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = await joined(
        lambda request: httpx.Response(200, json={"status": "success", "result": True})
    )
    await client.lock()
    await client.release_token()
    await client.aclose()
    assert caplog.records, "the client and httpx log at debug level"
    for record in caplog.records:
        text = record.getMessage()
        assert PIN not in text and TOKEN not in text


def test_error_texts_are_the_message() -> None:
    error = InfinityError("Something happened: do this.", code="#pex1")
    assert str(error) == "Something happened: do this."
    assert "Something happened" in repr(error)
